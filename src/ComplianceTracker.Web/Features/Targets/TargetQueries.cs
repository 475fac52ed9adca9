using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

public sealed class TargetQueries(ComplianceDbContext db, CurrentUser currentUser)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// Each target's latest verdict per institution and its total, ranked, every row (the unpaged API and the export).
    /// The latest verdict of each institution is picked in SQL; no history is read.
    /// </summary>
    public async Task<List<TargetStatusDto>> LatestAsync(int? circularId, string? institution, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var results = Visible(scope, circularId);
        if (institution is { Length: > 0 } code)
        {
            results = results.Where(r => r.Institution != null && r.Institution.Code == code);
        }

        var rows = await Latest(results)
            .Select(r => new Row(r.TrackedTargetId, r.TrackedTarget.Requirement.CircularId, r.TrackedTarget.Requirement.Circular.DocumentNumber, r.TrackedTarget.Requirement.Clause,
                r.TrackedTarget.Description, r.TrackedTarget.Rule, r.InstitutionId, r.Institution!.Code, r.Institution.Name, r.Status, r.Actual, r.Required, r.PeriodKey, r.Explanation))
            .ToListAsync(ct);
        var totals = institution is { Length: > 0 } ? [] : await TotalsAsync(scope, circularId, ct);
        var dtos = new List<TargetStatusDto>();
        foreach (var target in rows.Concat(totals).GroupBy(r => r.TargetId).OrderBy(g => g.Key))
        {
            var first = target.First();
            var ranks = Ranks(first.Rule, target.Where(r => r.InstitutionId != null).Select(r => (r.InstitutionId!.Value, r.Status, r.Actual)).ToList());
            dtos.AddRange(target.OrderBy(r => r.InstitutionId is null ? 0 : 1).ThenBy(r => r.InstitutionId is { } i ? ranks.GetValueOrDefault(i) ?? int.MaxValue : 0).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => r.ToDto(r.InstitutionId is { } id ? ranks.GetValueOrDefault(id) : null)));
        }

        return dtos;
    }

    /// <summary>
    /// The ranking page: every target (of the circular) with its counts by status and its total's verdict, and one page
    /// of the institutions of the chosen target (of each, when none is chosen), filtered, ranked and paged in SQL.
    /// </summary>
    public async Task<TargetRankingPage> RankingAsync(TargetRankingQuery query, CancellationToken ct)
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
        var results = Visible(scope, query.CircularId);
        var latest = Latest(results);
        var counts = await latest.GroupBy(r => new { r.TrackedTargetId, r.Status }).Select(g => new { g.Key.TrackedTargetId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var totals = await TotalsAsync(scope, query.CircularId, ct);
        var ids = counts.Select(c => c.TrackedTargetId).Concat(totals.Select(t => t.TargetId)).Distinct().ToList();
        var targets = await db.TrackedTargets.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Requirement.CircularId, t.Requirement.Circular.DocumentNumber, t.Requirement.Clause, t.Description, t.Rule })
            .ToListAsync(ct);
        var summaries = targets.Select(t => new TargetSummaryDto(
            t.Id, t.CircularId, t.DocumentNumber, t.Clause, t.Description, t.Rule.Scope,
            counts.Where(c => c.TrackedTargetId == t.Id).ToDictionary(c => c.Status, c => c.Count),
            totals.FirstOrDefault(r => r.TargetId == t.Id)?.ToDto(null))).ToList();
        var statuses = query.Statuses is { Count: > 0 } chosenStatuses ? chosenStatuses.ToList() : null;
        var rankings = new List<TargetRanking>();
        foreach (var target in targets.Where(t => query.TargetId is not { } asked || t.Id == asked))
        {
            var (rows, total) = await RankedPageAsync(latest.Where(r => r.TrackedTargetId == target.Id), target.Rule, query.Q, statuses, (query.Page - 1) * query.PageSize, query.PageSize, ct);
            rankings.Add(new TargetRanking(target.Id, rows, total));
        }

        return new TargetRankingPage(summaries, rankings, query.Page, query.PageSize);
    }

    /// <summary>The circulars that carry tracked targets (for the page's filter).</summary>
    public Task<List<int>> CircularIdsAsync(CancellationToken ct) =>
        db.TrackedTargets.Select(t => t.Requirement.CircularId).Distinct().OrderBy(id => id).ToListAsync(ct);

    /// <summary>Verdicts at risk or missed: how many (totals and institutions), and the first <paramref name="take"/> in the ranking's order (each target's total, then its institutions by rank).</summary>
    public async Task<(int Total, List<TargetStatusDto> Shown)> AtRiskAsync(int take, CancellationToken ct)
    {
        TargetStatus[] risky = [TargetStatus.AtRisk, TargetStatus.Missed];
        var scope = await currentUser.ScopeAsync(ct);
        var latest = Latest(Visible(scope, null)).Where(r => risky.Contains(r.Status));
        var perTarget = await latest.GroupBy(r => r.TrackedTargetId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var totals = (await TotalsAsync(scope, null, ct)).Where(t => risky.Contains(t.Status)).ToList();
        var ids = perTarget.Keys.Concat(totals.Select(t => t.TargetId)).Distinct().Order().ToList();
        var rules = await db.TrackedTargets.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Rule }).ToDictionaryAsync(t => t.Id, t => t.Rule, ct);
        var shown = new List<TargetStatusDto>();
        foreach (var id in ids)
        {
            shown.AddRange(totals.Where(t => t.TargetId == id).Select(t => t.ToDto(null)));
            if (shown.Count < take && perTarget.ContainsKey(id))
            {
                var (rows, _) = await RankedPageAsync(Latest(Visible(scope, null)).Where(r => r.TrackedTargetId == id), rules[id], null, [.. risky], 0, take - shown.Count, ct);
                shown.AddRange(rows);
            }

            if (shown.Count >= take)
            {
                break;
            }
        }

        return (perTarget.Values.Sum() + totals.Count, shown.Take(take).ToList());
    }

    /// <summary>
    /// One page of a target's latest verdicts per institution, best first (highest for "&gt;" targets, lowest for "&lt;"
    /// ones; no figure last), with their competition rank among every institution the caller sees, not just the filtered.
    /// </summary>
    private async Task<(List<TargetStatusDto> Rows, int Total)> RankedPageAsync(
        IQueryable<TargetResult> target, TargetRule rule, string? q, List<TargetStatus>? statuses, int skip, int take, CancellationToken ct)
    {
        var lowerIsBetter = rule.Comparator.StartsWith('<');
        var filtered = target;
        if (q?.Trim() is { Length: > 0 } words)
        {
            filtered = filtered.Where(r => r.Institution!.Name.Contains(words) || r.Institution.Code.Contains(words) || (r.Institution.ShortName != null && r.Institution.ShortName.Contains(words)));
        }

        if (statuses is not null)
        {
            filtered = filtered.Where(r => statuses.Contains(r.Status));
        }

        var isFiltered = filtered != target;
        var total = await filtered.CountAsync(ct);

        // Ordered as doubles: SQLite keeps decimals as text, and the order only needs to tell figures apart.
        var unrankedLast = filtered.OrderBy(r => r.Actual == null || r.Status == TargetStatus.NoData ? 1 : 0);
        var ordered = lowerIsBetter ? unrankedLast.ThenBy(r => (double?)r.Actual) : unrankedLast.ThenByDescending(r => (double?)r.Actual);
        var rows = await ordered.ThenBy(r => r.Institution!.Code).Skip(skip).Take(take)
            .Select(r => new Row(r.TrackedTargetId, r.TrackedTarget.Requirement.CircularId, r.TrackedTarget.Requirement.Circular.DocumentNumber, r.TrackedTarget.Requirement.Clause,
                r.TrackedTarget.Description, r.TrackedTarget.Rule, r.InstitutionId, r.Institution!.Code, r.Institution.Name, r.Status, r.Actual, r.Required, r.PeriodKey, r.Explanation))
            .ToListAsync(ct);

        // The rank of a figure is one more than the institutions with a better one. On an unfiltered page every row above
        // a figure's first row is better, save the rows before the page that tie with its first figure: one count each
        // for that figure (and, filtered, for every figure of the page).
        var ranked = target.Where(r => r.Actual != null && r.Status != TargetStatus.NoData);
        var ranks = new Dictionary<double, int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Actual is not { } actual || rows[i].Status == TargetStatus.NoData || ranks.ContainsKey((double)actual))
            {
                continue;
            }

            var figure = (double)actual;
            ranks[figure] = isFiltered || ranks.Count == 0 && skip > 0
                ? 1 + await ranked.CountAsync(r => lowerIsBetter ? (double?)r.Actual < figure : (double?)r.Actual > figure, ct)
                : skip + i + 1;
        }

        return (rows.Select(r => r.ToDto(r.Actual is { } a && r.Status != TargetStatus.NoData ? ranks[(double)a] : null)).ToList(), total);
    }

    /// <summary>The verdicts the caller may read: of the institutions it sees (totals are read by <see cref="TotalsAsync"/>); every one has an institution.</summary>
    private IQueryable<TargetResult> Visible(AccessScope scope, int? circularId)
    {
        var visible = scope.Institutions(db).Select(i => i.Id);
        var results = db.TargetResults.AsNoTracking().Where(r => r.InstitutionId != null && visible.Contains(r.InstitutionId.Value));
        return circularId is { } id ? results.Where(r => r.TrackedTarget.Requirement.CircularId == id) : results;
    }

    /// <summary>
    /// Each institution's latest verdict per target: that of its latest period (a period's verdict is replaced when
    /// re-evaluated), kept in SQL where no later period's verdict exists — one seek in the unique index of
    /// (target, institution, period) per verdict, on every provider.
    /// </summary>
    private IQueryable<TargetResult> Latest(IQueryable<TargetResult> results) =>
        results.Where(r => !db.TargetResults.Any(o => o.TrackedTargetId == r.TrackedTargetId && o.InstitutionId == r.InstitutionId!.Value && string.Compare(o.PeriodKey, r.PeriodKey) > 0));

    /// <summary>The latest verdict of each target's total (one row per target and period: few), shown to those who see the circular's jurisdiction.</summary>
    private async Task<List<Row>> TotalsAsync(AccessScope scope, int? circularId, CancellationToken ct)
    {
        if (!scope.SeesJurisdiction)
        {
            return [];
        }

        var rows = await db.TargetResults.AsNoTracking()
            .Where(r => r.InstitutionId == null && (circularId == null || r.TrackedTarget.Requirement.CircularId == circularId))
            .Select(r => new
            {
                Row = new Row(r.TrackedTargetId, r.TrackedTarget.Requirement.CircularId, r.TrackedTarget.Requirement.Circular.DocumentNumber, r.TrackedTarget.Requirement.Clause,
                    r.TrackedTarget.Description, r.TrackedTarget.Rule, null, null, null, r.Status, r.Actual, r.Required, r.PeriodKey, r.Explanation),
                r.EvaluatedAt,
                JurisdictionPath = r.TrackedTarget.Requirement.Circular.Jurisdiction.Path,
            })
            .ToListAsync(ct);
        return rows
            .Where(r => scope.IsAdmin || (scope.JurisdictionPath is { } jp && (r.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal) || jp.StartsWith(r.JurisdictionPath, StringComparison.Ordinal))))
            .GroupBy(r => r.Row.TargetId)
            .Select(g => g.OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.Row.PeriodKey, StringComparer.Ordinal).First().Row)
            .ToList();
    }

    /// <summary>A verdict's columns as read.</summary>
    private sealed record Row(
        int TargetId, int CircularId, string? DocumentNumber, string Clause, string Description, TargetRule Rule, int? InstitutionId, string? Code, string? Name,
        TargetStatus Status, decimal? Actual, decimal? Required, string PeriodKey, string Explanation)
    {
        public TargetStatusDto ToDto(int? rank) => new(TargetId, CircularId, DocumentNumber, Clause, Description, Rule.Scope, Code, Name, Status, Actual, Required,
            PeriodKey == TargetTracker.NoPeriod ? null : PeriodKey, Explanation, rank);
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
