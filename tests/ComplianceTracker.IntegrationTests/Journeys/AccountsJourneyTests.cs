using ComplianceTracker.Web.Features.Accounts;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 15 of JOURNEYS.md, accounts without curl, at 1366 px and on a phone: the admin opens 账号 by clicking,
/// creates an account (a one-time code instead of a password), edits it, disables and enables it, lifts a lockout,
/// resets the new account and reads its code from the page; that person follows the sign-in page's link, sets a
/// password with the code and lands on the start page signed in; a reporter changes their password by clicking
/// their name. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class AccountsJourneyTests : BrowserAppFixture
{
    private const string ChosenPassword = "Wang@Fang2026";

    [TestCase(false, "SD-ABC-head", "SD-CCB-reporter", TestName = "Accounts_AdminCreatesEditsDisablesUnlocksResets_PersonActivates_AtTheDesk")]
    [TestCase(true, "SD-BOC-head", "SD-ICBC-reporter", TestName = "Accounts_AdminCreatesEditsDisablesUnlocksResets_PersonActivates_OnAPhone")]
    public async Task AnAdminRunsAccountsInPages_AndPeopleSetTheirOwnPasswords(bool phone, string lockedUser, string reporterUser)
    {
        var name = phone ? "phone" : "desk";
        var userName = $"wangfang-{name}";
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "SD-CCB").Select(i => i.Name).SingleAsync());
        for (var i = 0; i < 3; i++)
        {
            await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = lockedUser, password = "Wrong@Pass1" });
        }

        // The admin: 账号 → 新建账号; the account gets a one-time code, shown once.
        var admin = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "admin");
        await Browser.NavigateAsync(admin, "账号");
        await admin.WaitForURLAsync("**/users");
        var listOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey15-users-{name}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "新建账号" }).ClickAsync();
        await admin.WaitForURLAsync("**/users/new");
        await admin.Locator("#user-name").FillAsync(userName);
        await admin.Locator("#display-name").FillAsync("王芳");
        await admin.Locator("#roles").GetByLabel("填报员").CheckAsync();
        await admin.Locator("#institution").FillAsync(bankName);
        await admin.Locator("#phone").FillAsync("13800138000");
        var newOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey15-new-{name}");
        await Browser.PostAsync(admin.GetByRole(AriaRole.Button, new() { Name = "创建账号" }));
        var firstCode = await admin.Locator("#activation-code").InnerTextAsync();
        var createdNotice = await admin.Locator("#notice").InnerTextAsync();
        await Browser.ScreenshotAsync(admin, $"journey15-created-{name}");

        // Its page: edit the mobile number, 停用, 启用.
        await admin.Locator("#open-created").ClickAsync();
        await admin.WaitForURLAsync($"**/users/{userName}");
        await admin.Locator("#phone").FillAsync("13900139000");
        await Browser.PostAsync(admin.Locator("#save"));
        var saved = await admin.Locator("#notice").InnerTextAsync();
        await Browser.PostAsync(admin.Locator("#disable"));
        var disabledState = await admin.Locator("#state").InnerTextAsync();
        await Browser.ScreenshotAsync(admin, $"journey15-disabled-{name}");
        await Browser.PostAsync(admin.Locator("#enable"));
        var enabledNotice = await admin.Locator("#notice").InnerTextAsync();

        // 重置密码: a new code, read from the page.
        await Browser.PostAsync(admin.Locator("#reset"));
        var code = await admin.Locator("#activation-code").InnerTextAsync();
        var editOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey15-reset-{name}");

        // A locked account: the list filtered by 已锁定, its page, 解锁.
        await admin.GetByRole(AriaRole.Link, new() { Name = "返回账号列表" }).ClickAsync();
        await admin.WaitForURLAsync("**/users");
        await admin.Locator("#state").SelectOptionAsync("locked");
        await admin.Locator("#user-filters").GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await admin.WaitForURLAsync("**/users?*state=locked*");
        var lockedRow = admin.Locator($"#users tr[data-user='{lockedUser}']");
        var lockedRowText = await lockedRow.InnerTextAsync();
        await lockedRow.GetByRole(AriaRole.Link).ClickAsync();
        await admin.WaitForURLAsync($"**/users/{lockedUser}");
        await Browser.PostAsync(admin.Locator("#unlock"));
        var unlocked = await admin.Locator("#notice").InnerTextAsync();

        // The person: the sign-in page's link, user name, code, a password twice; signed in on the start page.
        var person = await (await NewContextAsync(Options(phone))).NewPageAsync();
        await person.GotoAsync("/");
        await person.GetByRole(AriaRole.Link, new() { Name = "首次登录或重置后：用开通码设置密码" }).ClickAsync();
        await person.WaitForURLAsync("**/account/activate");
        await person.GetByLabel("用户名").FillAsync(userName);
        await person.GetByLabel("开通码").FillAsync(firstCode);
        await person.GetByLabel("新密码", new() { Exact = true }).FillAsync(ChosenPassword);
        await person.GetByLabel("确认新密码").FillAsync(ChosenPassword);
        await Browser.PostAsync(person.GetByRole(AriaRole.Button, new() { Name = "设置密码并登录" }));
        var oldCodeRefused = await person.Locator("#error").InnerTextAsync();
        await person.GetByLabel("开通码").FillAsync(code);
        await person.GetByLabel("新密码", new() { Exact = true }).FillAsync(ChosenPassword);
        await person.GetByLabel("确认新密码").FillAsync(ChosenPassword);
        var activateOverflow = await Browser.OverflowAsync(person);
        await Browser.ScreenshotAsync(person, $"journey15-activate-{name}");
        await person.GetByRole(AriaRole.Button, new() { Name = "设置密码并登录" }).ClickAsync();
        await person.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var personWho = await person.Locator("#who").InnerTextAsync();
        await Browser.ScreenshotAsync(person, $"journey15-activated-{name}");

        // A reporter clicks their name and changes their password.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), reporterUser);
        await reporter.Locator("#who").ClickAsync();
        await reporter.WaitForURLAsync("**/account/password");
        await reporter.GetByLabel("原密码").FillAsync(ComplianceApp.DemoPassword);
        await reporter.GetByLabel("新密码", new() { Exact = true }).FillAsync(ChosenPassword);
        await reporter.GetByLabel("确认新密码").FillAsync(ChosenPassword);
        await Browser.PostAsync(reporter.GetByRole(AriaRole.Button, new() { Name = "修改密码" }));
        var changed = await reporter.Locator("#notice").InnerTextAsync();
        var passwordOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey15-own-password-{name}");
        await Browser.NavigateAsync(reporter, "首页");
        var stillSignedIn = new Uri(reporter.Url).AbsolutePath;

        var withNew = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = reporterUser, password = ChosenPassword });
        var withOld = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = reporterUser, password = ComplianceApp.DemoPassword });
        var lockedAfter = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = lockedUser, password = ComplianceApp.DemoPassword });
        var phoneNumber = await App.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.PhoneNumber).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(firstCode, Does.Match("^[A-Z2-9]{5}-[A-Z2-9]{5}$"));
            Assert.That(createdNotice, Does.Contain("只显示这一次"));
            Assert.That(saved, Does.Contain("已保存"));
            Assert.That(phoneNumber, Is.EqualTo("13900139000"));
            Assert.That(disabledState, Is.EqualTo("已停用"));
            Assert.That(enabledNotice, Does.Contain("已启用"));
            Assert.That(code, Is.Not.EqualTo(firstCode));
            Assert.That(lockedRowText, Does.Contain("已锁定"));
            Assert.That(unlocked, Does.Contain("已解锁"));
            Assert.That(lockedAfter.StatusCode, Is.EqualTo(HttpStatusCode.OK), "unlocked, the account signs in");
            Assert.That(oldCodeRefused, Does.Contain(ActivateAccountHandler.Refused), "the code from before the reset no longer works");
            Assert.That(personWho, Does.Contain("王芳").And.Contain(bankName));
            Assert.That(changed, Does.Contain("密码已修改"));
            Assert.That(stillSignedIn, Is.EqualTo("/"), "this session stays signed in after the change");
            Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(new[] { listOverflow, newOverflow, editOverflow, activateOverflow, passwordOverflow }, Has.All.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }
}
