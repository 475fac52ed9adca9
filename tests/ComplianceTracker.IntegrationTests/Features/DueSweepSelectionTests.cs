using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using static ComplianceTracker.IntegrationTests.Features.NotificationsTests;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The daily sweeps read in SQL only the items with a step to tell today: a reminder step before the due date, an
/// escalation step after it (the head's, then the supervisors') not told yet. An item between steps is not read.
/// </summary>
public class DueSweepSelectionTests(DatabaseProvider provider) : AppFixture(provider)
{
    private readonly TestClock clock = new();

    protected override TimeProvider Clock => clock;

    private async Task<List<int>> AtAsync<TJob>(DateOnly chinaDay, Func<TJob, Task<List<int>>> run)
        where TJob : notnull
    {
        clock.Set(new DateTimeOffset(chinaDay.ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8)));
        try
        {
            return await App.RunAsync(run);
        }
        finally
        {
            clock.Release();
        }
    }

    private static Task<List<int>> Reminded(SendDueRemindersJob job) => job.ItemsAtAStep().Select(f => f.Id).ToListAsync();

    private static Task<List<int>> Escalated(EscalateOverdueJob job) => job.ItemsAtAStep().Select(f => f.Id).ToListAsync();

    [Test]
    public async Task Reminders_ReadTheWeeksOpenItemsTwoWorkingDaysBeforeAndOnTheDay_AndNotOnTheDaysBetween()
    {
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).SingleAsync());
        var open = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == period.Key && d.Status == DueItemStatus.Open
            && d.Obligation.RequirementId == db.ReportForms.Single(f => f.Code == ReportingSupport.Form).RequirementId).Select(d => d.Id).ToListAsync());
        var due = DateOnly.FromDateTime(period.DueAt.AddHours(8));
        var twoBefore = Enumerable.Range(1, 10).Select(n => due.AddDays(-n)).First(day => NextWorkingDay(day, 2) == due);
        var threeBefore = Enumerable.Range(1, 10).Select(n => due.AddDays(-n)).First(day => NextWorkingDay(day, 3) == due);
        var oneBefore = Enumerable.Range(1, 10).Select(n => due.AddDays(-n)).First(day => NextWorkingDay(day, 1) == due);

        var atThree = await AtAsync<SendDueRemindersJob>(threeBefore, Reminded);
        var atTwo = await AtAsync<SendDueRemindersJob>(twoBefore, Reminded);
        var atOne = await AtAsync<SendDueRemindersJob>(oneBefore, Reminded);
        var onTheDay = await AtAsync<SendDueRemindersJob>(due, Reminded);

        Assert.Multiple(() =>
        {
            Assert.That(open, Is.Not.Empty);
            Assert.That(atTwo, Is.SupersetOf(open), "two working days before: a step");
            Assert.That(onTheDay, Is.SupersetOf(open), "on the day: a step");
            Assert.That(atThree.Intersect(open), Is.Empty, "three working days before: no step, not read");
            Assert.That(atOne.Intersect(open), Is.Empty, "one working day before: no step, not read");
        });
    }

    [Test]
    public async Task Escalation_ReadsAnItemAtTheHeadsStepAndAtTheSupervisorsStep_AndNotBetweenOnceTold()
    {
        // The demo leaves SD-CCB's one-off measures unsent; its due moment is in the past.
        var item = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == "once" && d.Obligation.Institution.Code == "SD-CCB"
            && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly").Select(d => new { d.Id, d.DueAt }).SingleAsync());
        var dueDay = DateOnly.FromDateTime(item.DueAt!.Value.AddHours(8));

        var oneDay = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 1), Escalated);
        var headStep = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 2), Escalated);
        var sent = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 2), async job => [await job.RunAsync(CancellationToken.None)]);
        var afterHead = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 3), Escalated);
        var supervisorStep = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 4), Escalated);
        await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 4), async job => [await job.RunAsync(CancellationToken.None)]);
        var afterBoth = await AtAsync<EscalateOverdueJob>(NextWorkingDay(dueDay, 6), Escalated);
        var keys = await App.QueryAsync(db => db.Notifications.Where(n => n.DueItemId == item.Id && n.Kind == NotificationKind.Escalation).Select(n => n.DedupKey).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(oneDay, Does.Not.Contain(item.Id), "one working day overdue: no step, not read");
            Assert.That(headStep, Does.Contain(item.Id), "two working days: the head's step");
            Assert.That(sent[0], Is.Positive);
            Assert.That(afterHead, Does.Not.Contain(item.Id), "the head told, the supervisors' step not reached: not read");
            Assert.That(supervisorStep, Does.Contain(item.Id), "four working days: the supervisors' step");
            Assert.That(afterBoth, Does.Not.Contain(item.Id), "told at both steps: not read again");
            Assert.That(keys.Count(k => k.Contains(":head:", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(keys.Count(k => k.Contains(":supervisor:", StringComparison.Ordinal)), Is.Positive);
        });
    }
}
