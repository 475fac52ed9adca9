using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>
/// What amending and repealing a published circular share: who may, the later circular it is done by, the relation
/// both circulars show, and how an open due item is closed or a period without history removed.
/// </summary>
public static class CircularChanges
{
    /// <summary>The circular with its jurisdiction and requirements, when the caller supervises its jurisdiction; 404/403 otherwise.</summary>
    public static async Task<Circular> LoadForChangeAsync(ComplianceDbContext db, AccessScope scope, int id, string verb, CancellationToken ct)
    {
        await db.EnsureVisibleAsync(scope, id, ct);
        var circular = await db.Circulars.Include(c => c.Jurisdiction).Include(c => c.Requirements).SingleAsync(c => c.Id == id, ct);
        if (!scope.Oversees(circular.Jurisdiction))
        {
            throw new ForbiddenException($"只有辖区“{circular.Jurisdiction.Name}”的监管员可以{verb}该监管文件。");
        }

        return circular;
    }

    /// <summary>A published circular may change; a draft is edited instead, a repealed one no longer can.</summary>
    public static void EnsureInForce(Circular circular, string verb)
    {
        switch (circular.Status)
        {
            case CircularStatus.Draft:
                throw new ConflictException($"该文件尚未发布，无需{verb}：请直接编辑或删除草稿。");
            case CircularStatus.Repealed:
                throw new ConflictException($"该文件已于 {circular.RepealedOn:yyyy-MM-dd} 废止，不能再{verb}。");
        }
    }

    /// <summary>The later circular an amendment or repeal is done by: one the caller may see, not the circular itself.</summary>
    public static async Task<Circular?> ByCircularAsync(ComplianceDbContext db, AccessScope scope, int circularId, int? byCircularId, CancellationToken ct)
    {
        if (byCircularId is not { } by)
        {
            return null;
        }

        if (by == circularId)
        {
            throw RuleViolationException.For("byCircularId", "依据通知不能是本文件自身，请选择作出修订或废止的另一份通知。");
        }

        return await db.Visible(scope).SingleOrDefaultAsync(c => c.Id == by, ct)
            ?? throw RuleViolationException.For("byCircularId", $"未找到编号为 {by} 的依据通知，请从通知列表中选择。");
    }

    public static void Relate(ComplianceDbContext db, Circular? by, Circular circular, CircularRelationKind kind, string reason, string userName, DateTime now)
    {
        if (by is not null)
        {
            db.CircularRelations.Add(new CircularRelation
            {
                FromCircularId = by.Id,
                ToCircularId = circular.Id,
                Kind = kind,
                Reason = reason,
                CreatedAt = now,
                CreatedBy = userName,
            });
        }
    }

    /// <summary>The circular as people name it: its 文号, else its title in 《》.</summary>
    public static string Name(Circular circular) => circular.DocumentNumber ?? $"《{circular.Title}》";

    /// <summary>Open (or overdue) and not yet handed in: what follows a change of the circular.</summary>
    public static bool IsOpen(DueItem item) => item.Status is DueItemStatus.Open or DueItemStatus.Overdue;

    /// <summary>Closes an open item with a history row saying why; it stays, with its dates.</summary>
    public static void Close(ComplianceDbContext db, DueItem item, DueItemStatus to, string reason, string userName, DateTime now)
    {
        db.DueItemStatusChanges.Add(new DueItemStatusChange
        {
            DueItemId = item.Id,
            From = DueItemRules.EffectiveStatus(item.Status, DueItemRules.Deadline(item.DueAt, item.CorrectionDueAt), now),
            To = to,
            ChangedAt = now,
            ChangedBy = userName,
            Reason = reason,
        });
        item.Status = to;
    }

    /// <summary>The ids among <paramref name="itemIds"/> that carry history (status changes or material): those are closed, never removed.</summary>
    public static async Task<HashSet<int>> WithHistoryAsync(ComplianceDbContext db, IReadOnlyCollection<int> itemIds, CancellationToken ct)
    {
        var result = new HashSet<int>();
        foreach (var chunk in itemIds.Chunk(500))
        {
            result.UnionWith(await db.DueItemStatusChanges.Where(h => chunk.Contains(h.DueItemId)).Select(h => h.DueItemId).Distinct().ToListAsync(ct));
            result.UnionWith(await db.DueItemAttachments.Where(a => chunk.Contains(a.DueItemId)).Select(a => a.DueItemId).Distinct().ToListAsync(ct));
        }

        return result;
    }

    /// <summary>
    /// Removes the report periods of the circular's forms that <paramref name="gone"/> says no longer exist and that
    /// nobody has submitted anything for; a period with a submission stays, with its history.
    /// </summary>
    public static async Task<int> RemovePeriodsAsync(ComplianceDbContext db, int circularId, Func<ReportPeriod, Requirement, bool> gone, CancellationToken ct)
    {
        var periods = await db.ReportPeriods
            .Where(p => db.ReportForms.Any(f => f.Id == p.FormId && f.Requirement != null && f.Requirement.CircularId == circularId))
            .Where(p => !db.Submissions.Any(s => s.PeriodId == p.Id) && !db.PeriodUnlocks.Any(u => u.PeriodId == p.Id) && !db.UnlockApplications.Any(u => u.PeriodId == p.Id))
            .Select(p => new { Period = p, Requirement = db.ReportForms.Where(f => f.Id == p.FormId).Select(f => f.Requirement!).Single() })
            .ToListAsync(ct);
        var removed = periods.Where(p => gone(p.Period, p.Requirement)).Select(p => p.Period).ToList();
        db.ReportPeriods.RemoveRange(removed);
        return removed.Count;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the provider's retry strategy: all of it or none; with
    /// <paramref name="commit"/> false none (a preview of what it would do), and the context forgets it.
    /// </summary>
    public static Task InTransactionAsync(ComplianceDbContext db, Func<Task> work, CancellationToken ct, bool commit = true) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work();
            if (commit)
            {
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        });
}
