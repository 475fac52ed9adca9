using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Sends pending deliveries: claims them with one conditional update (so two servers never send the same one),
/// sends, and records the outcome. A refused message is retried after 1, 5, 15, 60 and 240 minutes, then given up
/// as <see cref="DeliveryStatus.Failed"/>. A group robot gets at most <see cref="RobotPostsPerMinute"/> posts in any
/// minute, counting what was sent in the last minute: 企业微信 and 钉钉 accept 20 a minute per robot. (Two servers
/// dispatching in the same second each count what is recorded as sent; the robot's refusal is then retried.)
/// </summary>
public sealed class DeliveryDispatcher(ComplianceDbContext db, EmailSender email, RobotSender robots, TimeProvider time, ILogger<DeliveryDispatcher> logger)
{
    public const int MaxAttempts = 6;
    public const int RobotPostsPerMinute = 18;
    private const int BatchSize = 500;
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    private static readonly int[] BackoffMinutes = [1, 5, 15, 60, 240];

    public bool EmailEnabled => email.Enabled;

    /// <summary>Sends every pending delivery that is due; returns how many were accepted.</summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var start = time.GetUtcNow().UtcDateTime;
        var since = start.AddMinutes(-1);
        var robotBudget = await db.Deliveries.Where(d => d.RobotId != null && d.Status == DeliveryStatus.Sent && d.SentAt > since && d.SentAt <= start)
            .GroupBy(d => d.RobotId!.Value).Select(g => new { Robot = g.Key, Sent = g.Count() })
            .ToDictionaryAsync(g => g.Robot, g => g.Sent, ct);
        var sent = 0;
        long after = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var candidates = await db.Deliveries
                .Where(d => d.Id > after && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.Id).Select(d => new { d.Id, d.RobotId }).Take(BatchSize).ToListAsync(ct);
            if (candidates.Count == 0)
            {
                break;
            }

            after = candidates[^1].Id;
            var ids = candidates.Where(c => c.RobotId is not { } robot || Spend(robotBudget, robot)).Select(c => c.Id).ToList();
            if (ids.Count > 0)
            {
                sent += await SendBatchAsync(ids, now, ct);
            }

            if (candidates.Count < BatchSize)
            {
                break;
            }
        }

        return sent;
    }

    private static bool Spend(Dictionary<int, int> budget, int robot)
    {
        var used = budget.GetValueOrDefault(robot);
        budget[robot] = used + 1;
        return used < RobotPostsPerMinute;
    }

    private async Task<int> SendBatchAsync(List<long> batch, DateTime now, CancellationToken ct)
    {
        // The claim: only rows still unclaimed are taken, so a concurrent server's claim on any of them wins.
        var token = Guid.NewGuid().ToString("N");
        var until = now + ClaimFor;
        await db.Deliveries.Where(d => batch.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntil, until), ct);
        // Read untracked: the caller's context may hold the same rows as it inserted them, with the claim unseen.
        var claimed = await db.Deliveries.AsNoTracking().Where(d => d.ClaimToken == token).OrderBy(d => d.Id).ToListAsync(ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var outcomes = new Dictionary<long, string?>();
        var mails = claimed.Where(d => d.Channel == DeliveryChannel.Email).ToList();
        if (mails.Count > 0)
        {
            var errors = await email.SendAsync(mails.Select(m => (m.Address ?? "", m.Title, m.Body)).ToList(), ct);
            for (var i = 0; i < mails.Count; i++)
            {
                outcomes[mails[i].Id] = errors[i];
            }
        }

        var robotIds = claimed.Where(d => d.RobotId != null).Select(d => d.RobotId!.Value).Distinct().ToList();
        var robotsById = await db.GroupRobots.AsNoTracking().Where(r => robotIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        foreach (var post in claimed.Where(d => d.Channel == DeliveryChannel.Robot))
        {
            outcomes[post.Id] = robotsById.TryGetValue(post.RobotId ?? 0, out var robot) && robot.Enabled
                ? await robots.SendAsync(robot, post.Title, post.Body, ct, Delivery.SplitMentions(post.Mentions))
                : "群机器人已删除或停用";
        }

        foreach (var delivery in claimed)
        {
            Telemetry.Deliveries.Add(1, new("channel", delivery.Channel.ToString()), new("outcome", outcomes[delivery.Id] is null ? "sent" : "failed"));
        }

        // The outcome is written only where our claim still stands, a few statements for the whole batch.
        var finished = time.GetUtcNow().UtcDateTime;
        var accepted = claimed.Where(d => outcomes[d.Id] is null).Select(d => d.Id).ToList();
        if (accepted.Count > 0)
        {
            await db.Deliveries.Where(d => accepted.Contains(d.Id) && d.ClaimToken == token).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sent)
                .SetProperty(d => d.SentAt, finished)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.ClaimToken, (string?)null)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null), ct);
        }

        foreach (var group in claimed.Where(d => outcomes[d.Id] is not null).GroupBy(d => (Error: Clip(outcomes[d.Id]!), Attempts: d.Attempts + 1)))
        {
            var ids = group.Select(d => d.Id).ToList();
            var givenUp = group.Key.Attempts >= MaxAttempts;
            var next = finished.AddMinutes(BackoffMinutes[Math.Min(group.Key.Attempts, BackoffMinutes.Length) - 1]);
            await db.Deliveries.Where(d => ids.Contains(d.Id) && d.ClaimToken == token).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, givenUp ? DeliveryStatus.Failed : DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.Attempts, group.Key.Attempts)
                .SetProperty(d => d.LastError, group.Key.Error)
                .SetProperty(d => d.ClaimToken, (string?)null)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null), ct);
            if (givenUp)
            {
                logger.LogWarning("{Count} deliveries given up after {Attempts} attempts: {Error}", ids.Count, group.Key.Attempts, group.Key.Error);
            }
        }

        return accepted.Count;
    }

    private static string Clip(string error) => error.Length <= 500 ? error : error[..500];
}

/// <summary>Every minute: sends what is pending (retries, and anything a server recorded but could not send).</summary>
public sealed class DeliverNotificationsJob(DeliveryDispatcher dispatcher)
{
    public Task<int> RunAsync(CancellationToken ct) => dispatcher.DeliverAsync(ct);
}
