using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Users;

/// <summary>
/// 批量开通: the institutions still without their 填报员 or 机构负责人 account, a page at a time; the admin ticks some
/// (or all of them) and opens their accounts, then hands out the one-time activation codes, shown once on the page or
/// downloaded as a protected workbook. The same handler as <c>POST /api/users/bulk</c>.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class BulkModel(BulkCreateUsersHandler handler) : PageModel
{
    public const int PageSize = 50;
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [BindProperty]
    public string[] Institutions { get; set; } = [];

    [BindProperty]
    public string[] Roles { get; set; } = [];

    [BindProperty]
    public bool All { get; set; }

    public InstitutionsWithoutAccountsPage Waiting { get; private set; } = new(0, 1, PageSize, []);

    public BulkCreateUsersResult? Result { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        Roles = [.. BulkCreateUsersHandler.BulkRoles];
        Waiting = await handler.WithoutAccountsAsync(p ?? 1, PageSize, ct);
    }

    public async Task<IActionResult> OnPostShowAsync(CancellationToken ct)
    {
        Result = await CreateAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        Result = await CreateAsync(ct);
        if (Result is null)
        {
            return Page();
        }

        var madeAt = ChinaTime.ToChina(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        return File(BulkCreateUsersHandler.Workbook(Result), XlsxType, $"开通码-{madeAt:yyyyMMdd-HHmm}.xlsx");
    }

    public static string RoleLabel(string role) => Domain.Roles.Label(role);

    public static IReadOnlyList<string> BulkRoles => BulkCreateUsersHandler.BulkRoles;

    private async Task<BulkCreateUsersResult?> CreateAsync(CancellationToken ct)
    {
        try
        {
            return await handler.HandleAsync(new BulkCreateUsersRequest(Institutions, Roles, All), ct);
        }
        catch (Exception e) when (UserPages.Refusal(e) is { } refusal)
        {
            Error = refusal;
            Waiting = await handler.WithoutAccountsAsync(1, PageSize, ct);
            return null;
        }
    }
}
