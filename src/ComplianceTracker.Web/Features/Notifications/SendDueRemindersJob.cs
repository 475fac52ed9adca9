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
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var steps = options.DaysBefore();
        var horizon = now.AddDays(Math.Max(steps.DefaultIfEmpty(0).Max(), 0) * 3 + 10);
        var items = await notifier.Facts(db.DueItems.Where(d => d.Status == DueItemStatus.Open && d.DueAt > now && d.DueAt < horizon)).ToListAsync(ct);
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
}

/// <summary>
/// Escalates what stays overdue: after N working days to the institution's head, after 2N to the supervisors of
/// its jurisdiction. Each step once per user.
/// </summary>
public sealed class EscalateOverdueJob(ComplianceDbContext db, DueItemNotifier notifier, NotificationOptions options, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var after = Math.Max(1, options.EscalateAfterWorkingDays);
        var items = await notifier.Facts(db.DueItems.Where(DueItemRules.IsOverdue(now))).ToListAsync(ct);
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
}
