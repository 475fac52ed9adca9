using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>
/// Keeps every published circular's schedule complete: obligations for institutions added since publishing, due
/// items and report periods not yet created or dated; and expires a circular whose validity has ended, so no more
/// periods are opened for it. Idempotent: publishing again creates nothing that exists. When the holiday calendar
/// changed, the open items whose due moments moved are told to their institutions, one message each listing old → new.
/// </summary>
public sealed class RefreshSchedulesJob(ComplianceDbContext db, CircularPublisher publisher, DueDatesReplannedMessages replanned, TimeProvider time, ILogger<RefreshSchedulesJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var moved = new List<DueItemMove>();
        var today = ChinaTime.Today(time);
        var circulars = await db.Circulars.Where(c => c.Status == CircularStatus.Published)
            .Select(c => new { c.Id, c.IssuedOn, c.EffectiveFrom, c.EffectiveTo, c.ValidityMonths })
            .ToListAsync(ct);
        foreach (var c in circulars)
        {
            var validTo = Circular.ValidityEnd(c.EffectiveFrom ?? c.IssuedOn, c.EffectiveTo, c.ValidityMonths);
            if (validTo is { } end && end < today)
            {
                await db.Circulars.Where(x => x.Id == c.Id && x.Status == CircularStatus.Published)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CircularStatus.Expired), ct);
                logger.LogInformation("Circular {Id} expired on {End}", c.Id, end);
                continue;
            }

            try
            {
                var result = await publisher.PublishAsync(c.Id, "system", ct);
                moved.AddRange(result.Moved);
                if (result.ObligationsCreated + result.DueItemsCreated + result.DueItemsDated > 0)
                {
                    logger.LogInformation("Circular {Id}: {Obligations} obligations and {Items} due items added", c.Id, result.ObligationsCreated, result.DueItemsCreated);
                }
            }
            catch (ConflictException)
            {
                // Another server is refreshing the same circular right now.
            }

            db.ChangeTracker.Clear();
        }

        if (moved.Count > 0)
        {
            var told = await replanned.RecordAsync(moved, ct);
            logger.LogInformation("{Moved} open due items moved with the calendar; {Told} messages recorded", moved.Count, told);
        }
    }
}
