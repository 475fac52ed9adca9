using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace ComplianceTracker.Web.Features.Accounts;

public sealed record ActivateRequest(string? UserName, string? Code, string? Password);

/// <summary>
/// 首次登录或重置后: the person sets their own password with the one-time activation code an admin handed them. An
/// unknown user, a wrong, expired or used code all get the same answer; wrong codes count toward lockout. The code
/// works once: it is cleared with the password set.
/// </summary>
public sealed class ActivateAccountHandler(UserManager<AppUser> users, ActivationCodes codes, SignInThrottle throttle, IHttpContextAccessor http, AuditLog audit)
{
    public const string Refused = "用户名或开通码不正确，或开通码已过期、已使用。请核对后重试，或请管理员重新发放开通码。";

    /// <summary>Sets the password and answers the account (for the page to sign the person in).</summary>
    public async Task<AppUser> HandleAsync(ActivateRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrWhiteSpace(request.Code) || string.IsNullOrEmpty(request.Password))
        {
            throw new RuleViolationException("请填写用户名、开通码和新密码。", new Dictionary<string, string[]>
            {
                ["userName"] = ["请填写用户名。"],
                ["code"] = ["请填写开通码。"],
                ["password"] = ["请填写新密码。"],
            });
        }

        if (throttle.TryEnter(http.HttpContext!) is { } wait)
        {
            await audit.RecordAsync(AuditActions.SignInThrottled, "开通码", succeeded: false, userName: request.UserName, ct: ct);
            throw RuleViolationException.For("code", SignInThrottle.Message(wait));
        }

        var user = await users.FindByNameAsync(request.UserName.Trim());
        if (user is null || user.IsDisabled)
        {
            await audit.RecordAsync(AuditActions.ActivationFailed, "开通码", user is null ? "无此账号" : "账号已停用", succeeded: false, userName: request.UserName, ct: ct);
            throw RuleViolationException.For("code", Refused);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditActions.ActivationFailed, "开通码", "账号已锁定", succeeded: false, userName: user.UserName, ct: ct);
            throw RuleViolationException.For("code", "尝试次数过多，账号已暂时锁定，请稍后再试或联系管理员解锁。");
        }

        if (!codes.Matches(user, request.Code))
        {
            await users.AccessFailedAsync(user);
            await audit.RecordAsync(AuditActions.ActivationFailed, "开通码", "开通码不符、已过期或已使用", succeeded: false, userName: user.UserName, ct: ct);
            throw RuleViolationException.For("code", Refused);
        }

        // The policy first: a refused password leaves the code usable.
        await PasswordPolicy.ValidateAsync(users, user, request.Password, "password");
        user.ActivationCodeHash = null;
        user.ActivationExpiresAt = null;
        user.AccessFailedCount = 0;
        user.PasswordHash = null;
        audit.Add(AuditActions.AccountActivated, "开通码", userName: user.UserName);

        // One save: the password, the cleared code and the audit line (the concurrency stamp lets one of two tries win).
        ManageUsersHandler.Check(await users.AddPasswordAsync(user, request.Password), "密码未设置");
        return user;
    }
}
