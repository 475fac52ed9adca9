using ComplianceTracker.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace ComplianceTracker.Web.Features.Accounts;

public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
    Disabled,
}

/// <summary>Cookie sign-in for the pages; failures count towards lockout like the token endpoint.</summary>
public sealed class SignInHandler(SignInManager<AppUser> signIn)
{
    public async Task<SignInOutcome> HandleAsync(string userName, string password)
    {
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? SignInOutcome.SignedIn
            : result.IsLockedOut ? SignInOutcome.LockedOut
            : result.IsNotAllowed ? SignInOutcome.Disabled
            : SignInOutcome.WrongCredentials;
    }

    /// <summary>Signs in a person who just proved who they are another way (the activation code).</summary>
    public Task SignInAsync(AppUser user) => signIn.SignInAsync(user, isPersistent: false);

    /// <summary>Renews this browser's sign-in after the person's own password change renewed the security stamp.</summary>
    public async Task RefreshAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (await signIn.UserManager.GetUserAsync(principal) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }
    }

    /// <summary>
    /// 退出登录 ends the person's sessions everywhere at once: the security stamp is renewed, which every server checks
    /// on every request (cookies and tokens alike), and then this browser's cookie is removed.
    /// </summary>
    public async Task SignOutAsync()
    {
        if (await signIn.UserManager.GetUserAsync(signIn.Context.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
    }
}
