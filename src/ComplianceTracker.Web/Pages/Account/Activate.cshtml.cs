using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Pages.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Account;

/// <summary>
/// 用开通码设置密码: the person types their user name, the one-time code the admin handed them and a new password
/// twice; on success the code is spent, they are signed in and land on their start page.
/// </summary>
public sealed class ActivateModel(ActivateAccountHandler handler, SignInHandler signIn) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Password) && Password != Confirm)
        {
            Error = "两次填写的新密码不一致。";
            return Page();
        }

        try
        {
            var user = await handler.HandleAsync(new ActivateRequest(UserName, Code, Password), ct);
            await signIn.SignInAsync(user);
            return LocalRedirect("/");
        }
        catch (Exception e) when (UserPages.Refusal(e) is { } refusal)
        {
            Error = refusal;
            return Page();
        }
    }
}
