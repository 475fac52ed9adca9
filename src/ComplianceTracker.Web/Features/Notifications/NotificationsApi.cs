using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

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
        services.AddScoped<ChaseDueItemHandler>();
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

/// <summary>The caller's inbox, for the API and the pages alike.</summary>
public sealed class Inbox(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<int> UnreadAsync(CancellationToken ct) => await (await MineAsync(ct)).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Newest first, <paramref name="take"/> (200) at most.</summary>
    public async Task<List<NotificationDto>> ListAsync(bool unreadOnly, CancellationToken ct, int take = 200)
    {
        var mine = await MineAsync(ct);
        var rows = await (unreadOnly ? mine.Where(n => n.ReadAt == null) : mine).OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    /// <summary>One page of the caller's inbox, newest first, and how many notifications there are in all.</summary>
    public async Task<(List<NotificationDto> Items, int Total)> PageAsync(int page, int pageSize, CancellationToken ct)
    {
        var mine = await MineAsync(ct);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(n => n.Id).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(ToDto).ToList(), total);
    }

    private static NotificationDto ToDto(Notification n) =>
        new(n.Id, n.Kind, n.Title, n.Body, ChinaTime.ToChina(n.CreatedAt), n.ReadAt is { } r ? ChinaTime.ToChina(r) : null, n.Link);

    /// <summary>Marks one (or, without an id, every unread one) read; false when the caller has no such notification.</summary>
    public async Task<bool> MarkReadAsync(long? id, CancellationToken ct)
    {
        var mine = await MineAsync(ct);
        var target = id is { } one ? mine.Where(n => n.Id == one) : mine;
        await target.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow().UtcDateTime), ct);
        return id is not { } single || await mine.AnyAsync(n => n.Id == single, ct);
    }

    private async Task<IQueryable<Notification>> MineAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return db.Notifications.Where(n => n.UserId == scope.User.Id);
    }
}

public sealed record ChaseResult(int Sent);

/// <summary>A supervisor's 催报: the institution's reporters get a message now (once per due item and minute).</summary>
public sealed class ChaseDueItemHandler(ComplianceDbContext db, CurrentUser currentUser, DueItemNotifier notifier, TimeProvider time)
{
    public async Task<ChaseResult> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var item = await db.DueItems.Where(d => d.Id == id && visible.Contains(d.Obligation.InstitutionId))
            .Select(d => new { d.Status, Institution = d.Obligation.Institution })
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        var institution = await db.Institutions.Include(i => i.Jurisdiction).SingleAsync(i => i.Id == item.Institution.Id, ct);
        if (!scope.Supervises(institution))
        {
            throw new ForbiddenException("只有本辖区的监管员可以催报。");
        }

        if (item.Status is DueItemStatus.Done or DueItemStatus.Waived or DueItemStatus.Submitted)
        {
            throw new ConflictException("该事项已报送、完成或豁免，无需催报。");
        }

        var facts = await notifier.Facts(db.DueItems.Where(d => d.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new ConflictException("该事项的期限尚未确定，暂不能催报。");
        var step = $"chase-{ChinaTime.ToChina(time.GetUtcNow().UtcDateTime):yyyyMMddHHmm}";
        return new ChaseResult(await notifier.NotifyAsync([(facts, Audience.Reporters, NotificationKind.Chase, "chase", step, null)], ct));
    }
}
