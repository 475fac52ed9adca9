using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). Missing, browser tests are skipped with a message,
/// except under CI (`.ci/run` installs `chromium`), where they fail. Screenshots go to the test output's
/// <c>screenshots/</c> folder and are attached to the test results.
/// </summary>
public static class Browser
{
    private const string Chromium = "/usr/bin/chromium";

    public static string ScreenshotFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("chromium is missing: .ci/run must install it.");
            }

            Assert.Ignore("Browser tests need Debian's Chromium: apt-get install chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--lang=zh-CN"] });
        return (playwright, browser);
    }

    /// <summary>
    /// A fresh browser context (1366×900 unless another viewport is given, zh-CN) signed in as a demo user through
    /// the sign-in page.
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, ComplianceApp app, string userName, ViewportSize? viewport = null, bool bypassContentSecurityPolicy = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(),
            Locale = "zh-CN",
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
            AcceptDownloads = true,
            BypassCSP = bypassContentSecurityPolicy,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/account/login"), "an anonymous visitor is sent to sign in");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(ComplianceApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }
}
