using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using Hangfire;

namespace ComplianceTracker.Web.Infrastructure.Jobs;

/// <summary>
/// Every recurring schedule, in one place, in China time. Each job is an idempotent sweep over the database, so a
/// run missed, repeated, or made on two servers at once changes nothing twice.
/// </summary>
public static class RecurringJobs
{
    public static void Register(IRecurringJobManager jobs)
    {
        var china = new RecurringJobOptions { TimeZone = ChinaTime.Zone };

        // Due moments fall on the minute ("12:00前", "17:00前"): overdue is recorded within a minute.
        jobs.AddOrUpdate<MarkOverdueJob>("mark-overdue", j => j.RunAsync(CancellationToken.None), "* * * * *", china);

        // New institutions, newly dated circulars, the next periods; circulars past their validity expire.
        // Reminders N working days before the due date, and escalation of what stays overdue: each message once.
        jobs.AddOrUpdate<SendDueRemindersJob>("send-due-reminders", j => j.RunAsync(CancellationToken.None), "0 9 * * *", china);
        jobs.AddOrUpdate<EscalateOverdueJob>("escalate-overdue", j => j.RunAsync(CancellationToken.None), "30 9 * * *", china);

        // Targets on the latest figures, for every institution and every total (a submission re-judges its own at once).
        jobs.AddOrUpdate<Features.Targets.EvaluateTargetsJob>("evaluate-targets", j => j.RunAsync(CancellationToken.None), "*/30 * * * *", china);

        // Monday morning, before the weekly reports fall due: each supervisor's and leader's summary of last week.
        jobs.AddOrUpdate<SendWeeklyDigestJob>("weekly-digest", j => j.RunAsync(CancellationToken.None), "30 8 * * 1", china);

        // On a due day, each supervisor's and leader's group hears who has not reported yet (at 09:00 and an hour before).
        jobs.AddOrUpdate<Features.Reporting.SendRobotDigestJob>("robot-digest", j => j.RunAsync(CancellationToken.None), "*/15 * * * *", china);

        // E-mails and robot posts go out when recorded; what failed is retried from the outbox.
        jobs.AddOrUpdate<DeliverNotificationsJob>("deliver-notifications", j => j.RunAsync(CancellationToken.None), "* * * * *", china);

        jobs.AddOrUpdate<RefreshSchedulesJob>("refresh-schedules", j => j.RunAsync(CancellationToken.None), "5 0 * * *", china);
    }
}

/// <summary>Registers the recurring jobs once the app starts (each server does; registering is idempotent).</summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobs.Register(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
