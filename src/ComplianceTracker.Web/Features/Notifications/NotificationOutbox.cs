using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// One message to record: for each user an inbox notification (and an e-mail copy when the user has an address),
/// and one post to each group robot. <see cref="Key"/> names the message ("Reminder:42:before2"); the rows are keyed
/// by it, so the same message is recorded once however many servers or reruns produce it. <see cref="Mentions"/> are
/// mobiles the robot posts @-mention.
/// </summary>
public sealed record Outgoing(
    NotificationKind Kind, string Key, string Title, string Body, string? Link, int? DueItemId,
    IReadOnlyCollection<string> UserIds, IReadOnlyCollection<int> RobotIds, IReadOnlyCollection<string>? Mentions = null);

/// <summary>Records messages in the inbox and the delivery outbox, each once, then sends what this server recorded.</summary>
public sealed class NotificationOutbox(ComplianceDbContext db, DeliveryDispatcher dispatcher, TimeProvider time)
{
    /// <summary>Records what is new and returns how many inbox notifications that was.</summary>
    public async Task<int> RecordAsync(IReadOnlyCollection<Outgoing> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var userIds = messages.SelectMany(m => m.UserIds).Distinct().ToList();
        var addresses = await db.Users.Where(u => userIds.Contains(u.Id) && u.Email != null && u.Email != "")
            .ToDictionaryAsync(u => u.Id, u => u.Email!, StringComparer.Ordinal, ct);
        var (notifications, robotPosts) = Rows(messages, addresses);

        var recorded = await InsertNewAsync(db.Notifications, notifications, n => n.DedupKey, n => n.DedupKey, ct);
        var posts = await InsertNewAsync(db.Deliveries, robotPosts, d => d.DedupKey, d => d.DedupKey, ct);

        // Sent now by the server that recorded them; what fails is retried by the delivery job.
        if (recorded.Any(n => n.Deliveries.Count > 0) || posts.Count > 0)
        {
            await dispatcher.DeliverAsync(ct);
        }

        return recorded.Count;
    }

    /// <summary>
    /// Adds a message that cannot have been recorded yet (its key names a change saved in the same SaveChanges) to the
    /// DbContext, to be saved with that change: the same rows <see cref="RecordAsync"/> writes, without its read of the
    /// keys already there. <paramref name="addresses"/> are the e-mail addresses of its users (those with one). Returns
    /// whether, once saved, it has anything to send (<see cref="DeliverAsync"/>).
    /// </summary>
    public bool Stage(Outgoing message, IReadOnlyDictionary<string, string> addresses)
    {
        var (notifications, robotPosts) = Rows([message], addresses);
        db.Notifications.AddRange(notifications);
        db.Deliveries.AddRange(robotPosts);
        return notifications.Any(n => n.Deliveries.Count > 0) || robotPosts.Count > 0;
    }

    /// <summary>Sends what this server has just recorded (and anything else due); what fails is retried by the delivery job.</summary>
    public Task DeliverAsync(CancellationToken ct) => dispatcher.DeliverAsync(ct);

    /// <summary>The inbox notifications (with their e-mail copies) and the robot posts of the messages.</summary>
    private (List<Notification> Notifications, List<Delivery> RobotPosts) Rows(IReadOnlyCollection<Outgoing> messages, IReadOnlyDictionary<string, string> addresses)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var emailOn = dispatcher.EmailEnabled;

        var notifications = new List<Notification>();
        var robotPosts = new List<Delivery>();
        foreach (var message in messages)
        {
            var title = Clip(message.Title, 200);
            var body = Clip(message.Body, 2000);
            foreach (var userId in message.UserIds.Distinct())
            {
                var notification = new Notification
                {
                    UserId = userId,
                    Kind = message.Kind,
                    Title = title,
                    Body = body,
                    Link = message.Link,
                    DueItemId = message.DueItemId,
                    CreatedAt = now,
                    DedupKey = $"{message.Key}:{userId}",
                };
                if (emailOn && addresses.TryGetValue(userId, out var address))
                {
                    // Part of the notification's own insert: the e-mail exists exactly when the inbox copy does.
                    notification.Deliveries.Add(Pending(DeliveryChannel.Email, $"{notification.DedupKey}:email", title, body, now, address: address));
                }

                notifications.Add(notification);
            }

            var mentions = message.Mentions is { Count: > 0 } m ? Delivery.JoinMentions(m) : null;
            robotPosts.AddRange(message.RobotIds.Distinct().Select(r => Pending(DeliveryChannel.Robot, $"{message.Key}:robot:{r}", title, body, now, robotId: r, mentions: mentions)));
        }

        return (notifications, robotPosts);
    }

    private static Delivery Pending(
        DeliveryChannel channel, string key, string title, string body, DateTime now, string? address = null, int? robotId = null, string? mentions = null) => new()
    {
        Channel = channel,
        Address = address,
        RobotId = robotId,
        Mentions = mentions,
        Title = title,
        Body = body,
        DedupKey = key,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// Inserts the rows whose unique key is not there yet. When another server inserts some of the same keys in
    /// between, its copies win: the batch is retried row by row and the losers are dropped.
    /// </summary>
    private async Task<List<T>> InsertNewAsync<T>(DbSet<T> set, List<T> drafts, System.Linq.Expressions.Expression<Func<T, string>> keyColumn, Func<T, string> key, CancellationToken ct)
        where T : class
    {
        if (drafts.Count == 0)
        {
            return [];
        }

        var keys = drafts.Select(key).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            existing.UnionWith(await set.Select(keyColumn).Where(k => chunk.Contains(k)).ToListAsync(ct));
        }

        var fresh = drafts.Where(d => !existing.Contains(key(d))).DistinctBy(key, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return [];
        }

        set.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh;
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            db.ChangeTracker.Clear();
            var added = new List<T>();
            foreach (var draft in fresh)
            {
                ResetKeys(draft);
                set.Add(draft);
                try
                {
                    await db.SaveChangesAsync(ct);
                    added.Add(draft);
                }
                catch (DbUpdateException one) when (DbErrors.IsConflict(one))
                {
                    db.ChangeTracker.Clear();
                }
            }

            return added;
        }
    }

    private static void ResetKeys(object row)
    {
        switch (row)
        {
            case Notification n:
                n.Id = 0;
                foreach (var d in n.Deliveries)
                {
                    d.Id = 0;
                    d.NotificationId = null;
                }

                break;
            case Delivery d:
                d.Id = 0;
                break;
        }
    }
}
