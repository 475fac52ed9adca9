using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Dashboard;

/// <summary>One period on the dashboard: counts, and rates only once it is due (null while 进行中).</summary>
public sealed record DashboardPeriodDto(
    string Key, string Name, string ShortName, bool InProgress, int Expected, int Submitted, int OnTime, decimal? SubmittedRate, decimal? OnTimeRate);

/// <summary>The headline: the period the leader reads (the latest that is due, or the one asked for).</summary>
public sealed record DashboardHeadlineDto(
    DashboardPeriodDto Period, int Late, int OverdueItems, int MissingCount, List<string> Missing, bool Complete, string CompletenessNote);

/// <summary>A headline indicator's total over the institutions that reported both this period and the previous one.</summary>
public sealed record LikeForLikeTotalDto(string Code, string Name, string Unit, decimal Current, decimal Previous, decimal? ChangePercent);

/// <summary>
/// A headline indicator's total per chart period (null while 进行中): what was reported, plus the latest earlier figure
/// of each institution that had not reported that period (<see cref="CarriedForward"/> of them, 沿用上期数);
/// <see cref="Complete"/> false where not every institution reported.
/// </summary>
public sealed record IndicatorTrendDto(string Code, string Name, string Unit, List<decimal?> Values, List<bool> Complete, List<int> CarriedForward);

/// <summary>A target at risk or missed, its figures rounded to 2 decimals and given with their unit.</summary>
public sealed record DashboardTargetDto(string? Institution, string Description, string Status, string? Actual, string? Required, string Unit, string? AsOf, string Explanation);

/// <summary>Everything the dashboard shows, as the page draws it and <c>GET /api/dashboard</c> returns it.</summary>
public sealed record DashboardDto(
    string? Form,
    string? FormName,
    bool Empty,
    string? EmptyMessage,
    DashboardHeadlineDto? Headline,
    List<DashboardPeriodDto> Periods,
    string? PreviousPeriod,
    int Comparable,
    string? ComparableNote,
    List<LikeForLikeTotalDto> Totals,
    List<IndicatorTrendDto> Trend,
    OverdueByInstitutionDto Overdue,
    int TargetsAtRiskTotal,
    List<DashboardTargetDto> TargetsAtRisk);

