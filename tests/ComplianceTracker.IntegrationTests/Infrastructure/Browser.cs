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

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }
}
