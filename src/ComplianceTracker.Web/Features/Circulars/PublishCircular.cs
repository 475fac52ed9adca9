using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>What publishing (again) did; <see cref="Moved"/> lists the open items it counted again, for whoever tells the banks.</summary>
public sealed record PublishResult(int CircularId, int Institutions, int ObligationsCreated, int DueItemsCreated, int DueItemsDated)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<DueItemMove> Moved { get; init; } = [];
}

/// <summary>A supervisor publishes a circular of their jurisdiction.</summary>
public sealed class PublishCircularHandler(ComplianceDbContext db, CurrentUser currentUser, CircularPublisher publisher, AuditLog audit, IBackgroundJobClient jobs)
{
    public async Task<PublishResult> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, id, ct);
        var jurisdiction = await db.Circulars.Where(c => c.Id == id).Select(c => c.Jurisdiction).SingleAsync(ct);
        if (!scope.Oversees(jurisdiction))
        {
            throw new ForbiddenException($"您无权发布辖区“{jurisdiction.Name}”的监管文件。");
        }

        // Saved by the publisher with the obligations it creates: both or neither.
        audit.Add(AuditActions.CircularPublished, await db.Circulars.Where(c => c.Id == id).Select(c => c.DocumentNumber ?? c.Title).SingleAsync(ct), $"文件编号 {id}");
        var result = await publisher.PublishAsync(id, scope.UserName, ct);

        // The bound institutions are told by a job: at 20,000 banks that is 40,000 messages, not for the request to wait on.
        jobs.Enqueue<CircularPublishedMessages>(m => m.RunAsync(id, CancellationToken.None));
        return result;
    }
}

/// <summary>
/// Turns a circular's requirements into obligations (one per requirement and applicable institution) and their
/// due items. Idempotent: publishing again creates nothing that exists, and dates the due items whose anchor
/// (the issue date) has been filled in since. The unique keys make two concurrent publishes safe too.
/// </summary>
public sealed class CircularPublisher(ComplianceDbContext db, DueCalculator calculator, ReportPeriodGenerator periods, TimeProvider time)
{
    public async Task<PublishResult> PublishAsync(int circularId, string publishedBy, CancellationToken ct)
    {
        var circular = await db.Circulars
            .Include(c => c.Jurisdiction)
            .Include(c => c.Requirements)
            .SingleOrDefaultAsync(c => c.Id == circularId, ct)
            ?? throw CircularAccess.NotFound(circularId);

        if (circular.DocumentKind == DocumentKind.NewsReport)
        {
            throw new ConflictException("该文件为新闻报道，不含监管要求，无需发布。");
        }

        if (circular.Status == CircularStatus.Expired)
        {
            throw new ConflictException("该文件已失效，不能发布。");
        }

        if (circular.Status == CircularStatus.Repealed)
        {
            throw new ConflictException($"该文件已于 {circular.RepealedOn:yyyy-MM-dd} 废止，不能发布。");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var institutions = await CircularBinding.BoundAsync(db, circular.Jurisdiction.Path, circular.Requirements, ct);

        var requirementIds = circular.Requirements.Select(r => r.Id).ToList();
        var existing = await db.Obligations
            .Where(o => requirementIds.Contains(o.RequirementId))
            .Include(o => o.DueItems)
            .ToListAsync(ct);
        var byPair = existing.ToDictionary(o => (o.RequirementId, o.InstitutionId));

        int obligationsCreated = 0, dueItemsCreated = 0, dueItemsDated = 0;
        var moved = new List<DueItemMove>();
        var bound = new HashSet<int>();
        foreach (var requirement in circular.Requirements)
        {
            var schedule = Schedule(requirement, circular);
            foreach (var institution in institutions.Where(i => i.Requirements.Contains(requirement)))
            {
                bound.Add(institution.Id);
                if (!byPair.TryGetValue((requirement.Id, institution.Id), out var obligation))
                {
                    obligation = new Obligation { RequirementId = requirement.Id, InstitutionId = institution.Id, CreatedAt = now };
                    db.Obligations.Add(obligation);
                    obligationsCreated++;
                }

                var items = obligation.DueItems.ToDictionary(d => d.PeriodKey);
                foreach (var period in schedule)
                {
                    if (!items.TryGetValue(period.Key, out var item))
                    {
                        obligation.DueItems.Add(new DueItem
                        {
                            PeriodKey = period.Key,
                            PeriodStart = period.Start,
                            PeriodEnd = period.End,
                            DueAt = period.Due.DueAtUtc,
                            DueExplanation = period.Due.Explanation,
                        });
                        dueItemsCreated++;
                    }
                    else if (item.DueAt is null && period.Due.DueAtUtc is not null)
                    {
                        item.DueAt = period.Due.DueAtUtc;
                        item.DueExplanation = period.Due.Explanation;
                        dueItemsDated++;
                    }
                    else if (IsRedated(item, period.Due.DueAtUtc, now))
                    {
                        // The calendar changed (next year's holidays entered, a correction): what is not yet due moves.
                        moved.Add(new DueItemMove(institution.Id, requirement.Id, item.PeriodKey, item.PeriodStart, item.PeriodEnd, item.DueAt!.Value, period.Due.DueAtUtc!.Value));
                        item.DueAt = period.Due.DueAtUtc;
                        item.DueExplanation = period.Due.Explanation;
                        dueItemsDated++;
                    }
                }
            }
        }

        if (circular.Status == CircularStatus.Draft)
        {
            circular.Status = CircularStatus.Published;
            circular.PublishedAt = now;
            circular.PublishedBy = publishedBy;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another server published the same circular at the same moment; its rows stand, ours are not needed.
            throw new ConflictException("该文件正在由其他操作发布，请稍后刷新查看结果。");
        }

        await periods.EnsureForCircularAsync(circular.Id, ct);

        return new PublishResult(circular.Id, bound.Count, obligationsCreated, dueItemsCreated, dueItemsDated) { Moved = moved };
    }

    private static bool IsRedated(DueItem item, DateTime? computed, DateTime now) =>
        item.Status == DueItemStatus.Open && item.DueAt is { } stored && computed is { } fresh && stored != fresh && stored > now && fresh > now;

    private IReadOnlyList<ScheduledOccurrence> Schedule(Requirement requirement, Circular circular) =>
        calculator.Schedule(requirement, circular);
}
