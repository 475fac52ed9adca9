using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The pages in a real browser (Debian's Chromium) against the app on a real port, on the demo data: sign in,
/// navigation by role, 我的待办, the inbox with its unread count, Chinese error pages.
/// </summary>
[NonParallelizable]
public class PagesTests
{
    private ComplianceApp app = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        (playwright, browser) = await Browser.LaunchAsync();
        app = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<IPage> SignInAsync(string userName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/account/login"), "an anonymous visitor is sent to sign in");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(ComplianceApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    [Test]
    public async Task Reporter_SignsIn_AndReadsTheirDueItems_OverdueFirst_InChinese()
    {
        var page = await SignInAsync("SD-CCB-reporter");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "我的待办" }).ClickAsync();
        await page.WaitForURLAsync("**/todo");
        await Browser.ScreenshotAsync(page, "reporter-todo");

        var statuses = await page.Locator("td[data-label=状态]").AllInnerTextsAsync();
        var institutions = (await page.Locator("td[data-label=机构]").AllInnerTextsAsync()).Distinct().ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo("zh-CN"));
            Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("我的待办"));
            Assert.That(statuses, Is.Not.Empty);
            Assert.That(statuses[0], Does.StartWith("逾期"), "overdue first: the demo leaves SD-CCB's measures unsent");
            Assert.That(institutions, Is.EqualTo(new[] { "中国建设银行长治上党支行" }), "a reporter sees its own institution only");
            Assert.That(await page.Locator("nav").InnerTextAsync(), Does.Not.Contain("后台任务"), "no admin links for a reporter");
        });
    }

    [Test]
    public async Task Inbox_ShowsTheUnreadCount_AndMarkingReadLowersIt()
    {
        // A supervisor chases SD-ICBC through the API; its reporter finds the message in the inbox.
        var supervisor = await app.ClientForAsync("supervisor");
        var item = await app.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-ICBC"
            && (d.Status == Web.Features.Obligations.DueItemStatus.Open || d.Status == Web.Features.Obligations.DueItemStatus.Overdue)).OrderBy(d => d.DueAt).Select(d => d.Id).FirstAsync());
        await (await supervisor.PostAsync($"/api/obligations/{item}/remind", null)).ExpectAsync(HttpStatusCode.OK);

        var page = await SignInAsync("SD-ICBC-reporter");
        var badge = await page.Locator("nav .badge").InnerTextAsync();
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "通知" }).ClickAsync();
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
