using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The daily escalation and reminder sweeps' reads at scale: the weeks each bank missed become overdue items (a tenth
/// of the banks each past week, as the scenario's submissions leave them), those overdue more than a week already
/// told to the head and the supervisor (as daily sweeps would have). Beside a bare COUNT(*) of the overdue items, the
/// read the escalation sweep made before (every overdue item) and the ones it and the reminder sweep make now (the
/// items with a step to tell today). In process, on the same database; the messages themselves are not written.
/// </summary>
public static class SweepBench
{
    private const int Runs = 5;

    public static async Task RunAsync(Options options, Scenario scenario, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ComplianceDbContext>();
        DatabaseSetup.Configure(builder, options.Provider, connectionString);
        var (items, told) = await FillAsync(builder.Options, scenario);
        Console.WriteLine();
        Console.WriteLine($"## Escalation and reminder sweeps ({items:N0} overdue items, {told:N0} of them told at both steps)");
        Console.WriteLine();
        Console.WriteLine(LoadStats.Header);
        var now = DateTime.UtcNow;
        var count = new LoadStats("baseline: SELECT COUNT(*) of the overdue items");
        var before = new LoadStats("escalation sweep's read before: every overdue item");
        var escalation = new LoadStats("escalation sweep's read now: items with a step to tell");
        var reminders = new LoadStats("reminder sweep's read now: items a step before their due day");
        var found = (Before: 0, Escalation: 0, Reminders: 0);
        for (var i = 0; i < Runs; i++)
        {
            await using var db = new SweepContext(builder.Options);
            var notifier = new DueItemNotifier(db, null!, new HolidayCalendar(), null!);   // the reads use neither templates nor the outbox
            var (c, t0) = await LoadStats.TimeAsync(() => db.DueItems.CountAsync(DueItemRules.IsOverdue(now)));
            count.Add(t0, c == items);
            var (all, t1) = await LoadStats.TimeAsync(() => notifier.Facts(db.DueItems.Where(DueItemRules.IsOverdue(now))).ToListAsync());
            before.Add(t1, true);
            var (due, t2) = await LoadStats.TimeAsync(() => new EscalateOverdueJob(db, notifier, new NotificationOptions(), TimeProvider.System).ItemsAtAStep().ToListAsync());
            escalation.Add(t2, true);
            var (soon, t3) = await LoadStats.TimeAsync(() => new SendDueRemindersJob(db, notifier, new NotificationOptions(), TimeProvider.System).ItemsAtAStep().ToListAsync());
            reminders.Add(t3, true);
            found = (all.Count, due.Count, soon.Count);
        }

        foreach (var stats in new[] { count, before, escalation, reminders })
        {
            Console.WriteLine(stats.Row());
        }

        Console.WriteLine();
        Console.WriteLine($"items read: every overdue item {found.Before:N0}; escalation now {found.Escalation:N0}; reminders now {found.Reminders:N0} (of {options.Institutions:N0} open items of the week)");
    }

    /// <summary>Overdue items for the missed weeks, and the escalations of those overdue more than a week; returns both counts.</summary>
    private static async Task<(int Items, int Told)> FillAsync(DbContextOptions<ComplianceDbContext> contextOptions, Scenario scenario)
    {
        await using var db = new SweepContext(contextOptions);
        var past = await db.ReportPeriods.Where(p => p.Form.Code == Scenario.FormCode && scenario.PastPeriods.Contains(p.Key)).OrderBy(p => p.Start).ToListAsync();
        var requirementId = await db.ReportForms.Where(f => f.Code == Scenario.FormCode).Select(f => f.RequirementId!.Value).SingleAsync();
        var obligations = await db.Obligations.Where(o => o.RequirementId == requirementId).OrderBy(o => o.InstitutionId).Select(o => o.Id).ToListAsync();
        var supervisor = await db.Users.Where(u => u.UserName == "bench-supervisor").Select(u => u.Id).SingleAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();

        // The weeks the scenario leaves unsubmitted: (bank + week) % 10 == 0.
        var missed = past.SelectMany((p, w) => obligations.Select((id, n) => (p, w, id, n))).Where(x => (x.n + x.w) % 10 == 0).ToList();
        await BulkInsert.RunAsync(connection, "DueItems", ["ObligationId", "PeriodKey", "PeriodStart", "PeriodEnd", "DueAt", "DueExplanation", "Status"],
            missed.Select(x => new object?[] { x.id, x.p.Key, x.p.Start, x.p.End, x.p.DueAt, x.p.DueExplanation, nameof(DueItemStatus.Overdue) }));
        var weekAgo = DateTime.UtcNow.AddDays(-7);
        var old = await db.DueItems.Where(d => d.Status == DueItemStatus.Overdue && d.DueAt < weekAgo && d.Obligation.RequirementId == requirementId).Select(d => d.Id).ToListAsync();
        var now = DateTime.UtcNow;
        await BulkInsert.RunAsync(connection, "Notifications", ["UserId", "Kind", "Title", "Body", "DueItemId", "CreatedAt", "DedupKey"],
            old.SelectMany(id => new[] { "head", "supervisor" }.Select(step => new object?[] { supervisor, nameof(NotificationKind.Escalation), "逾期升级", "压测", id, now, $"Escalation:{id}:{step}:{supervisor}" })));
        return (missed.Count, old.Count);
    }

    private sealed class SweepContext(DbContextOptions options) : ComplianceDbContext(options);
}
