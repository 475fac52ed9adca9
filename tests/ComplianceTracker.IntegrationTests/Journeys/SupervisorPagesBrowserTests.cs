using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// 辖内待办 and a circular's 各机构落实情况 with more banks than a page holds, at 1366 px and on a phone: from the
/// navigation, words of the name typed into 机构名称或代码, 筛选, then 下一页. Totals and rows are checked against the database.
/// </summary>
[NonParallelizable]
public class SupervisorPagesBrowserTests : BrowserAppFixture
{
    private const int Added = 230;
    private const string Words = "翻页测试";

    private int circularId;

    [OneTimeSetUp]
    public async Task AddBanks()
    {
        var now = DateTime.UtcNow;
        circularId = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var requirement = await db.Requirements.SingleAsync(r => r.Id == form.RequirementId);
            var home = await db.Jurisdictions.SingleAsync(j => j.Code == "SX-CZ-SD");
            for (var i = 0; i < Added; i++)
            {
                var code = $"SPB-{i:000}";
                var institution = new Institution { Code = code, Name = $"{Words}农村商业银行{i:000}", Path = $"/{code}/", IsLegalEntity = true, Jurisdiction = home };
                var obligation = new Obligation { RequirementId = requirement.Id, Institution = institution, CreatedAt = now.AddDays(-60) };
                obligation.DueItems.Add(new DueItem { PeriodKey = DueItem.OncePeriodKey, DueAt = now.AddDays(-1 - (i % 5)), DueExplanation = "发文之日起10日内", Status = DueItemStatus.Open });
                db.Obligations.Add(obligation);
            }

            await db.SaveChangesAsync();
            return requirement.CircularId;
        });
    }

    [TestCase(false, TestName = "Todo_FilterByName_ThenPage2_AtTheDesk")]
    [TestCase(true, TestName = "Todo_FilterByName_ThenPage2_OnAPhone")]
    public async Task Supervisor_FiltersTodoByName_AndGoesToPage2(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var page = await Browser.SignInAsync(await NewContextAsync(phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App)), "supervisor");
        await Browser.NavigateAsync(page, "辖内待办");
        await page.WaitForURLAsync("**/todo");
        await Browser.ScreenshotAsync(page, $"todo-opening-{name}");

        await page.GetByLabel("机构名称或代码").FillAsync(Words);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        var total = int.Parse(await page.Locator("#total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var firstRows = await page.Locator("#due-items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        await Browser.ScreenshotAsync(page, $"todo-filtered-{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        var pager = await page.Locator("#pager").InnerTextAsync();
        var secondRows = await page.Locator("#due-items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        var names = await page.Locator("#due-items tbody td[data-label='机构']").AllInnerTextsAsync();
        var kept = await page.GetByLabel("机构名称或代码").InputValueAsync();
        var overflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"todo-page2-{name}");

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(Added), "every bank's overdue item, as added");
            Assert.That(firstRows, Has.Length.EqualTo(50));
            Assert.That(pager, Does.Contain($"第 2 / {(Added + 49) / 50} 页"));
            Assert.That(secondRows, Has.Length.EqualTo(50));
            Assert.That(secondRows.Intersect(firstRows), Is.Empty, "page 2 continues where page 1 stopped");
            Assert.That(names, Has.All.StartsWith(Words), "names, not codes, and only the banks asked for");
            Assert.That(kept, Is.EqualTo(Words), "the words stay in the box on page 2");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }

    [TestCase(false, TestName = "CircularProgress_Page2_AtTheDesk")]
    [TestCase(true, TestName = "CircularProgress_Page2_OnAPhone")]
    public async Task Supervisor_PagesTheCircularsProgress(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var page = await Browser.SignInAsync(await NewContextAsync(phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App)), "supervisor");
        await page.GotoAsync($"/circulars/{circularId}");
        var total = int.Parse(await page.Locator("#progress-total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var firstRows = await page.Locator("#progress tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        await page.Locator("#progress-pager").GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        var pager = await page.Locator("#progress-pager").InnerTextAsync();
        var secondRows = await page.Locator("#progress tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        var overflow = await Browser.OverflowAsync(page);
        await page.Locator("#progress-heading").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, $"circular-progress-page2-{name}");

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.GreaterThan(Added), "the added banks and the demo's");
            Assert.That(firstRows, Has.Length.EqualTo(50));
            Assert.That(secondRows, Has.Length.EqualTo(50));
            Assert.That(secondRows.Intersect(firstRows), Is.Empty);
            Assert.That(pager, Does.Contain($"第 2 / {(total + 49) / 50} 页"));
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }
}
