using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Issue 17's "done when", end to end by clicking in Chromium, on the app's own clock (a TestClock):
/// on 3 August 2026 the supervisor pastes a new 上党区 circular asking every bank for a monthly statistics table by the
/// 5th working day after each month, August to November 2026, deletes the requirement wrongly proposed from the heading,
/// binds the district's five banks and publishes it; builds
/// the monthly form from the attached Excel table on the circular's page. On 2 September the bank's reporter opens
/// August's form from 我的待办, fills and submits it, and the head approves it. The supervisor then amends the deadline
/// to the 10th working day: the bank's open September moves from 2026年10月13日 to 2026年10月20日 (the National Day
/// holiday and the 10 October make-up working day counted by hand) and the reporter is told both dates in 消息;
/// the bank's submitted August keeps 7 September on the circular's 到期事项 and its history (a bank yet to report
/// August now has until 14 September, and so has the form's shared August period). Last the supervisor repeals the circular from 1 September: September to
/// November leave the bank's 我的待办 and the form's periods, August stays. From each sign-in on, only clicks: every
/// page after the first is reached from a page of the app (a request with a same-origin referrer).
/// Screenshots of the key pages at 1366 px and 390 px.
/// </summary>
[NonParallelizable]
public class MonthlyRegimeEndToEndTests : BrowserAppFixture
{
    private const string Bank = "SD-ICBC";
    private const string BankName = "中国工商银行长治上党支行";

    /// <summary>The five banks of 上党区 the notice binds: the big five's branches (the rural bank is off the registry here).</summary>
    private static readonly string[] FiveBanks =
    [
        "中国工商银行长治上党支行", "中国农业银行长治上党支行", "中国银行长治上党支行", "中国建设银行长治上党支行", "中国邮政储蓄银行长治市上党区支行",
    ];

    private readonly TestClock clock = StartedClock();

    private readonly List<string> typed = [];

    private int clicked;

    protected override TimeProvider Clock => clock;

    private static TestClock StartedClock()
    {
        var clock = new TestClock();
        clock.SetChina(new DateTime(2026, 8, 3, 9, 0, 0));
        return clock;
    }

