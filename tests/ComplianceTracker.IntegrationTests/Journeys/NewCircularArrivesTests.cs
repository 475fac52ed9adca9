using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 7 of JOURNEYS.md, "A new circular arrives", at 1366 px and on a phone: the supervisor pastes a circular that
/// asks every bank for a report within ten days of issue, saves and publishes it in the pages; the app's own job
/// server tells each bound bank. The bank's reporter, signed in, finds it in 消息 with what the bank now owes and the
/// first due date, opens it and lands on the circular; the head is told too; each once. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class NewCircularArrivesTests : BrowserAppFixture
{
    private const string Bank = "SD-CCB";

    /// <summary>The app runs its Hangfire server: publishing enqueues the message job, which the server runs.</summary>
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Jobs:RunServer"] = "true" };

    [TestCase(false, TestName = "NewCircularArrives_AtTheDesk")]
    [TestCase(true, TestName = "NewCircularArrives_OnAPhone")]
    public async Task APublishedCircular_ReachesTheBanksReporterAndHead_WithWhatItOwes_Once(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var title = phone ? "关于报送反诈骗工作自查报告的通知" : "关于报送普惠金融自查报告的通知";
        var number = $"长上金发〔2026〕{Random.Shared.Next(1000, 9_999_999)}号";
        BrowserNewContextOptions Options() => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);

        // The supervisor pastes the circular, reviews the proposal, binds the banks, saves and publishes it.
        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options()), "supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "新建通知" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/circulars/new");
        await supervisor.GetByLabel("通知全文").FillAsync(Text(title));
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "识别" }).ClickAsync();
        await supervisor.Locator("#review").WaitForAsync();
        await supervisor.WaitForLoadStateAsync();
        await supervisor.Locator("#f-DocumentNumber").FillAsync(number);
        var applyAll = supervisor.Locator("#apply-all");
        await applyAll.GetByLabel("银行").CheckAsync();
        await applyAll.GetByRole(AriaRole.Button, new() { Name = "应用到全部要求" }).ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已将" }).WaitForAsync();
        await supervisor.WaitForLoadStateAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await supervisor.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/circulars/\d+$"));
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "发布" }).ClickAsync();
        await supervisor.Locator("#confirm-publish").WaitForAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
        await supervisor.Locator("#notice").WaitForAsync();
        await Browser.ScreenshotAsync(supervisor, $"journey7-published-{name}");
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == number).Select(c => c.Id).SingleAsync());
        var dueAt = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Requirement.CircularId == circularId && d.Obligation.Institution.Code == Bank)
            .Select(d => d.DueAt).SingleAsync());

        // The bank's reporter: 消息 has it (the job server tells within seconds); opening it shows the circular.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options()), $"{Bank}-reporter");
        var message = await WaitForMessageAsync(reporter, number);
        var messageText = await message.InnerTextAsync();
        var overflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey7-message-{name}");
        await message.Locator("button.open-message").ClickAsync();
        await reporter.WaitForURLAsync($"**/circulars/{circularId}");
        var heading = await reporter.Locator("h1").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"journey7-circular-{name}");

        var told = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.CircularPublished && n.Link == $"/circulars/{circularId}"
                && db.Users.Any(u => u.Id == n.UserId && u.Institution!.Code == Bank))
            .Select(n => db.Users.Where(u => u.Id == n.UserId).Select(u => u.UserName).Single()).ToListAsync());
        var due = ChinaTimeOf(dueAt!.Value);

        Assert.Multiple(() =>
        {
            Assert.That(messageText, Does.Contain(title).And.Contain("自查报告"), "what the bank now owes");
            Assert.That(messageText, Does.Contain($"{due.Month}月{due.Day}日").Or.Contain(due.ToString("yyyy-MM-dd")), "with its first due date");
            Assert.That(heading, Does.Contain(title));
            Assert.That(told, Is.EquivalentTo(new[] { $"{Bank}-reporter", $"{Bank}-head" }), "the reporter and the head, each once");
            Assert.That(overflow, Is.LessThanOrEqualTo(0));
        });
    }

    /// <summary>The circular as a supervisor pastes it: one requirement, a report within ten days of issue.</summary>
    private static string Text(string title) => $"""
        长治市上党区金融工作中心
        {title}
        各银行机构：
        为做好相关工作，现将有关事项通知如下：
        一、各银行机构须于文发之后十日内将自查报告报送区政府金融工作中心。
        长治市上党区金融工作中心
        {ReportingSupportDate()}
        """;

    private static string ReportingSupportDate()
    {
        var today = Features.ReportingSupport.TodayInChina;
        return $"{today.Year}年{today.Month}月{today.Day}日";
    }

    private static DateTime ChinaTimeOf(DateTime utc) => utc.AddHours(8);

    /// <summary>Opens 消息 by the navigation until the message naming <paramref name="number"/> is there (the job server sends within seconds).</summary>
    private static async Task<ILocator> WaitForMessageAsync(IPage page, string number)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Browser.NavigateAsync(page, "消息");
            await page.WaitForURLAsync("**/notifications");
            var row = page.Locator("#messages tbody tr", new() { HasTextString = number }).First;
            if (await row.CountAsync() > 0)
            {
                return row;
            }

            await page.WaitForTimeoutAsync(1_000);
        }

        Assert.Fail("the bank's reporter was not told of the new circular within 30 s");
        return null!;
    }
}
