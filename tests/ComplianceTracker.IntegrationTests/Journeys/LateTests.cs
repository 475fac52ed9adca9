using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 5 of JOURNEYS.md, "Late", at 1366 px and on a phone: a bank's locked week shows 已锁定 with 申请补报 on the
/// start page; the reporter asks with a reason; the supervisor sees the badge, refuses with a reason; the reporter
/// reads why in 消息, opens the form from the message and asks again; the supervisor grants (until the end of the next
/// working day); the reporter, told in 消息, opens the form and can change the week. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class LateTests : BrowserAppFixture
{
    [TestCase(false, TestName = "Late_AskedRefusedAskedAgainAndGranted_AtTheDesk")]
    [TestCase(true, TestName = "Late_AskedRefusedAskedAgainAndGranted_OnAPhone")]
    public async Task ALockedWeek_IsAskedFor_Refused_AskedAgain_AndGranted(bool phone)
    {
        var banks = await ReportingSupport.BanksWithLockedWeeksAsync(App);
        var bank = phone ? banks[^1] : banks[0];
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync());
        var name = phone ? "phone" : "desk";
        BrowserNewContextOptions Options() => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);

        // The reporter: the start page's 已锁定 → 申请补报 → the week's form, which says it is locked; asks with a reason.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options()), $"{bank}-reporter");
        var lockedRow = reporter.Locator("#locked li").First;
        var period = (await lockedRow.GetAttributeAsync("data-period"))!;
        await lockedRow.GetByRole(AriaRole.Link, new() { Name = "申请补报" }).ClickAsync();
        await reporter.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var lockState = await reporter.Locator("#lock-state").InnerTextAsync();
        await reporter.Locator("#apply-reason").FillAsync("经办人休假漏报，申请补报");
        await reporter.Locator("#apply-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "补报申请已提交" }).WaitForAsync();
        var waiting = await reporter.Locator("#application-state").InnerTextAsync();
        var formOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey5-asked-{name}");

        // The supervisor: the badge, 补报申请, 不同意 with a reason.
        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options()), "supervisor");
        var badge = await supervisor.Locator("#applications-badge").InnerTextAsync();
        await Browser.NavigateAsync(supervisor, "补报申请");
        await supervisor.WaitForURLAsync("**/unlock-requests");
        var row = supervisor.Locator("#applications tbody tr", new() { HasTextString = bankName }).First;
        var rowText = await row.InnerTextAsync();
        var listOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey5-requests-{name}");
        await row.Locator("input[name=reason]").FillAsync("请先说明漏报的具体原因");
        await row.GetByRole(AriaRole.Button, new() { Name = "不同意" }).ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已拒绝" }).WaitForAsync();

        // The reporter reads why in 消息, opens the form from the message and asks again.
        await Browser.NavigateAsync(reporter, "消息");
        await reporter.WaitForURLAsync("**/notifications");
        var refusal = reporter.Locator("#messages tbody tr", new() { HasTextString = "补报未获准" }).First;
        var refusalText = await refusal.InnerTextAsync();
        var messagesOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey5-refused-message-{name}");
        await refusal.Locator("button.open-message").ClickAsync();
        await reporter.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var refusedState = await reporter.Locator("#application-state").InnerTextAsync();
        await reporter.Locator("#apply-reason").FillAsync("经办人休假，系统未提醒，现已核实数据");
        await reporter.Locator("#apply-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "补报申请已提交" }).WaitForAsync();

        // The supervisor grants it: by default until the end of the next working day.
        await Browser.NavigateAsync(supervisor, "补报申请");
        await supervisor.WaitForURLAsync("**/unlock-requests");
        await supervisor.Locator("#applications tbody tr", new() { HasTextString = "系统未提醒" }).GetByRole(AriaRole.Button, new() { Name = "准予补报" }).ClickAsync();
        var granted = await supervisor.Locator("#notice", new() { HasTextString = "已准予" }).InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"journey5-granted-{name}");

        // The reporter, told, opens the form from the message: the week can be changed now.
        await Browser.OpenMessageAsync(reporter, "补报已批准");
        await reporter.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var unlockedState = await reporter.Locator("#lock-state").InnerTextAsync();
        var editable = await reporter.Locator("#report-form input[name^='v.']").First.IsEnabledAsync();
        await Browser.ScreenshotAsync(reporter, $"journey5-unlocked-form-{name}");

        var applications = await App.QueryAsync(db => db.UnlockApplications.Where(a => db.Institutions.Any(i => i.Id == a.InstitutionId && i.Code == bank))
            .OrderBy(a => a.Id).Select(a => a.Status).ToListAsync());
        var until = await App.QueryAsync(db => db.PeriodUnlocks.Where(u => db.Institutions.Any(i => i.Id == u.InstitutionId && i.Code == bank)).Select(u => u.Until).SingleAsync());
        var untilInChina = until.AddHours(8);

        Assert.Multiple(() =>
        {
            Assert.That(lockState, Does.Contain("锁定").And.Contain("申请补报"));
            Assert.That(waiting, Does.Contain("等待监管员处理").And.Contain("经办人休假漏报"));
            Assert.That(int.Parse(badge, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1), "the supervisor's navigation counts the requests waiting");
            Assert.That(rowText, Does.Contain("经办人休假漏报").And.Contain("周（").And.Not.Contain(period).And.Not.Contain(bank), "names and weeks as people say them");
            Assert.That(refusalText, Does.Contain("请先说明漏报的具体原因"));
            Assert.That(refusedState, Does.Contain("未同意").And.Contain("请先说明漏报的具体原因"));
            Assert.That(granted, Does.Contain(bankName).And.Contain("23:59"));
            Assert.That(unlockedState, Does.Contain("已获准补报至"));
            Assert.That(editable, Is.True, "granted: the figures can be typed");
            Assert.That(applications, Is.EqualTo(new[] { UnlockApplicationStatus.Refused, UnlockApplicationStatus.Granted }));
            Assert.That((untilInChina.Hour, untilInChina.Minute), Is.EqualTo((23, 59)), "until the end of a day, China time");
            Assert.That(formOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(listOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(messagesOverflow, Is.LessThanOrEqualTo(0));
        });
    }
}