    [Test]
    public async Task ANewMonthlyCircular_IsPublishedWithItsForm_Filled_Amended_AndRepealed_ByClicking()
    {
        var suffix = Random.Shared.Next(100, 999);
        var number = $"长上金发〔2026〕{suffix}号";
        var title = "关于按月报送小微企业金融服务情况的通知";
        var code = $"XW-M{suffix}";
        var table = Path.Combine(Path.GetTempPath(), $"小微企业金融服务情况统计表-{suffix}.xlsx");
        await File.WriteAllBytesAsync(table, MonthlyTable());

        // The district's registry as this journey needs it: the rural bank and its 营业部 have left it (撤并), so the
        // notice to 各银行机构 binds the five state-owned banks' branches.
        var api = await App.ClientForAsync("supervisor");
        foreach (var gone in new[] { "SD-RCB-HQ", "SD-RCB" })
        {
            await (await api.PostAsync($"/api/institutions/{gone}/deactivate", null)).ExpectAsync(HttpStatusCode.OK);
        }

        // 1. 3 August 2026: the supervisor pastes the notice, reviews what was read, binds the banks, saves, publishes.
        var supervisor = await SignInAsync("supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "新建通知" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/circulars/new");
        await supervisor.GetByLabel("通知全文").FillAsync(Text(number, title));
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "识别" }).ClickAsync();
        await supervisor.Locator("#review").WaitForAsync();

        // The heading before 一、 is proposed as a requirement of its own (its title says 按月报送): not one, deleted.
        var proposedClauses = await supervisor.Locator("fieldset.requirement input[id$='-clause']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        await supervisor.Locator("fieldset.requirement", new() { Has = supervisor.Locator("input[id$='-clause'][value='正文']") })
            .GetByRole(AriaRole.Button, new() { Name = "删除此条要求" }).ClickAsync();
        await supervisor.Locator("#requirement-count", new() { HasTextString = "2" }).WaitForAsync();
        var keptClauses = await supervisor.Locator("fieldset.requirement input[id$='-clause']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");

        // What the text says of the months (August to November) the supervisor types as the notice's validity.
        await supervisor.Locator("#f-EffectiveFrom").FillAsync("2026-08-01");
        await supervisor.Locator("#f-EffectiveTo").FillAsync("2026-11-30");
        var applyAll = supervisor.Locator("#apply-all");
        await applyAll.GetByLabel("银行").CheckAsync();
        await Browser.PostAsync(applyAll.GetByRole(AriaRole.Button, new() { Name = "应用到全部要求" }));
        await supervisor.Locator("#notice", new() { HasTextString = "已将" }).WaitForAsync();
        var read = new
        {
            Number = await supervisor.Locator("#f-DocumentNumber").InputValueAsync(),
            Title = await supervisor.Locator("#f-Title").InputValueAsync(),
            IssuedOn = await supervisor.Locator("#f-IssuedOn").InputValueAsync(),
            Frequency = await supervisor.Locator("#r0-frequency").InputValueAsync(),
            Anchor = await supervisor.Locator("#r0-anchor").InputValueAsync(),
            Offset = await supervisor.Locator("#r0-offset").InputValueAsync(),
            Unit = await supervisor.Locator("#r0-unit").InputValueAsync(),
        };
        var firstDueDates = await supervisor.Locator("#r0-preview li").AllInnerTextsAsync();
        await ScreenshotsAsync(supervisor, "monthly-review");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await supervisor.WaitForURLAsync(new Regex(@"/circulars/\d+$"));
        var circularUrl = supervisor.Url;
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "发布" }).ClickAsync();
        await supervisor.Locator("#confirm-publish").WaitForAsync();
        var boundCount = await supervisor.Locator("#preview-count").InnerTextAsync();
        var bound = await supervisor.Locator("#preview tbody tr td:first-child").AllInnerTextsAsync();
        await ScreenshotsAsync(supervisor, "monthly-publish-preview");
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "确认发布" }));
        var published = await supervisor.Locator("#notice").InnerTextAsync();

        // 2. On the circular's page: 建立报表 for the monthly requirement, the attached table uploaded, reviewed, saved.
        await supervisor.Locator("#requirements tr[data-clause='一、']").GetByRole(AriaRole.Link, new() { Name = "建立报表" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/forms/new?requirement=*");
        await supervisor.GetByLabel("统计表文件").SetInputFilesAsync(table);
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "上传统计表" }));
        var proposed = await supervisor.Locator("#notice").InnerTextAsync();
        var indicatorNames = await supervisor.Locator("input.indicator-name").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        var formName = await supervisor.Locator("#f-name").InputValueAsync();
        await supervisor.Locator("#f-code").FillAsync(code);
        await ScreenshotsAsync(supervisor, "monthly-form-proposed");
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "保存报表" }));
        var formSaved = await supervisor.Locator("#notice").InnerTextAsync();

        // 3. 2 September 2026, 10:00: August is over; the reporter fills it from 我的待办 and submits, the head approves.
        clock.SetChina(new DateTime(2026, 9, 2, 10, 0, 0));
        var reporter = await SignInAsync($"{Bank}-reporter");
        await Browser.NavigateAsync(reporter, "我的待办");
        await reporter.WaitForURLAsync("**/todo");
        var august = reporter.Locator("#due-items tbody tr", new() { HasTextString = number }).Filter(new() { HasTextString = "2026年8月" });
        var augustRow = await august.InnerTextAsync();
        await ScreenshotsAsync(reporter, "monthly-todo-august");
        await august.Locator("a.act").ClickAsync();
        await reporter.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}");
        var augustHeading = await reporter.Locator("#period-name").InnerTextAsync();
        var inputs = reporter.Locator("#report-form input[id^='v-']");
        var figures = new[] { "52836.4", "31205.7", "1286", "4518.2", "4.35" };
        for (var i = 0; i < await inputs.CountAsync(); i++)
        {
            await inputs.Nth(i).FillAsync(figures[i % figures.Length]);
        }

        await reporter.Locator("#submit-note").FillAsync("8月数据已与信贷管理系统核对一致。");
        await Browser.PostAsync(reporter.Locator("#submit-button"));
        await ExplainWarningsAsync(reporter);
        var submitted = await reporter.Locator("#status").InnerTextAsync();
        var lockState = await reporter.Locator("#lock-state").InnerTextAsync();
        await ScreenshotsAsync(reporter, "monthly-august-submitted");

        var head = await SignInAsync($"{Bank}-head");
        await Browser.NavigateAsync(head, "待审核");
        await head.WaitForURLAsync("**/approvals");
        await head.Locator("table.list tbody tr", new() { HasTextString = BankName }).GetByRole(AriaRole.Link, new() { Name = formName }).ClickAsync();
        await head.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}");
        await Browser.PostAsync(head.Locator("#approve-button"));
        await head.Locator("#notice", new() { HasTextString = "审核通过" }).WaitForAsync();
        var approved = await head.Locator("#status").InnerTextAsync();

        // 4. The supervisor (signed in again: a month has passed) amends the deadline to the 10th working day.
        supervisor = await SignInAsync("supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await supervisor.WaitForURLAsync(circularUrl);
        await supervisor.Locator("#amend").ClickAsync();
        await supervisor.Locator("#amend-form").WaitForAsync();
        await supervisor.Locator("#amend-reason").FillAsync("为减轻基层报送压力，报送时间调整为每月后第10个工作日前");
        await supervisor.Locator("#a0-offset").FillAsync("10");
        await supervisor.Locator("#preview-amend").ClickAsync();
        await supervisor.Locator("#amend-preview").WaitForAsync();
        var amendPreview = await supervisor.Locator("#amend-preview").InnerTextAsync();
        await ScreenshotsAsync(supervisor, "monthly-amend-preview");
        await supervisor.Locator("#confirm-amend").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已修订" }).WaitForAsync();
        var augustItem = await supervisor.Locator("#due-list tbody tr", new() { HasTextString = BankName }).Filter(new() { HasTextString = "2026年8月" }).InnerTextAsync();
        var othersAugust = await supervisor.Locator("#due-list tbody tr", new() { HasTextString = "中国农业银行长治上党支行" }).Filter(new() { HasTextString = "2026年8月" }).InnerTextAsync();

        await Browser.NavigateAsync(reporter, "消息");
        await reporter.WaitForURLAsync("**/notifications");
        var message = await reporter.Locator("#messages tbody tr", new() { HasTextString = number }).Filter(new() { HasTextString = "修订" }).First.InnerTextAsync();
        await ScreenshotsAsync(reporter, "monthly-bank-told");
        var laterMonths = await LaterMonthsAsync(reporter, number);
        await ScreenshotsAsync(reporter, "monthly-todo-amended");

        // August, submitted and approved, keeps its date and its history: from 报送完整性 to its form and 修改记录.
        await Browser.NavigateAsync(supervisor, "报送完整性");
        await supervisor.WaitForURLAsync("**/completeness**");
        var periodsBeforeRepeal = await FormPeriodsAsync(supervisor, code);
        await supervisor.Locator($"#matrix tr[data-institution='{Bank}'] td[data-period='2026-08'] a").ClickAsync();
        await supervisor.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}");
        var augustAfterAmend = await supervisor.Locator("main p.muted").First.InnerTextAsync();

        // 5. 废止 by hand, from 1 September: the months from then on go, August stays.
        await supervisor.Locator("#history-link").ClickAsync();
        await supervisor.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}/history");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await supervisor.WaitForURLAsync(circularUrl);
        await supervisor.Locator("#repeal").ClickAsync();
        await supervisor.Locator("#repeal-form").WaitForAsync();
        await supervisor.Locator("#repeal-reason").FillAsync("相关统计已纳入人民银行金融统计监测，本通知自2026年9月1日起废止");
        await supervisor.Locator("#repeal-effective-on").FillAsync("2026-09-01");
        await ScreenshotsAsync(supervisor, "monthly-repeal");
        await supervisor.Locator("#confirm-repeal").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已废止" }).WaitForAsync();
        var repealed = await supervisor.Locator("#meta-repealed").InnerTextAsync();
        await ScreenshotsAsync(supervisor, "monthly-repealed");
        await Browser.NavigateAsync(supervisor, "报送完整性");
        await supervisor.WaitForURLAsync("**/completeness**");
        var periodsAfterRepeal = await FormPeriodsAsync(supervisor, code);
        var formChosen = await supervisor.Locator("#form option:checked").InnerTextAsync();
        var exportLabel = await supervisor.Locator("#export-summary").InnerTextAsync();
        var augustCell = await supervisor.Locator($"#matrix tr[data-institution='{Bank}'] td[data-period='2026-08']").InnerTextAsync();
        await ScreenshotsAsync(supervisor, "monthly-completeness-repealed");
        await supervisor.Locator($"#matrix tr[data-institution='{Bank}'] td[data-period='2026-08'] a").ClickAsync();
        await supervisor.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}");
        await supervisor.Locator("#history-link").ClickAsync();
        await supervisor.WaitForURLAsync($"**/report/{code}/2026-08/{Bank}/history");
        var augustHistory = await supervisor.Locator("main").InnerTextAsync();
        await ScreenshotsAsync(supervisor, "monthly-august-history");

        var monthsLeft = await LaterMonthsAsync(reporter, number);
        await ScreenshotsAsync(reporter, "monthly-todo-repealed");
        await Browser.NavigateAsync(reporter, "消息");
        await reporter.WaitForURLAsync("**/notifications");
        var repealMessage = await reporter.Locator("#messages tbody tr", new() { HasTextString = number }).Filter(new() { HasTextString = "废止" }).First.InnerTextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(proposedClauses, Is.EqualTo(new[] { "正文", "一、", "二、" }));
            Assert.That(keptClauses, Is.EqualTo(new[] { "一、", "二、" }), "the heading's requirement deleted in the review");
            Assert.That(read.Number, Is.EqualTo(number), "the 文号 was read from the text");
            Assert.That(read.Title, Is.EqualTo(title));
            Assert.That(read.IssuedOn, Is.EqualTo("2026-08-03"));
            Assert.That((read.Frequency, read.Anchor, read.Offset, read.Unit), Is.EqualTo(("Monthly", "PeriodEnd", "5", "WorkingDays")), "每月后第5个工作日前 read as the monthly regime");
            Assert.That(firstDueDates, Has.Count.EqualTo(3));
            Assert.That(firstDueDates.ElementAtOrDefault(0), Does.Contain("2026-09-07").And.Contain("2026年8月"), "5th working day of September: 1, 2, 3, 4, 7");
            Assert.That(firstDueDates.ElementAtOrDefault(1), Does.Contain("2026-10-13").And.Contain("2026年9月"), "after the National Day holiday: 8, 9, 10 (Saturday, a make-up working day), 12, 13 October");
            Assert.That(firstDueDates.ElementAtOrDefault(2), Does.Contain("2026-11-06").And.Contain("2026年10月"), "2 to 6 November");
            Assert.That(boundCount, Is.EqualTo("5"), "the notice binds exactly five institutions");
            Assert.That(bound, Is.EquivalentTo(FiveBanks));
            Assert.That(published, Does.Contain("发布"));
            Assert.That(proposed, Does.Contain("2 个栏目、5 个指标"));
            Assert.That(indicatorNames, Is.EqualTo(new[] { "小微企业贷款余额", "普惠型小微企业贷款余额", "小微企业贷款户数", "当月新发放小微企业贷款金额", "当月新发放普惠型小微企业贷款加权平均利率" }));
            Assert.That(formName, Is.EqualTo("小微企业金融服务情况统计表"));
            Assert.That(formSaved, Does.Contain("报表已保存"));
            Assert.That(augustRow, Does.Contain("2026年9月7日"), "August is due on 7 September");
            Assert.That(augustHeading, Does.Contain("2026年8月"));
            Assert.That(submitted, Is.EqualTo("已报送，待审核"));
            Assert.That(lockState, Is.EqualTo("本期将于 2026年9月10日 23:59 锁定，锁定后不能再修改或提交。"), "locked three days after 7 September, said as people write dates");
            Assert.That(approved, Is.EqualTo(SubmissionStatus.Approved.Label()));
            Assert.That(amendPreview, Does.Contain(BankName), "the preview names the banks whose months move");
            Assert.That(message, Does.Contain("2026年9月").And.Contain("10月13日").And.Contain("10月20日"), "the bank is told September's old and new date");
            Assert.That(laterMonths.Keys, Is.EquivalentTo(new[] { "2026-09", "2026-10", "2026-11" }), "August, approved, is no longer a to-do");
            Assert.That(laterMonths.GetValueOrDefault("2026-09"), Does.Contain("2026年10月20日"), "September moves to the 10th working day: 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 October");
            Assert.That(laterMonths.GetValueOrDefault("2026-10"), Does.Contain("2026年11月13日"), "October moves to 13 November");
            Assert.That(laterMonths.GetValueOrDefault("2026-11"), Does.Contain("2026年12月14日"), "November moves to 14 December: 1-4, 7-11, 14");
            Assert.That(augustItem, Does.Contain("2026-09-07 23:59").And.Contain("已完成"), "the bank's submitted August keeps its date");
            Assert.That(othersAugust, Does.Contain("2026-09-14 23:59"), "a bank that has not reported August yet has until the 10th working day: 1-4, 7-11, 14 September");
            Assert.That(augustAfterAmend, Does.Contain("2026年8月").And.Contain("已审核通过").And.Contain("第 1 版"), "August's form keeps its approved revision");
            Assert.That(periodsBeforeRepeal, Is.EqualTo(new[] { "2026-08", "2026-09" }), "the months begun by 2 September");
            Assert.That(repealed, Does.StartWith("自 2026-09-01 起废止"));
            Assert.That(formChosen, Is.EqualTo(formName), "报送完整性 names the form, not its code");
            Assert.That(exportLabel, Is.EqualTo("导出2026年8月汇总表"), "a monthly form's summary is not called 周报");
            Assert.That(periodsAfterRepeal, Is.EqualTo(new[] { "2026-08" }), "September to November are gone from the form");
            Assert.That(augustCell, Is.Not.Empty);
            Assert.That(augustHistory, Does.Contain("8月数据已与信贷管理系统核对一致").Or.Contain("审核通过"), "August's history stays");
            Assert.That(monthsLeft, Is.Empty, "the months still to come left the bank's 我的待办");
            Assert.That(repealMessage, Does.Contain("纳入人民银行金融统计监测"), "the bank is told of the repeal with its reason");
            Assert.That(typed, Is.Empty, "after signing in every page was reached by a click");
            Assert.That(clicked, Is.GreaterThan(30), "the pages walked were seen coming from the app's pages");
        });
    }

    /// <summary>The notice as the supervisor pastes it: a district 金融工作中心's monthly statistics, August to November.</summary>
    private static string Text(string number, string title) => $"""
        长治市上党区金融工作中心
        {number}
        {title}
        各银行机构：
        为及时掌握辖内小微企业金融服务情况，做好金融支持小微企业发展工作，现就有关事项通知如下：
        一、自2026年8月起至2026年11月，各银行机构于每月后第5个工作日前报送《小微企业金融服务情况统计表》（见附件）。
        二、各银行机构要高度重视，指定专人负责，确保报送数据真实、准确、完整。
        联系人：王敏，联系电话：0355-5312345。
        附件：小微企业金融服务情况统计表
        长治市上党区金融工作中心
        2026年8月3日
        """;

    /// <summary>The attached statistics table: title, 银行名称, two sections, amounts in 万元 in the names, 户 and % in 单位.</summary>
    private static byte[] MonthlyTable()
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet("月报");
        ws.Cell("A1").Value = "附件";
        ws.Cell("A2").Value = "小微企业金融服务情况统计表";
        ws.Range("A2:E2").Merge();
        ws.Cell("A3").Value = "银行名称：";
        ws.Cell("D3").Value = "年 月";
        ws.Cell("A4").Value = "序号";
        ws.Cell("B4").Value = "指标名称";
        ws.Cell("C4").Value = "单位";
        ws.Cell("D4").Value = "本月";
        ws.Cell("E4").Value = "填报说明";
        string[][] rows =
        [
            ["一、贷款余额"],
            ["1", "小微企业贷款余额（万元）", "", "月末余额，含个体工商户和小微企业主经营性贷款"],
            ["2", "其中：普惠型小微企业贷款余额（万元）", "", "单户授信1000万元（含）以下"],
            ["3", "小微企业贷款户数", "户", "月末有贷款余额的户数"],
            ["二、当月投放"],
            ["4", "当月新发放小微企业贷款金额（万元）", "", "当月累计发放额"],
            ["5", "当月新发放普惠型小微企业贷款加权平均利率", "%", "按发放金额加权"],
        ];
        var row = 5;
        foreach (var cells in rows)
        {
            if (cells.Length == 1)
            {
                ws.Cell(row, 1).Value = cells[0];
                ws.Range(row, 1, row, 5).Merge();
            }
            else
            {
                ws.Cell(row, 1).Value = int.Parse(cells[0], CultureInfo.InvariantCulture);
                ws.Cell(row, 2).Value = cells[1];
                ws.Cell(row, 3).Value = cells[2];
                ws.Cell(row, 5).Value = cells[3];
            }

            row++;
        }

        ws.Cell(row + 1, 1).Value = "填表人：";
        ws.Cell(row + 1, 3).Value = "联系电话：";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Signs in through the sign-in page (the one page loaded by address) and from then on records any page of the
    /// app reached without coming from one of its pages: a typed address has no referrer (the app's policy is same-origin).
    /// </summary>
    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await Browser.SignInAsync(await NewContextAsync(), userName);
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Frame == page.MainFrame && request.RedirectedFrom is null
                && !(request.Headers.TryGetValue("referer", out var referer) && referer.StartsWith(App.Address.ToString().TrimEnd('/'), StringComparison.Ordinal)))
            {
                typed.Add($"{userName}: {request.Url}");
            }
            else if (request.IsNavigationRequest && request.Frame == page.MainFrame && request.RedirectedFrom is null)
            {
                clicked++;
            }
        };
        return page;
    }

    /// <summary>The page at the desk (1366 px) and on a phone's width (390 px), each checked not to scroll sideways.</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        await Browser.ScreenshotAsync(page, $"{name}-1366");
        await page.SetViewportSizeAsync(390, 844);
        await Browser.ScreenshotAsync(page, $"{name}-390");
        var overflow = await Browser.OverflowAsync(page);
        await page.SetViewportSizeAsync(1366, 900);
        Assert.That(overflow, Is.LessThanOrEqualTo(0), $"{name} does not scroll sideways at 390 px");
    }

    /// <summary>
    /// The bank's months of the notice in 我的待办, with those folded under 显示以后各期: period key to the row's text.
    /// </summary>
    private static async Task<Dictionary<string, string>> LaterMonthsAsync(IPage page, string number)
    {
        await Browser.NavigateAsync(page, "我的待办");
        await page.WaitForURLAsync("**/todo");
        if (await page.Locator("#later a").IsVisibleAsync())
        {
            await page.Locator("#later a").ClickAsync();
            await page.WaitForURLAsync("**/todo?**");
        }

        var months = new Dictionary<string, string>();
        var rows = page.Locator("#due-items tbody tr", new() { HasTextString = number });
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            months[await rows.Nth(i).GetAttributeAsync("data-period") ?? ""] = await rows.Nth(i).InnerTextAsync();
        }

        return months;
    }

    /// <summary>The form's periods as 报送完整性 shows them (its columns), the form chosen in the page.</summary>
    private static async Task<string[]> FormPeriodsAsync(IPage page, string code)
    {
        await page.Locator("#form").SelectOptionAsync(new SelectOptionValue { Value = code });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync($"**/completeness?form={code}*");
        var cells = page.Locator("#matrix tbody tr").First.Locator("td[data-period]");
        var periods = new List<string>();
        for (var i = 0; i < await cells.CountAsync(); i++)
        {
            periods.Add(await cells.Nth(i).GetAttributeAsync("data-period") ?? "");
        }

        return [.. periods];
    }

    /// <summary>Warnings, if any, ask for a comment before the figures go in: the reporter explains and submits again.</summary>
    private static async Task ExplainWarningsAsync(IPage page)
    {
        var comments = page.Locator("input[name^='c.']");
        if (await page.Locator("#status").InnerTextAsync() == "已报送，待审核" || await comments.CountAsync() == 0)
        {
            return;
        }

        for (var i = 0; i < await comments.CountAsync(); i++)
        {
            await comments.Nth(i).FillAsync("本月数据已核对，变动属实。");
        }

        await page.Locator("#submit-note").FillAsync("8月数据已与信贷管理系统核对一致。");
        await Browser.PostAsync(page.Locator("#submit-button"));
    }
}
