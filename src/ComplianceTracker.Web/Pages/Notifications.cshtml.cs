using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Pages;

/// <summary>The caller's inbox, as <c>GET /api/notifications</c> shows it; marking read is a form post with antiforgery.</summary>
public sealed class NotificationsModel(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time) : PageModel
{
    public List<NotificationDto> Items { get; private set; } = [];
    public int Unread { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var mine = db.Notifications.Where(n => n.UserId == scope.User.Id);
        Unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        Items = (await mine.OrderByDescending(n => n.Id).Take(200).ToListAsync(ct))
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Body, ChinaTime.ToChina(n.CreatedAt), n.ReadAt is { } r ? ChinaTime.ToChina(r) : null, n.Link)).ToList();
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.Notifications.Where(n => n.Id == id && n.UserId == scope.User.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow().UtcDateTime), ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.Notifications.Where(n => n.UserId == scope.User.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow().UtcDateTime), ct);
        return RedirectToPage();
    }
}
