using System.Text.Json.Serialization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Dashboard;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Exports;
using ComplianceTracker.Web.Features.FormAuthoring;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Jobs;
using ComplianceTracker.Web.Infrastructure.Observability;
using ComplianceTracker.Web.Infrastructure.Security;
using ComplianceTracker.Web.Pages;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

var limits = builder.Services.AddValidatedOptions<RequestLimits>(builder.Configuration, RequestLimits.Section);
builder.Services.AddComplianceDatabase(builder.Configuration, builder.Environment);
builder.Services.AddComplianceAuth(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAutoMapper(cfg => cfg.LicenseKey = builder.Configuration["AutoMapper:LicenseKey"], typeof(Program));
builder.Services.AddSeeding(builder.Configuration);
builder.Services.AddInstitutions(builder.Configuration);
builder.Services.AddDeadlines();
builder.Services.AddCalendar();
builder.Services.AddCirculars();
builder.Services.AddObligations(builder.Configuration);
builder.Services.AddReporting(builder.Configuration);
builder.Services.AddFormAuthoring();
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddExports(builder.Configuration);
builder.Services.AddTargets();
builder.Services.AddDashboard();
builder.Services.AddAudit();
builder.Services.AddCompliancePages();
builder.Services.AddChineseProblemDetails();
builder.Services.AddComplianceJobs(builder.Configuration);
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
    o.AddConcurrencyLimiter(RequestLimits.WritePolicy, c =>
    {
        c.PermitLimit = limits.ConcurrentWrites;
        c.QueueLimit = limits.WriteQueue;
        c.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
    });
});
builder.Services.AddHealthChecks()
    .AddDbContextCheck<ComplianceDbContext>("database", tags: ["ready"])
    .AddCheck<JobStorageHealthCheck>("jobs", tags: ["ready"]);
builder.Services.AddComplianceTelemetry(builder.Configuration);

builder.Services.AddComplianceForwardedHeaders(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseRequestIdHeader();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// People get Chinese error pages; the API keeps its problem details (see ProblemDetailsExceptionHandler).
app.UseExceptionHandler("/error/500");
app.UseWhen(c => ProblemDetailsExceptionHandler.IsPage(c) && HttpMethods.IsGet(c.Request.Method), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
app.UseWhen(c => !ProblemDetailsExceptionHandler.IsPage(c), api => api.UseStatusCodePages());
app.UseStaticFiles();

// After the error pages, so that a re-executed request is routed to its error page.
app.UseRouting();
app.UseRequestLimits(limits);
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapAccountsApi();
app.MapInstitutionsApi();
app.MapCircularsApi();
app.MapObligationsApi();
app.MapReportingApi();
app.MapFormAuthoringApi();
app.MapCalendarApi();
app.MapNotificationsApi();
app.MapRobotsApi();
app.MapExportsApi();
app.MapTargetsApi();
app.MapDashboardApi();
app.MapAuditApi();
app.MapJobsDashboard();
app.MapRazorPages();

app.MapOpenApi().RequireAuthorization(Policies.Anonymous).AllowAnonymous();
app.MapScalarApiReference().RequireAuthorization(Policies.Anonymous).AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).RequireAuthorization(Policies.Anonymous).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).RequireAuthorization(Policies.Anonymous).AllowAnonymous();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
