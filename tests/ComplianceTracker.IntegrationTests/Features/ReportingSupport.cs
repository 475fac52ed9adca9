using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>The demo weekly form, its periods, and figures that pass its error rules.</summary>
public static class ReportingSupport
{
    public const string Form = DemoSeeder.DemoFormCode;

    public static DateOnly TodayInChina => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static string SubmissionUrl(string period, string institution) => $"/api/forms/{Form}/periods/{period}/submissions/{institution}";

    /// <summary>The period that contains today (the week under way).</summary>
    public static async Task<string> CurrentPeriodAsync(HttpClient client)
    {
        var periods = await (await client.GetAsync($"/api/forms/{Form}/periods")).ExpectAsync(HttpStatusCode.OK);
        return periods.EnumerateArray()
            .Single(p => DateOnly.Parse(p.GetProperty("start").GetString()!) <= TodayInChina && DateOnly.Parse(p.GetProperty("end").GetString()!) >= TodayInChina)
            .GetProperty("key").GetString()!;
    }

    /// <summary>Figures that satisfy the form's error rules (warnings may remain: they need comments).</summary>
    public static Task<Dictionary<string, decimal?>> GoodFiguresAsync(ComplianceApp app, int seed = 0) => app.QueryAsync(db => GoodFiguresAsync(db, seed));

    public static async Task<Dictionary<string, decimal?>> GoodFiguresAsync(ComplianceDbContext db, int seed = 0)
    {
        var figures = new DemoFigures(await Indicators(db).ToListAsync(), seed);
        return figures.Next();
    }

    /// <summary>The form's indicators, in the form's order.</summary>
    public static IQueryable<Indicator> Indicators(ComplianceDbContext db) =>
        db.Indicators.Where(i => db.ReportForms.Any(f => f.Code == Form && f.Id == i.FormId)).OrderBy(i => i.Ordinal);

    /// <summary>
    /// A bank's figures for <paramref name="period"/> as its reporter would type them: those of its last reported
    /// week again (so no 万元 figure is ten times off it, the unit-slip check), or good figures when it reported none.
    /// </summary>
    public static async Task<Dictionary<string, decimal?>> LastReportedFiguresAsync(ComplianceDbContext db, string bank, string period)
    {
        var last = await db.Submissions.Where(s => s.Institution.Code == bank && s.Form.Code == Form && s.Period.Key != period
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .OrderByDescending(s => s.Period.End).Select(s => s.ValuesJson).FirstOrDefaultAsync();
        return last is null ? await GoodFiguresAsync(db) : Web.Features.Reporting.SubmissionJson.Values(last);
    }

    /// <summary>The same, read through the app's database.</summary>
    public static Task<Dictionary<string, decimal?>> LastReportedFiguresAsync(ComplianceApp app, string bank, string period) =>
        app.QueryAsync(db => LastReportedFiguresAsync(db, bank, period));

    /// <summary>A comment for every warning of a submission view, keyed as the submit step expects.</summary>
    public static Dictionary<string, string> CommentsForWarnings(JsonElement view) =>
        view.GetProperty("validation").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "Warning")
            .Select(f => f.GetProperty("ruleCode").GetString() ?? f.GetProperty("indicatorCode").GetString()!)
            .Distinct()
            .ToDictionary(k => k, _ => "本周数据已核对，变动属实。");

    /// <summary>A bank bound by the form that has not touched the period yet (the demo has submitted some); <paramref name="last"/> picks from the other end.</summary>
    public static Task<string> UntouchedBankAsync(ComplianceApp app, string period, bool last = false) => app.QueryAsync(db => UntouchedBanks(db, period, last).FirstAsync());

    /// <summary>The banks bound by the form that have not touched the period, by code.</summary>
    public static IQueryable<string> UntouchedBanks(ComplianceDbContext db, string period, bool last = false)
    {
        var banks = db.Obligations
            .Where(o => db.ReportForms.Any(f => f.Code == Form && f.RequirementId == o.RequirementId)
                && !db.Submissions.Any(s => s.InstitutionId == o.InstitutionId && s.Period.Key == period && s.Form.Code == Form))
            .Select(o => o.Institution.Code);
        return last ? banks.OrderByDescending(c => c) : banks.OrderBy(c => c);
    }

    public static Task<int> RevisionCountAsync(ComplianceApp app, string period, string institution) =>
        app.QueryAsync(db => Revisions(db, period, institution).CountAsync());

    /// <summary>The revisions of an institution's submission for the period.</summary>
    public static IQueryable<SubmissionRevision> Revisions(ComplianceDbContext db, string period, string institution) =>
        db.SubmissionRevisions.Where(r => db.Submissions.Any(s =>
            s.Id == r.SubmissionId && s.Period.Key == period && s.Institution.Code == institution && s.Form.Code == Form));

    /// <summary>Chooses the file in the form page's upload form and clicks 上传 Excel; returns once the answer page has loaded.</summary>
    public static async Task UploadExcelAsync(IPage page, byte[] workbook, string fileName = "周报.xlsx")
    {
        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = workbook,
        });
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "上传 Excel" }));
    }

    /// <summary>我的待办 → the period's row → 去填报: the form of the reporter's bank for the period, by clicking.</summary>
    public static async Task OpenFromTodoAsync(IPage page, string period, string institution)
    {
        await Browser.NavigateAsync(page, "我的待办");
        await page.WaitForURLAsync("**/todo");
        await page.Locator($"#due-items tr[data-period='{period}']").GetByRole(AriaRole.Link, new() { Name = "去填报" }).ClickAsync();
        await page.WaitForURLAsync($"**/report/{Form}/{period}/{institution}");
    }

    public static Task<Submission?> StoredAsync(ComplianceApp app, string period, string institution) =>
        app.QueryAsync(db => db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Period.Key == period && s.Institution.Code == institution && s.Form.Code == Form));

    /// <summary>
    /// The banks of the weekly form with an unreported week past its lock and no 补报 window (the demo has banks that
    /// stopped reporting), by code; with <paramref name="owingOneOff"/> only those that also owe an open one-off item.
    /// </summary>
    public static Task<List<string>> BanksWithLockedWeeksAsync(ComplianceApp app, bool owingOneOff = false) => app.QueryAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var banks = await (
            from d in db.DueItems
            where d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue
            from p in db.ReportPeriods
            where p.Form.Code == Form && p.Form.RequirementId == d.Obligation.RequirementId && p.Key == d.PeriodKey && p.LockAt < now
                && !db.PeriodUnlocks.Any(u => u.PeriodId == p.Id && u.InstitutionId == d.Obligation.InstitutionId)
                && (!owingOneOff || db.DueItems.Any(o => o.Obligation.InstitutionId == d.Obligation.InstitutionId && o.Obligation.Requirement.Kind == RequirementKind.Deadline
                    && (o.Status == DueItemStatus.Open || o.Status == DueItemStatus.Overdue)))
            select d.Obligation.Institution.Code).Distinct().OrderBy(c => c).ToListAsync();
        Assert.That(banks, Is.Not.Empty, "the demo has banks that stopped reporting");
        return banks;
    });
}
