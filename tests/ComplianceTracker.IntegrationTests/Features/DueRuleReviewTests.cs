using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The due-rule fields of the circular review form: the first three due dates previewed per requirement, the
/// circular's own rest and working days applied to them, 免报 and 不顺延 saved with the rule, and a rule that does not
/// read refused with a Chinese message naming the line, storing nothing. The same preview through the API.
/// </summary>
[NonParallelizable]
public class DueRuleReviewTests : BrowserAppFixture
{
    /// <summary>The row of the seed's 周报制 and its key ("r{key}-…" ids).</summary>
    private static async Task<(ILocator Row, string Key)> WeeklyRowAsync(IPage page)
    {
        var row = page.Locator("fieldset.requirement").Filter(new() { Has = page.Locator("select[name$='.Frequency'] option[value='Weekly'][selected]") }).First;
        return (row, (await row.GetAttributeAsync("data-row"))!);
    }

    [Test]
    public async Task ABadExtraDayLine_AndAnUnknownHoliday_AreNamed_AndNothingIsStored_AtPhoneWidth()
    {
        var page = await SignInAsync("supervisor", new ViewportSize { Width = 390, Height = 844 });
        await CircularPagesTests.PasteAndExtractAsync(page);
        var number = CircularPagesTests.FreshNumber();
        await page.Locator("#f-DocumentNumber").FillAsync(number);
        await page.Locator("#f-ExtraDays").FillAsync("2022-11-21 休息\n国庆加班");
        var (_, key) = await WeeklyRowAsync(page);
        await page.Locator($"#r{key}-exempt").FillAsync("劳动节、五一长假");
        var before = await App.QueryAsync(db => db.Circulars.CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.Locator("#error-summary").WaitForAsync();
        await page.WaitForLoadStateAsync();
        var extraDaysMessage = await page.Locator("#err-ExtraDays").InnerTextAsync();
        var summary = await page.Locator("#error-summary").InnerTextAsync();
        var keptLines = await page.Locator("#f-ExtraDays").InputValueAsync();
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        await Browser.ScreenshotAsync(page, "due-rule-refused-phone");
        var after = await App.QueryAsync(db => db.Circulars.CountAsync());
        var stored = await App.QueryAsync(db => db.Circulars.AnyAsync(c => c.DocumentNumber == number));

        Assert.Multiple(() =>
        {
            Assert.That(extraDaysMessage, Is.EqualTo("另行安排的日期第2行“国庆加班”无法识别，请按“2026-10-09 休息”或“2026-10-10 上班”的格式每行填写一天。"));
            Assert.That(summary, Does.Contain("免报节日“五一长假”无法识别").And.Contain("未保存"));
            Assert.That(keptLines, Is.EqualTo("2022-11-21 休息\n国庆加班"), "what the user typed comes back");
            Assert.That(after, Is.EqualTo(before), "nothing stored");
            Assert.That(stored, Is.False);
            Assert.That(fits, Is.True, "the review form holds at 390 px");
        });
    }

    [Test]
    public async Task ThePreview_ShowsThreeDueDates_FollowsTheCircularsOwnRestDay_AndTheRuleIsSaved()
    {
        var page = await SignInAsync("supervisor", new ViewportSize { Width = 1366, Height = 900 });
        await CircularPagesTests.PasteAndExtractAsync(page);

        // The text gives only the year: with the issue date filled in (Monday 2022-11-14), the 周报制's first week
        // (11-14..11-20) is due Monday 11-21 at noon, then 11-28 and 12-05.
        var (weekly, weeklyKey) = await WeeklyRowAsync(page);
        await page.Locator("#f-IssuedOn").FillAsync("2022-11-14");
        await weekly.GetByRole(AriaRole.Button, new() { Name = "预览截止日期" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "已按当前填写的期限规则重新计算" }).WaitForAsync();
        await page.WaitForLoadStateAsync();
        var firstDates = await page.Locator($"#r{weeklyKey}-preview li strong").AllInnerTextsAsync();

        // The circular rests on that Monday: the preview moves the first week to the next working day and says why.
        await page.Locator("#f-ExtraDays").FillAsync("2022-11-21 休息");
        await page.Locator($"#r{weeklyKey}-noshift").UncheckAsync();
        await page.Locator($"#r{weeklyKey}-exempt").FillAsync("春节");
        await weekly.GetByRole(AriaRole.Button, new() { Name = "预览截止日期" }).ClickAsync();
        var movedLine = page.Locator($"#r{weeklyKey}-preview li", new() { HasTextString = "按本通知另行安排" }).First;
        await movedLine.WaitForAsync();
        var moved = await movedLine.InnerTextAsync();
        await Browser.ScreenshotAsync(page, "due-rule-preview-desktop");

        var number = CircularPagesTests.FreshNumber();
        await page.Locator("#f-DocumentNumber").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/circulars/\d+$"));
        var shownDays = await page.Locator("#meta-extra-days").InnerTextAsync();
        var circular = await App.QueryAsync(db => db.Circulars.Include(c => c.Requirements).SingleAsync(c => c.DocumentNumber == number));
        var supervisor = await App.ClientForAsync("supervisor");
        var detail = await (await supervisor.GetAsync($"/api/circulars/{circular.Id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(firstDates, Has.Count.EqualTo(3), "the first three due dates");
            Assert.That(firstDates, Is.EqualTo(new[] { "2022-11-21 12:00", "2022-11-28 12:00", "2022-12-05 12:00" }));
            Assert.That(moved, Does.StartWith("2022-11-22 12:00"), "Tuesday, the next working day");
            Assert.That(moved, Does.Contain("2022-11-21（星期一，本通知另行安排的休息日） → 按本通知另行安排的休息日顺延至 2022-11-22（星期二）"));
            Assert.That(moved, Does.Contain("逢春节所在报告期免报"));
            Assert.That(circular.ExtraDays.Select(d => (d.Date, d.IsWorkingDay)), Is.EqualTo(new[] { (new DateOnly(2022, 11, 21), false) }));
            Assert.That(circular.Requirements.Select(r => r.DueRule?.ExemptHolidays?.FirstOrDefault()), Does.Contain("春节"));
            Assert.That(shownDays, Does.StartWith("2022-11-21 休息"), "the circular's page says its own days");
            Assert.That(detail.GetProperty("extraDays")[0].GetProperty("date").GetString(), Is.EqualTo("2022-11-21"));
        });
    }

    [Test]
    public async Task PreviewDue_ThroughTheApi_TenDayPeriodsAcrossNationalDay2024()
    {
        var supervisor = await App.ClientForAsync("supervisor");
        var request = new
        {
            dueRule = new { frequency = "TenDay", anchor = "PeriodEnd", offset = 3, unit = "NaturalDays", exemptHolidays = new[] { "国庆节" } },
            validFrom = "2024-09-21",
            effectiveTo = "2024-10-31",
        };

        var answer = await (await supervisor.PostAsJsonAsync("/api/circulars/preview-due", request)).ExpectAsync(HttpStatusCode.OK);
        var reporter = await App.ClientForAsync("SD-ICBC-reporter");
        var refused = await reporter.PostAsJsonAsync("/api/circulars/preview-due", request);

        // 09月下旬 → 10-03 in 国庆节 → Tue 10-08; 10月上旬 holds 国庆节: exempt; 10月中旬 → Wed 10-23; 10月下旬 → Sun 11-03 → Mon 11-04.
        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("dates").EnumerateArray().Select(d => d.GetProperty("periodKey").GetString()), Is.EqualTo(new[] { "2024-09-D3", "2024-10-D2", "2024-10-D3" }));
            Assert.That(answer.GetProperty("dates").EnumerateArray().Select(d => d.GetProperty("dueAt").GetString()![..10]), Is.EqualTo(new[] { "2024-10-08", "2024-10-23", "2024-11-04" }));
            Assert.That(answer.GetProperty("exemptPeriods")[0].GetProperty("name").GetString(), Is.EqualTo("2024年10月上旬（10月1日—10月10日）"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task CreatingACircular_WithTheSameExtraDayTwice_IsRefused_AndStoresNothing()
    {
        var supervisor = await App.ClientForAsync("supervisor");
        var before = await App.QueryAsync(db => db.Circulars.CountAsync());

        var problem = await (await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            title = "关于报送旬报的通知",
            text = "各机构应于旬后3日内报送旬报。",
            issuers = new[] { "某局" },
            extraDays = new[] { new { date = "2026-10-09", isWorkingDay = false }, new { date = "2026-10-09", isWorkingDay = true } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("extraDays")[0].GetString(), Does.Contain("重复"));
            Assert.That(await App.QueryAsync(db => db.Circulars.CountAsync()), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Publishing_SchedulesWithTheCircularsOwnDays_TenDayPeriods_AndExemptions()
    {
        var supervisor = await App.ClientForAsync("supervisor");
        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = CircularPagesTests.FreshNumber(),
            title = "关于报送旬报的通知",
            issuers = new[] { "长治市上党区金融工作办公室" },
            issuedOn = "2024-09-20",
            effectiveFrom = "2024-09-21",
            effectiveTo = "2024-10-31",
            text = "各银行机构：请于旬后3日内报送旬报，逢国庆节免报。请于文发之后十日内报送联系人。",
            extraDays = new[] { new { date = "2024-09-30", isWorkingDay = false } },
            requirements = new object[]
            {
                new
                {
                    clause = "一、",
                    text = "请于旬后3日内报送旬报，逢国庆节免报。",
                    kind = "RecurringReport",
                    dueRule = new { frequency = "TenDay", anchor = "PeriodEnd", offset = 3, unit = "NaturalDays", exemptHolidays = new[] { "国庆节" } },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
                new
                {
                    clause = "二、",
                    text = "请于文发之后十日内报送联系人。",
                    kind = "Deadline",
                    dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var items = (await (await supervisor.GetAsync($"/api/obligations?circularId={id}&institution=SD-BOC&pageSize=50")).ExpectAsync(HttpStatusCode.OK))
            .EnumerateArray().ToDictionary(i => i.GetProperty("periodKey").GetString()!, i => (Due: i.GetProperty("dueAt").GetString()![..10], Why: i.GetProperty("dueExplanation").GetString()!));

        // 旬后3日: 9月下旬 → 10-03 in 国庆节 → Tue 10-08; 10月上旬 holds 国庆节: no report; 10月中旬 → Wed 10-23;
        // 10月下旬 → Sun 11-03 → Mon 11-04. The contact list: issued Fri 09-20 + 10 → Mon 09-30, a rest day of the
        // circular's own → 10-01..10-07 国庆节 → Tue 10-08.
        Assert.Multiple(() =>
        {
            Assert.That(items.Keys, Is.EquivalentTo(new[] { "2024-09-D3", "2024-10-D2", "2024-10-D3", "once" }));
            Assert.That(items["2024-09-D3"].Due, Is.EqualTo("2024-10-08"));
            Assert.That(items["2024-10-D2"].Due, Is.EqualTo("2024-10-23"));
            Assert.That(items["2024-10-D3"].Due, Is.EqualTo("2024-11-04"));
            Assert.That(items["2024-10-D3"].Why, Does.Contain("逢国庆节所在报告期免报"));
            Assert.That(items["once"].Due, Is.EqualTo("2024-10-08"));
            Assert.That(items["once"].Why, Does.Contain("2024-09-30（星期一，本通知另行安排的休息日） → 按本通知另行安排的休息日顺延至 2024-10-08（星期二）"));
        });
    }
}
