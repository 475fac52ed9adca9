using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>People sign in on a page and get a cookie that the API accepts too.</summary>
public partial class SignInPageTests(DatabaseProvider provider) : AppFixture(provider)
{
    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser)
    {
        var page = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        return TokenField().Match(page).Groups["token"].Value;
    }

    private static FormUrlEncodedContent Form(string token, string userName, string password) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["UserName"] = userName,
        ["Password"] = password,
    });

    [Test]
    public async Task LoginPage_IsChinese_AndOpenWithoutSignIn()
    {
        using var browser = Browser();

        var response = await browser.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("lang=\"zh-CN\""));
            Assert.That(html, Does.Contain("<label for=\"userName\">用户名</label>"));
        });
    }

    [Test]
    public async Task SignIn_WithRightPassword_SetsACookieTheApiAccepts()
    {
        using var browser = Browser();
        var token = await AntiforgeryTokenAsync(browser);

        var post = await browser.PostAsync("/account/login", Form(token, "SD-BOC-head", ComplianceApp.DemoPassword));
        var me = await (await browser.GetAsync("/api/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo("SD-BOC-head"));
        });
    }

    [Test]
    public async Task SignIn_WithWrongPassword_ShowsAChineseErrorAndNoCookie()
    {
        using var browser = Browser();
        var token = await AntiforgeryTokenAsync(browser);

        var post = await browser.PostAsync("/account/login", Form(token, "SD-BOC-reporter", "not-the-password"));
        var html = await post.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("用户名或密码不正确"));
            Assert.That((await browser.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        using var browser = Browser();

        var post = await browser.PostAsync("/account/login", Form("", "SD-BOC-head", ComplianceApp.DemoPassword));

        Assert.Multiple(async () =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await browser.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task HomePage_WithoutSignIn_RedirectsToLogin()
    {
        using var browser = Browser();

        var response = await browser.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Does.Contain("/account/login"));
        });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
