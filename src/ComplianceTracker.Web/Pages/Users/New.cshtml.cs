using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Users;

/// <summary>
/// 新建账号: the account gets no password from the admin; it gets a one-time activation code, shown on the answer
/// page once, with which the person chooses their own password (<c>/account/activate</c>).
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class NewModel(ManageUsersHandler handler) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public IReadOnlyList<(string Code, string Name)> Jurisdictions { get; private set; } = [];

    public CreatedUserView? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Jurisdictions = await handler.JurisdictionsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Created = await handler.CreateAsync(
                new CreateUserRequest(UserName, Input.DisplayName, Input.Email, Input.Roles, Input.Institution, Input.Jurisdiction, Password: null, Input.PhoneNumber), ct);
        }
        catch (Exception e) when (UserPages.Refusal(e) is { } refusal)
        {
            Error = refusal;
        }

        Jurisdictions = await handler.JurisdictionsAsync(ct);
        return Page();
    }
}
