using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Pages.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Account;

/// <summary>修改密码: one's own, reached by clicking one's name in the top bar. This session stays signed in; others end.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class PasswordModel(ManageUsersHandler handler, SignInHandler signIn) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(NewPassword) && NewPassword != Confirm)
        {
            Error = "两次填写的新密码不一致。";
            return Page();
        }

        try
        {
            await handler.ChangeOwnPasswordAsync(new ChangePasswordRequest(CurrentPassword, NewPassword), ct);
        }
        catch (Exception e) when (UserPages.Refusal(e) is { } refusal)
        {
            Error = refusal;
            return Page();
        }

        // The new security stamp would end this session too: it is renewed for this browser.
        await signIn.RefreshAsync(User);
        Notice = "密码已修改，下次请用新密码登录。";
        return Page();
    }
}
