using System.Security.Claims;
using System.Text.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The data of the run, written straight into the database the server uses: a jurisdiction of N banks bound by a
/// weekly regime issued 26 weeks ago (so 26 past periods and one open), the 上党 weekly form, 90 % of banks having
/// submitted every past week (a tenth of those late), reporters for the submitting banks and a supervisor.
/// </summary>
public sealed class Scenario
{
    public const string SigningKey = "benchmark-signing-key-0123456789abcdefghijkl";
    public const string FormCode = "BENCH-WEEKLY";
    public const string Password = "Bench@2026!";

    /// <summary>The server's <c>SignInLimit:PerAddressPerMinute</c> in the benchmark (every client is 127.0.0.1).</summary>
    public const int SignInLimit = 1_000_000;
    private const string Stamp = "benchmark-stamp";

    private readonly DbContextOptions<ComplianceDbContext> contextOptions;

    private Scenario(DbContextOptions<ComplianceDbContext> contextOptions) => this.contextOptions = contextOptions;

    public string OpenPeriod { get; private set; } = "";
    public List<string> PastPeriods { get; private set; } = [];
    public List<string> Tokens { get; } = [];
    public string SupervisorToken { get; private set; } = "";
    public string SaveBody { get; private set; } = "";

    /// <summary>The figures a save sends (this week's), and a correction's (the same week, figures grown once more).</summary>
    public Dictionary<string, decimal?> SaveValues { get; private set; } = [];
    public Dictionary<string, decimal?> CorrectionValues { get; private set; } = [];
    public int SubmissionRows { get; private set; }
    private Dictionary<string, int> periodIds = [];
    private ReportForm form = null!;
    private ReportPeriod open = null!;

    /// <summary>The open period's due moment.</summary>
    public DateTime OpenDueAt => open.DueAt;

    /// <summary>The jurisdiction the scenario's institutions and supervisor sit in.</summary>
    public const string Jurisdiction = "BENCH";

    public string InstitutionCode(int index) => $"BENCH-{index + 1:00000}";

    public static async Task<Scenario> BuildAsync(Options options, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ComplianceDbContext>();
        DatabaseSetup.Configure(builder, options.Provider, connectionString);
        var scenario = new Scenario(builder.Options);
        await scenario.FillAsync(options);
        return scenario;
    }

    private ComplianceDbContext Context() => new BenchContext(contextOptions);

    public async Task<int> CountSubmissionsAsync(string periodKey)
    {
        await using var db = Context();
        var id = periodIds[periodKey];
        return await db.Submissions.CountAsync(s => s.PeriodId == id);
    }

    /// <summary>
    /// The Excel form an institution uploads: the server's own writer filled with this week's figures, as a reporter
    /// leaves it after typing them into the downloaded form (the import reads only the marked inputs and the stamps).
    /// </summary>
    public byte[] FilledWorkbook(FormWorkbookWriter writer, int index)
    {
        var code = InstitutionCode(index);
        var request = new FormWorkbookRequest(
            form.Code, form.Name, form.SheetName, open.Key, open.Start, open.End, ChinaTime.ToChina(open.DueAt), code, $"压测银行{code}",
            form.Indicators.OrderBy(i => i.Ordinal).Select(i => new FormSheetIndicator(i.Code, i.Name, i.Section, i.Unit, i.Decimals, i.Required)).ToList(),
            new Dictionary<string, decimal?>(), SaveValues);
        using var output = new MemoryStream();
        writer.Write(request, output);
        return output.ToArray();
    }

    /// <summary>The open period's submissions by status, and their revision rows: what the run left in the database.</summary>
    public async Task<(int Submitted, int Drafts, int Revisions)> OpenPeriodStateAsync()
    {
        await using var db = Context();
        var id = open.Id;
        var submitted = await db.Submissions.CountAsync(s => s.PeriodId == id && s.Status == SubmissionStatus.Submitted);
        var drafts = await db.Submissions.CountAsync(s => s.PeriodId == id && s.Status == SubmissionStatus.Draft);
        var revisions = await db.SubmissionRevisions.CountAsync(r => db.Submissions.Any(s => s.Id == r.SubmissionId && s.PeriodId == id));
        return (submitted, drafts, revisions);
    }

