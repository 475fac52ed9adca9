using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 1 of JOURNEYS.md, "Monday morning", at 1366 px and on a phone: the reporter of a bank that stopped
/// reporting (so it has locked weeks), whose report of this week the head has just returned, signs in. The start page
/// greets them by name with their bank's name, lists what is due this week, the return and why, the locked weeks that
/// need 补报 and the open one-off items, each with the button that acts; every click lands where it says. From sign-in
/// on, only clicks.
/// </summary>
[NonParallelizable]
public class MondayMorningTests : BrowserAppFixture
{
    private const string Reason = "贷款余额与上周差异过大，请核对后重新报送。";

    [TestCase(false, TestName = "MondayMorning_AtTheDesk")]
    [TestCase(true, TestName = "MondayMorning_OnAPhone")]
    public async Task TheStartPage_SaysWhatIsDue_WhatWasReturned_WhatIsLocked_AndEachButtonActs(bool phone)
    {
        var bank = await BankWithLockedWeeksAsync(phone);
        var period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        await SubmitAndReturnAsync(bank, period);
        var expected = await App.QueryAsync(async db => new
        {
            Institution = await db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync(),
            Reporter = await db.Users.Where(u => u.UserName == $"{bank}-reporter").Select(u => u.DisplayName).SingleAsync(),
            OneOffs = await db.DueItems.CountAsync(d => d.Obligation.Institution.Code == bank && d.Obligation.Requirement.Kind == RequirementKind.Deadline
                && (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue)),
        });
        var name = phone ? "phone" : "desk";

        var context = await NewContextAsync(Options(phone));
        var page = await Browser.SignInAsync(context, $"{bank}-reporter");
        await Browser.ScreenshotAsync(page, $"journey1-start-{name}");
        var greeting = await page.Locator("#greeting").InnerTextAsync();
        var where = await page.Locator("#where").InnerTextAsync();
        var who = await page.Locator("#who").InnerTextAsync();
        var body = await page.Locator("main").InnerTextAsync();
        var startOverflow = await Browser.OverflowAsync(page);
        var returnedText = await page.Locator("#returned").InnerTextAsync();
        var lockedRows = await page.Locator("#locked li").CountAsync();
        var lockedHeading = await page.Locator("#locked h2").InnerTextAsync();
        var oneOffHeading = await page.Locator("#one-offs h2").InnerTextAsync();
        var apiLinks = await page.Locator("a[href^='/scalar'], a[href^='/api/']").CountAsync();

        // 查看退回原因 opens this week's form, which says why.
        await page.Locator("#returned li").First.GetByRole(AriaRole.Link, new() { Name = "查看退回原因" }).ClickAsync();
        await page.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var returnShown = await page.Locator("#return-reason").InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"journey1-returned-form-{name}");

