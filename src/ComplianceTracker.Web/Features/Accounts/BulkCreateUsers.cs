using ClosedXML.Excel;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>Open the reporter and head accounts of these institutions (codes), or of every one that has none yet.</summary>
public sealed record BulkCreateUsersRequest(string[]? Institutions, string[]? Roles, bool AllWithoutAccounts = false);

/// <summary>A new account and its one-time activation code, answered this once (expiry in China time).</summary>
public sealed record BulkAccount(string UserName, string DisplayName, string Role, string RoleName, string InstitutionCode, string InstitutionName, string ActivationCode, DateTimeOffset ExpiresAt);

public sealed record BulkCreateUsersResult(IReadOnlyList<BulkAccount> Created, IReadOnlyList<string> Skipped);

/// <summary>An institution still missing its <c>&lt;code&gt;-reporter</c> or <c>&lt;code&gt;-head</c> account.</summary>
public sealed record InstitutionWithoutAccounts(string Code, string Name, bool HasReporter, bool HasHead);

public sealed record InstitutionsWithoutAccountsPage(int Total, int Page, int PageSize, IReadOnlyList<InstitutionWithoutAccounts> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// 批量开通: the <c>&lt;code&gt;-reporter</c> (填报员) and <c>&lt;code&gt;-head</c> (机构负责人) accounts of the chosen
/// institutions, in one transaction, each with a one-time activation code answered once; accounts that exist are
/// skipped and named. Written straight to the store (not one Identity round trip per account): a district opens
/// 40,000 accounts at once.
/// </summary>
public sealed class BulkCreateUsersHandler(ComplianceDbContext db, UserManager<AppUser> users, CurrentUser currentUser, ActivationCodes codes, AuditLog audit)
{
    public const string ReporterSuffix = "-reporter";
    public const string HeadSuffix = "-head";
    public static readonly string[] BulkRoles = [Roles.Reporter, Roles.BranchHead];

    public async Task<InstitutionsWithoutAccountsPage> WithoutAccountsAsync(int page, int pageSize, CancellationToken ct)
    {
        var query = await WithoutAccountsQueryAsync(ct);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(i => i.Path).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(i => new InstitutionWithoutAccounts(
                i.Code,
                i.Name,
                db.Users.Any(u => u.InstitutionId == i.Id && u.UserName == i.Code + ReporterSuffix),
                db.Users.Any(u => u.InstitutionId == i.Id && u.UserName == i.Code + HeadSuffix)))
            .ToListAsync(ct);
        return new InstitutionsWithoutAccountsPage(total, Math.Max(1, page), pageSize, items);
    }

    public async Task<BulkCreateUsersResult> HandleAsync(BulkCreateUsersRequest request, CancellationToken ct)
    {
        var roles = (request.Roles ?? []).Distinct().ToArray();
        if (roles.Length == 0 || roles.Any(r => !BulkRoles.Contains(r)))
        {
            throw RuleViolationException.For("roles", "请选择要开通的角色：填报员、机构负责人，可多选。");
        }

        List<Institution> institutions;
        if (request.AllWithoutAccounts)
        {
            institutions = await (await WithoutAccountsQueryAsync(ct)).OrderBy(i => i.Path).ToListAsync(ct);
        }
        else
        {
            var wanted = (request.Institutions ?? []).Select(c => c?.Trim()).OfType<string>().Where(c => c.Length > 0).Distinct().ToList();
            if (wanted.Count == 0)
            {
                throw RuleViolationException.For("institutions", "请选择要开通账号的机构。");
            }

            var scope = await currentUser.ScopeAsync(ct);
            institutions = await scope.Institutions(db).Where(i => wanted.Contains(i.Code)).OrderBy(i => i.Path).ToListAsync(ct);
            var unknown = wanted.Except(institutions.Select(i => i.Code)).ToList();
            if (unknown.Count > 0)
            {
                throw RuleViolationException.For("institutions", $"以下机构代码不存在，未开通任何账号：{string.Join("、", unknown.Take(20))}{(unknown.Count > 20 ? $" 等 {unknown.Count} 个" : "")}。");
            }
        }

        var wantedAccounts = institutions
            .SelectMany(i => roles.Select(role => (Institution: i, Role: role, UserName: i.Code + (role == Roles.Reporter ? ReporterSuffix : HeadSuffix))))
            .ToList();
        var normalized = wantedAccounts.Select(a => users.NormalizeName(a.UserName)).ToList();
        var existing = (await db.Users.Where(u => normalized.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(ct)).ToHashSet();
        var skipped = wantedAccounts.Where(a => existing.Contains(users.NormalizeName(a.UserName))).Select(a => a.UserName).ToList();
        var toCreate = wantedAccounts.Where(a => !existing.Contains(users.NormalizeName(a.UserName)))
            .Select(a => (a.Institution, a.Role, User: new AppUser
            {
                UserName = a.UserName,
                NormalizedUserName = users.NormalizeName(a.UserName),
                DisplayName = a.Institution.DisplayShortName + (a.Role == Roles.Reporter ? "填报员" : "负责人"),
                InstitutionId = a.Institution.Id,
                LockoutEnabled = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
            }))
            .ToList();

        // Hashing is the slow part (a KDF on purpose): spread over the cores.
        var issued = new (string Code, DateTime ExpiresAt)[toCreate.Count];
        Parallel.For(0, toCreate.Count, n => issued[n] = codes.Issue(toCreate[n].User));

        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (institution, role, user) in toCreate)
        {
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
            audit.Add(AuditActions.UserCreated, user.UserName, $"批量开通；角色 {Roles.Label(role)}；{institution.Name}；已发放开通码");
        }

        audit.Add(AuditActions.UsersBulkCreated, $"{institutions.Count} 家机构", $"新开通 {toCreate.Count} 个账号，已存在跳过 {skipped.Count} 个");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var created = toCreate.Select((a, n) => new BulkAccount(
                a.User.UserName!, a.User.DisplayName, a.Role, Roles.Label(a.Role), a.Institution.Code, a.Institution.Name, issued[n].Code, ChinaTime.ToChina(issued[n].ExpiresAt)))
            .ToList();
        return new BulkCreateUsersResult(created, skipped);
    }

    /// <summary>The codes as a workbook: one row per account, the sheet protected read-only. It holds secrets.</summary>
    public static byte[] Workbook(BulkCreateUsersResult result)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("开通码");
        string[] headers = ["机构", "账号", "姓名", "角色", "开通码", "有效期至"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
        }

        sheet.Row(1).Style.Font.Bold = true;
        var row = 2;
        foreach (var a in result.Created)
        {
            // Every value as text: a user name or code must not turn into a number or a formula.
            sheet.Cell(row, 1).SetValue(a.InstitutionName);
            sheet.Cell(row, 2).SetValue(a.UserName);
            sheet.Cell(row, 3).SetValue(a.DisplayName);
            sheet.Cell(row, 4).SetValue(a.RoleName);
            sheet.Cell(row, 5).SetValue(a.ActivationCode);
            sheet.Cell(row, 6).SetValue(a.ExpiresAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            row++;
        }

        sheet.Column(1).Width = 36;
        sheet.Column(2).Width = 24;
        sheet.Column(3).Width = 24;
        sheet.Column(4).Width = 12;
        sheet.Column(5).Width = 16;
        sheet.Column(6).Width = 18;
        sheet.SheetView.FreezeRows(1);
        sheet.Protect();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private async Task<IQueryable<Institution>> WithoutAccountsQueryAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return scope.Institutions(db).Where(i => i.IsActive
            && (!db.Users.Any(u => u.InstitutionId == i.Id && u.UserName == i.Code + ReporterSuffix)
                || !db.Users.Any(u => u.InstitutionId == i.Id && u.UserName == i.Code + HeadSuffix)));
    }
}
