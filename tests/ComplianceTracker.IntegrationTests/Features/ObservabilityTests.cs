using System.Diagnostics.Metrics;
using System.Text;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Traces and metrics reach a collector (a real OTLP/HTTP listener) when one is configured; nothing is exported when
/// none is. Job runs, saved revisions and requests are counted; every response names its request id, the same one
/// problem details carry; readiness includes the job storage.
/// </summary>
[NonParallelizable]
public class ObservabilityTests
{
    private OtlpListener collector = null!;
    private ComplianceApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        collector = new OtlpListener();
        app = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Endpoint,
            ["Telemetry:Protocol"] = "http/protobuf",
            ["Telemetry:MetricsIntervalSeconds"] = "1",
            ["Jobs:RunServer"] = "true",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        collector?.Dispose();
    }

    [Test]
    public async Task Requests_AreTraced_ToTheCollector()
    {
        var reporter = await app.ClientForAsync("SD-CCB-reporter");
        await (await reporter.GetAsync("/api/me")).ExpectAsync(HttpStatusCode.OK);

        var traces = await collector.WaitForAsync("/v1/traces", "/api/me");

        Assert.That(Encoding.UTF8.GetString(traces), Does.Contain("ComplianceTracker"), "the service name travels with the spans");
    }

    [Test]
    public async Task SavedRevisions_AndJobRuns_AreCounted_InTheExportedMetrics()
    {
        var reporter = await app.ClientForAsync("SD-CCB-reporter");
        var route = ReportingSupport.SubmissionUrl(await ReportingSupport.CurrentPeriodAsync(reporter), "SD-CCB");
        var current = await (await reporter.GetAsync(route)).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PutAsJsonAsync(route, new { values = new Dictionary<string, decimal?>(), comments = new Dictionary<string, string>(), baseRevision = current.GetProperty("revision").GetInt32() }))
            .ExpectAsync(HttpStatusCode.OK);

        // Through Hangfire's own server, so the filter sees the run as production does.
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger("refresh-schedules");

        await collector.WaitForAsync("/v1/metrics", "compliance.submissions");
        var metrics = await collector.WaitForAsync("/v1/metrics", "RefreshSchedulesJob");
        Assert.That(Encoding.UTF8.GetString(metrics), Does.Contain("compliance.jobs.runs").And.Contain("compliance.jobs.duration"), "runs are counted and timed, labelled with their job");
    }

    [Test]
    public async Task JobRuns_AreMeasured_WithTheirOutcome()
    {
        using var listener = new MeterListener();
        var runs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var succeeded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ComplianceTracker" && instrument.Name == "compliance.jobs.runs")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            var run = $"{values["job"]}:{values["outcome"]}";
            runs.Enqueue(run);
            if (run == "MarkOverdueJob:succeeded")
            {
                succeeded.TrySetResult();
            }
        });
        listener.Start();

        app.Services.GetRequiredService<IRecurringJobManager>().Trigger("mark-overdue");

        // Until the measurement arrives, for a minute at most.
        await Task.WhenAny(succeeded.Task, Task.Delay(TimeSpan.FromMinutes(1)));

        Assert.That(runs, Does.Contain("MarkOverdueJob:succeeded"));
    }

    [Test]
    public async Task EveryResponse_NamesItsRequest_AsProblemDetailsDo()
    {
        var reporter = await app.ClientForAsync("SD-CCB-reporter");

        var response = await reporter.GetAsync("/api/circulars/987654");
        var problem = await response.ExpectAsync(HttpStatusCode.NotFound);

        Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.EqualTo(problem.GetProperty("traceId").GetString()));
    }

    [Test]
    public async Task Readiness_AsksTheDatabase_AndTheJobStorage()
    {
        var response = await app.CreateClient().GetAsync("/health/ready");
        var checks = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations
            .Where(r => r.Tags.Contains("ready")).Select(r => r.Name);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
            Assert.That(checks, Is.EquivalentTo(new[] { "database", "jobs" }));
        });
    }

    [Test]
    public async Task WithoutACollector_NothingIsExported()
    {
        await using var plain = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite);

        Assert.That(plain.Services.GetService<TracerProvider>(), Is.Null, "no tracer provider, so no spans are even recorded");
    }
}
