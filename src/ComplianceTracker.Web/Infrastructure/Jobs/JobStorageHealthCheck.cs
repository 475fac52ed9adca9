using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceTracker.Web.Infrastructure.Jobs;

/// <summary>Ready only when the job storage answers: a server that cannot reach it would neither run nor schedule jobs.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            var recurring = connection.GetRecurringJobs().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"{recurring} recurring jobs"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("后台任务存储不可用", e));
        }
    }
}
