using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Notifications;

public sealed record NotificationDto(long Id, NotificationKind Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? Link);

public static class NotificationsApi
{
    /// <summary>The Notifications feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.Section);
        services.AddSingleton(_ => new MessageTemplates(Path.Combine(AppContext.BaseDirectory, "templates", "notifications.json")));
        services.AddScoped<DueItemNotifier>();
        services.AddScoped<ReportMessages>();
        services.AddScoped<CircularPublishedMessages>();
        services.AddScoped<CircularChangedMessages>();
        services.AddScoped<DueDatesReplannedMessages>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<DeliveryDispatcher>();
        services.AddValidatedOptions<SmtpOptions>(configuration, SmtpOptions.Section);
        services.AddSingleton<EmailSender>();
        services.AddHttpClient<RobotSender>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<GroupRobotsHandler>();
        services.AddScoped<SendDueRemindersJob>();
        services.AddScoped<EscalateOverdueJob>();
        services.AddScoped<SendWeeklyDigestJob>();
        services.AddScoped<DeliverNotificationsJob>();
        services.AddScoped<Inbox>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (bool? unread, Inbox inbox, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers["X-Unread-Count"] = (await inbox.UnreadAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(await inbox.ListAsync(unread == true, ct));
            })
            .WithSummary("The caller's inbox, newest first (200 at most); unread count in X-Unread-Count");

        group.MapPost("/{id:long}/read", async (long id, Inbox inbox, CancellationToken ct) =>
                await inbox.MarkReadAsync(id, ct) ? TypedResults.NoContent() : throw new NotFoundException($"未找到编号为 {id} 的通知。"))
            .WithSummary("Mark one of the caller's notifications read");

        return app;
    }
}
