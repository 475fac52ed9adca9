using System.Net.Http.Headers;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 15's sessions: a page sign-in ends after 30 minutes without a request (each request renews it), and 退出登录
/// ends the person's sessions everywhere at once: the other browser and the API token too. At 1366 px and on a phone.
/// </summary>
[NonParallelizable]
public class SessionsTests : BrowserAppFixture
{
    private readonly TestClock clock = new();

    protected override TimeProvider? Clock => clock;

    [TestCase(false, TestName = "Sessions_IdleThirtyMinutes_AndSignOutEverywhere_AtTheDesk")]
    [TestCase(true, TestName = "Sessions_IdleThirtyMinutes_AndSignOutEverywhere_OnAPhone")]
    public async Task ASession_EndsAfterThirtyIdleMinutes_AndSignOutEndsItEverywhere(bool phone)
    {
        var user = phone ? "SD-ABC-reporter" : "SD-ICBC-reporter";

        // Idle: a request after 29 minutes keeps the sign-in (and renews it); 31 quiet minutes after that end it.
        var page = await Browser.SignInAsync(await NewContextAsync(Options(phone)), user);
        clock.Advance(TimeSpan.FromMinutes(29));
        await Browser.NavigateAsync(page, "消息");
        await page.WaitForURLAsync("**/notifications");
        var afterTwentyNine = new Uri(page.Url).AbsolutePath;
        clock.Advance(TimeSpan.FromMinutes(31));
        await page.ReloadAsync();
        var afterIdle = new Uri(page.Url).AbsolutePath;
        var expiredNote = await page.Locator("#expired").InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"journey15-idle-{(phone ? "phone" : "desk")}");

        // Everywhere at once: signed in at the desk, on a phone and with a token; 退出登录 in one ends all three.
        var here = await Browser.SignInAsync(await NewContextAsync(Options(phone)), user);
        var there = await Browser.SignInAsync(await NewContextAsync(Options(!phone)), user);
        using var api = App.CreateClient();
        var token = await (await api.PostAsJsonAsync("/api/auth/token", new { userName = user, password = ComplianceApp.DemoPassword })).ExpectAsync(HttpStatusCode.OK);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var tokenBefore = (await api.GetAsync("/api/me")).StatusCode;
        var signOut = here.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "退出登录" });
        await Browser.PostAsync(signOut);
        var hereAfter = new Uri(here.Url).AbsolutePath;
        await there.ReloadAsync();
        var thereAfter = new Uri(there.Url).AbsolutePath;
        var tokenAfter = (await api.GetAsync("/api/me")).StatusCode;
        var audited = await App.QueryAsync(db => db.AuditEntries.CountAsync(a => a.UserName == user && a.Action == Web.Domain.AuditActions.SignOut));

        Assert.Multiple(() =>
        {
            Assert.That(afterTwentyNine, Is.EqualTo("/notifications"), "29 minutes idle: still signed in");
            Assert.That(afterIdle, Is.EqualTo("/account/login"), "30 minutes idle: signed out");
            Assert.That(expiredNote, Does.Contain("登录"), "the sign-in page says the session ended");
            Assert.That(tokenBefore, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(hereAfter, Is.EqualTo("/account/login"));
            Assert.That(thereAfter, Is.EqualTo("/account/login"), "the other browser is signed out too");
            Assert.That(tokenAfter, Is.EqualTo(HttpStatusCode.Unauthorized), "and the token");
            Assert.That(audited, Is.GreaterThanOrEqualTo(1));
        });
    }
}
