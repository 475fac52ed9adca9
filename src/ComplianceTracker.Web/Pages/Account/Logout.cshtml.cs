using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Account;

public class LogoutModel(SignInHandler signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await audit.RecordAsync(AuditActions.SignOut, "页面登录");
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