    private async Task FillAsync(Options options)
    {
        await using var db = Context();
        var now = DateTime.UtcNow;
        var today = ChinaTime.Today(TimeProvider.System);
        var root = await db.Jurisdictions.SingleAsync(j => j.Code == "CN");
        var jurisdiction = new Jurisdiction { Code = "BENCH", Name = "压测辖区", Parent = root, Path = "/CN/BENCH/" };
        db.Jurisdictions.Add(jurisdiction);

        // The regime: weekly, issued 27 weeks ago (a Monday), valid a year.
        var issued = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * 27);
        var rule = new DueRule { Frequency = DueFrequency.Weekly, Anchor = DueAnchor.PeriodEnd, Offset = 1, TimeOfDay = new TimeOnly(12, 0), DurationMonths = 12 };
        var circular = new Circular
        {
            NaturalKey = "bench-weekly", Title = "压测周报制", Text = "压测", Status = CircularStatus.Published, Jurisdiction = jurisdiction,
            IssuedOn = issued, ValidityMonths = 12, CreatedAt = now, PublishedAt = now,
            Requirements = [new Requirement { Clause = "一、", Ordinal = 1, Text = "实行周报制", Kind = RequirementKind.RecurringReport, DueRule = rule, AppliesTo = new Applicability { InstitutionTypes = InstitutionTypes.Bank } }],
        };
        db.Circulars.Add(circular);
        await db.SaveChangesAsync();