/// <summary>
/// The leader's dashboard from one query path, for the page and the API. Within the institutions the caller sees
/// (<see cref="AccessScope.Institutions"/>) bound to the form: expected, reported and on time per period counted in
/// SQL; who has not reported by short name; headline totals like for like (only institutions that reported both this
/// and the previous period, with their count); a period not yet due is 进行中 and has no rate.
/// </summary>
public sealed class GetDashboardHandler(
    ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, GetReportedFormHandler reported,
    CountOverdueByInstitutionHandler overdue, TargetQueries targets, TimeProvider time)
{
    public const int Weeks = 12;
    public const int MissingShown = 30;
    public const int TopInstitutions = 10;
    public const int AtRiskShown = 20;

    public async Task<DashboardDto> HandleAsync(string? formCode, string? periodKey, CancellationToken ct)
    {
        var overdueCounts = await overdue.HandleAsync(new CountOverdueByInstitutionRequest(TopInstitutions), ct);
        var (atRiskTotal, atRisk) = await TargetsAtRiskAsync(ct);
        formCode = formCode is { Length: > 0 } ? formCode.Trim() : await reported.HandleAsync(ct);
        if (formCode is null)
        {
            return new DashboardDto(null, null, true, "尚未设置报表。", null, [], null, 0, null, [], [], overdueCounts, atRiskTotal, atRisk);
        }

        var form = await loader.FormAsync(formCode, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var asked = periodKey is { Length: > 0 } ? await loader.PeriodAsync(form, periodKey.Trim(), ct) : null;
        var last = asked?.Start ?? today;
        var periods = (await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start <= last).OrderByDescending(p => p.Start).Take(Weeks).ToListAsync(ct))
            .OrderBy(p => p.Start).ToList();

        var scope = await currentUser.ScopeAsync(ct);
        var from = periods.Count > 0 ? periods[0].Start : today;
        var start = ChinaTime.ToUtc(from, TimeOnly.MinValue);
        var expected = scope.Institutions(db).Where(i => i.IsActive || i.DeactivatedAt >= start).BoundBy(db, form);
        var expectedCount = await expected.CountAsync(ct);
        if (expectedCount == 0 || periods.Count == 0)
        {
            var message = expectedCount == 0 ? "辖区内暂无应报机构。" : $"报表“{form.Name}”尚无已开始的期次。";
            return new DashboardDto(form.Code, form.Name, true, message, null, [], null, 0, null, [], [], overdueCounts, atRiskTotal, atRisk);
        }

        var expectedIds = expected.Select(i => i.Id);
        // The headline reads the period asked for, else the latest that is due (the one still open is 进行中).
        var headIndex = asked is not null ? periods.Count - 1 : periods.FindLastIndex(p => now > p.DueAt);
        if (headIndex < 0)
        {
            headIndex = periods.Count - 1;
        }

        var headPeriod = periods[headIndex];
        var previous = headIndex > 0 ? periods[headIndex - 1]
            : await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start < headPeriod.Start).OrderByDescending(p => p.Start).FirstOrDefaultAsync(ct);
        var headlines = form.Indicators.Where(i => i.Headline).OrderBy(i => i.Ordinal).ToList();
        var figures = await FiguresAsync(headlines, periods, headIndex, previous, expectedIds, now, ct);

        var year = today.Year;
        var rows = periods.Select((p, n) =>
        {
            var (submitted, onTime) = (figures.Submitted[n], figures.OnTime[n]);
            var inProgress = now <= p.DueAt;
            return new DashboardPeriodDto(p.Key, PeriodNames.Name(p.Key, p.Start, p.End, year), PeriodNames.ShortName(p.Key, year), inProgress, expectedCount, submitted, onTime,
                inProgress ? null : Rate(submitted, expectedCount), inProgress ? null : Rate(onTime, expectedCount));
        }).ToList();

        var head = rows[headIndex];
        var submittedAll = Submitted();
        var headId = headPeriod.Id;
        var missingQuery = expected.Where(i => !submittedAll.Any(s => s.PeriodId == headId && s.InstitutionId == i.Id));
        var missing = await missingQuery.OrderBy(i => i.Code).Take(MissingShown).Select(i => i.ShortName ?? i.Name).ToListAsync(ct);
        var missingCount = expectedCount - head.Submitted;
        var complete = head.Submitted >= expectedCount;
        var note = head.InProgress
            ? $"本期进行中，已报 {head.Submitted}/{expectedCount}，合计不完整"
            : complete ? $"本期已报 {head.Submitted}/{expectedCount}，合计完整" : $"本期已报 {head.Submitted}/{expectedCount}，合计不完整";
        var headline = new DashboardHeadlineDto(head, head.Submitted - head.OnTime, overdueCounts.Total, missingCount, missing, complete, note);

        var comparableNote = previous is null ? null
            : $"可比机构 {figures.Comparable} 家（{head.ShortName}与{PeriodNames.ShortName(previous.Key, year)}均已报送）";
        var totals = previous is null ? [] : headlines.Select((i, h) =>
        {
            var (unit, divisor) = Display(i.Unit);
            var (c, p) = (figures.HeadTotals[h], figures.PreviousTotals[h]);
            decimal? change = p == 0 ? null : Math.Round(100m * (c - p) / p, 2);
            return new LikeForLikeTotalDto(i.Code, i.Name, unit, Math.Round(c / divisor, 2), Math.Round(p / divisor, 2), change);
        }).ToList();
        var carried = figures.Carried.ToList();
        var trend = headlines.Select((i, h) =>
        {
            var (unit, divisor) = Display(i.Unit);
            var values = rows.Select((r, n) => r.InProgress || r.Submitted + figures.Carried[n] == 0 ? (decimal?)null : Math.Round(figures.Sums[h, n] / divisor, 2)).ToList();
            return new IndicatorTrendDto(i.Code, i.Name, unit, values, rows.Select(r => !r.InProgress && r.Submitted >= r.Expected).ToList(), carried);
        }).ToList();
        return new DashboardDto(form.Code, form.Name, false, null, headline, rows, previous?.Key, figures.Comparable, comparableNote, totals, trend, overdueCounts, atRiskTotal, atRisk);
    }

    private IQueryable<Submission> Submitted() =>
        db.Submissions.Where(s => (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved) && s.FirstSubmittedAt != null);

    /// <summary>What the dashboard counts and sums from the submissions of the chart's periods (and the one before the headline).</summary>
    private sealed record Figures(int[] Submitted, int[] OnTime, decimal[,] Sums, int[] Carried, int Comparable, decimal[] HeadTotals, decimal[] PreviousTotals);

    /// <summary>
    /// Every figure of the dashboard from one read of the submissions of the chart's periods, and of the period before
    /// the headline when the chart starts with it, by the institutions expected to report; only the headline
    /// indicators are taken from each submission's JSON. Per period: how many reported and how many on time; each
    /// headline indicator's total, where an institution that has not reported a period (and it is due) counts with its
    /// latest earlier figure in the chart (沿用上期数, counted in <see cref="Figures.Carried"/>), so a late bank does not
    /// look like a fall. Like for like: the totals over the institutions that reported both the headline period and
    /// the one before it, with their count. Memory holds the headline figures of each institution for each period.
    /// </summary>
    private async Task<Figures> FiguresAsync(List<Indicator> headlines, List<ReportPeriod> periods, int head, ReportPeriod? previous, IQueryable<int> expectedIds, DateTime now, CancellationToken ct)
    {
        var columns = periods.Select((p, n) => (p.Id, n)).ToDictionary(x => x.Id, x => x.n);
        var previousColumn = previous is null ? -1 : head > 0 ? head - 1 : periods.Count;
        if (previousColumn == periods.Count)
        {
            columns[previous!.Id] = previousColumn;
        }

        var width = columns.Count;
        var positions = headlines.Select((i, h) => (i.Code, h)).ToDictionary(x => x.Code, x => x.h);
        var perInstitution = new Dictionary<int, decimal?[]>();
        var submitted = new int[width];
        var onTime = new int[width];
        var dueAt = new DateTime[width];
        foreach (var p in periods.Append(previous).OfType<ReportPeriod>())
        {
            dueAt[columns[p.Id]] = p.DueAt;
        }

        // Per institution: a flag per period (1 where it reported) followed by each period's headline figures.
        var stride = 1 + headlines.Count;
        var ids = columns.Keys.ToList();
        await foreach (var row in Submitted().Where(s => ids.Contains(s.PeriodId) && expectedIds.Contains(s.InstitutionId))
                           .Select(s => new { s.InstitutionId, s.PeriodId, s.FirstSubmittedAt, s.ValuesJson }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var n = columns[row.PeriodId];
            submitted[n]++;
            onTime[n] += row.FirstSubmittedAt <= dueAt[n] ? 1 : 0;
            if (!perInstitution.TryGetValue(row.InstitutionId, out var mine))
            {
                perInstitution[row.InstitutionId] = mine = new decimal?[width * stride];
            }

            var slot = mine.AsSpan(n * stride, stride);
            slot[0] = 1;
            if (headlines.Count > 0)
            {
                SubmissionJson.ReadValues(row.ValuesJson, positions, slot[1..]);
            }
        }

        var sums = new decimal[headlines.Count, periods.Count];
        var carried = new int[periods.Count];
        var (comparable, headTotals, previousTotals) = (0, new decimal[headlines.Count], new decimal[headlines.Count]);
        foreach (var mine in perInstitution.Values)
        {
            bool Reported(int n) => mine[n * stride] is not null;
            decimal Figure(int n, int h) => mine[(n * stride) + 1 + h] ?? 0;
            var last = -1;
            for (var n = 0; n < periods.Count; n++)
            {
                if (Reported(n))
                {
                    last = n;
                }
                else if (last >= 0 && now > dueAt[n])
                {
                    carried[n]++;
                }
                else
                {
                    continue;
                }

                for (var h = 0; h < headlines.Count; h++)
                {
                    sums[h, n] += Figure(last, h);
                }
            }

            if (previousColumn >= 0 && Reported(head) && Reported(previousColumn))
            {
                comparable++;
                for (var h = 0; h < headlines.Count; h++)
                {
                    headTotals[h] += Figure(head, h);
                    previousTotals[h] += Figure(previousColumn, h);
                }
            }
        }

        return new Figures(submitted, onTime, sums, carried, comparable, headTotals, previousTotals);
    }

    /// <summary>Targets at risk or missed, with the unit of their figures: % for growth and ratio targets, the indicator's otherwise.</summary>
    private async Task<(int Total, List<DashboardTargetDto> Shown)> TargetsAtRiskAsync(CancellationToken ct)
    {
        var (atRiskCount, shown) = await targets.AtRiskAsync(AtRiskShown, ct);
        var ids = shown.Select(t => t.Id).Distinct().ToList();
        var rules = await db.TrackedTargets.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.FormId, t.Rule }).ToListAsync(ct);
        var formIds = rules.Select(r => r.FormId).Distinct().ToList();
        var units = await db.Indicators.Where(i => formIds.Contains(i.FormId)).Select(i => new { i.FormId, i.Code, i.Unit }).ToListAsync(ct);
        string UnitOf(int id)
        {
            var rule = rules.FirstOrDefault(r => r.Id == id);
            return rule is null ? ""
                : rule.Rule.Kind is TargetRuleKind.GrowthVsGrowth or TargetRuleKind.RatioVsRatio ? "%"
                : units.FirstOrDefault(u => u.FormId == rule.FormId && u.Code == rule.Rule.Indicator)?.Unit ?? "";
        }

        return (atRiskCount, shown.Select(t =>
        {
            var unit = UnitOf(t.Id);
            return new DashboardTargetDto(t.InstitutionName ?? "辖内合计", t.Description, t.Status.Label(), Figure(t.Actual), Figure(t.Threshold), unit,
                t.AsOf is null ? null : PeriodNames.Name(t.AsOf, currentYear: ChinaTime.Today(time).Year), t.Explanation);
        }).ToList());
    }

    /// <summary>A figure with at most 2 decimals, thousands separated.</summary>
    public static string? Figure(decimal? value) => value?.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Amounts in 万元 are shown in 亿元.</summary>
    private static (string Unit, decimal Divisor) Display(string unit) => unit == "万元" ? ("亿元", 10000m) : (unit, 1m);

    private static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);
}
