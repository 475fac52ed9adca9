using System.Text;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Targets;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The supervisor's screens in a real browser on the demo data: 辖内待办 filtered and chased, the holiday calendar
/// (read by everyone who oversees, changed by the admin only, all or nothing), the targets with their history and the
/// year-start figures.
/// </summary>
[NonParallelizable]
public class SupervisionPagesTests : BrowserAppFixture
{
    [Test]
    public async Task Supervisor_FiltersTodoByInstitutionAndOverdue_CountMatchesTheDatabase_AndChasesBackToTheSameView()
    {
        const string bank = "SD-CCB";
        var page = await SignInAsync("supervisor");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "辖内待办" }).ClickAsync();
        await page.WaitForURLAsync("**/todo");
        await page.GetByLabel("机构", new() { Exact = true }).SelectOptionAsync(bank);
        await page.GetByLabel("状态", new() { Exact = true }).SelectOptionAsync("Overdue");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("institution=SD-CCB") && url.Contains("status=Overdue"));
        await Browser.ScreenshotAsync(page, "supervisor-todo-filtered");

        await page.SetViewportSizeAsync(768, 1024);
        var tabletWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await Browser.ScreenshotAsync(page, "supervisor-todo-filtered-tablet");
        await page.SetViewportSizeAsync(1366, 900);

        var now = DateTime.UtcNow;
        var expected = await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Institution.Code == bank
            && (d.Status == DueItemStatus.Overdue || (d.Status == DueItemStatus.Open && d.DueAt < now))));
        var rows = page.Locator("#due-items tbody tr");
        var institutions = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        var statuses = await page.Locator("#due-items td[data-label=状态]").AllInnerTextsAsync();
        var total = await page.Locator("#total").InnerTextAsync();

        // 催报 on the first filtered row: the bank's reporters get the message, and the list comes back filtered.
        var firstRow = rows.First;
        var id = int.Parse((await firstRow.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        var chasedBefore = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.DueItemId == id && n.Kind == NotificationKind.Chase));
        await firstRow.GetByRole(AriaRole.Button, new() { Name = "催报" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        var notice = await page.Locator("#notice").InnerTextAsync();
        var chasedAfter = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.DueItemId == id && n.Kind == NotificationKind.Chase));
        var institutionsAfter = await page.Locator("#due-items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");

        Assert.Multiple(async () =>
        {
            Assert.That(expected, Is.GreaterThan(0), "the demo leaves SD-CCB's measures unsent");
            Assert.That(tabletWidth, Is.LessThanOrEqualTo(768), "no sideways scrolling at tablet width");
            Assert.That(total, Is.EqualTo(expected.ToString(System.Globalization.CultureInfo.InvariantCulture)), "共 N 条 is the database's count for the filter");
            Assert.That(institutions, Has.Length.EqualTo(Math.Min(expected, 50)));
            Assert.That(institutions, Is.All.EqualTo(bank));
            Assert.That(statuses, Is.All.StartWith("逾期"));
            Assert.That(await page.GetByLabel("机构", new() { Exact = true }).InputValueAsync(), Is.EqualTo(bank), "the select shows the filter");
            Assert.That(chasedBefore, Is.Zero);
            Assert.That(chasedAfter, Is.GreaterThan(0), "the chase notified the bank's reporters");
            Assert.That(notice, Does.StartWith("已催报"));
            Assert.That(page.Url, Does.Contain("institution=SD-CCB").And.Contain("status=Overdue").And.Not.Contain("handler="), "back on the filtered list, by a redirect");
            Assert.That(institutionsAfter, Is.Not.Empty.And.All.EqualTo(bank));
            Assert.That(await page.Locator("#export-overdue").GetAttributeAsync("href"), Is.EqualTo("/api/exports/overdue.xlsx"));
        });
    }

    [Test]
    public async Task Todo_BadFilterInTheUrl_ShowsAChineseMessage_NotAnError()
    {
        var page = await SignInAsync("supervisor");
        var response = await page.GotoAsync("/todo?status=Late&pageSize=0");
        var error = await page.Locator("#filter-error").InnerTextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response!.Status, Is.EqualTo(200));
            Assert.That(error, Does.Contain("状态“Late”无法识别").And.Contain("每页条数"));
        });
    }

    [Test]
    public async Task Calendar2026_ShowsNationalDayAsHolidays_AndTheMakeUpSundayAsAWorkday_WithoutAnUploadFormForSupervisors()
    {
        var page = await SignInAsync("supervisor");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "节假日" }).ClickAsync();
        await page.WaitForURLAsync("**/calendar");
        await page.GetByLabel("年份", new() { Exact = true }).SelectOptionAsync("2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await page.WaitForURLAsync("**/calendar?year=2026");
        await Browser.ScreenshotAsync(page, "calendar-2026");

        var nationalDay = new List<(string? Kind, string Text)>();
        for (var day = 1; day <= 7; day++)
        {
            var cell = page.Locator($"#months td[data-date='2026-10-0{day}']");
            nationalDay.Add((await cell.GetAttributeAsync("data-kind"), await cell.InnerTextAsync()));
        }

        await page.SetViewportSizeAsync(768, 1024);
        var tabletWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await Browser.ScreenshotAsync(page, "calendar-2026-tablet");
        await page.SetViewportSizeAsync(1366, 900);

        var makeUp = page.Locator("#months td[data-date='2026-09-20']");
        var ordinary = page.Locator("#months td[data-date='2026-10-09']");

        Assert.Multiple(async () =>
        {
            Assert.That(nationalDay.Select(d => d.Kind), Is.All.EqualTo("Holiday"));
            Assert.That(nationalDay.Select(d => d.Text), Is.All.Contain("休").And.All.Contain("国庆节"), "a text marker and the name, not colour alone");
            Assert.That(await makeUp.GetAttributeAsync("data-kind"), Is.EqualTo("Workday"));
            Assert.That(await makeUp.InnerTextAsync(), Does.Contain("班"));
            Assert.That(await ordinary.GetAttributeAsync("data-kind"), Is.Null);
            Assert.That(await page.Locator("#special-list tr[data-date='2026-09-20']").InnerTextAsync(), Does.Contain("调休上班"));
            Assert.That(await page.Locator("#calendar-upload").CountAsync(), Is.Zero, "only the admin uploads");
            Assert.That(tabletWidth, Is.LessThanOrEqualTo(768), "no sideways scrolling at tablet width");
        });
    }

    [Test]
    public async Task Calendar_DirectPostBySupervisor_IsRefused_AndChangesNothing()
    {
        var page = await SignInAsync("supervisor");
        await page.GotoAsync("/todo");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("year", "2032");
        form.Set("file", new FilePayload { Name = "2032.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("2032-01-01,Holiday,元旦\n") });

        var response = await page.APIRequest.PostAsync("/calendar", new() { Multipart = form });
        var stored = await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2032));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(403));
            Assert.That(stored, Is.Zero);
        });
    }

    [Test]
    public async Task Admin_UploadsACalendar_ABadRowIsNamedInChinese_AndNothingStored_AGoodFileIsStored()
    {
        static async Task<List<string>> DaysAsync(ComplianceApp app, int year) =>
            await app.QueryAsync(db => db.CalendarDays.Where(d => d.Year == year).OrderBy(d => d.Date).Select(d => d.Date + " " + d.Kind + " " + d.Name).ToListAsync());

        var before = await DaysAsync(App, 2026);
        var page = await SignInAsync("admin");
        await page.GotoAsync("/calendar?year=2026");
        await page.GetByLabel("文件（CSV 或 Excel）").SetInputFilesAsync(new FilePayload
        {
            Name = "2026.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("date,kind,name\n2026-10-01,Holiday,国庆节\n2026-10-02,放假日,国庆节\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并替换" }).ClickAsync();
        var error = await page.Locator("#upload-error").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "calendar-upload-error");
        var afterBad = await DaysAsync(App, 2026);

        await page.Locator("#upload-year").FillAsync("2031");
        await page.GetByLabel("文件（CSV 或 Excel）").SetInputFilesAsync(new FilePayload
        {
            Name = "2031.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("2031-01-01,Holiday,元旦\n2031-01-04,Workday,元旦调休上班\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并替换" }).ClickAsync();
        var notice = await page.Locator("#notice").InnerTextAsync();
        var stored = await App.QueryAsync(db => db.CalendarDays.Where(d => d.Year == 2031).OrderBy(d => d.Date).Select(d => new { d.Date, d.Kind, d.Name }).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(error, Does.Contain("第 3 行").And.Contain("未保存任何数据"));
            Assert.That(afterBad, Is.EqualTo(before), "a bad file changes nothing");
            Assert.That(before, Is.Not.Empty);
            Assert.That(notice, Does.Contain("已保存 2031 年"));
            Assert.That(page.Url, Does.EndWith("/calendar?year=2031"));
            Assert.That(stored.Select(d => (d.Date, d.Kind, d.Name)), Is.EqualTo(new[]
            {
                (new DateOnly(2031, 1, 1), CalendarDayKind.Holiday, "元旦"),
                (new DateOnly(2031, 1, 4), CalendarDayKind.Workday, "元旦调休上班"),
            }));
            Assert.That(await page.Locator("#months td[data-date='2031-01-04']").GetAttributeAsync("data-kind"), Is.EqualTo("Workday"));
        });
    }

    [Test]
    public async Task Targets_ListTheDemoTargetsWithTheDatabasesVerdictsInChinese_AndTheHistoryDrawsOnePointPerVerdict()
    {
        var demo = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var page = await SignInAsync("supervisor");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "目标" }).ClickAsync();
        await page.WaitForURLAsync("**/targets");
        await page.GetByLabel("通知文件").SelectOptionAsync(demo.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/targets?circularId={demo}", StringComparison.Ordinal));
        await Browser.ScreenshotAsync(page, "targets-list");

        var shown = await page.Locator("table.targets tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.dataset.target + '/' + r.dataset.institution + '=' + r.querySelector('.tstatus').textContent.trim())");
        var results = await App.QueryAsync(db => db.TargetResults.Where(r => r.TrackedTarget.Requirement.CircularId == demo)
            .Select(r => new { r.TrackedTargetId, Code = r.Institution != null ? r.Institution.Code : "", r.Status, r.EvaluatedAt, r.PeriodKey }).ToListAsync());
        var expected = results.GroupBy(r => (r.TrackedTargetId, r.Code))
            .Select(g => g.OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.PeriodKey, StringComparer.Ordinal).First())
            .Select(r => $"{r.TrackedTargetId}/{r.Code}={Chinese(r.Status)}").Order(StringComparer.Ordinal).ToList();

        // The history of one bank's verdicts: one point per stored weekly verdict.
        var row = page.Locator("table.targets tbody tr:not(.total)").First;
        var target = int.Parse((await row.GetAttributeAsync("data-target"))!, System.Globalization.CultureInfo.InvariantCulture);
        var bank = await row.GetAttributeAsync("data-institution");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/targets/{target}?institution={bank}");
        await Browser.ScreenshotAsync(page, "target-history");
        var weekly = await App.QueryAsync(db => db.TargetResults.CountAsync(r => r.TrackedTargetId == target && r.Institution!.Code == bank && r.PeriodKey != TargetTracker.NoPeriod));

        Assert.Multiple(async () =>
        {
            Assert.That(shown.Order(StringComparer.Ordinal).ToList(), Is.EqualTo(expected), "every latest verdict of the demo's targets, with its Chinese status");
            Assert.That(shown.Select(s => s.Split('=')[1]).Distinct().Count(), Is.GreaterThan(1), "the demo's verdicts differ");
            Assert.That(weekly, Is.GreaterThan(0));
            Assert.That(await page.Locator("#history-chart svg[role=img] circle.point").CountAsync(), Is.EqualTo(weekly));
            Assert.That(await page.Locator("#history-table tbody tr").CountAsync(), Is.EqualTo(weekly));
            Assert.That(await page.Locator("#current .explanation").InnerTextAsync(), Does.Match("[\u4e00-\u9fff]"));
        });
    }

    [Test]
    public async Task Supervisor_EntersABaseline_ItIsStored_AndATextFigureIsRefusedInChinese_WithNothingStored()
    {
        var year = ReportingSupport.TodayInChina.Year;
        var page = await SignInAsync("supervisor");
        await page.GotoAsync("/targets/baselines");
        await page.GetByLabel("第 1 行机构").SelectOptionAsync("SD-BOC");
        await page.GetByLabel("第 1 行指标").SelectOptionAsync("PHXW_CNT");
        await page.GetByLabel("第 1 行年初数").FillAsync("4321.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存年初数" }).ClickAsync();
        var notice = await page.Locator("#notice").InnerTextAsync();
        var listed = await page.Locator("#baselines tr[data-institution=SD-BOC][data-indicator=PHXW_CNT]").InnerTextAsync();
        var stored = await App.QueryAsync(db => db.TargetBaselines.Where(b => b.Year == year && b.Institution.Code == "SD-BOC" && b.Indicator == "PHXW_CNT").Select(b => b.Value).SingleAsync());

        // A good row and a bad one together: nothing of either is stored.
        var loanBefore = await App.QueryAsync(db => db.TargetBaselines.Where(b => b.Year == year && b.Institution.Code == "SD-ABC" && b.Indicator == "LOAN_BAL").Select(b => (decimal?)b.Value).SingleOrDefaultAsync());
        await page.GetByLabel("第 1 行机构").SelectOptionAsync("SD-ICBC");
        await page.GetByLabel("第 1 行指标").SelectOptionAsync("PHXW_CNT");
        await page.GetByLabel("第 1 行年初数").FillAsync("777");
        await page.GetByLabel("第 2 行机构").SelectOptionAsync("SD-ABC");
        await page.GetByLabel("第 2 行指标").SelectOptionAsync("LOAN_BAL");
        await page.GetByLabel("第 2 行年初数").FillAsync("十二万");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存年初数" }).ClickAsync();
        var error = await page.Locator("#baseline-error").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "target-baselines-error");
        var loanAfter = await App.QueryAsync(db => db.TargetBaselines.Where(b => b.Year == year && b.Institution.Code == "SD-ABC" && b.Indicator == "LOAN_BAL").Select(b => (decimal?)b.Value).SingleOrDefaultAsync());
        var goodRowStored = await App.QueryAsync(db => db.TargetBaselines.AnyAsync(b => b.Year == year && b.Institution.Code == "SD-ICBC" && b.Indicator == "PHXW_CNT" && b.Value == 777m));

        Assert.Multiple(async () =>
        {
            Assert.That(notice, Does.Contain("已保存"));
            Assert.That(stored, Is.EqualTo(4321.5m));
            Assert.That(listed, Does.Contain("4,321.5"), "the stored figure is listed");
            Assert.That(error, Does.Contain("第 2 行").And.Contain("不是数字").And.Contain("未保存任何数据"));
            Assert.That(loanAfter, Is.EqualTo(loanBefore));
            Assert.That(goodRowStored, Is.False, "all or nothing");
            Assert.That(await page.GetByLabel("第 2 行年初数").InputValueAsync(), Is.EqualTo("十二万"), "what was typed is shown again");
        });
    }

    [Test]
    public async Task Reporter_IsRefusedTheTargetsAndCalendarPages()
    {
        var page = await SignInAsync("SD-CCB-reporter");
        var targets = await page.GotoAsync("/targets");
        var heading = await page.Locator("h1").InnerTextAsync();
        var calendar = await page.GotoAsync("/calendar");

        Assert.Multiple(() =>
        {
            Assert.That(targets!.Status, Is.EqualTo(403));
            Assert.That(heading, Is.EqualTo("无权访问"));
            Assert.That(calendar!.Status, Is.EqualTo(403));
        });
    }

    private static string Chinese(TargetStatus status) => status switch
    {
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.AtRisk => "有风险",
        TargetStatus.Missed => "未达标",
        TargetStatus.Met => "已达标",
        _ => "无数据",
    };
}
