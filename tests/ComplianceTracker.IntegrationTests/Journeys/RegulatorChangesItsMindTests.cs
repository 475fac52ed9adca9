using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 11 of JOURNEYS.md, "The regulator changes its mind", at 1366 px and on a phone: the supervisor edits a
/// draft in the review form and deletes it; amends a published monthly circular's deadline by hand with a reason,
/// seeing beforehand what will move; the bank's open month moves and the bank's 消息 says so with the new date; then
/// the supervisor repeals the circular by a later circular: the months still to come disappear, the finished ones
/// stay, and both circulars show the link. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class RegulatorChangesItsMindTests : BrowserAppFixture
{
    private const string Bank = "SD-CCB";

    private static DateOnly Today => Features.ReportingSupport.TodayInChina;

    [TestCase(false, TestName = "RegulatorChangesItsMind_AtTheDesk")]
    [TestCase(true, TestName = "RegulatorChangesItsMind_OnAPhone")]
    public async Task ADraftIsEditedAndDeleted_APublishedCircularIsAmendedThenRepealed_AndTheBankFollows(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var suffix = Random.Shared.Next(1000, 9_999_999);
        var draftTitle = $"关于报送普惠金融情况的通知（草稿{suffix}）";
        var monthlyNumber = $"长上金发〔2026〕{suffix}号";
        var monthlyTitle = $"关于按月报送小微企业贷款情况的通知（{suffix}）";
        var laterNumber = $"长上金发〔2026〕{suffix + 1}号";
        var api = await App.ClientForAsync("supervisor");
        await CreateAsync(api, null, draftTitle, Today, null, publish: false);
        var monthlyId = await CreateAsync(api, monthlyNumber, monthlyTitle, Today.AddDays(-45), Today.AddMonths(5), publish: true);
        var laterId = await CreateAsync(api, laterNumber, $"关于废止部分通知的通知（{suffix}）", Today, null, publish: true);

        // The draft: found in 通知文件, edited in the review form, saved, then deleted after the confirmation.
        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = draftTitle }).ClickAsync();
        await supervisor.Locator("#edit-draft").ClickAsync();
        await supervisor.Locator("#review").WaitForAsync();
        var editedTitle = draftTitle.Replace("草稿", "已改", StringComparison.Ordinal);
        await supervisor.Locator("#f-Title").FillAsync(editedTitle);
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await supervisor.WaitForURLAsync(new Regex(@"/circulars/\d+$"));
        var afterEdit = await supervisor.Locator("h1").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"journey11-draft-edited-{name}");
        await supervisor.Locator("#delete-draft").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "草稿已删除" }).WaitForAsync();
        var draftStillThere = await App.QueryAsync(db => db.Circulars.AnyAsync(c => c.Title == editedTitle || c.Title == draftTitle));

        // The monthly circular: 修订 by hand, the deadline from 10 to 15 days after each month; preview, then confirm.
        var before = await OpenItemAsync(monthlyId);
        await supervisor.GetByRole(AriaRole.Link, new() { Name = monthlyTitle }).ClickAsync();
        await supervisor.Locator("#amend").ClickAsync();
        await supervisor.Locator("#amend-form").WaitForAsync();
        await supervisor.Locator("#amend-reason").FillAsync("统计口径调整，报送时间相应延后");
        await supervisor.Locator("#a0-offset").FillAsync("15");
        await supervisor.Locator("#preview-amend").ClickAsync();
        await supervisor.Locator("#amend-preview").WaitForAsync();
        var preview = await supervisor.Locator("#amend-preview").InnerTextAsync();
        var amendOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey11-amend-preview-{name}");
        var unchangedWhilePreviewing = await OpenItemAsync(monthlyId);
        await supervisor.Locator("#confirm-amend").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已修订" }).WaitForAsync();
        var after = await OpenItemAsync(monthlyId);

        // The bank's reporter reads it in 消息, with the new due date.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), $"{Bank}-reporter");
        await Browser.NavigateAsync(reporter, "消息");
        await reporter.WaitForURLAsync("**/notifications");
        var message = await reporter.Locator("#messages tbody tr", new() { HasTextString = monthlyNumber }).Filter(new() { HasTextString = "通知修订" }).First.InnerTextAsync();
        var inboxOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey11-bank-told-{name}");

        // 废止 by the later circular, from today: the months to come disappear, both circulars show the link.
        var itemsBefore = await ItemsAsync(monthlyId);
        await supervisor.Locator("#repeal").ClickAsync();
        await supervisor.Locator("#repeal-form").WaitForAsync();

        // Without a reason nothing happens, and the page says what to fix.
        await supervisor.Locator("#confirm-repeal").ClickAsync();
        var refusal = await supervisor.Locator("#repeal-form .field-error").First.InnerTextAsync();
        var stillInForce = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == monthlyId).Select(c => c.Status).SingleAsync());
        await supervisor.Locator("#repeal-reason").FillAsync("相关工作已纳入常规统计");
        await supervisor.Locator("#repeal-by").SelectOptionAsync(new SelectOptionValue { Value = laterId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var repealOverflow = await Browser.OverflowAsync(supervisor);
        await supervisor.Locator("#confirm-repeal").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已废止" }).WaitForAsync();
        var status = await supervisor.Locator("#meta-status").InnerTextAsync();
        var link = await supervisor.Locator("#relations").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"journey11-repealed-{name}");
        await supervisor.Locator("#relations a").First.ClickAsync();
        await supervisor.WaitForURLAsync($"**/circulars/{laterId}");
        var backLink = await supervisor.Locator("#relations").InnerTextAsync();
        var detailOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey11-later-circular-{name}");
        var itemsAfter = await ItemsAsync(monthlyId);

        Assert.Multiple(() =>
        {
            Assert.That(afterEdit, Is.EqualTo(editedTitle), "the draft was saved with the edit");
            Assert.That(draftStillThere, Is.False, "the draft was deleted");
            Assert.That(preview, Does.Contain("中国建设银行长治上党支行"), "the preview names the banks whose months move");
            Assert.That(unchangedWhilePreviewing, Is.EqualTo(before), "previewing changes nothing");
            Assert.That(after.DueAt, Is.InRange(before.DueAt.AddDays(5), before.DueAt.AddDays(9)), "the bank's open month moves five days later (or to the next working day)");
            Assert.That(message, Does.Contain("修订").And.Contain(Words(after.DueAt)).And.Contain("统计口径调整"));
            Assert.That(refusal, Does.Contain("请填写废止原因"));
            Assert.That(stillInForce, Is.EqualTo(CircularStatus.Published), "a refused repeal changes nothing");
            Assert.That(status, Is.EqualTo("已废止"));
            Assert.That(link, Does.Contain($"本通知已被 {laterNumber} 废止"));
            Assert.That(backLink, Does.Contain($"本通知废止了 {monthlyNumber}"));
            Assert.That(itemsBefore.Any(i => i.Start > Today), Is.True, "there were months to come");
            Assert.That(itemsAfter.Where(i => i.Start > Today), Is.Empty, "the months to come disappeared");
            Assert.That(itemsAfter.Where(i => i.End < Today.AddDays(-20)), Is.EqualTo(itemsBefore.Where(i => i.End < Today.AddDays(-20))), "finished months keep their history");
            Assert.That(new[] { amendOverflow, inboxOverflow, repealOverflow, detailOverflow }, Has.All.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }

    private static string Words(DateTime utc)
    {
        var china = utc.AddHours(8);
        return $"{china.Year}年{china.Month}月{china.Day}日";
    }

    private sealed record Month(string Key, DateOnly? Start, DateOnly? End, DueItemStatus Status);

    private Task<List<Month>> ItemsAsync(int circularId) => App.QueryAsync(db => db.DueItems
        .Where(d => d.Obligation.Requirement.CircularId == circularId && d.Obligation.Institution.Code == Bank)
        .OrderBy(d => d.PeriodStart).Select(d => new Month(d.PeriodKey, d.PeriodStart, d.PeriodEnd, d.Status)).ToListAsync());

    private sealed record OpenItem(int Id, DateTime DueAt);

    /// <summary>The bank's first open month still to come (the one the amendment moves).</summary>
    private Task<OpenItem> OpenItemAsync(int circularId) => App.QueryAsync(db => db.DueItems
        .Where(d => d.Obligation.Requirement.CircularId == circularId && d.Obligation.Institution.Code == Bank && d.Status == DueItemStatus.Open && d.DueAt > DateTime.UtcNow)
        .OrderBy(d => d.DueAt).Select(d => new OpenItem(d.Id, d.DueAt!.Value)).FirstAsync());

    private static async Task<int> CreateAsync(HttpClient api, string? number, string title, DateOnly issuedOn, DateOnly? effectiveTo, bool publish)
    {
        var created = await (await api.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = number,
            title,
            issuers = new[] { "长治市上党区金融工作中心" },
            issuedOn = issuedOn.ToString("yyyy-MM-dd"),
            effectiveTo = effectiveTo?.ToString("yyyy-MM-dd"),
            text = $"{title}\n各银行机构：\n一、各银行机构须于每月结束后10日内报送小微企业贷款情况统计表。",
            requirements = new[]
            {
                new
                {
                    clause = "一、",
                    text = "各银行机构须于每月结束后10日内报送小微企业贷款情况统计表。",
                    kind = "RecurringReport",
                    dueRule = new { frequency = "Monthly", anchor = "PeriodEnd", offset = 10, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        if (publish)
        {
            await (await api.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        }

        return id;
    }
}
