using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Reminds the reporters of institutions that have not yet reported, N working days before the due date (by
/// default 2 and on the day). Each (due item, step) once per user, however often the job runs.
/// </summary>
public sealed class SendDueRemindersJob(ComplianceDbContext db, DueItemNotifier notifier, NotificationOptions options, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var steps = options.DaysBefore();
        var items = await ItemsAtAStep().ToListAsync(ct);
        var messages = new List<(DueItemFacts, Audience, NotificationKind, string, string, int?)>();
        foreach (var item in items)
        {
            var days = notifier.WorkingDaysBetween(today, DateOnly.FromDateTime(ChinaTime.ToChina(item.DueAt).DateTime));
            if (steps.Contains(days))
            {
                messages.Add((item, Audience.Reporters, NotificationKind.Reminder, days == 0 ? "reminderToday" : "reminder", $"before{days}", days));
            }
        }

        return await notifier.NotifyAsync(messages, ct);
    }

    /// <summary>
    /// The open items a reminder step away today, selected in SQL: those whose deadline falls on a day that many working
    /// days ahead (the days are worked out here from the calendar), not every open item of the coming weeks.
    /// </summary>
    public IQueryable<DueItemFacts> ItemsAtAStep()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var steps = options.DaysBefore();
        var horizon = now.AddDays(Math.Max(steps.DefaultIfEmpty(0).Max(), 0) * 3 + 10);
        var days = Enumerable.Range(0, (int)Math.Ceiling((horizon - now).TotalDays) + 1).Select(today.AddDays)
            .Where(day => steps.Contains(notifier.WorkingDaysBetween(today, day)));
        return notifier.Facts(db.DueItems.Where(d => d.Status == DueItemStatus.Open && d.DueAt > now && d.DueAt < horizon).Where(DueItemNotifier.DeadlineOn(days)));
    }
}

/// <summary>
/// Escalates what stays overdue: after N working days to the institution's head, after 2N to the supervisors of
/// its jurisdiction. Each step once per user.
/// </summary>
public sealed class EscalateOverdueJob(ComplianceDbContext db, DueItemNotifier notifier, NotificationOptions options, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var after = Math.Max(1, options.EscalateAfterWorkingDays);
        var items = await ItemsAtAStep().ToListAsync(ct);
        var messages = new List<(DueItemFacts, Audience, NotificationKind, string, string, int?)>();
        foreach (var item in items)
        {
            var overdue = notifier.WorkingDaysBetween(DateOnly.FromDateTime(ChinaTime.ToChina(item.DueAt).DateTime), today);
            if (overdue >= after)
            {
                messages.Add((item, Audience.BranchHeads, NotificationKind.Escalation, "escalationHead", "head", overdue));
            }

            if (overdue >= 2 * after)
            {
                messages.Add((item, Audience.Supervisors, NotificationKind.Escalation, "escalationSupervisor", "supervisor", overdue));
            }
        }

        return await notifier.NotifyAsync(messages, ct);
    }

    /// <summary>
    /// The overdue items with a step to tell today, selected in SQL: overdue at least N working days (the head's step)
    /// and not yet escalated to the head, or at least 2N (the supervisors') and not yet escalated to them. A step the
    /// sweep missed (it did not run that day) is still told; an item told at every step it has reached is not read.
    /// </summary>
    public IQueryable<DueItemFacts> ItemsAtAStep()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var after = Math.Max(1, options.EscalateAfterWorkingDays);
        var head = DeadlineBefore(today, after);
        var supervisor = DeadlineBefore(today, 2 * after);
        // The items told at a step, as uncorrelated NOT IN lists: each read once (Notifications has no index on DueItemId).
        var told = db.Notifications.Where(n => n.Kind == NotificationKind.Escalation && n.DueItemId != null);
        var toldHead = told.Where(n => n.DedupKey.Contains(":head:")).Select(n => n.DueItemId!.Value);
        var toldSupervisors = told.Where(n => n.DedupKey.Contains(":supervisor:")).Select(n => n.DueItemId!.Value);
        return notifier.Facts(db.DueItems.Where(DueItemRules.IsOverdue(now))
            .Where(d => (d.CorrectionDueAt ?? d.DueAt) < head
                && (!toldHead.Contains(d.Id) || ((d.CorrectionDueAt ?? d.DueAt) < supervisor && !toldSupervisors.Contains(d.Id)))));
    }

    /// <summary>The moment before which a deadline is at least <paramref name="workingDays"/> working days before <paramref name="today"/> (the start of the day after the latest such day).</summary>
    private DateTime DeadlineBefore(DateOnly today, int workingDays)
    {
        var day = today;
        for (var i = 0; i < 400 && notifier.WorkingDaysBetween(day, today) < workingDays; i++)
        {
            day = day.AddDays(-1);
        }

        return ChinaTime.ToUtc(day.AddDays(1), TimeOnly.MinValue);
    }
}
