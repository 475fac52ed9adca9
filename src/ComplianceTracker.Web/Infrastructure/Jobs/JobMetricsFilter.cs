using System.Diagnostics;
using ComplianceTracker.Web.Infrastructure.Observability;
using Hangfire.Server;

namespace ComplianceTracker.Web.Infrastructure.Jobs;

/// <summary>Counts every job run by job and outcome, times it, and traces it as one activity.</summary>
public sealed class JobMetricsFilter : IServerFilter
{
    private const string StartedKey = "ct:started";
    private const string ActivityKey = "ct:activity";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
        context.Items[ActivityKey] = Telemetry.Source.StartActivity($"job {Name(context)}");
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Exception is null || context.ExceptionHandled ? "succeeded" : "failed";
        var job = new KeyValuePair<string, object?>("job", Name(context));
        Telemetry.JobRuns.Add(1, job, new KeyValuePair<string, object?>("outcome", outcome));
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long ticks)
        {
            Telemetry.JobDuration.Record(Stopwatch.GetElapsedTime(ticks).TotalSeconds, job);
        }

        if (context.Items.TryGetValue(ActivityKey, out var value) && value is Activity activity)
        {
            activity.SetStatus(outcome == "failed" ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
            activity.Dispose();
        }
    }

    private static string Name(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}
