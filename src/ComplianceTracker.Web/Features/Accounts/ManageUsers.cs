using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Accounts;

public record UserView(
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyCollection<string> Roles,
    string? InstitutionCode,
    string? JurisdictionCode,
    bool IsLockedOut,
    string? PhoneNumber = null,
    string? InstitutionName = null,
    string? JurisdictionName = null,
    bool IsDisabled = false,
    bool ActivationPending = false);

/// <summary>A new account; with <see cref="ActivationCode"/> (shown this once) when it was created without a password.</summary>
public sealed record CreatedUserView : UserView
{
    public CreatedUserView(UserView user, IssuedCode? code)
        : base(user)
    {
        ActivationCode = code?.Code;
        ActivationExpiresAt = code?.ExpiresAt;
    }

    public string? ActivationCode { get; }
    public DateTimeOffset? ActivationExpiresAt { get; }
}

/// <summary>A one-time activation code, in clear only in the answer that issues it; expiry in China time.</summary>
public sealed record IssuedCode(string UserName, string Code, DateTimeOffset ExpiresAt);

/// <summary>The accounts list's filters: words in the user name, display name or institution name; role; 停用; 锁定.</summary>
public sealed record UserQuery(string? Q = null, string? Role = null, bool? Disabled = null, bool? Locked = null, int Page = 1, int PageSize = 50);

public sealed record UserPage(int Total, int Page, int PageSize, IReadOnlyList<UserView> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Email, string[]? Roles, string? InstitutionCode, string? JurisdictionCode, string? Password, string? PhoneNumber = null);

/// <summary>An edit: a field left null stays as it is; an empty e-mail or mobile clears it.</summary>
public sealed record UpdateUserRequest(string? DisplayName, string? Email, string? PhoneNumber, string[]? Roles, string? InstitutionCode, string? JurisdictionCode, bool? IsDisabled);

