using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>
/// The demo scenario (only with <c>Seed:Demo</c>): a weekly regime modelled on 长上金发〔2022〕20号, issued eight
/// weeks before the first start and published to the 上党 banks, with some on time, some late, some missing,
/// and overdue one-off deadlines; plus the demo accounts. Created once: later starts find it and leave it.
/// </summary>
public sealed class DemoSeeder(
    ComplianceDbContext db,
    ReferenceDataSeeder reference,
    CircularPublisher publisher,
    DemoReports demoReports,
    DemoTargets demoTargets,
    SeedFiles files,
    UserManager<AppUser> users,
    SeedOptions options,
    TimeProvider time,
    ILogger<DemoSeeder> logger)
{
    /// <summary>The jurisdiction the demo regime runs in.</summary>
    public const string DemoJurisdiction = "SX-CZ-SD";

    private const string DemoActor = "demo";

    public async Task SeedAsync(CancellationToken ct)
    {
        await reference.SeedInstitutionsAsync(ct);
        await SeedAccountsAsync(ct);

        var seed = files.DemoCircular();
        var isNew = !await db.Circulars.AnyAsync(c => c.NaturalKey == seed.Key, ct);
        var issuedOn = ChinaTime.Today(time).AddDays(-56);
        var circular = await reference.SeedCircularAsync(seed, files.CircularText(seed, demo: true), isDemo: true, ct, issuedOn);
        var weeklyForm = files.Forms().Single(f => f.Code == "SD-WEEKLY");
        await reference.SeedFormAsync(weeklyForm with { Code = DemoFormCode, Name = "金融机构支持稳经济周报统计表（演示）", CircularKey = seed.Key, RequirementClause = "二、" }, ct);
        await publisher.PublishAsync(circular.Id, DemoActor, ct);
        if (isNew)
        {
            await PlayHistoryAsync(circular.Id, ct);
            await demoReports.PlayAsync(DemoFormCode, ct);
            await demoTargets.SeedAsync(seed.Key, DemoFormCode, ct);
        }
    }

    /// <summary>The demo's weekly form: the 上党 form's indicators and rules, on the demo regime.</summary>
    public const string DemoFormCode = "DEMO-WEEKLY";

    /// <summary>The one-off measures: one bank in three sent them on time, one late, one not at all.</summary>
    private async Task PlayHistoryAsync(int circularId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var items = await db.DueItems
            .Include(d => d.Obligation).ThenInclude(o => o.Institution)
            .Include(d => d.Obligation).ThenInclude(o => o.Requirement)
            .Where(d => d.Obligation.Requirement.CircularId == circularId && d.PeriodKey == DueItem.OncePeriodKey && d.DueAt != null && d.DueAt < now)
            .ToListAsync(ct);
        var institutions = items.Select(d => d.Obligation.Institution.Code).Distinct().Order(StringComparer.Ordinal).ToList();

        foreach (var item in items)
        {
            var bank = institutions.IndexOf(item.Obligation.Institution.Code);
            var due = item.DueAt!.Value;
            DateTime? completed = (bank % 3) switch
            {
                0 => due.AddDays(-2),
                1 => due.AddDays(3),
                _ => null,
            };

            if (completed is not { } at || at > now)
            {
                continue;
            }

            var reason = at > due ? "演示数据：逾期后报送并确认" : "演示数据：按期报送并确认";
            item.History.Add(new DueItemStatusChange { From = DueItemStatus.Open, To = DueItemStatus.Submitted, ChangedAt = at, ChangedBy = $"{item.Obligation.Institution.Code}-reporter", Reason = reason });
            item.Status = DueItemStatus.Submitted;
            item.CompletedAt = at;
            if (bank % 3 == 0)
            {
                item.History.Add(new DueItemStatusChange { From = DueItemStatus.Submitted, To = DueItemStatus.Done, ChangedAt = at.AddHours(2), ChangedBy = "supervisor", Reason = reason });
                item.Status = DueItemStatus.Done;
            }
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo scenario played: {Count} past due items across {Institutions} institutions", items.Count, institutions.Count);
    }

    private async Task SeedAccountsAsync(CancellationToken ct)
    {
        var jurisdictions = await db.Jurisdictions.ToDictionaryAsync(j => j.Code, ct);
        await EnsureUserAsync("admin", "系统管理员", Roles.Admin, jurisdiction: jurisdictions["CN"]);
        await EnsureUserAsync("supervisor", "上党区金融工作中心监管员", Roles.Supervisor, jurisdiction: jurisdictions[DemoJurisdiction]);
        await EnsureUserAsync("leader", "上党区金融工作中心领导", Roles.Leader, jurisdiction: jurisdictions[DemoJurisdiction]);
        await EnsureUserAsync("supervisor-sh", "上海辖区监管员", Roles.Supervisor, jurisdiction: jurisdictions["SH"]);
        await EnsureUserAsync("supervisor-wz", "温州辖区监管员", Roles.Supervisor, jurisdiction: jurisdictions["ZJ-WZ"]);

        var demoPath = jurisdictions[DemoJurisdiction].Path;
        var institutions = await db.Institutions.Where(i => i.Jurisdiction.Path.StartsWith(demoPath)).OrderBy(i => i.Code).ToListAsync(ct);
        foreach (var institution in institutions)
        {
            await EnsureUserAsync($"{institution.Code}-reporter", $"{institution.Name}填报员", Roles.Reporter, institution: institution);
            await EnsureUserAsync($"{institution.Code}-head", $"{institution.Name}负责人", Roles.BranchHead, institution: institution);
        }
    }

    private async Task EnsureUserAsync(string userName, string displayName, string role, Jurisdiction? jurisdiction = null, Institution? institution = null)
    {
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName,
            InstitutionId = institution?.Id,
            JurisdictionId = jurisdiction?.Id,
            IsDemo = true,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, options.DemoPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {userName}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
    }
}
