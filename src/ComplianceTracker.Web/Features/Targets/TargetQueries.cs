using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

public sealed class TargetQueries(ComplianceDbContext db, CurrentUser currentUser)
{
    public async Task<List<TargetStatusDto>> LatestAsync(int? circularId, string? institution, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var results = db.TargetResults.Where(r => circularId == null || r.TrackedTarget.Requirement.CircularId == circularId);
        results = institution is { Length: > 0 } code
            ? results.Where(r => r.Institution != null && r.Institution.Code == code && visible.Contains(r.InstitutionId!.Value))
            : results.Where(r => r.InstitutionId == null ? scope.SeesJurisdiction : visible.Contains(r.InstitutionId.Value));
        var rows = await results
            .Select(r => new
            {
                r.TrackedTargetId, r.TrackedTarget.Requirement.CircularId, r.TrackedTarget.Requirement.Circular.DocumentNumber, r.TrackedTarget.Requirement.Clause,
                r.TrackedTarget.Description, r.TrackedTarget.Rule, r.InstitutionId, Code = r.Institution != null ? r.Institution.Code : null,
                Name = r.Institution != null ? r.Institution.Name : null, r.Status, r.Actual, r.Required, r.PeriodKey, r.Explanation, r.EvaluatedAt,
                JurisdictionPath = r.TrackedTarget.Requirement.Circular.Jurisdiction.Path,
            })
            .ToListAsync(ct);

        // The total of a circular's jurisdiction is shown to those who see that jurisdiction.
        rows = rows.Where(r => r.InstitutionId != null || scope.IsAdmin || (scope.JurisdictionPath is { } jp && (r.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal) || jp.StartsWith(r.JurisdictionPath, StringComparison.Ordinal)))).ToList();
        var latest = rows.GroupBy(r => (r.TrackedTargetId, r.InstitutionId)).Select(g => g.OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.PeriodKey, StringComparer.Ordinal).First()).ToList();
        var dtos = new List<TargetStatusDto>();
        foreach (var target in latest.GroupBy(r => r.TrackedTargetId).OrderBy(g => g.Key))
        {
            var first = target.First();
            var ranks = Ranks(first.Rule, target.Where(r => r.InstitutionId != null).Select(r => (r.InstitutionId!.Value, r.Status, r.Actual)).ToList());
            dtos.AddRange(target.OrderBy(r => r.InstitutionId is null ? 0 : 1).ThenBy(r => r.InstitutionId is { } i ? ranks.GetValueOrDefault(i) ?? int.MaxValue : 0).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => new TargetStatusDto(r.TrackedTargetId, r.CircularId, r.DocumentNumber, r.Clause, r.Description, r.Rule.Scope, r.Code, r.Name, r.Status, r.Actual, r.Required,
                    r.PeriodKey == TargetTracker.NoPeriod ? null : r.PeriodKey, r.Explanation, r.InstitutionId is { } id ? ranks.GetValueOrDefault(id) : null)));
        }

        return dtos;
    }

    /// <summary>Competition ranking by the figure that decides the target, best first: highest for "&gt;" targets, lowest for "&lt;" ones.</summary>
    public static Dictionary<int, int?> Ranks(TargetRule rule, List<(int InstitutionId, TargetStatus Status, decimal? Actual)> rows)
    {
        var lowerIsBetter = rule.Comparator.StartsWith('<');
        var ranked = rows.Where(r => r.Actual is not null && r.Status != TargetStatus.NoData).ToList();
        return rows.ToDictionary(r => r.InstitutionId, r => r.Actual is { } a && r.Status != TargetStatus.NoData
            ? (int?)(ranked.Count(o => lowerIsBetter ? o.Actual < a : o.Actual > a) + 1)
            : null);
    }

    public async Task<List<TargetHistoryPointDto>> HistoryAsync(int id, string? institution, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        if (!await db.TrackedTargets.AnyAsync(t => t.Id == id, ct))
        {
            throw new NotFoundException($"未找到编号为 {id} 的目标。");
        }

        var results = db.TargetResults.Where(r => r.TrackedTargetId == id && r.PeriodKey != TargetTracker.NoPeriod);
        results = institution is { Length: > 0 } code
            ? results.Where(r => r.Institution != null && r.Institution.Code == code && visible.Contains(r.InstitutionId!.Value))
            : scope.SeesJurisdiction ? results.Where(r => r.InstitutionId == null) : results.Where(_ => false);
        return await results.OrderBy(r => r.PeriodKey).Select(r => new TargetHistoryPointDto(r.PeriodKey, r.Status, r.Actual, r.Required)).ToListAsync(ct);
    }

    public async Task<List<BaselineDto>> BaselinesAsync(int year, CancellationToken ct)
    {
        var visible = (await currentUser.ScopeAsync(ct)).Institutions(db).Select(i => i.Id);
        return await db.TargetBaselines.Where(b => b.Year == year && visible.Contains(b.InstitutionId))
            .OrderBy(b => b.Institution.Code).ThenBy(b => b.Indicator)
            .Select(b => new BaselineDto(b.Institution.Code, b.Year, b.Indicator, b.Value, b.Source)).ToListAsync(ct);
    }
}
