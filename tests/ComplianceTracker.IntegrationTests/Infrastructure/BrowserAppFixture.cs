using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// A fixture for the pages in a real browser: an app of its own on SQLite and Kestrel (a real port), and the test
/// run's Chromium (<see cref="Browser.SharedAsync"/>). The browser contexts a fixture opens are closed when it ends;
/// the browser stays for the next fixture.
/// </summary>
public abstract class BrowserAppFixture
{
    private readonly List<IBrowserContext> contexts = [];

    protected ComplianceApp App { get; private set; } = null!;

    /// <summary>The test run's Chromium; open contexts with <see cref="NewContextAsync"/> so they are closed with the fixture.</summary>
    protected IBrowser Chromium { get; private set; } = null!;

    /// <summary>Configuration a fixture adds to the app's.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>The app's clock, when a fixture sets the time (the app then starts on an empty database, seeded at that time).</summary>
    protected virtual TimeProvider? Clock => null;

    [OneTimeSetUp]
    public async Task StartAppAndBrowser()
    {
        // The browser first: without Chromium the fixture is skipped (or failed under CI) before an app is started.
        Chromium = await Browser.SharedAsync();
        App = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, Settings, Clock, kestrel: true);
    }

    [OneTimeTearDown]
    public async Task StopAppAndBrowserContexts()
    {
        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Gone with the browser: nothing left to close.
            }
        }

        contexts.Clear();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>A browser context of this fixture's, closed when the fixture ends (or earlier by the test).</summary>
    protected async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Chromium.NewContextAsync(options ?? Browser.ContextOptions(App));
        contexts.Add(context);
        return context;
    }

    /// <summary>A context's options at the desk (1366 px) or on a phone with touch (<see cref="Browser.PhoneOptions"/>).</summary>
    protected BrowserNewContextOptions Options(bool phone) => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);

    /// <summary>
    /// A fresh browser context (1366×900 unless another viewport is given, zh-CN) signed in as a demo user through the
    /// sign-in page.
    /// </summary>
    protected async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null, bool bypassContentSecurityPolicy = false) =>
        await Browser.SignInAsync(await NewContextAsync(Browser.ContextOptions(App, viewport, bypassContentSecurityPolicy)), userName);
}