public sealed record SetPasswordRequest(string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Accounts for a bank's own people and systems (the admin's job): list, create (with a password, or with a one-time
/// activation code the person uses to choose one), edit, disable, reset (a new activation code), lift a lockout; and
/// anyone changing their own password. Every password goes through the password policy (see <see cref="AuthSetup"/>),
/// whose refusals are in Chinese. Codes and passwords never reach the audit log.
/// </summary>
public sealed class ManageUsersHandler(ComplianceDbContext db, UserManager<AppUser> users, CurrentUser currentUser, ActivationCodes codes, AuditLog audit)
{
    public const int MaxPageSize = 500;

    public async Task<UserPage> ListAsync(UserQuery query, CancellationToken ct)
    {
        if (query.Page < 1 || query.PageSize < 1 || query.PageSize > MaxPageSize)
        {
            throw RuleViolationException.For("pageSize", $"页码须从 1 开始，每页 1 至 {MaxPageSize} 个账号。");
        }

        var accounts = db.Users.AsNoTracking();
        if (query.Q?.Trim() is { Length: > 0 } q)
        {
            accounts = accounts.Where(u => u.UserName!.Contains(q) || u.DisplayName.Contains(q)
                || (u.Institution != null && (u.Institution.Name.Contains(q) || (u.Institution.ShortName != null && u.Institution.ShortName.Contains(q)))));
        }

        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            if (!Roles.All.Contains(query.Role))
            {
                throw RuleViolationException.For("role", $"没有这个角色，只能是：{string.Join("、", Roles.All.Select(Roles.Label))}。");
            }

            accounts = accounts.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == query.Role)));
        }

        if (query.Disabled is { } disabled)
        {
            accounts = accounts.Where(u => u.IsDisabled == disabled);
        }

        if (query.Locked is { } locked)
        {
            // Few accounts are ever locked; which of them still are is decided here (not every database compares
            // DateTimeOffset), then the filter is a list of ids.
            var now = DateTimeOffset.UtcNow;
            var lockedIds = (await accounts.Where(u => u.LockoutEnd != null).Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(ct))
                .Where(u => u.LockoutEnd > now).Select(u => u.Id).ToList();
            accounts = locked ? accounts.Where(u => lockedIds.Contains(u.Id)) : accounts.Where(u => !lockedIds.Contains(u.Id));
        }

        var total = await accounts.CountAsync(ct);
        var rows = await accounts.OrderBy(u => u.UserName)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.Email, u.PhoneNumber, u.Institution!.Code, u.Institution!.Name, u.Jurisdiction!.Code, u.Jurisdiction!.Name, u.LockoutEnd, u.IsDisabled, u.ActivationCodeHash != null))
            .ToListAsync(ct);
        return new UserPage(total, query.Page, query.PageSize, await ViewsAsync(rows, ct));
    }

    /// <summary>One account, for its edit page.</summary>
    public async Task<UserView> GetAsync(string userName, CancellationToken ct)
    {
        var normalized = users.NormalizeName(userName);
        var rows = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.Email, u.PhoneNumber, u.Institution!.Code, u.Institution!.Name, u.Jurisdiction!.Code, u.Jurisdiction!.Name, u.LockoutEnd, u.IsDisabled, u.ActivationCodeHash != null))
            .ToListAsync(ct);
        return (await ViewsAsync(rows, ct)).SingleOrDefault() ?? throw new NotFoundException($"账号“{userName}”不存在。");
    }

    /// <summary>The jurisdictions, by name, for the choice of where a supervisor, leader or admin belongs.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> JurisdictionsAsync(CancellationToken ct) =>
        (await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Path).Select(j => new { j.Code, j.Name }).ToListAsync(ct))
            .Select(j => (j.Code, j.Name)).ToList();

    public async Task<CreatedUserView> CreateAsync(CreateUserRequest request, CancellationToken ct)
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

        var (institution, jurisdiction, needsInstitution) = await PlaceAsync(roles, request.InstitutionCode, request.JurisdictionCode, errors, ct);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("账号信息不完整或有误，未创建。", errors);
        }

        var user = new AppUser
        {
            UserName = request.UserName!.Trim(),
            DisplayName = request.DisplayName!.Trim(),
            Email = Blank(request.Email),
            PhoneNumber = Blank(request.PhoneNumber),
            InstitutionId = needsInstitution ? institution!.Id : null,
            JurisdictionId = needsInstitution ? null : jurisdiction!.Id,
            LockoutEnabled = true,
        };

        // Without a password the person gets a one-time activation code and chooses their own.
        (string Code, DateTime ExpiresAt)? code = string.IsNullOrEmpty(request.Password) ? codes.Issue(user) : null;

        // One transaction: an account is never left without its roles.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        audit.Add(AuditActions.UserCreated, user.UserName, $"角色 {RoleNames(roles)}；{institution?.Name ?? jurisdiction?.Name}{(code is null ? "" : "；已发放开通码")}");
        Check(code is null ? await users.CreateAsync(user, request.Password!) : await users.CreateAsync(user), "账号未创建");
        Check(await users.AddToRolesAsync(user, roles), "账号未创建");
        await transaction.CommitAsync(ct);
        return new CreatedUserView(await GetAsync(user.UserName, ct), code is { } issued ? new IssuedCode(user.UserName, issued.Code, ChinaTime.ToChina(issued.ExpiresAt)) : null);
    }

    public async Task<UserView> UpdateAsync(string userName, UpdateUserRequest request, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        var currentRoles = await users.GetRolesAsync(user);
        var roles = request.Roles?.Distinct().ToArray() ?? [.. currentRoles];
        var errors = new Dictionary<string, string[]>();
        if (request.DisplayName is not null && string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["请填写姓名或系统名称。"];
        }

        var institutionCode = request.InstitutionCode ?? (user.InstitutionId is { } iid ? await db.Institutions.Where(i => i.Id == iid).Select(i => i.Code).SingleAsync(ct) : null);
        var jurisdictionCode = request.JurisdictionCode ?? (user.JurisdictionId is { } jid ? await db.Jurisdictions.Where(j => j.Id == jid).Select(j => j.Code).SingleAsync(ct) : null);
        var (institution, jurisdiction, needsInstitution) = await PlaceAsync(roles, institutionCode, jurisdictionCode, errors, ct, user.InstitutionId);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("账号信息不完整或有误，未修改。", errors);
        }

        var changes = new List<string>();
        void Change<T>(string what, T before, T after, Action set)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes.Add(what);
                set();
            }
        }

        Change("姓名", user.DisplayName, request.DisplayName?.Trim() ?? user.DisplayName, () => user.DisplayName = request.DisplayName!.Trim());
        Change("邮箱", user.Email, request.Email is null ? user.Email : Blank(request.Email), () => user.Email = Blank(request.Email));
        Change("手机", user.PhoneNumber, request.PhoneNumber is null ? user.PhoneNumber : Blank(request.PhoneNumber), () => user.PhoneNumber = Blank(request.PhoneNumber));
        int? institutionId = needsInstitution ? institution!.Id : null;
        int? jurisdictionId = needsInstitution ? null : jurisdiction!.Id;
        Change("所属机构或辖区", (user.InstitutionId, user.JurisdictionId), (institutionId, jurisdictionId), () => (user.InstitutionId, user.JurisdictionId) = (institutionId, jurisdictionId));
        var rolesChanged = !roles.Order().SequenceEqual(currentRoles.Order());
        if (rolesChanged)
        {
            changes.Add($"角色改为 {RoleNames(roles)}");
        }

        var disabledChanged = request.IsDisabled is { } disabled && disabled != user.IsDisabled;
        if (disabledChanged)
        {
            user.IsDisabled = request.IsDisabled!.Value;
        }

        if (changes.Count == 0 && !disabledChanged)
        {
            return await GetAsync(user.UserName!, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (changes.Count > 0)
        {
            audit.Add(AuditActions.UserUpdated, user.UserName, string.Join("；", changes));
        }

        if (disabledChanged)
        {
            audit.Add(user.IsDisabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.UserName);
        }

        if (rolesChanged)
        {
            Check(await users.RemoveFromRolesAsync(user, currentRoles.Except(roles)), "账号未修改");
            Check(await users.AddToRolesAsync(user, roles.Except(currentRoles)), "账号未修改");
        }

        // A new security stamp ends the account's sessions and tokens: after 停用, a change of roles or of place.
        if (rolesChanged || disabledChanged || changes.Contains("所属机构或辖区"))
        {
            Check(await users.UpdateSecurityStampAsync(user), "账号未修改");
        }
        else
        {
            Check(await users.UpdateAsync(user), "账号未修改");
        }

        await transaction.CommitAsync(ct);
        return await GetAsync(user.UserName!, ct);
    }

    /// <summary>重置密码: the password stops working at once, sessions end, and a new one-time activation code is answered.</summary>
    public async Task<IssuedCode> ResetAsync(string userName, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        var (code, expiresAt) = codes.Issue(user);
        user.PasswordHash = null;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        audit.Add(AuditActions.PasswordReset, user.UserName, "已发放新的开通码，原密码失效");
        Check(await users.UpdateSecurityStampAsync(user), "密码未重置");
        return new IssuedCode(user.UserName!, code, ChinaTime.ToChina(expiresAt));
    }

    public async Task SetPasswordAsync(string userName, SetPasswordRequest request, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        if (string.IsNullOrEmpty(request.Password))
        {
            throw RuleViolationException.For("password", "请填写新密码。");
        }

        // Validated first, so that a refused password leaves the old one in place.
        await PasswordPolicy.ValidateAsync(users, user, request.Password, "password");
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

    private sealed record UserRow(string Id, string UserName, string DisplayName, string? Email, string? PhoneNumber, string? InstitutionCode, string? InstitutionName, string? JurisdictionCode, string? JurisdictionName, DateTimeOffset? LockoutEnd, bool IsDisabled, bool ActivationPending);

    private async Task<IReadOnlyList<UserView>> ViewsAsync(List<UserRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var rolesByUser = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
                .ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name!);
        var now = DateTimeOffset.UtcNow;
        return rows.Select(r => new UserView(
                r.UserName, r.DisplayName, r.Email, rolesByUser[r.Id].Order().ToList(), r.InstitutionCode, r.JurisdictionCode,
                r.LockoutEnd is { } end && end > now, r.PhoneNumber, r.InstitutionName, r.JurisdictionName, r.IsDisabled, r.ActivationPending))
            .ToList();
    }

    /// <summary>
    /// Where the account belongs: reporters and heads an institution (found by code, full name or short name),
    /// the others a jurisdiction (by code or name).
    /// </summary>
    private async Task<(Institution? Institution, Jurisdiction? Jurisdiction, bool NeedsInstitution)> PlaceAsync(
        string[] roles, string? institutionText, string? jurisdictionText, Dictionary<string, string[]> errors, CancellationToken ct, int? currentInstitutionId = null)
    {
        if (roles.Length == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            errors["roles"] = [$"请选择角色，只能是：{RoleNames(Roles.All)}。"];
        }

        var needsInstitution = roles.Any(r => r is Roles.Reporter or Roles.BranchHead);
        Institution? institution = null;
        Jurisdiction? jurisdiction = null;
        if (needsInstitution)
        {
            var text = institutionText?.Trim();
            var found = string.IsNullOrEmpty(text) ? [] : await db.Institutions.Where(i => i.Code == text || i.Name == text || i.ShortName == text).Take(20).ToListAsync(ct);
            // A code wins; a name shared by two institutions is taken as the account's own one when it is among them.
            institution = found.FirstOrDefault(i => i.Code == text) ?? (found.Count == 1 ? found[0] : found.FirstOrDefault(i => i.Id == currentInstitutionId));
            if (institution is null)
            {
                errors["institutionCode"] = [string.IsNullOrEmpty(text) ? "填报员和机构负责人须填写所属机构。"
                    : found.Count > 1 ? $"名为“{text}”的机构不止一家，请填写机构全称或代码。" : $"机构“{text}”不存在。"];
            }
        }
        else
        {
            var text = jurisdictionText?.Trim();
            jurisdiction = string.IsNullOrEmpty(text) ? null : await db.Jurisdictions.FirstOrDefaultAsync(j => j.Code == text || j.Name == text, ct);
            if (jurisdiction is null)
            {
                errors["jurisdictionCode"] = [string.IsNullOrEmpty(text) ? "监管员、领导和管理员须选择所属辖区。" : $"辖区“{text}”不存在。"];
            }
        }

        return (institution, jurisdiction, needsInstitution);
    }

    private static string RoleNames(IEnumerable<string> roles) => string.Join("、", roles.Select(Roles.Label));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<AppUser> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw new NotFoundException($"账号“{userName}”不存在。");

    internal static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            var messages = result.Errors.Select(e => e.Description).ToArray();
            var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "userName";
            throw new RuleViolationException($"{what}：{string.Join("", messages)}", new Dictionary<string, string[]> { [field] = messages });
        }
    }
}

/// <summary>The password policy's verdict before anything changes, so a refused password changes nothing.</summary>
public static class PasswordPolicy
{
    public static async Task ValidateAsync(UserManager<AppUser> users, AppUser user, string password, string field)
    {
        var failures = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            failures.AddRange(result.Errors.Select(e => e.Description));
        }

        if (failures.Count > 0)
        {
            throw new RuleViolationException("密码不符合要求，未修改：" + string.Join("", failures), new Dictionary<string, string[]> { [field] = [.. failures] });
        }
    }
}
