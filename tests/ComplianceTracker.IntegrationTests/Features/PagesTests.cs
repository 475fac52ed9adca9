using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The pages in a real browser (Debian's Chromium) against the app on a real port, on the demo data: sign in,
/// navigation by role, 我的待办, the inbox with its unread count, Chinese error pages.
/// </summary>
[NonParallelizable]
public class PagesTests : BrowserAppFixture
{
    [Test]
    public async Task Reporter_SignsIn_AndReadsTheirDueItems_OverdueFirst_InChinese()
    {
        var page = await SignInAsync("SD-CCB-reporter");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "我的待办" }).ClickAsync();
        await page.WaitForURLAsync("**/todo");
        await Browser.ScreenshotAsync(page, "reporter-todo");

        var statuses = await page.Locator("td[data-label=状态]").AllInnerTextsAsync();
        var institutions = (await page.Locator("#due-items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)")).Distinct().ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo("zh-CN"));
            Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("我的待办"));
            Assert.That(statuses, Is.Not.Empty);
            Assert.That(statuses[0], Does.StartWith("逾期"), "overdue first: the demo leaves SD-CCB's measures unsent");
            Assert.That(institutions, Is.EqualTo(new[] { "SD-CCB" }), "a reporter sees its own institution only");
            Assert.That(await page.Locator("nav").InnerTextAsync(), Does.Not.Contain("后台任务"), "no admin links for a reporter");
        });
    }

    [Test]
    public async Task Inbox_ShowsTheUnreadCount_AndMarkingReadLowersIt()
    {
        // A supervisor chases SD-ICBC through the API; its reporter finds the message in the inbox.
        var supervisor = await App.ClientForAsync("supervisor");
        // (Not a week that locked unreported: chasing it is refused until 补报 is granted.)
        var item = await App.QueryAsync(db =>
        {
            var locked = Web.Features.Obligations.ListDueItemsHandler.Locked(db, DateTime.UtcNow);
            return db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-ICBC" && (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue)
                && !locked.Any(l => l.Id == d.Id)).OrderBy(d => d.DueAt).Select(d => d.Id).FirstAsync();
        });
        await (await supervisor.PostAsync($"/api/obligations/{item}/remind", null)).ExpectAsync(HttpStatusCode.OK);

        var page = await SignInAsync("SD-ICBC-reporter");
        var badge = await page.Locator("nav .badge").InnerTextAsync();
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "消息" }).ClickAsync();
        await page.WaitForURLAsync("**/notifications");
        await Browser.ScreenshotAsync(page, "reporter-notifications");
        var chase = page.Locator("tr.unread", new() { HasTextString = "催报" }).First;
        await chase.GetByRole(AriaRole.Button, new() { Name = "标为已读" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var after = await page.Locator("nav .badge").CountAsync() == 0 ? 0 : int.Parse(await page.Locator("nav .badge").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(badge, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
            Assert.That(after, Is.EqualTo(int.Parse(badge, System.Globalization.CultureInfo.InvariantCulture) - 1));
        });
    }

    [Test]
    public async Task Reporter_EntersAnInvalidValue_ReadsTheChineseMessage_FixesIt_Submits_AndTheHeadApproves()
    {
        // A bank whose week under way it has not touched yet.
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).Select(p => p.Key).SingleAsync());
        var bank = await ReportingSupport.UntouchedBankAsync(App, period, last: true);
        var figures = await ReportingSupport.GoodFiguresAsync(App, 7);
        var page = await SignInAsync($"{bank}-reporter");
        await page.GotoAsync($"/report/{ReportingSupport.Form}/{period}/{bank}");

        foreach (var (code, value) in figures)
        {
            await page.FillAsync($"#v-{code}", code == "LOAN_BAL" ? "十二万元" : value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var message = await page.Locator("#m-LOAN_BAL").InnerTextAsync();
        var statusAfterRefusal = await page.Locator("#status").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "reporter-form-refused");

        await page.FillAsync("#v-LOAN_BAL", figures["LOAN_BAL"]!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Warnings, if any, ask for a comment before the figures go in.
        var comments = page.Locator("input[name^='c.']");
        if (await comments.CountAsync() > 0 && await page.Locator("#status").InnerTextAsync() != "已报送，待审核")
        {
            for (var i = 0; i < await comments.CountAsync(); i++)
            {
                await comments.Nth(i).FillAsync("本周数据已核对，变动属实。");
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await Browser.ScreenshotAsync(page, "reporter-form-submitted");
        var stored = await ReportingSupport.StoredAsync(App, period, bank);

        // The branch head finds it waiting and approves it.
        var head = await SignInAsync($"{bank}-head");
        await head.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "待审核" }).ClickAsync();
        await head.WaitForURLAsync("**/approvals");
        await Browser.ScreenshotAsync(head, "head-approvals");
        var row = head.Locator("tr").Filter(new() { Has = head.Locator($"input[name=period][value='{period}']") }).Filter(new() { Has = head.Locator($"input[name=institution][value='{bank}']") });
        await row.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await head.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var approvedNotice = await head.Locator("#notice").InnerTextAsync();
        var approved = await ReportingSupport.StoredAsync(App, period, bank);
        Assert.Multiple(async () =>
        {
            Assert.That(message, Does.Contain("不是数字"));
            Assert.That(statusAfterRefusal, Is.EqualTo("未填报"), "the refused form saved nothing");
            Assert.That(await page.Locator("#status").InnerTextAsync(), Is.EqualTo("已报送，待审核"));
            Assert.That(stored?.Status, Is.EqualTo(SubmissionStatus.Submitted));
            Assert.That(Web.Features.Reporting.SubmissionJson.Values(stored!.ValuesJson)["LOAN_BAL"], Is.EqualTo(figures["LOAN_BAL"]));
            Assert.That(approvedNotice, Does.Contain("审核通过"));
            Assert.That(approved?.Status, Is.EqualTo(SubmissionStatus.Approved));
        });
    }

    [Test]
    public async Task Supervisor_SeesACompletenessCellChange_ChasesAMissingBank_AndExportsTheWeeklySummary()
    {
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).Select(p => p.Key).SingleAsync());
        var bank = await ReportingSupport.UntouchedBankAsync(App, period);
        var page = await SignInAsync("supervisor");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "报送完整性" }).ClickAsync();
        await page.WaitForURLAsync("**/completeness");
        var cell = page.Locator($"#matrix tr[data-institution='{bank}'] td[data-period='{period}']");
        var before = await cell.InnerTextAsync();

        // The bank reports through the API; the supervisor reloads the matrix.
        var reporter = await App.ClientForAsync($"{bank}-reporter");
        var url = ReportingSupport.SubmissionUrl(period, bank);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await ReportingSupport.GoodFiguresAsync(App, 3), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = ReportingSupport.CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        await page.ReloadAsync();
        var after = await cell.InnerTextAsync();
        await Browser.ScreenshotAsync(page, "supervisor-completeness");

        // 催报 to a bank whose one-off measures are overdue.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "辖内待办" }).ClickAsync();
        await page.WaitForURLAsync("**/todo");
        var overdueRow = page.Locator("tr", new() { HasTextString = "逾期" }).Filter(new() { Has = page.Locator("button", new() { HasTextString = "催报" }) }).First;
        await overdueRow.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var chased = await page.Locator("#notice").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "supervisor-todo-chased");

        // The weekly summary downloads and reopens.
        await page.GotoAsync("/completeness");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-summary").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ct-summary-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        using var workbook = new ClosedXML.Excel.XLWorkbook(file);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("未到期"));
            Assert.That(after, Is.EqualTo("按时"), "the cell changed once the bank submitted");
            Assert.That(chased, Does.StartWith("已催报").Or.StartWith("本分钟内已催报"));
            Assert.That(download.SuggestedFilename, Does.EndWith(".xlsx"));
            Assert.That(workbook.Worksheets.Select(w => w.Name), Does.Contain("周报汇总"));
        });
        File.Delete(file);
    }

    [Test]
    public async Task Leader_SeesTheDashboardCharts()
    {
        var page = await SignInAsync("leader");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "看板" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Browser.ScreenshotAsync(page, "leader-dashboard");

        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("#chart-rates .chart canvas").CountAsync(), Is.EqualTo(1), "报送率 and 按时率 drawn");
            Assert.That(await page.Locator("#trend-table thead th").CountAsync(), Is.EqualTo(2 + 2), "two key indicators, besides 期次 and 已报");
            Assert.That(await page.Locator("#chart-totals .chart canvas").CountAsync(), Is.EqualTo(1), "the totals drawn");
            Assert.That(await page.Locator("#chart-overdue .chart canvas").CountAsync(), Is.EqualTo(1), "the overdue banks drawn");
            Assert.That(await page.Locator("#overdue-table tbody tr").CountAsync(), Is.GreaterThan(0), "the demo has overdue banks");
            Assert.That(await page.Locator("#targets-at-risk li").CountAsync(), Is.GreaterThan(0), "the demo has targets at risk");
            Assert.That(await page.Locator("a.button", new() { HasTextString = "导出周报汇总表" }).CountAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Reporter_CannotOpenAnotherBanksSubmission_ByUrl()
    {
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).Select(p => p.Key).SingleAsync());
        var page = await SignInAsync("SD-CCB-reporter");

        var response = await page.GotoAsync($"/report/{ReportingSupport.Form}/{period}/SD-BOC");
        var heading = await page.Locator("h1").InnerTextAsync();
        var body = await page.Locator("body").InnerTextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(heading, Is.AnyOf("页面不存在", "无权访问"));
            Assert.That(body, Does.Not.Contain("中国银行长治上党支行"), "nothing of the other bank is shown");
            Assert.That(response!.Status, Is.AnyOf(403, 404));
        });
    }

    [Test]
    public async Task ErrorPages_AreChinese_WithoutAStackTrace()
    {
        var page = await SignInAsync("SD-ABC-reporter");

        var missing = await page.GotoAsync("/no-such-page");
        var notFound = await page.Locator("h1").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "error-404");
        await page.GotoAsync("/jobs");
        var forbidden = await page.Locator("h1").InnerTextAsync();
        var body = await page.Locator("body").InnerTextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(missing!.Status, Is.EqualTo(404));
            Assert.That(notFound, Is.EqualTo("页面不存在"));
            Assert.That(forbidden, Is.EqualTo("无权访问"), "a reporter may not open the jobs dashboard");
            Assert.That(body, Does.Not.Contain("Exception").And.Not.Contain(" at "));
        });
    }
}