        // Back to the start page by the navigation; 申请补报 opens the locked week's form.
        await Browser.NavigateAsync(page, "首页");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var lockedRow = page.Locator("#locked li").First;
        var lockedPeriod = await lockedRow.GetAttributeAsync("data-period");
        await lockedRow.GetByRole(AriaRole.Link, new() { Name = "申请补报" }).ClickAsync();
        await page.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{lockedPeriod}/{bank}");
        var lockedForm = await page.Locator("main").InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"journey1-locked-form-{name}");

        // An open one-off item: its page has the requirement's words and leads to its circular.
        await Browser.NavigateAsync(page, "首页");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var oneOff = page.Locator("#one-offs li").First;
        var itemId = int.Parse((await oneOff.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        await oneOff.GetByRole(AriaRole.Link, new() { Name = "上传材料" }).ClickAsync();
        await page.WaitForURLAsync($"**/todo/{itemId}");
        var itemText = await page.Locator("#item-text").InnerTextAsync();
        var itemOverflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"journey1-one-off-{name}");
        var requirement = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == itemId)
            .Select(d => new { d.Obligation.Requirement.Text, d.Obligation.Requirement.CircularId, d.Obligation.Requirement.Circular.Title }).SingleAsync());
        await page.Locator("#item-circular a").ClickAsync();
        await page.WaitForURLAsync($"**/circulars/{requirement.CircularId}");
        var circularHeading = await page.Locator("h1").InnerTextAsync();

        // 我的待办: opens on the overdue and the next 14 days, each row with where to act.
        await Browser.NavigateAsync(page, "我的待办");
        await page.WaitForURLAsync("**/todo");
        await Browser.ScreenshotAsync(page, $"journey1-todo-{name}");
        var todoOverflow = await Browser.OverflowAsync(page);
        var rows = page.Locator("#due-items tbody tr");
        var rowCount = await rows.CountAsync();
        var actions = await page.Locator("#due-items td[data-label=办理] a").CountAsync();
        var periods = await page.Locator("#due-items td[data-label=期次]").AllInnerTextsAsync();
        var asks = await page.Locator("#due-items td[data-label=要求] .asks").AllInnerTextsAsync();
        var fill = page.Locator("#due-items td[data-label=办理] a", new() { HasTextString = "去填报" }).First;
        var fillHref = await fill.GetAttributeAsync("href");
        await fill.ClickAsync();
        await page.WaitForURLAsync($"**{fillHref}");
        var formHeading = await page.Locator("h1").InnerTextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(greeting, Does.Contain(expected.Reporter), "greeted by name");
            Assert.That(where, Is.EqualTo(expected.Institution));
            Assert.That(who, Does.Contain(expected.Reporter).And.Contain(expected.Institution).And.Not.Contain($"{bank}-reporter"), "the header names the person and the bank, not the login");
            Assert.That(body, Does.Not.Contain(bank).And.Not.Contain("建设中").And.Not.Contain("接口"), "names, not codes; no API talk for a branch");
            Assert.That(apiLinks, Is.Zero, "no link to the API console or an /api/ address");
            Assert.That(startOverflow, Is.LessThanOrEqualTo(0), "the start page fits the screen");
            Assert.That(returnedText, Does.Contain(Reason).And.Contain("周（"), "the return says why, with the week as people say it");
            Assert.That(returnShown, Does.Contain(Reason));
            Assert.That(lockedRows, Is.GreaterThan(0));
            Assert.That(lockedHeading, Does.Contain("申请补报"));
            Assert.That(lockedForm, Does.Contain("锁定"), "the locked week's form says it is locked");
            Assert.That(oneOffHeading, Does.Contain($"（{expected.OneOffs}）"), "the open one-off items, counted");
            Assert.That(itemText, Is.EqualTo(requirement.Text), "the item's page has the requirement's words");
            Assert.That(itemOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(circularHeading, Is.EqualTo(requirement.Title));
            Assert.That(todoOverflow, Is.LessThanOrEqualTo(0), "我的待办 fits the screen");
            Assert.That(rowCount, Is.GreaterThan(0));
            Assert.That(actions, Is.EqualTo(rowCount), "every row links to where to act");
            Assert.That(periods, Has.All.Not.Match(@"\d{4}-W\d{2}"), "weeks as people say them");
            Assert.That(asks, Has.All.Not.Empty, "every row says what the requirement asks");
            Assert.That(formHeading, Is.Not.Empty);
        });
    }

    /// <summary>A bank of the weekly form with an unreported, locked week that owes a one-off item, a different one per viewport.</summary>
    private async Task<string> BankWithLockedWeeksAsync(bool phone)
    {
        var banks = await ReportingSupport.BanksWithLockedWeeksAsync(App, owingOneOff: true);
        return phone ? banks[^1] : banks[0];
    }

    /// <summary>The week under way reported through the API, and returned by the bank's head with <see cref="Reason"/>.</summary>
    private async Task SubmitAndReturnAsync(string bank, string period)
    {
        var reporter = await App.ClientForAsync($"{bank}-reporter");
        var url = ReportingSupport.SubmissionUrl(period, bank);
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await ReportingSupport.GoodFiguresAsync(App, 11), baseRevision = current.GetProperty("revision").GetInt32() }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = ReportingSupport.CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        var head = await App.ClientForAsync($"{bank}-head");
        await (await head.PostAsJsonAsync($"{url}/return", new { reason = Reason })).ExpectAsync(HttpStatusCode.OK);
    }
}
