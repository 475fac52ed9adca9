using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Exports;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;

namespace ComplianceTracker.Web.Infrastructure;

public static class FeatureRegistration
{
    /// <summary>Every use-case handler, by feature. A new handler is registered here, next to its siblings.</summary>
    public static IServiceCollection AddComplianceFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        // Deadlines
        services.AddSingleton<HolidayCalendar>();
        services.AddSingleton<IWorkingDayCalendar>(sp => sp.GetRequiredService<HolidayCalendar>());
        services.AddScoped<ReplaceCalendarYearHandler>();
        services.AddSingleton<CalendarRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarRefresher>());
        services.AddScoped<DueCalculator>();

        // Institutions
        services.AddScoped<ListInstitutionsHandler>();

        // Circulars
        services.AddScoped<ListCircularsHandler>();
        services.AddScoped<GetCircularHandler>();
        services.AddScoped<CreateCircularHandler>();
        services.AddScoped<UpdateCircularDatesHandler>();
        services.AddScoped<PublishCircularHandler>();
        services.AddScoped<CircularPublisher>();

        // Obligations
        services.AddScoped<ListDueItemsHandler>();
        services.AddScoped<ChangeDueItemStatusHandler>();
        services.AddScoped<GetDueItemHistoryHandler>();
        services.AddScoped<MarkOverdueJob>();
        services.AddScoped<RefreshSchedulesJob>();

        // Reporting
        services.AddScoped<SubmissionContextLoader>();
        services.AddSingleton<FormCache>();
        services.AddScoped<SubmissionWorkflow>();
        services.AddScoped<FormQueries>();
        services.AddScoped<GetCompletenessHandler>();
        services.AddScoped<ReportPeriodGenerator>();
        services.AddScoped<ExcelRoundTripHandler>();
        services.AddSingleton<FormWriters>();
        services.AddSingleton(configuration.GetSection(ExcelOptions.Section).Get<ExcelOptions>() ?? new ExcelOptions());

        // Notifications
        services.AddSingleton(configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions());
        services.AddSingleton(_ => new MessageTemplates(Path.Combine(AppContext.BaseDirectory, "templates", "notifications.json")));
        services.AddScoped<DueItemNotifier>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<DeliveryDispatcher>();
        services.AddSingleton(configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddSingleton<EmailSender>();
        services.AddHttpClient<RobotSender>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<GroupRobotsHandler>();
        services.AddScoped<SendDueRemindersJob>();
        services.AddScoped<EscalateOverdueJob>();
        services.AddScoped<SendWeeklyDigestJob>();
        services.AddScoped<DeliverNotificationsJob>();
        services.AddScoped<ChaseDueItemHandler>();
        services.AddScoped<Inbox>();

        // Exports
        services.AddSingleton(configuration.GetSection(ExportOptions.Section).Get<ExportOptions>() ?? new ExportOptions());
        services.AddScoped<WeeklySummaryExport>();
        services.AddScoped<OverdueRegisterExport>();
        services.AddScoped<CompletenessExport>();
        services.AddScoped<CircularLedgerExport>();
        services.AddScoped<TargetsExport>();
        services.AddScoped<AuditExport>();

        // Audit
        services.AddScoped<Features.Audit.AuditLog>();
        services.AddScoped<Features.Audit.ListAuditHandler>();
        services.AddScoped<ExportRunner>();
        services.AddScoped<ExportJobs>();

        // Targets
        services.AddScoped<TargetTracker>();
        services.AddScoped<TargetQueries>();
        services.AddScoped<SetBaselinesHandler>();
        services.AddScoped<EvaluateTargetsJob>();

        // Seeding
        var seed = configuration.GetSection(SeedOptions.Section).Get<SeedOptions>() ?? new SeedOptions();
        services.AddSingleton(seed);
        services.AddSingleton(seed.Folder is { Length: > 0 } folder ? new SeedFiles(folder) : SeedFiles.Default());
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoReports>();
        services.AddScoped<DemoTargets>();

        // Pages
        services.AddScoped<Pages.Shared.LayoutModel>();

        services.AddSingleton(TimeProvider.System);
        services.AddAutoMapper(cfg => cfg.LicenseKey = configuration["AutoMapper:LicenseKey"], typeof(FeatureRegistration));
        return services;
    }
}
