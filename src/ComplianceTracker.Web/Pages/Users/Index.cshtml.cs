using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Users;

/// <summary>账号: every account, searched by user name, name or institution, filtered by role and state, paged in the database.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ManageUsersHandler handler) : PageModel
{
    public const int PageSize = 50;

    public UserPage Found { get; private set; } = new(0, 1, PageSize, []);
    public string? Q { get; private set; }
    public string? Role { get; private set; }

    /// <summary>"disabled", "locked" or empty for all.</summary>
    public string? State { get; private set; }

    public async Task OnGetAsync(string? q, string? role, string? state, int? p, CancellationToken ct)
    {
        (Q, Role, State) = (q?.Trim(), Domain.Roles.All.Contains(role) ? role : null, state is "disabled" or "locked" ? state : null);
        Found = await handler.ListAsync(new UserQuery(Q, Role, State == "disabled" ? true : null, State == "locked" ? true : null, Math.Max(1, p ?? 1), PageSize), ct);
    }

    public string PageUrl(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/users", new Dictionary<string, string?> { ["q"] = Q, ["role"] = Role, ["state"] = State, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Where(kv => !string.IsNullOrEmpty(kv.Value)));

    /// <summary>The account's state as a word and a style: 已停用, 已锁定, 待开通 or 正常.</summary>
    public static (string Word, string Style) StateOf(UserView u) =>
        u.IsDisabled ? ("已停用", "Disabled") : u.IsLockedOut ? ("已锁定", "Locked") : u.ActivationPending ? ("待开通", "Pending") : ("正常", "Active");
}
