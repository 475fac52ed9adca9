using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 12 of JOURNEYS.md, "A new year", at 1366 px and on a phone. The app lives on 10 February 2026 and 2026's
/// holidays are not entered (removed first), so a bank's week due on a day of the Spring Festival is counted as an
/// ordinary week and its due date carries “2026年节假日安排未录入，日期可能变化” in 我的待办. The admin opens 节假日,
/// pastes the real State Council notice for 2026, clicks 识别, sees the month grid with the holidays and make-up days,
/// and confirms; the open due date is re-planned past the holiday and the mark is gone. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class NewYearTests : BrowserAppFixture
{
    private readonly TestClock clock = StartedClock();

    protected override TimeProvider Clock => clock;

    private static TestClock StartedClock()
    {
        var clock = new TestClock();
        clock.SetChina(new DateTime(2026, 2, 10, 10, 0, 0));
        return clock;
    }

    private static readonly DateOnly SpringFestivalFirst = new(2026, 2, 15);
    private static readonly DateOnly SpringFestivalLast = new(2026, 2, 23);

    private Task RefreshSchedulesAsync() => App.RunAsync<RefreshSchedulesJob, int>(async j =>
    {
        await j.RunAsync(CancellationToken.None);
        return 0;
    });

    [TestCase(false, TestName = "NewYear_NoticePastedConfirmedAndDueDateReplanned_AtTheDesk")]
    [TestCase(true, TestName = "NewYear_NoticePastedConfirmedAndDueDateReplanned_OnAPhone")]
    public async Task TheNotice_IsPasted_Confirmed_AndTheOpenDueDateReplanned(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var notice = await File.ReadAllTextAsync(Path.Combine(SeedFiles.Default().Folder, "calendar", "notices", "2026.txt"));

        // 2026's days are not entered yet: removed, and the schedules counted without them.
        await (await (await App.ClientForAsync("admin")).PutAsJsonAsync("/api/calendar/2026", Array.Empty<object>())).ExpectAsync(HttpStatusCode.OK);
        await RefreshSchedulesAsync();
        var items = (await App.QueryAsync(db => db.DueItems
                .Where(d => d.Status == DueItemStatus.Open && d.DueAt != null && db.ReportForms.Any(f => f.Code == ReportingSupport.Form && f.RequirementId == d.Obligation.RequirementId))
                .Select(d => new { d.Id, d.Obligation.Institution.Code, DueAt = d.DueAt!.Value }).ToListAsync()))
            .Where(d => DateOnly.FromDateTime(d.DueAt.AddHours(8)) is var day && day >= SpringFestivalFirst && day <= SpringFestivalLast)
            .OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.DueAt).ToList();
        Assert.That(items, Is.Not.Empty, "a bank's week falls due during the 2026 Spring Festival when it is not entered");
        var item = phone ? items[^1] : items[0];

        // The bank's reporter: 我的待办 shows the due date with the mark.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), $"{item.Code}-reporter");
        await Browser.NavigateAsync(reporter, "我的待办");
        await reporter.WaitForURLAsync("**/todo");
        await reporter.GetByRole(AriaRole.Link, new() { Name = "显示以后各期" }).ClickAsync();
        await reporter.WaitForURLAsync("**/todo?*");
        var dueCell = reporter.Locator($"#due-items tr[data-id='{item.Id}'] td[data-label=到期时间]");
        var before = await dueCell.InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"journey12-todo-unconfirmed-{name}");

        // The admin: 节假日 → paste the notice → 识别 → the month grid and the list → 确认并保存.
        var admin = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "admin");
        await Browser.NavigateAsync(admin, "节假日");
        await admin.WaitForURLAsync("**/calendar");
        await admin.Locator("#notice-text").FillAsync(notice);
        await Browser.PostAsync(admin.Locator("#parse-button"));
        var parsed = await admin.Locator("#parsed").InnerTextAsync();
        var holidays = await admin.Locator("#months td.holiday").CountAsync();
        var workdays = await admin.Locator("#months td.workday").CountAsync();
        var springFestivalCell = await admin.Locator("#months td[data-date='2026-02-16']").InnerTextAsync();
        var listed = await admin.Locator("#parsed-list tbody tr").CountAsync();
        var storedWhileReading = await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2026));
        var gridOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey12-parsed-{name}");
        await Browser.PostAsync(admin.Locator("#confirm-button"));
        var saved = await admin.Locator("#notice").InnerTextAsync();
        await Browser.ScreenshotAsync(admin, $"journey12-saved-{name}");

        // The re-planning the save enqueued, run as the server's job runner would.
        await RefreshSchedulesAsync();
        var moved = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == item.Id).Select(d => d.DueAt!.Value).SingleAsync());

        // The reporter looks again.
        await Browser.NavigateAsync(reporter, "我的待办");
        await reporter.WaitForURLAsync("**/todo");
        await reporter.GetByRole(AriaRole.Link, new() { Name = "显示以后各期" }).ClickAsync();
        await reporter.WaitForURLAsync("**/todo?*");
        var after = await dueCell.InnerTextAsync();
        var todoOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey12-todo-replanned-{name}");

        var movedDay = DateOnly.FromDateTime(moved.AddHours(8));
        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Contain("2026年节假日安排未录入，日期可能变化"));
            Assert.That(parsed, Does.Contain("2026 年").And.Contain("33 天法定节假日").And.Contain("6 天调休上班"));
            Assert.That(holidays, Is.EqualTo(33), "every day off of 2026 is marked in the grid");
            Assert.That(workdays, Is.EqualTo(6));
            Assert.That(springFestivalCell, Does.Contain("春节").And.Contain("休"));
            Assert.That(listed, Is.EqualTo(39));
            Assert.That(storedWhileReading, Is.Zero, "识别 stores nothing");
            Assert.That(saved, Does.Contain("已保存 2026 年的节假日安排"));
            Assert.That(movedDay, Is.GreaterThan(SpringFestivalLast), "the due date moved past the Spring Festival");
            Assert.That(after, Does.Contain(moved.AddHours(8).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(after, Does.Not.Contain("未录入"));
            Assert.That(gridOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(todoOverflow, Is.LessThanOrEqualTo(0));
        });
    }
}