        var seed = SeedFiles.Default().Forms().Single(f => f.Code == "SD-WEEKLY");
        form = (seed with { Code = FormCode }).ToForm(circular.Requirements[0].Id);
        db.ReportForms.Add(form);
        await db.SaveChangesAsync();
        await new ReportPeriodGenerator(db, new DueCalculator(new ComplianceTracker.Web.Features.Calendar.HolidayCalendar()), TimeProvider.System).EnsureForCircularAsync(circular.Id, CancellationToken.None);

        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).ToListAsync();
        periodIds = periods.ToDictionary(p => p.Key, p => p.Id);
        var past = periods.Where(p => p.DueAt < now).TakeLast(26).ToList();
        open = periods.First(p => p.Start <= today && p.End >= today);
        PastPeriods = past.Select(p => p.Key).ToList();
        OpenPeriod = open.Key;

        // Figures: last week's for every past submission, this week's (grown by its new lending) for the saves.
        var figures = new DemoFigures(form.Indicators, 0);
        var lastWeek = JsonSerializer.Serialize(figures.Next());
        SaveValues = figures.Next();
        CorrectionValues = figures.Next();
        SaveBody = JsonSerializer.Serialize(new { values = SaveValues, baseRevision = 0 });

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var codes = Enumerable.Range(0, options.Institutions).Select(InstitutionCode).ToList();
        await BulkInsert.RunAsync(connection, "Institutions", ["Code", "Name", "Type", "IsLegalEntity", "Path", "JurisdictionId", "IsActive"],
            codes.Select(c => new object?[] { c, $"压测银行{c}", nameof(InstitutionType.Bank), true, $"/{c}/", jurisdiction.Id, true }));
        var institutionIds = await db.Institutions.Where(i => i.JurisdictionId == jurisdiction.Id).OrderBy(i => i.Code).Select(i => i.Id).ToListAsync();
        var requirementId = circular.Requirements[0].Id;
        await BulkInsert.RunAsync(connection, "Obligations", ["RequirementId", "InstitutionId", "CreatedAt"],
            institutionIds.Select(id => new object?[] { requirementId, id, now }));
        var obligationIds = await db.Obligations.Where(o => o.RequirementId == requirementId).OrderBy(o => o.InstitutionId).Select(o => o.Id).ToListAsync();
        await BulkInsert.RunAsync(connection, "DueItems", ["ObligationId", "PeriodKey", "PeriodStart", "PeriodEnd", "DueAt", "DueExplanation", "Status"],
            obligationIds.Select(id => new object?[] { id, open.Key, open.Start, open.End, open.DueAt, open.DueExplanation, "Open" }));

        var rows = past.SelectMany((p, w) => institutionIds.Select((id, n) => (p, w, id, n)))
            .Where(x => (x.n + x.w) % 10 != 0)
            .Select(x =>
            {
                var at = (x.n + x.w) % 10 == 1 ? x.p.DueAt.AddHours(5) : x.p.DueAt.AddHours(-3);
                return new object?[] { form.Id, x.p.Id, x.id, nameof(SubmissionStatus.Approved), 1, x.p.Version, lastWeek, "{}", at, at, at.AddHours(1), "head", at.AddHours(1) };
            }).ToList();
        SubmissionRows = rows.Count;
        await BulkInsert.RunAsync(connection, "Submissions",
            ["FormId", "PeriodId", "InstitutionId", "Status", "Revision", "FormVersion", "ValuesJson", "CommentsJson", "FirstSubmittedAt", "SubmittedAt", "ApprovedAt", "ApprovedBy", "UpdatedAt"], rows, 300);

        // Accounts: one reporter per submitting bank (two batches; at the peak every bank), one supervisor; one password hash for all.
        var reporters = options.IsPeak ? options.Institutions : options.IsRegistry || options.IsExports ? 0 : options.Submitters * 2;
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);
        var reporterRole = await db.Roles.Where(r => r.Name == Roles.Reporter).Select(r => r.Id).SingleAsync();
        var supervisorRole = await db.Roles.Where(r => r.Name == Roles.Supervisor).Select(r => r.Id).SingleAsync();
        var users = Enumerable.Range(0, reporters)
            .Select(i => (Id: Guid.NewGuid().ToString(), Name: $"{InstitutionCode(i)}-reporter", Institution: (int?)institutionIds[i], Jurisdiction: (int?)null, Role: reporterRole))
            .Append((Id: Guid.NewGuid().ToString(), Name: "bench-supervisor", Institution: null, Jurisdiction: jurisdiction.Id, Role: supervisorRole))
            .ToList();
        await BulkInsert.RunAsync(connection, "AspNetUsers",
            ["Id", "UserName", "NormalizedUserName", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "DisplayName", "InstitutionId", "JurisdictionId", "IsDemo", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "IsDisabled"],
            users.Select(u => new object?[] { u.Id, u.Name, u.Name.ToUpperInvariant(), hash, Stamp, Guid.NewGuid().ToString(), u.Name, u.Institution, u.Jurisdiction, false, false, false, false, true, 0, false }));
        await BulkInsert.RunAsync(connection, "AspNetUserRoles", ["UserId", "RoleId"], users.Select(u => new object?[] { u.Id, u.Role }));

        Tokens.AddRange(users.Take(reporters).Select(u => Token(u.Id, u.Name, Roles.Reporter)));
        SupervisorToken = Token(users[^1].Id, users[^1].Name, Roles.Supervisor);
    }

    /// <summary>The token the server would issue at /api/auth/token, minted here to keep thousands of password checks out of the setup.</summary>
    private static string Token(string id, string name, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = AuthOptions.Issuer,
        Audience = AuthOptions.Issuer,
        Subject = new ClaimsIdentity([
            new Claim(JwtRegisteredClaimNames.Sub, id), new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, role), new Claim(IssueTokenHandler.SecurityStampClaim, Stamp)]),
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    /// <summary>The shared model over whichever provider the options name; the benchmark never migrates.</summary>
    private sealed class BenchContext(DbContextOptions options) : ComplianceDbContext(options);
}
