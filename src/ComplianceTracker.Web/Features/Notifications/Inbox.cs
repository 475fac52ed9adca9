using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

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

    /// <summary>Opens one of the caller's messages: marks it read and answers where to act (null when it is not the caller's, or links nowhere).</summary>
    public async Task<string?> OpenAsync(long id, CancellationToken ct)
    {
        var mine = await MineAsync(ct);
        var link = await mine.Where(n => n.Id == id).Select(n => n.Link).FirstOrDefaultAsync(ct);
        await MarkReadAsync(id, ct);
        return link;
    }

    private async Task<IQueryable<Notification>> MineAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return db.Notifications.Where(n => n.UserId == scope.User.Id);
    }
}
