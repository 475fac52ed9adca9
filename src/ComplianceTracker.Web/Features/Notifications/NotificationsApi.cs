using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

public sealed record NotificationDto(long Id, NotificationKind Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? Link);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (bool? unread, ComplianceDbContext db, CurrentUser currentUser, HttpContext http, CancellationToken ct) =>
            {
                var scope = await currentUser.ScopeAsync(ct);
                var mine = db.Notifications.Where(n => n.UserId == scope.User.Id);
                http.Response.Headers["X-Unread-Count"] = (await mine.CountAsync(n => n.ReadAt == null, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var rows = await (unread == true ? mine.Where(n => n.ReadAt == null) : mine)
                    .OrderByDescending(n => n.Id).Take(200).ToListAsync(ct);
                return TypedResults.Ok(rows.Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Body, ChinaTime.ToChina(n.CreatedAt), n.ReadAt is { } r ? ChinaTime.ToChina(r) : null, n.Link)).ToList());
            })
            .WithSummary("The caller's inbox, newest first (200 at most); unread count in X-Unread-Count");

        group.MapPost("/{id:long}/read", async (long id, ComplianceDbContext db, CurrentUser currentUser, TimeProvider time, CancellationToken ct) =>
            {
                var scope = await currentUser.ScopeAsync(ct);
                var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == scope.User.Id && n.ReadAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, time.GetUtcNow().UtcDateTime), ct);
                return changed == 0 && !await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == scope.User.Id, ct)
                    ? throw new NotFoundException($"未找到编号为 {id} 的通知。")
                    : TypedResults.NoContent();
            })
            .WithSummary("Mark one of the caller's notifications read");

        return app;
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

        if (item.Status is Obligations.DueItemStatus.Done or Obligations.DueItemStatus.Waived or Obligations.DueItemStatus.Submitted)
        {
            throw new ConflictException("该事项已报送、完成或豁免，无需催报。");
        }

        var facts = await notifier.Facts(db.DueItems.Where(d => d.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new ConflictException("该事项的期限尚未确定，暂不能催报。");
        var step = $"chase-{ChinaTime.ToChina(time.GetUtcNow().UtcDateTime):yyyyMMddHHmm}";
        return new ChaseResult(await notifier.NotifyAsync([(facts, Audience.Reporters, NotificationKind.Chase, "chase", step, null)], ct));
    }
}
