using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

/// <summary>
/// Records every open due item past its due moment as <see cref="DueItemStatus.Overdue"/>, with a history row.
/// A sweep: running it again changes nothing, and two servers running it at once cannot both record a change
/// (the status is a concurrency token: the loser's batch is refused whole and the winner's stands).
/// </summary>
public sealed class MarkOverdueJob(ComplianceDbContext db, TimeProvider time, ILogger<MarkOverdueJob> logger)
{
    /// <summary>How the sweep signs the history rows it writes.</summary>
    public const string ChangedBy = "system";

    private const int Batch = 2_000;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var marked = 0;
        var conflicts = 0;
        while (true)
        {
            var items = await db.DueItems
                .Where(DueItemRules.OpenPastDeadline(now))
                .OrderBy(d => d.Id)
                .Take(Batch)
                .ToListAsync(ct);
            if (items.Count == 0)
            {
                break;
            }

            foreach (var item in items)
            {
                item.Status = DueItemStatus.Overdue;
                db.DueItemStatusChanges.Add(new DueItemStatusChange
                {
                    DueItemId = item.Id,
                    From = DueItemStatus.Open,
                    To = DueItemStatus.Overdue,
                    ChangedAt = now,
                    ChangedBy = ChangedBy,
                    Reason = item.CorrectionDueAt is { } correction
                        ? $"退回后未在更正期限 {ChinaTime.ToChina(correction):yyyy-MM-dd HH:mm} 前重新报送"
                        : $"已过期限 {ChinaTime.ToChina(item.DueAt!.Value):yyyy-MM-dd HH:mm}",
                });
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another server (or a submission) changed some of these first: nothing of this batch was written.
                // Read again (what was changed is no longer Open) and go on; after a few rounds leave it to the next run.
                db.ChangeTracker.Clear();
                if (++conflicts > 5)
                {
                    logger.LogInformation("Overdue sweep yielded to concurrent changes after marking {Count}", marked);
                    return marked;
                }

                continue;
            }

            db.ChangeTracker.Clear();
            marked += items.Count;
        }

        if (marked > 0)
        {
            logger.LogInformation("Marked {Count} due items overdue", marked);
        }

        return marked;
    }
}
