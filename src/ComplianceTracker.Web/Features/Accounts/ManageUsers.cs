using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Accounts;

public sealed record UserView(string UserName, string DisplayName, string? Email, IReadOnlyCollection<string> Roles, string? InstitutionCode, string? JurisdictionCode, bool IsLockedOut);

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Email, string[]? Roles, string? InstitutionCode, string? JurisdictionCode, string? Password);

public sealed record SetPasswordRequest(string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Accounts for a bank's own people and systems (the admin's job): list, create with roles and where the person
/// belongs, reset a password, lift a lockout; and anyone changing their own password. Every password goes through the
/// password policy (see <see cref="AuthSetup"/>), whose refusals are in Chinese.
/// </summary>
public sealed class ManageUsersHandler(ComplianceDbContext db, UserManager<AppUser> users, CurrentUser currentUser, TimeProvider time, AuditLog audit)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Users.OrderBy(u => u.UserName)
            .Select(u => new { User = u, Institution = u.Institution!.Code, Jurisdiction = u.Jurisdiction!.Code })
            .ToListAsync(ct);
        var rolesByUser = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        return rows.Select(r => new UserView(
                r.User.UserName!,
                r.User.DisplayName,
                r.User.Email,
                rolesByUser.Where(x => x.UserId == r.User.Id).Select(x => x.Name!).Order().ToList(),
                r.Institution,
                r.Jurisdiction,
                r.User.LockoutEnd is { } end && end > now))
            .ToList();
    }

    public async Task<UserView> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var roles = (request.Roles ?? []).Distinct().ToArray();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["请填写用户名。"];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["请填写姓名或系统名称。"];
        }

        if (roles.Length == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            errors["roles"] = [$"请选择角色，只能是：{string.Join("、", Roles.All)}。"];
        }

        var needsInstitution = roles.Any(r => r is Roles.Reporter or Roles.BranchHead);
        var institution = string.IsNullOrWhiteSpace(request.InstitutionCode) ? null : await db.Institutions.SingleOrDefaultAsync(i => i.Code == request.InstitutionCode, ct);
        var jurisdiction = string.IsNullOrWhiteSpace(request.JurisdictionCode) ? null : await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == request.JurisdictionCode, ct);
        if (needsInstitution && institution is null)
        {
            errors["institutionCode"] = [string.IsNullOrWhiteSpace(request.InstitutionCode) ? "填报员和机构负责人须填写所属机构代码。" : $"机构代码“{request.InstitutionCode}”不存在。"];
        }

        if (!needsInstitution && jurisdiction is null)
        {
            errors["jurisdictionCode"] = [string.IsNullOrWhiteSpace(request.JurisdictionCode) ? "监管员、领导和管理员须填写所属辖区代码。" : $"辖区代码“{request.JurisdictionCode}”不存在。"];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["请填写初始密码。"];
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("账号信息不完整或有误，未创建。", errors);
        }

        var user = new AppUser
        {
            UserName = request.UserName!.Trim(),
            DisplayName = request.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
            InstitutionId = needsInstitution ? institution!.Id : null,
            JurisdictionId = needsInstitution ? null : jurisdiction!.Id,
            LockoutEnabled = true,
        };

        // One transaction: an account is never left without its roles.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        audit.Add(AuditActions.UserCreated, user.UserName, $"角色 {string.Join("、", roles)}；{request.InstitutionCode ?? request.JurisdictionCode}");
        Check(await users.CreateAsync(user, request.Password!), "账号未创建");
        Check(await users.AddToRolesAsync(user, roles), "账号未创建");
        await transaction.CommitAsync(ct);
        return (await ListAsync(ct)).Single(u => u.UserName == user.UserName);
    }

    public async Task SetPasswordAsync(string userName, SetPasswordRequest request, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        if (string.IsNullOrEmpty(request.Password))
        {
            throw RuleViolationException.For("password", "请填写新密码。");
        }

        // Validated first, so that a refused password leaves the old one in place.
        await ValidateAsync(user, request.Password);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, request.Password), "密码未修改");
        await audit.RecordAsync(AuditActions.PasswordReset, userName, ct: ct);
    }

    public async Task UnlockAsync(string userName, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(AuditActions.UserUnlocked, userName, ct: ct);
    }

    public async Task ChangeOwnPasswordAsync(ChangePasswordRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            throw new RuleViolationException("请填写原密码和新密码。", new Dictionary<string, string[]>
            {
                ["currentPassword"] = ["请填写原密码。"],
                ["newPassword"] = ["请填写新密码。"],
            });
        }

        var user = await FindAsync(scope.UserName);
        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        await audit.RecordAsync(AuditActions.PasswordChanged, scope.UserName, succeeded: changed.Succeeded, ct: ct);
        Check(changed, "密码未修改");
    }

    private async Task<AppUser> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw new NotFoundException($"账号“{userName}”不存在。");

    private async Task ValidateAsync(AppUser user, string password)
    {
        var failures = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            failures.AddRange(result.Errors.Select(e => e.Description));
        }

        if (failures.Count > 0)
        {
            throw new RuleViolationException("密码不符合要求，未修改：" + string.Join("", failures), new Dictionary<string, string[]> { ["password"] = [.. failures] });
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            var messages = result.Errors.Select(e => e.Description).ToArray();
            var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "userName";
            throw new RuleViolationException($"{what}：{string.Join("", messages)}", new Dictionary<string, string[]> { [field] = messages });
        }
    }
}
