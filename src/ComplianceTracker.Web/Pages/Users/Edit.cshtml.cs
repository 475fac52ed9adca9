using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Users;

/// <summary>
/// An account's page: edit name, roles, where it belongs, mobile and e-mail; 停用/启用; 重置密码 (a new one-time
/// activation code, shown once; the old password stops working); 解锁. The same handler as <c>/api/users</c>.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(ManageUsersHandler handler) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public UserView Account { get; private set; } = null!;
    public IReadOnlyList<(string Code, string Name)> Jurisdictions { get; private set; } = [];
    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    /// <summary>A code just issued by 重置密码: shown this once.</summary>
    public IssuedCode? Code { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(fill: true, ct);

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => ActAsync(async () =>
    {
        await handler.UpdateAsync(UserName, new UpdateUserRequest(Input.DisplayName, Input.Email ?? "", Input.PhoneNumber ?? "", Input.Roles, Input.Institution, Input.Jurisdiction, null), ct);
        Notice = "已保存。";
    }, ct);

    public Task<IActionResult> OnPostDisableAsync(CancellationToken ct) => ActAsync(async () =>
    {
        await handler.UpdateAsync(UserName, new UpdateUserRequest(null, null, null, null, null, null, IsDisabled: true), ct);
        Notice = "账号已停用：不能再登录，已登录的会话和接口令牌立即失效。";
    }, ct);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) => ActAsync(async () =>
    {
        await handler.UpdateAsync(UserName, new UpdateUserRequest(null, null, null, null, null, null, IsDisabled: false), ct);
        Notice = "账号已启用，可以登录。";
    }, ct);

    public Task<IActionResult> OnPostResetAsync(CancellationToken ct) => ActAsync(async () =>
    {
        Code = await handler.ResetAsync(UserName, ct);
        Notice = "密码已重置：原密码立即失效。";
    }, ct);

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) => ActAsync(async () =>
    {
        await handler.UnlockAsync(UserName, ct);
        Notice = "已解锁，可以重新登录。";
    }, ct);

    private async Task<IActionResult> ActAsync(Func<Task> act, CancellationToken ct)
    {
        var saved = true;
        try
        {
            await act();
        }
        catch (Exception e) when (UserPages.Refusal(e) is { } refusal)
        {
            Error = refusal;
            saved = false;
        }

        // After a refusal the fields keep what was typed.
        await LoadAsync(fill: saved, ct);
        return Page();
    }

    private async Task LoadAsync(bool fill, CancellationToken ct)
    {
        Account = await handler.GetAsync(UserName, ct);
        Jurisdictions = await handler.JurisdictionsAsync(ct);
        if (fill)
        {
            Input = new AccountInput
            {
                DisplayName = Account.DisplayName,
                Roles = [.. Account.Roles],
                Institution = Account.InstitutionName,
                Jurisdiction = Account.JurisdictionCode,
                PhoneNumber = Account.PhoneNumber,
                Email = Account.Email,
            };
        }
    }
}
