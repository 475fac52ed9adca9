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

    [TestCase(false, TestName = "Accounts_BulkOpeningWithCodesShownOnceAndAsAProtectedWorkbook_AtTheDesk")]
    [TestCase(true, TestName = "Accounts_BulkOpeningWithCodesShownOnceAndAsAProtectedWorkbook_OnAPhone")]
    public async Task AnAdminOpensTheAccountsOfNewInstitutions_AndHandsOutTheCodes(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var codes = new[] { $"NEW-{name}-1", $"NEW-{name}-2", $"NEW-{name}-3" };
        await App.QueryAsync(async db =>
        {
            var jurisdiction = await db.Jurisdictions.OrderBy(j => j.Id).FirstAsync();
            db.Institutions.AddRange(codes.Select((code, n) => new ComplianceTracker.Web.Domain.Institution
            {
                Code = code, Name = $"长治新开村镇银行{name}{n + 1}号支行", ShortName = $"新开{name}{n + 1}支行", Type = ComplianceTracker.Web.Domain.InstitutionType.Bank, IsLegalEntity = true, Path = $"/{code}/", JurisdictionId = jurisdiction.Id,
            }));
            return await db.SaveChangesAsync();
        });

        var admin = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "admin");
        await Browser.NavigateAsync(admin, "账号");
        await admin.GetByRole(AriaRole.Link, new() { Name = "批量开通机构账号" }).ClickAsync();
        await admin.WaitForURLAsync("**/users/bulk");
        var listed = await admin.Locator("#waiting tbody tr").AllInnerTextsAsync();
        var rolesTicked = await admin.Locator("#bulk-roles input:checked").CountAsync();
        var bulkOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey8-bulk-{name}");

        // Two institutions, codes on the page.
        await admin.Locator($"#pick-{codes[0]}").CheckAsync();
        await admin.Locator($"#pick-{codes[1]}").CheckAsync();
        await Browser.PostAsync(admin.GetByRole(AriaRole.Button, new() { Name = "开通并显示开通码" }));
        var notice = await admin.Locator("#notice").InnerTextAsync();
        var rows = await admin.Locator("#codes tbody tr").AllInnerTextsAsync();
        var shownCode = await admin.Locator($"#codes tr[data-user='{codes[0]}-reporter'] code").InnerTextAsync();
        var codesOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey8-codes-{name}");

        // The third as a workbook.
        await admin.GetByRole(AriaRole.Link, new() { Name = "返回账号列表" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "批量开通机构账号" }).ClickAsync();
        await admin.Locator($"#pick-{codes[2]}").CheckAsync();
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "开通并下载开通码表" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ct-codes-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        using var workbook = new ClosedXML.Excel.XLWorkbook(file);
        var sheet = workbook.Worksheet(1);
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var users = sheet.Column(2).CellsUsed().Skip(1).Select(c => c.GetString()).ToList();
        var bookCode = sheet.Cell(2, 5).GetString();

        var activated = await App.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName = $"{codes[0]}-reporter", code = shownCode, password = "Xin@Kai2026" });
        var fromBook = await App.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName = users[0], code = bookCode, password = "Xin@Kai2026" });

        Assert.Multiple(() =>
        {
            Assert.That(listed, Has.Some.Contain($"长治新开村镇银行{name}1号支行"), "institutions by name");
            Assert.That(rolesTicked, Is.EqualTo(2), "填报员 and 机构负责人 ticked by default");
            Assert.That(notice, Does.Contain("已开通 4 个账号").And.Contain("只在本页显示这一次"));
            Assert.That(rows, Has.Count.EqualTo(4));
            Assert.That(rows, Has.Some.Contain($"新开{name}1支行填报员").And.Some.Contain("机构负责人"));
            Assert.That(header, Is.EqualTo(new[] { "机构", "账号", "姓名", "角色", "开通码", "有效期至" }));
            Assert.That(users, Is.EquivalentTo(new[] { $"{codes[2]}-reporter", $"{codes[2]}-head" }));
            Assert.That(sheet.IsProtected, Is.True, "read-only");
            Assert.That(download.SuggestedFilename, Does.StartWith("开通码-").And.EndWith(".xlsx"));
            Assert.That(activated.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "a code from the page works");
            Assert.That(fromBook.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "a code from the workbook works");
            Assert.That(new[] { bulkOverflow, codesOverflow }, Has.All.LessThanOrEqualTo(0));
        });
    }
}
