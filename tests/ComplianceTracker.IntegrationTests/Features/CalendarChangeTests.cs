using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Next year's holidays are entered after the weekly regime's due moments in that year were computed without them:
/// the refresh moves what is not yet due, due items and report periods alike, and leaves the rest alone.
/// </summary>
public class CalendarChangeTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task NewHolidays_MoveTheDueMomentsNotYetReached()
    {
        // The demo regime runs six months from eight weeks ago, so it has weeks due in the first months of 2027,
        // a year the seeds do not hold. Take the first one due on a Monday of 2027.
        var items = await App.QueryAsync(db => db.DueItems
            .Where(d => d.Obligation.Institution.Code == "SD-BOC" && db.ReportForms.Any(f => f.Code == ReportingSupport.Form && f.RequirementId == d.Obligation.RequirementId))
            .Select(d => new { d.Id, d.PeriodKey, d.DueAt }).ToListAsync());
        var target = items.Where(i => i.DueAt!.Value.AddHours(8).Year == 2027 && i.DueAt.Value.AddHours(8).DayOfWeek == DayOfWeek.Monday).OrderBy(i => i.DueAt).First();
        var monday = DateOnly.FromDateTime(target.DueAt!.Value.AddHours(8));
        var past = items.Where(i => i.DueAt < DateTime.UtcNow).OrderByDescending(i => i.DueAt).First();

        // That Monday and Tuesday become holidays: the due moment moves to Wednesday, 12:00 as before.
        var admin = await As("admin");
        await (await admin.PutAsJsonAsync("/api/calendar/2027", new[]
        {
            new { date = monday.ToString("yyyy-MM-dd"), kind = "Holiday", name = "测试假日" },
            new { date = monday.AddDays(1).ToString("yyyy-MM-dd"), kind = "Holiday", name = "测试假日" },
        })).ExpectAsync(HttpStatusCode.OK);
        await App.RunAsync<RefreshSchedulesJob, int>(async j =>
        {
            await j.RunAsync(CancellationToken.None);
            return 0;
        });

        var moved = await App.QueryAsync(db => db.DueItems.SingleAsync(d => d.Id == target.Id));
        var untouched = await App.QueryAsync(db => db.DueItems.SingleAsync(d => d.Id == past.Id));
        var period = await App.QueryAsync(db => db.ReportPeriods.SingleAsync(p => p.Key == target.PeriodKey && p.Form.Code == ReportingSupport.Form));
        var wednesday = monday.AddDays(2).ToDateTime(new TimeOnly(12, 0));
        Assert.Multiple(() =>
        {
            Assert.That(moved.DueAt!.Value.AddHours(8), Is.EqualTo(wednesday));
            Assert.That(moved.DueExplanation, Does.Contain("顺延"));
            Assert.That(moved.Status, Is.EqualTo(DueItemStatus.Open));
            Assert.That(period.DueAt.AddHours(8), Is.EqualTo(wednesday), "the report period follows its due item");
            Assert.That(untouched.DueAt, Is.EqualTo(past.DueAt), "what is already due keeps its moment");
        });
    }

    [Test]
    public async Task ConfirmingAYear_TellsEachInstitutionWhoseOpenItemsMoved_OnceWithOldAndNewDates()
    {
        // The demo weekly regime's first week of 2027 due on a Monday, for 中国银行 (SD-BOC).
        var target = await App.QueryAsync(async db => (await db.DueItems
            .Where(d => d.Obligation.Institution.Code == "SD-BOC" && d.Status == DueItemStatus.Open && db.ReportForms.Any(f => f.Code == ReportingSupport.Form && f.RequirementId == d.Obligation.RequirementId))
            .Select(d => new { d.Id, d.DueAt }).ToListAsync())
            .Where(i => i.DueAt!.Value.AddHours(8).Year == 2027 && i.DueAt.Value.AddHours(8).DayOfWeek == DayOfWeek.Monday).OrderBy(i => i.DueAt).First());
        var monday = DateOnly.FromDateTime(target.DueAt!.Value.AddHours(8));
        var before = await App.QueryAsync(db => db.Notifications.MaxAsync(n => (long?)n.Id)) ?? 0;

        // The administrator confirms 2027 with that Monday and Tuesday as holidays; the refresh moves the week.
        var admin = await As("admin");
        await (await admin.PutAsJsonAsync("/api/calendar/2027", new[]
        {
            new { date = monday.ToString("yyyy-MM-dd"), kind = "Holiday", name = "测试假日" },
            new { date = monday.AddDays(1).ToString("yyyy-MM-dd"), kind = "Holiday", name = "测试假日" },
        })).ExpectAsync(HttpStatusCode.OK);
        await RefreshAsync();
        var moved = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == target.Id).Select(d => d.DueAt!.Value).SingleAsync());
        var told = await ReplannedAsync(before);

        // Refreshing again moves nothing, and tells no one again.
        await RefreshAsync();
        var toldAgain = await ReplannedAsync(before);

        var bank = told.Where(m => m.User == "SD-BOC-reporter").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(moved.AddHours(8), Is.EqualTo(monday.AddDays(2).ToDateTime(new TimeOnly(12, 0))), "the week moved to Wednesday");
            Assert.That(bank, Has.Count.EqualTo(1), "the bank's reporter hears once");
            Assert.That(bank.Single().Title, Is.EqualTo("【期限调整】节假日安排更新"));
            Assert.That(bank.Single().Body, Does.StartWith("中国银行长治上党支行：").And.Contain($"由 {Words(target.DueAt!.Value)} 改为 {Words(moved)}"), bank.Single().Body);
            Assert.That(bank.Single().Link, Is.EqualTo("/todo"));
            Assert.That(told.GroupBy(m => m.User).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one message per person, however many items moved");
            Assert.That(told.Select(m => m.User), Has.None.StartsWith("supervisor").And.None.EqualTo("admin"), "the banks are told, not the regulator");
            Assert.That(toldAgain, Has.Count.EqualTo(told.Count), "a refresh that moves nothing tells no one");
        });
    }

    private Task RefreshAsync() => App.RunAsync<RefreshSchedulesJob, int>(async j =>
    {
        await j.RunAsync(CancellationToken.None);
        return 0;
    });

    private sealed record Told(string User, string Title, string Body, string? Link);

    private Task<List<Told>> ReplannedAsync(long after) => App.QueryAsync(db => db.Notifications
        .Where(n => n.Id > after && n.Kind == NotificationKind.DueDatesReplanned)
        .Select(n => new Told(db.Users.Where(u => u.Id == n.UserId).Select(u => u.UserName!).Single(), n.Title, n.Body, n.Link))
        .ToListAsync());

    private static string Words(DateTime utc) => utc.AddHours(8).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
