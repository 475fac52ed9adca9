using System.Linq.Expressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>Per institution: how many obligations and how many due items in each status (an open item past due counts as overdue).</summary>
public sealed record InstitutionProgress(string Code, string Name, int Obligations, Dictionary<DueItemStatus, int> Counts);

/// <summary>
/// How far each institution the caller sees has got with a circular, counted in the database (GROUP BY), so the
/// answer is whole and its cost does not grow with the number of due items read.
/// </summary>
public sealed class GetCircularProgressHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<List<InstitutionProgress>> HandleAsync(int circularId, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, circularId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var visible = scope.Institutions(db).Select(i => i.Id);

        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => o.Requirement.CircularId == circularId && visible.Contains(o.InstitutionId))
            .GroupBy(o => new { o.InstitutionId, o.Institution.Code, o.Institution.Name, o.Institution.Path })
            .Select(g => new { g.Key.InstitutionId, g.Key.Code, g.Key.Name, g.Key.Path, Count = g.Count() })
            .ToListAsync(ct);

        var items = db.DueItems.AsNoTracking().Where(d => d.Obligation.Requirement.CircularId == circularId && visible.Contains(d.Obligation.InstitutionId));
        var overdue = DueItemRules.IsOverdue(now);
        var notOverdue = Expression.Lambda<Func<DueItem, bool>>(Expression.Not(overdue.Body), overdue.Parameters);
        var late = await items.Where(overdue)
            .GroupBy(d => d.Obligation.InstitutionId)
            .Select(g => new { InstitutionId = g.Key, Status = DueItemStatus.Overdue, Count = g.Count() })
            .ToListAsync(ct);
        var others = await items.Where(notOverdue)
            .GroupBy(d => new { d.Obligation.InstitutionId, d.Status })
            .Select(g => new { g.Key.InstitutionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var counts = late.Concat(others)
            .GroupBy(c => c.InstitutionId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Status, c => c.Count));

        return obligations.OrderBy(o => o.Path, StringComparer.Ordinal)
            .Select(o => new InstitutionProgress(o.Code, o.Name, o.Count, counts.GetValueOrDefault(o.InstitutionId) ?? []))
            .ToList();
    }
}
