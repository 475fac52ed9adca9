using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ComplianceTracker.Web.Infrastructure.Observability;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where traces and metrics go, by OTLP (a collector such as the OpenTelemetry Collector, Jaeger, or a bank's
    /// APM gateway), e.g. <c>http://otel-collector:4317</c>. Empty (the default): nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    [RegularExpression("^(grpc|http/protobuf)$")]
    public string Protocol { get; set; } = "grpc";

    public string ServiceName { get; set; } = "ComplianceTracker";

    /// <summary>How often metrics are pushed.</summary>
    [Range(1, 86_400)]
    public int MetricsIntervalSeconds { get; set; } = 60;
}

/// <summary>
/// The app's own instruments: what jobs did and how long they took, what was submitted, what was delivered. Traces
/// cover requests, outgoing HTTP (robots) and the database (Npgsql's and SqlClient's own sources) when exported.
/// </summary>
public static class Telemetry
{
    public const string Name = "ComplianceTracker";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("compliance.jobs.runs", description: "Background job runs, by job and outcome");
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("compliance.jobs.duration", unit: "s", description: "Background job run time");
    public static readonly Counter<long> Submissions = Meter.CreateCounter<long>("compliance.submissions", description: "Revisions saved, by source (Api, Page, Excel)");
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("compliance.deliveries", description: "Notification deliveries attempted, by channel and outcome");

    public static IServiceCollection AddComplianceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.Section);
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return services;
        }

        var http = options.Protocol == "http/protobuf";
        var protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;

        // Over HTTP each signal has its own path under the collector's address; gRPC takes the address itself.
        Uri Endpoint(string signal) => http ? new Uri(options.OtlpEndpoint.TrimEnd('/') + "/v1/" + signal) : new Uri(options.OtlpEndpoint);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(Name, "Npgsql", "Microsoft.Data.SqlClient")
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (Endpoint("traces"), protocol)))
            .WithMetrics(m => m
                .AddMeter(Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql")
                .AddRuntimeInstrumentationIfPresent()
                .AddOtlpExporter((o, reader) =>
                {
                    (o.Endpoint, o.Protocol) = (Endpoint("metrics"), protocol);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricsIntervalSeconds * 1000;
                }));
        return services;
    }

    /// <summary>.NET's own runtime meter (GC, thread pool), published without an extra package.</summary>
    private static MeterProviderBuilder AddRuntimeInstrumentationIfPresent(this MeterProviderBuilder builder) => builder.AddMeter("System.Runtime");
}

public static class RequestIdHeader
{
    /// <summary>
    /// Every response names its request (<c>X-Request-Id</c>), the same id the logs carry in their scope and the
    /// error page shows, so a branch can quote it to the help desk and operations can find the log lines.
    /// </summary>
    public static IApplicationBuilder UseRequestIdHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
