using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Account;

public class LoginModel(SignInHandler signIn, AuthOptions options, SignInThrottle throttle, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>Sent here because the sign-in timed out (the cookie was there but no longer valid).</summary>
    [BindProperty(SupportsGet = true, Name = "expired")]
    public bool Expired { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请填写用户名和密码。";
            return Page();
        }

        if (throttle.TryEnter(HttpContext) is { } wait)
        {
            Error = SignInThrottle.Message(wait);
            await audit.RecordAsync(AuditActions.SignInThrottled, "页面登录", succeeded: false, userName: UserName);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var outcome = await signIn.HandleAsync(UserName, Password);
        await audit.RecordAsync(
            outcome switch { SignInOutcome.SignedIn => AuditActions.SignIn, SignInOutcome.LockedOut => AuditActions.SignInLockedOut, SignInOutcome.Disabled => AuditActions.SignInDisabled, _ => AuditActions.SignInFailed },
            "页面登录", succeeded: outcome == SignInOutcome.SignedIn, userName: UserName);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInOutcome.LockedOut:
                Error = $"登录失败次数过多，账号已锁定 {options.LockoutMinutes} 分钟，请稍后再试或联系管理员解锁。";
                return Page();
            case SignInOutcome.Disabled:
                Error = AppSignInManager.DisabledMessage;
                return Page();
            default:
                Error = "用户名或密码不正确。连续失败多次后账号将被暂时锁定。";
                return Page();
        }
    }
}
