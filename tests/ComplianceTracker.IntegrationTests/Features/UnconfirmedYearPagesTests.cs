using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// In December 2026 with 2027's holidays not entered: the publish step says how many of the due dates it would
/// create fall in 2027 before the supervisor confirms; the published circular's due dates carry the mark on its page;
/// once 2027 is stored, the mark is gone.
/// </summary>
[NonParallelizable]
public class UnconfirmedYearPagesTests : BrowserAppFixture
{
    private const string Mark = "2027年节假日安排未录入，日期可能变化";

    private readonly TestClock clock = StartedClock();

    protected override TimeProvider Clock => clock;

    private static TestClock StartedClock()
    {
        var clock = new TestClock();
        clock.SetChina(new DateTime(2026, 12, 7, 10, 0, 0));
        return clock;
    }

    [Test]
    public async Task Publishing_WarnsOf2027DueDates_AndTheCircularPageMarksThem_Until2027IsStored()
    {
        // A draft asking every bank of 上党区 for a report 40 days after 1 December 2026: due in January 2027.
        const string title = "关于报送年度合规自查报告的通知（测试）";
        var admin = await App.ClientForAsync("admin");
        await (await admin.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = "上金发〔2026〕99号",
            title,
            issuers = new[] { "上党区金融工作中心" },
            issuedOn = "2026-12-01",
            jurisdictionCode = "SX-CZ-SD",
            text = "各银行机构：请于文发之后四十日内报送年度合规自查报告。",
            requirements = new[]
            {
                new
                {
                    clause = "正文",
                    text = "请于文发之后四十日内报送年度合规自查报告。",
                    kind = "Deadline",
                    dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 40, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);

        var page = await SignInAsync("supervisor");
        await Browser.NavigateAsync(page, "通知文件");
        await page.WaitForURLAsync("**/circulars");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "发布", Exact = true }).ClickAsync();
        await page.Locator("#confirm-publish").WaitForAsync();
        var banks = int.Parse(await page.Locator("#preview-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var warning = await page.Locator("#confirm-publish .unconfirmed-warning").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "unconfirmed-year-publish-preview");
        await Browser.PostAsync(page.Locator("#confirm-publish-button"));
        var dueBefore = await page.Locator("#due-list td[data-label=到期时间]").AllInnerTextsAsync();
        await Browser.ScreenshotAsync(page, "unconfirmed-year-circular-due-dates");

        await (await admin.PutAsJsonAsync("/api/calendar/2027", new[] { new { date = "2027-10-01", kind = "Holiday", name = "国庆节" } })).ExpectAsync(HttpStatusCode.OK);
        await page.ReloadAsync();
        var dueAfter = await page.Locator("#due-list td[data-label=到期时间]").AllInnerTextsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(warning, Is.EqualTo($"{banks} 个期限落在2027年，{Mark}。"));
            Assert.That(dueBefore, Is.Not.Empty);
            Assert.That(dueBefore, Has.All.Contains("2027-01-11").And.All.Contains(Mark));
            Assert.That(dueAfter, Has.All.Contains("2027-01-11").And.None.Contains("未录入"));
        });
    }
}
