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
}
