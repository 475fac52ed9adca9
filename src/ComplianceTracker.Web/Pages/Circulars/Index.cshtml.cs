using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// 通知文件: the circulars the caller may see, through the same handler as <c>GET /api/circulars</c> (newest issue
/// date first, undated ones last), filtered by words and status.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(ListCircularsHandler handler) : PageModel
{
    public List<CircularSummaryDto> Circulars { get; private set; } = [];
    public int Total { get; private set; }
    public string? Q { get; private set; }
    public CircularStatus? Status { get; private set; }

    /// <summary>Back from 删除 on a draft's page.</summary>
    public bool Deleted { get; private set; }

    public bool CanCreate => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Admin);

    public async Task OnGetAsync(string? q, CircularStatus? status, bool deleted, CancellationToken ct)
    {
        Deleted = deleted;
        Q = q?.Trim();
        Status = status;
        var all = await handler.HandleAsync(ct);
        Total = all.Count;
        Circulars = all
            .Where(c => status is null || c.Status == status)
            .Where(c => string.IsNullOrEmpty(Q)
                || c.Title.Contains(Q, StringComparison.OrdinalIgnoreCase)
                || (c.DocumentNumber ?? "").Contains(Q, StringComparison.OrdinalIgnoreCase)
                || c.Issuers.Any(i => i.Contains(Q, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}
