using System.Globalization;
using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journeys 2 and 4 of JOURNEYS.md, at 1366 px and on a phone: the reporter opens this week's form from 我的待办,
/// types a 万元 figure in 元 and is stopped (疑似单位错误, naming last period's figure), fixes it, writes a 报送说明,
/// submits (the page asks first), withdraws, submits again; the head sees the badge, opens the report from the start
/// page, reads the note and approves it on the form; the reporter is told. From sign-in on, only clicks and typing.
/// </summary>
[NonParallelizable]
public class FillingTheWeekTests : BrowserAppFixture
{
    private const string Note = "本周新增一笔大额普惠贷款，已与信贷部门核对。";

    [TestCase(false, TestName = "FillingTheWeek_AndTheHeadApproves_AtTheDesk")]
    [TestCase(true, TestName = "FillingTheWeek_AndTheHeadApproves_OnAPhone")]
    public async Task TheReporterFillsAndSubmits_AUnitSlipIsStopped_AndTheHeadApprovesOnTheForm(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        var bank = await ReportingSupport.UntouchedBankAsync(App, period, last: phone);
        var (figures, slipCode) = await FiguresAsync(bank, period);
        Browser.DialogLog.Clear();

        // The reporter: 我的待办 → this week's row → 去填报.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), $"{bank}-reporter");
        await ReportingSupport.OpenFromTodoAsync(reporter, period, bank);
        var previousHeader = await reporter.Locator("#report-form th").Nth(2).InnerTextAsync();
        var caliber = await reporter.Locator("#report-form .caliber").First.InnerTextAsync();

        // A 万元 figure typed in 元: submitting stops with the unit slip named beside the field.
        foreach (var (code, value) in figures)
        {
            var shown = code == slipCode ? value!.Value * 10_000m : value;
            await reporter.Locator($"#v-{code}").FillAsync(shown?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        await SubmitAsync(reporter);
        var slip = await reporter.Locator($"#m-{slipCode}").InnerTextAsync();
        var statusAfterSlip = await reporter.Locator("#status").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"journey2-unit-slip-{name}");

        // Fixed, with a note: submitted after the page's confirmation.
        await reporter.Locator($"#v-{slipCode}").FillAsync(figures[slipCode]!.Value.ToString(CultureInfo.InvariantCulture));
        await reporter.Locator("#submit-note").FillAsync(Note);
        await SubmitAsync(reporter);
        await ExplainWarningsAsync(reporter);
        var submitted = await reporter.Locator("#status").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"journey2-submitted-{name}");

        // 撤回, then submit again.
        await reporter.Locator("#withdraw-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "已撤回" }).WaitForAsync();
        var withdrawn = await reporter.Locator("#status").InnerTextAsync();
        await reporter.Locator("#submit-note").FillAsync(Note);
        await SubmitAsync(reporter);
        await ExplainWarningsAsync(reporter);
        var resubmitted = await reporter.Locator("#status").InnerTextAsync();
        var reporterSeesApprove = await reporter.Locator("#approve-button").CountAsync();
        var overflow = await Browser.OverflowAsync(reporter);

        // The head: the badge, 待我审核 on the start page, the note on the form, 审核通过.
        var head = await Browser.SignInAsync(await NewContextAsync(Options(phone)), $"{bank}-head");
        var badge = await head.Locator("#approvals-badge").InnerTextAsync();
        await Browser.NavigateAsync(head, "待审核");
        await head.WaitForURLAsync("**/approvals");
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync());
        var listed = head.Locator("table.list tbody tr", new() { HasTextString = bankName }).First;
        var headlines = await listed.Locator("td.headlines").InnerTextAsync();
        var explanations = (await listed.Locator("td[data-label=提示说明]").InnerTextAsync()).Trim();
        await Browser.ScreenshotAsync(head, $"journey4-approvals-{name}");
        await Browser.NavigateAsync(head, "首页");
        var waiting = head.Locator("#waiting li", new() { HasTextString = PeriodNames.ShortName(period, ReportingSupport.TodayInChina.Year) });
        await waiting.GetByRole(AriaRole.Link, new() { Name = "去审核" }).First.ClickAsync();
        await head.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var noteShown = await head.Locator("#submit-note-shown").InnerTextAsync();
        await Browser.ScreenshotAsync(head, $"journey4-head-form-{name}");
        await head.Locator("#approve-button").ClickAsync();
        await head.Locator("#notice", new() { HasTextString = "审核通过" }).WaitForAsync();
        var approved = await ReportingSupport.StoredAsync(App, period, bank);
        var told = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.ReportApproved
            && db.Users.Any(u => u.Id == n.UserId && u.UserName == $"{bank}-reporter")));

        Assert.Multiple(() =>
        {
            Assert.That(previousHeader, Does.StartWith("上期数"));
            Assert.That(caliber, Does.StartWith("口径：").And.Length.GreaterThan(5), "what exactly to report is beside the figure");
            Assert.That(slip, Does.Contain("疑似单位错误").And.Contain("请按万元填报"), "the slip is named beside the field");
            Assert.That(statusAfterSlip, Is.Not.EqualTo("已报送，待审核"), "nothing submitted");
            Assert.That(Browser.DialogLog, Has.Some.Contains("确认提交"), "提交 asks first");
            Assert.That(submitted, Is.EqualTo("已报送，待审核"));
            Assert.That(withdrawn, Is.EqualTo(SubmissionStatus.Draft.Label()));
            Assert.That(resubmitted, Is.EqualTo("已报送，待审核"));
            Assert.That(reporterSeesApprove, Is.Zero, "a reporter has no 审核通过 button");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "the form fits the screen");
            Assert.That(int.Parse(badge, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
            Assert.That(noteShown, Does.Contain(Note), "the head reads the 报送说明");
            Assert.That(headlines, Does.Match(@"：[\d,.]+ 万元\s*（较上期 [+-]\d+\.\d%）"), "待审核 shows the headline figures against last period");
            Assert.That(explanations, Does.Contain("本周数据已核对").Or.EqualTo("无"), "and the warnings' explanations, if any");
            Assert.That(approved?.Status, Is.EqualTo(SubmissionStatus.Approved));
            Assert.That(told, Is.GreaterThanOrEqualTo(1), "the reporter is told");
        });
    }

    [Test]
    public async Task TypedFigures_SurviveAnExpiredSignIn()
    {
        var period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        var banks = await App.QueryAsync(db => ReportingSupport.UntouchedBanks(db, period).ToListAsync());
        var bank = banks[banks.Count / 2];
        var (figures, _) = await FiguresAsync(bank, period);
        var context = await NewContextAsync(Browser.ContextOptions(App));
        var page = await Browser.SignInAsync(context, $"{bank}-reporter");
        await ReportingSupport.OpenFromTodoAsync(page, period, bank);
        foreach (var (code, value) in figures)
        {
            await page.Locator($"#v-{code}").FillAsync(value?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        // The sign-in times out while the figures are typed (the cookie is no longer valid): 保存草稿 lands on the sign-in page.
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "ComplianceTracker.Auth");
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = "expired", Domain = cookie.Domain, Path = cookie.Path }]);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        var expired = await page.Locator("#expired").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "journey2-sign-in-expired");
        await page.GetByLabel("用户名").FillAsync($"{bank}-reporter");
        await page.GetByLabel("密码").FillAsync(ComplianceApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        await page.Locator("#draft-restored").WaitForAsync();
        var restored = await page.Locator("#draft-restored").InnerTextAsync();
        var shown = new Dictionary<string, string>();
        foreach (var code in figures.Keys)
        {
            shown[code] = await page.Locator($"#v-{code}").InputValueAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(expired, Does.Contain("登录已超时"));
            Assert.That(restored, Does.Contain("已恢复"));
            Assert.That(shown, Is.EqualTo(figures.ToDictionary(f => f.Key, f => f.Value?.ToString(CultureInfo.InvariantCulture) ?? "")), "every typed figure is back");
        });
    }

    private static Task SubmitAsync(IPage page) => Browser.PostAsync(page.Locator("#submit-button"));

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
            await comments.Nth(i).FillAsync("本周数据已核对，变动属实。");
        }

        await page.Locator("#submit-note").FillAsync(Note);
        await SubmitAsync(page);
    }

    /// <summary>
    /// This week's figures: the bank's last reported ones again (so no figure is ten times off), and the 万元
    /// indicator to mistype.
    /// </summary>
    private Task<(Dictionary<string, decimal?> Figures, string SlipCode)> FiguresAsync(string bank, string period) => App.QueryAsync(async db =>
    {
        var figures = await ReportingSupport.LastReportedFiguresAsync(db, bank, period);
        var wanYuan = await ReportingSupport.Indicators(db).Where(i => i.Unit == "万元").Select(i => i.Code).ToListAsync();
        var slip = wanYuan.First(c => figures.GetValueOrDefault(c) is > 0);
        return (figures, slip);
    });
}
