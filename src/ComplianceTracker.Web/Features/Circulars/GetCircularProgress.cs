using System.Linq.Expressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>Per institution: how many obligations and how many due items in each status (an open item past due counts as overdue).</summary>
public sealed record InstitutionProgress(string Code, string Name, int Obligations, Dictionary<DueItemStatus, int> Counts);

/// <summary>Which institutions of the progress table: words of the name, short name or code; only those with overdue items; the page.</summary>
public sealed record CircularProgressQuery(string? Q = null, bool OverdueOnly = false, int Page = 1, int PageSize = GetCircularProgressHandler.DefaultPageSize);

/// <summary>
/// One page of the progress table, in hierarchy order; <see cref="Total"/> institutions match; <see cref="Counts"/>
/// sums their due items by status (every match, not the page); <see cref="Bound"/> institutions the caller sees are bound at all.
/// </summary>
public sealed record CircularProgressPage(List<InstitutionProgress> Items, int Total, Dictionary<DueItemStatus, int> Counts, int Bound, int Page, int PageSize);

/// <summary>
/// How far each institution the caller sees has got with a circular, filtered, counted (GROUP BY) and paged in the
/// database, so its cost does not grow with the number of institutions bound or due items read.
/// </summary>
public sealed class GetCircularProgressHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<CircularProgressPage> HandleAsync(int circularId, CircularProgressQuery query, CancellationToken ct)
    {
        if (query.Page is < 1 or > 100_000 || query.PageSize is < 1 or > MaxPageSize)
        {
            throw new RuleViolationException("分页参数有误。", new Dictionary<string, string[]>
            {
                ["page"] = ["页码应在1到100000之间。"],
                ["pageSize"] = [$"每页条数应在1到{MaxPageSize}之间。"],
            });
        }

        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, circularId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var overdue = DueItemRules.IsOverdue(now);
        var items = db.DueItems.AsNoTracking().Where(d => d.Obligation.Requirement.CircularId == circularId);
        var overdueItems = items.Where(overdue);
        var bound = scope.Institutions(db).AsNoTracking().Where(i => db.Obligations.Any(o => o.InstitutionId == i.Id && o.Requirement.CircularId == circularId));
        var boundCount = await bound.CountAsync(ct);

        var matching = bound;
        if (query.Q?.Trim() is { Length: > 0 } q)
        {
            matching = matching.Where(i => i.Name.Contains(q) || i.Code.Contains(q) || (i.ShortName != null && i.ShortName.Contains(q)));
        }

        if (query.OverdueOnly)
        {
            matching = matching.Where(i => overdueItems.Any(d => d.Obligation.InstitutionId == i.Id));
        }

        var total = query.Q is { Length: > 0 } || query.OverdueOnly ? await matching.CountAsync(ct) : boundCount;
        var page = await matching.OrderBy(i => i.Path).ThenBy(i => i.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(i => new { i.Id, i.Code, i.Name })
            .ToListAsync(ct);
        var ids = page.Select(i => i.Id).ToList();

        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => o.Requirement.CircularId == circularId && ids.Contains(o.InstitutionId))
            .GroupBy(o => o.InstitutionId)
            .Select(g => new { InstitutionId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.InstitutionId, g => g.Count, ct);
        var onPage = items.Where(d => ids.Contains(d.Obligation.InstitutionId));
        var late = await onPage.Where(overdue)
            .GroupBy(d => d.Obligation.InstitutionId)
            .Select(g => new { InstitutionId = g.Key, Status = DueItemStatus.Overdue, Count = g.Count() })
            .ToListAsync(ct);
        var others = await onPage.Where(Not(overdue))
            .GroupBy(d => new { d.Obligation.InstitutionId, d.Status })
            .Select(g => new { g.Key.InstitutionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var counts = late.Concat(others)
            .GroupBy(c => c.InstitutionId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Status, c => c.Count));

        // The sums over every match, by status.
        var matched = items.Where(d => matching.Any(i => i.Id == d.Obligation.InstitutionId));
        var sums = await matched.Where(Not(overdue)).GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        sums[DueItemStatus.Overdue] = await matched.CountAsync(overdue, ct);

        return new CircularProgressPage(
            page.Select(i => new InstitutionProgress(i.Code, i.Name, obligations.GetValueOrDefault(i.Id), counts.GetValueOrDefault(i.Id) ?? [])).ToList(),
            total, sums, boundCount, query.Page, query.PageSize);
    }

    private static Expression<Func<DueItem, bool>> Not(Expression<Func<DueItem, bool>> condition) =>
        Expression.Lambda<Func<DueItem, bool>>(Expression.Not(condition.Body), condition.Parameters);
}
