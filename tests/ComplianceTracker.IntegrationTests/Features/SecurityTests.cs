using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Security headers on every kind of response, sign-in limited per address, the password policy on accounts an admin
/// creates or resets, lockout lifted by an admin, and cookies marked secure unless HTTPS is explicitly not required.
/// </summary>
[NonParallelizable]
public class SecurityTests : SqliteAppFixture
{
    [TestCase("/api/me")]
    [TestCase("/account/login")]
    [TestCase("/error/404")]
    [TestCase("/css/site.css")]
    [TestCase("/api/circulars/987654")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        var client = url.StartsWith("/api/circulars", StringComparison.Ordinal) ? await App.ClientForAsync("SD-CCB-reporter") : App.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(SecurityHeaders.ContentSecurityPolicy));
            Assert.That(SecurityHeaders.ContentSecurityPolicy, Does.Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("same-origin"));
        });
    }

    [Test]
    public async Task TheApiReference_MayRunItsInlineScript_ButIsNeverFramed()
    {
        var response = await App.CreateClient().GetAsync("/scalar/v1");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.That(policy, Does.Contain("'unsafe-inline'").And.Contain("frame-ancestors 'none'"));
    }

    [Test]
    public async Task SignIn_IsLimitedPerAddress_InChinese_AndTheRefusalIsLogged()
    {
        // An app of its own: the limit counts every sign-in from the address, the other tests' too.
        await using var limited = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["SignInLimit:PerAddressPerMinute"] = "8" });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 10; i++)
        {
            // A different account each time: the lockout (per account) would not stop this; the limit per address does.
            last = await limited.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = $"spray-{i}", password = "Guess@2026" });
            statuses.Add(last.StatusCode);
        }

        var problem = await last.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        var throttled = await limited.QueryAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.SignInThrottled).Select(a => a.UserName).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Take(8), Has.All.EqualTo(HttpStatusCode.Unauthorized), "within the limit, a wrong password is just wrong");
            Assert.That(statuses.Skip(8), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Match("登录尝试过于频繁，请 \\d+ 秒后再试。"));
            Assert.That(last.Headers.RetryAfter, Is.Not.Null);
            Assert.That(throttled, Is.SupersetOf(new[] { "spray-8", "spray-9" }));
        });
    }

    [Test]
    public async Task AnAdminCreatesAnAccount_OnlyWithAPasswordThePolicyAccepts_AndNothingIsCreatedOtherwise()
    {
        var admin = await App.ClientForAsync("admin");
        var weak = await (await admin.PostAsJsonAsync("/api/users", new { userName = "sd-ccb-li", displayName = "李会计", roles = new[] { "Reporter" }, institutionCode = "SD-CCB", password = "abc" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var created = await App.QueryAsync(db => db.Users.AnyAsync(u => u.UserName == "sd-ccb-li"));

        Assert.Multiple(() =>
        {
            Assert.That(weak.GetProperty("detail").GetString(), Does.Contain("密码至少需要 8 个字符").And.Contain("大写字母").And.Contain("数字").And.Contain("符号"));
            Assert.That(created, Is.False);
        });

        var body = await (await admin.PostAsJsonAsync("/api/users", new { userName = "sd-ccb-li", displayName = "李会计", roles = new[] { "Reporter" }, institutionCode = "SD-CCB", password = "Li@Kuaiji2026" }))
            .ExpectAsync(HttpStatusCode.Created);
        var token = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "sd-ccb-li", password = "Li@Kuaiji2026" });

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("institutionCode").GetString(), Is.EqualTo("SD-CCB"));
            Assert.That(body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "Reporter" }));
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the new account signs in");
        });
    }

    [Test]
    public async Task AWeakReset_KeepsTheOldPassword_AndAnAdminLiftsALockout()
    {
        var admin = await App.ClientForAsync("admin");
        var refused = await admin.PutAsJsonAsync("/api/users/SD-BOC-head/password", new { password = "password" });
        var stillOld = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-BOC-head", password = ComplianceApp.DemoPassword });

        // Three wrong passwords lock the account (the tests' setting); the admin lifts it.
        for (var i = 0; i < 3; i++)
        {
            await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-ABC-head", password = "Wrong@Pass1" });
        }

        var locked = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-ABC-head", password = ComplianceApp.DemoPassword });
        await (await admin.PostAsync("/api/users/SD-ABC-head/unlock", null)).ExpectAsync(HttpStatusCode.NoContent);
        var afterUnlock = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-ABC-head", password = ComplianceApp.DemoPassword });

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stillOld.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Locked));
            Assert.That(afterUnlock.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task TheSignInCookie_IsSecure_UnlessHttpsIsExplicitlyNotRequired()
    {
        var relaxed = await SignInCookieAsync(App);
        await using var strict = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["Auth:RequireHttps"] = "true" });
        var secure = await SignInCookieAsync(strict);

        Assert.Multiple(() =>
        {
            Assert.That(relaxed, Does.Contain("httponly").And.Not.Contain("secure"));
            Assert.That(secure, Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=lax"));
        });
    }

    /// <summary>Signs in through the page (with its antiforgery token) and returns the sign-in cookie's header.</summary>
    private static async Task<string> SignInCookieAsync(ComplianceApp target)
    {
        var client = target.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "SD-CCB-reporter",
            ["Password"] = ComplianceApp.DemoPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ComplianceTracker.Auth=", StringComparison.Ordinal)).ToLowerInvariant();
    }
}
