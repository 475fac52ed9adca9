using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Notifications;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Reminders before the due date, escalation after it, 催报 now: to the right users, each once.</summary>
public class NotificationsTests(DatabaseProvider provider) : AppFixture(provider)
{
    private readonly TestClock clock = new();

    protected override TimeProvider Clock => clock;

    /// <summary>Runs a job as the server would, with the clock set to a China-time moment, then lets time run again.</summary>
    private async Task<int> RunAtAsync<TJob>(DateTimeOffset chinaTime, Func<TJob, Task<int>> run)
        where TJob : class
    {
        clock.Set(chinaTime);
        try
        {
            return await App.RunAsync(run);
        }
        finally
        {
            clock.Release();
        }
    }

    private Task<List<string>> InboxOfAsync(string userName, NotificationKind kind) => App.QueryAsync(db =>
        db.Notifications.Where(n => n.Kind == kind && db.Users.Any(u => u.Id == n.UserId && u.UserName == userName)).Select(n => n.Title).ToListAsync());

    [Test]
    public async Task Reminders_GoToTheReportersOfBanksThatHaveNotReported_TwoWorkingDaysBefore_Once()
    {
        // The week under way is due next Monday 12:00; two working days before is the Thursday.
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).SingleAsync());
        var due = DateOnly.FromDateTime(period.DueAt.AddHours(8));
        var thursday = new DateTimeOffset(due.AddDays(-4).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        var dueItems = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == period.Key && d.Obligation.RequirementId == db.ReportForms.Single(f => f.Code == ReportingSupport.Form).RequirementId)
            .Select(d => new { d.Obligation.Institution.Code, d.Status }).ToListAsync());

        var sent = await RunAtAsync<SendDueRemindersJob>(thursday, j => j.RunAsync(CancellationToken.None));
        var again = await RunAtAsync<SendDueRemindersJob>(thursday.AddHours(3), j => j.RunAsync(CancellationToken.None));

        var open = dueItems.Where(d => d.Status == DueItemStatus.Open).Select(d => d.Code).ToList();
        var submitted = dueItems.Where(d => d.Status != DueItemStatus.Open).Select(d => d.Code).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(open, Is.Not.Empty);
            Assert.That(submitted, Is.Not.Empty, "the demo has one bank's week already submitted");
            Assert.That(sent, Is.GreaterThanOrEqualTo(open.Count));
            Assert.That(again, Is.Zero, "the same step is never sent twice");
            foreach (var code in open)
            {
                Assert.That(await InboxOfAsync($"{code}-reporter", NotificationKind.Reminder), Has.Some.Contains("待报送"), code);
                Assert.That(await InboxOfAsync($"{code}-head", NotificationKind.Reminder), Is.Empty, "heads are not reminded, reporters are");
            }

            foreach (var code in submitted)
            {
                Assert.That(await InboxOfAsync($"{code}-reporter", NotificationKind.Reminder), Is.Empty, $"{code} has submitted");
            }
        });
    }

    [Test]
    public async Task Escalation_GoesToTheHeadAfterTwoWorkingDays_ThenToTheSupervisor_EachOnce()
    {
        // The demo leaves SD-CCB's one-off measures unsent; its due moment is in the past.
        var item = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == "once" && d.Obligation.Institution.Code == "SD-CCB"
            && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly").Select(d => new { d.Id, d.DueAt }).SingleAsync());
        var dueDay = DateOnly.FromDateTime(item.DueAt!.Value.AddHours(8));

        await RunAtAsync<EscalateOverdueJob>(new DateTimeOffset(NextWorkingDay(dueDay, 1).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)), j => j.RunAsync(CancellationToken.None));
        var headOnly = await InboxOfAsync("SD-CCB-head", NotificationKind.Escalation);
        var supervisorBefore = await InboxOfAsync("supervisor", NotificationKind.Escalation);
        await RunAtAsync<EscalateOverdueJob>(new DateTimeOffset(NextWorkingDay(dueDay, 4).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)), j => j.RunAsync(CancellationToken.None));
        var rerun = await RunAtAsync<EscalateOverdueJob>(new DateTimeOffset(NextWorkingDay(dueDay, 5).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)), j => j.RunAsync(CancellationToken.None));

        var keys = await App.QueryAsync(db => db.Notifications.Where(n => n.DueItemId == item.Id && n.Kind == NotificationKind.Escalation).Select(n => n.DedupKey).ToListAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(headOnly.Where(t => t.Contains("SD-CCB") || t.Contains("建设银行")), Is.Empty, "one working day overdue escalates nothing yet");
            Assert.That(supervisorBefore.Where(t => t.Contains("建设银行")), Is.Empty);
            Assert.That(await InboxOfAsync("SD-CCB-head", NotificationKind.Escalation), Has.Some.Contains("建设银行"));
            Assert.That(await InboxOfAsync("supervisor", NotificationKind.Escalation), Has.Some.Contains("建设银行"));
            Assert.That(await InboxOfAsync("supervisor-sh", NotificationKind.Escalation), Is.Empty, "another jurisdiction's supervisor hears nothing");
            Assert.That(keys, Is.Unique);
            Assert.That(keys.Count(k => k.Contains(":head:", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(rerun, Is.Zero);
        });
    }

    [Test]
    public async Task Chase_BySupervisor_ReachesTheReportersInbox_AndNotTwiceInAMinute()
    {
        var supervisor = await As("supervisor");
        var reporter = await As("SD-RCB-reporter");
        var id = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == "once" && d.Obligation.Institution.Code == "SD-RCB"
            && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly").Select(d => d.Id).SingleAsync());
        var status = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == id).Select(d => d.Status).SingleAsync());
        Assert.That(status, Is.EqualTo(DueItemStatus.Open).Or.EqualTo(DueItemStatus.Overdue), "the demo leaves SD-RCB's measures unsent");

        var first = await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        var second = await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        var inbox = await reporter.GetAsync("/api/notifications?unread=true");
        var messages = await inbox.ExpectAsync(HttpStatusCode.OK);
        var chase = messages.EnumerateArray().First(n => n.GetProperty("kind").GetString() == "Chase");
        await (await reporter.PostAsync($"/api/notifications/{chase.GetProperty("id").GetInt64()}/read", null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await supervisor.PostAsync($"/api/notifications/{chase.GetProperty("id").GetInt64()}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Multiple(async () =>
        {
            Assert.That(first.GetProperty("sent").GetInt32(), Is.EqualTo(1));
            Assert.That(second.GetProperty("sent").GetInt32(), Is.LessThanOrEqualTo(1), "a second chase in the same minute adds nothing (or, at a minute boundary, one)");
            Assert.That(chase.GetProperty("title").GetString(), Does.Contain("催报"));
            Assert.That(int.Parse(inbox.Headers.GetValues("X-Unread-Count").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
            Assert.That(await App.QueryAsync(db => db.Notifications.Where(n => n.Id == chase.GetProperty("id").GetInt64()).Select(n => n.ReadAt).SingleAsync()), Is.Not.Null);
        });
    }

    [Test]
    public async Task Chase_ByAReporterOrAnotherJurisdiction_IsRefused()
    {
        var id = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-BOC").Select(d => d.Id).FirstAsync());

        await (await (await As("SD-BOC-reporter")).PostAsync($"/api/obligations/{id}/remind", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await (await As("supervisor-sh")).PostAsync($"/api/obligations/{id}/remind", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    internal static DateOnly NextWorkingDay(DateOnly from, int workingDays) =>
        ComplianceTracker.Web.Features.Calendar.HolidayCalendar.From(ComplianceTracker.Web.Data.Seeding.SeedFiles.Default().CalendarYears().SelectMany(y => y.ToDays()))
            .AddWorkingDays(from, workingDays);
}
