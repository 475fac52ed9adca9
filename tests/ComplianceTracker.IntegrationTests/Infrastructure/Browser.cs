using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), one per test run: launched when the first browser
/// test asks for it (a run without browser tests never starts it) and closed by <see cref="TestRun"/> at the end.
/// Missing, browser tests are skipped with a message, except under CI (`.ci/run` installs `chromium`), where they
/// fail. Screenshots go to the test output's <c>screenshots/</c> folder and are attached to the test results.
/// </summary>
public static class Browser
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? shared;

    public static string ScreenshotFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");

    /// <summary>The test run's Chromium, launched on first use (and again should it have gone away).</summary>
    public static async Task<IBrowser> SharedAsync()
    {
        if (!File.Exists(Chromium))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("chromium is missing: .ci/run must install it.");
            }

            Assert.Ignore("Browser tests need Debian's Chromium: apt-get install chromium");
        }

        await Gate.WaitAsync();
        try
        {
            if (shared is { IsConnected: true })
            {
                return shared;
            }

            playwright ??= await Playwright.CreateAsync();
            shared = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--lang=zh-CN"],
                Env = ChineseEnvironment(),
            });
            return shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The test process's environment with Chinese as the browser's own language, as for people in China: the native
    /// controls then read 选择文件 / 未选择任何文件, not Choose File / No file chosen. On Linux Chromium takes that
    /// language from <c>LANGUAGE</c>/<c>LANG</c>, not from <c>--lang</c> or the context's locale, and Debian ships the
    /// Chinese strings in <c>chromium-l10n</c> (without it they stay English).
    /// </summary>
    private static Dictionary<string, string> ChineseEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        environment["LANGUAGE"] = "zh_CN";
        return environment;
    }

    /// <summary>Closes the run's Chromium and Playwright's driver, if a test started them.</summary>
    public static async Task CloseSharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (shared is not null)
            {
                await shared.DisposeAsync();
                shared = null;
            }

            playwright?.Dispose();
            playwright = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A browser context on the app: 1366×900 unless another viewport is given, zh-CN, downloads accepted.</summary>
    public static BrowserNewContextOptions ContextOptions(ComplianceApp app, ViewportSize? viewport = null, bool bypassContentSecurityPolicy = false) => new()
    {
        BaseURL = app.Address.ToString(),
        Locale = "zh-CN",
        ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
        AcceptDownloads = true,
        BypassCSP = bypassContentSecurityPolicy,
    };

    /// <summary>The confirmations pages signed in by <see cref="SignInAsync"/> asked, in order (answered 确定).</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> DialogLog { get; } = new();

    /// <summary>A phone: 390×844, touch, a mobile viewport (the width the journeys are walked at besides 1366).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>A browser context on the app as a phone with touch (<see cref="Phone"/>).</summary>
    public static BrowserNewContextOptions PhoneOptions(ComplianceApp app)
    {
        var options = ContextOptions(app, Phone);
        options.IsMobile = true;
        options.HasTouch = true;
        return options;
    }

    /// <summary>
    /// Clicks a link of the main navigation as a person would: on a phone the navigation is folded behind 菜单,
    /// which is tapped first.
    /// </summary>
    public static async Task NavigateAsync(IPage page, string link)
    {
        var menu = page.Locator("label.menu-button");
        if (await menu.IsVisibleAsync())
        {
            await menu.TapAsync();
        }

        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
    }

    /// <summary>Goes to 消息 through the navigation and opens the newest message whose row says <paramref name="title"/>.</summary>
    public static async Task OpenMessageAsync(IPage page, string title)
    {
        await NavigateAsync(page, "消息");
        await page.WaitForURLAsync("**/notifications");
        await page.Locator("#messages tbody tr", new() { HasTextString = title }).First.Locator("button.open-message").ClickAsync();
    }

    /// <summary>Clicks a button that posts its form (a page's button, not a script's) and waits for the page of the answer.</summary>
    public static async Task PostAsync(ILocator button)
    {
        await button.Page.RunAndWaitForResponseAsync(() => button.ClickAsync(), r => r.Request.Method == "POST");
        await button.Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>How many pixels the page is wider than the screen (0 when nothing scrolls sideways).</summary>
    public static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    /// <summary>Signs a demo user in through the sign-in page, in a fresh context, and returns the page it lands on.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string userName, string password = ComplianceApp.DemoPassword)
    {
        var page = await context.NewPageAsync();

        // A person answers 确定 to the page's confirmations (提交 asks first); what was asked is kept for the test.
        page.Dialog += async (_, dialog) =>
        {
            DialogLog.Enqueue(dialog.Message);
            await dialog.AcceptAsync();
        };
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/account/login"), "an anonymous visitor is sent to sign in");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
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
