using System.Globalization;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>
/// Judges a target rule on a series of weekly figures, for one institution or for an aggregate.
/// </summary>
/// <remarks>
/// <para><b>Common to every kind.</b></para>
/// <list type="bullet">
/// <item>Points whose <see cref="FigurePoint.End"/> is after <c>today</c> are ignored. Points sharing a
/// <see cref="FigurePoint.PeriodKey"/> are duplicates: the one given last in the series wins (a resubmission replaces).
/// The rest is ordered by <see cref="FigurePoint.End"/> whatever order it came in.</item>
/// <item>"As of" is the latest remaining point that carries every value the kind needs (a null or absent value means not
/// reported; such weeks are skipped, not read as zero). <see cref="TargetEvaluation.AsOf"/> is its period key.
/// No such point gives <see cref="TargetStatus.NoData"/>.</item>
/// <item>When <see cref="TargetRule.By"/> is set and <c>today</c> is on or after it (so also on the day itself), only
/// points on or before <see cref="TargetRule.By"/> count, and the last of them decides
/// <see cref="TargetStatus.Met"/> or <see cref="TargetStatus.Missed"/>.</item>
/// <item>The comparator is one of <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c> (surrounding spaces, the full-width
/// forms and ≥ ≤ are accepted too). Anything else is read as <c>&gt;=</c> and the explanation says so at its start;
/// the evaluator never throws on a rule's data or on the figures.</item>
/// <item>On <see cref="TargetStatus.NoData"/>, <see cref="TargetEvaluation.Actual"/> and
/// <see cref="TargetEvaluation.Required"/> are null; <see cref="TargetEvaluation.AsOf"/> is the point looked at when one
/// was found but could not be judged (a zero base, a missing baseline).</item>
/// <item>Trends are ordinary least squares of the value against the day number of each point's end, so a missing week
/// stretches the x axis instead of being squeezed out. A trend needs two points with different ends; with fewer there is
/// no trend. All arithmetic is decimal; a figure too large for decimal arithmetic gives NoData rather than an exception.</item>
/// <item>The explanation is one Chinese sentence; figures in it are rounded to 2 decimals (away from zero, with thousands
/// separators), while <see cref="TargetEvaluation.Actual"/> and <see cref="TargetEvaluation.Required"/> are unrounded.
/// Indicators are named by <see cref="TargetRule.IndicatorName"/> / <see cref="TargetRule.ReferenceName"/>, else by code.</item>
/// <item><see cref="TargetScope.Jurisdiction"/> does not change the arithmetic: the caller passes the aggregated series
/// (<see cref="Aggregate"/>) and, for growth or counts, baselines summed the same way; the explanation then says 辖内合计.</item>
/// </list>
/// <para><b>GrowthVsGrowth.</b> growth = (now − base) / |base| × 100, in percent. The base is the year-start baseline for
/// <see cref="GrowthBasis.YearToDate"/> (<c>baselines[code]</c>; when the code has no baseline, the first earlier point of
/// the same calendar year that reported it — the as-of point itself is not its own base), the point whose end lies
/// 364 ± 3 days before for <see cref="GrowthBasis.YearOnYear"/> (the nearest one), or the previous point that reported
/// the code for <see cref="GrowthBasis.WeekOnWeek"/>. A missing base, or a base of zero (growth undefined), gives NoData;
/// the base is not searched further back. Actual = the indicator's growth; Required = the reference's growth +
/// <see cref="TargetRule.Margin"/>; compared with the comparator. With the deadline reached: Met/Missed; otherwise
/// satisfied → OnTrack, not satisfied → AtRisk.</para>
/// <para><b>RatioVsRatio.</b> Actual = the indicator's value; Required = the reference's value + margin (percentage points).
/// A standing limit (<see cref="TargetRule.By"/> null): not satisfied at the as-of point → Missed (it is breached now);
/// satisfied but within 0.5 percentage points of Required (inclusive) → AtRisk; satisfied, but the least-squares lines of
/// both ratios over the last up to 4 points project the comparison failing 28 days after the as-of point → AtRisk;
/// else OnTrack. A standing limit is never Met. With <see cref="TargetRule.By"/>: as GrowthVsGrowth.</para>
/// <para><b>CountNotBelowBaseline.</b> Actual = the latest count; Required = <c>baselines[Indicator]</c> (none → NoData;
/// zero is a valid baseline). The comparator applies (default <c>&gt;=</c>, "not below"). Deadline reached → Met/Missed.
/// Before it: not satisfied now → AtRisk; satisfied, but the trend over the last up to 8 points of the as-of point's
/// calendar year projects failing at <see cref="TargetRule.By"/> (or at 31 December of that year when null) → AtRisk;
/// else OnTrack. Without <see cref="TargetRule.By"/> there is no deadline, so never Met or Missed.</para>
/// <para><b>Threshold.</b> Actual = the latest value; Required = <see cref="TargetRule.Threshold"/> (null → NoData).
/// Without <see cref="TargetRule.By"/>: satisfied → Met, else AtRisk. Deadline reached → Met/Missed by the last point on or
/// before it. Before it: satisfied now → Met; else the trend over the last up to 8 points of the as-of point's calendar
/// year projected to <see cref="TargetRule.By"/> satisfies → OnTrack, else (or with no trend: a single point) AtRisk.</para>
/// </remarks>
public static class TargetEvaluator
{
    private const decimal NearLimit = 0.5m;
    private const int RatioTrendPoints = 4;
    private const int RatioTrendDays = 28;
    private const int TrendPoints = 8;
    private const int YearOnYearDays = 364;
    private const int YearOnYearTolerance = 3;

    private static readonly IReadOnlyDictionary<string, decimal> NoBaselines = new Dictionary<string, decimal>();
    private static readonly IReadOnlyDictionary<string, decimal?> NoValues = new Dictionary<string, decimal?>();

    private enum Cmp
    {
        Gt,
        Ge,
        Lt,
        Le,
    }

    /// <summary>
    /// <paramref name="series"/> is ordered by period; <paramref name="baselines"/> holds year-start figures by
    /// indicator code (for YearToDate growth and CountNotBelowBaseline); <paramref name="today"/> is China's date.
    /// The semantics of each kind are on the class.
    /// </summary>
    public static TargetEvaluation Evaluate(TargetRule rule, IReadOnlyList<FigurePoint> series, IReadOnlyDictionary<string, decimal> baselines, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!Enum.IsDefined(rule.Kind))
        {
            // A rule stored by a newer version, or hand-edited: say so rather than fail the whole evaluation.
            return NoData(null, $"未知的目标类型（{(int)rule.Kind}），无法判断。");
        }

        var cmp = ParseComparator(rule.Comparator, out var comparatorNote);
        TargetEvaluation result;
        try
        {
            var context = new Context(rule, cmp, Usable(series, today), baselines ?? NoBaselines, today);
            result = rule.Kind switch
            {
                TargetRuleKind.GrowthVsGrowth => Growth(context),
                TargetRuleKind.RatioVsRatio => Ratio(context),
                TargetRuleKind.CountNotBelowBaseline => Count(context),
                TargetRuleKind.Threshold => Threshold(context),
            };
        }
        catch (OverflowException)
        {
            result = NoData(null, "数值超出计算范围，无法判断。");
        }

        return comparatorNote is null ? result : result with { Explanation = comparatorNote + result.Explanation };
    }

    /// <summary>
    /// The jurisdiction's series. Per period key: each indicator summed over the institutions that reported it (null
    /// when none did). An institution that has not reported a period counts there with its latest earlier point (沿用上期数),
    /// so a late bank does not look like a fall in the total; before its first point it is absent. Indicators in
    /// <paramref name="ratioIndicators"/> are the simple mean over the reporting institutions: a weighted ratio needs
    /// the denominators, which the weekly form does not carry. Within one institution, points sharing a period key
    /// are duplicates and the last one wins. End = that period's end (the latest, should institutions disagree).
    /// Ordered by End, then period key. A sum too large for decimal gives null for that indicator and period.
    /// </summary>
    public static IReadOnlyList<FigurePoint> Aggregate(IEnumerable<IReadOnlyList<FigurePoint>> institutions, IReadOnlySet<string> ratioIndicators)
    {
        if (institutions is null)
        {
            return [];
        }

        var periods = new Dictionary<string, PeriodTotal>(StringComparer.Ordinal);
        var owns = new List<Dictionary<string, FigurePoint>>();
        foreach (var series in institutions)
        {
            if (series is null)
            {
                continue;
            }

            var own = new Dictionary<string, FigurePoint>(StringComparer.Ordinal);
            foreach (var point in series)
            {
                if (point is not null)
                {
                    own[point.PeriodKey ?? string.Empty] = point;
                }
            }

            foreach (var (key, point) in own)
            {
                if (!periods.TryGetValue(key, out var total))
                {
                    periods[key] = new PeriodTotal(key, point.End);
                }
                else if (point.End > total.End)
                {
                    total.End = point.End;
                }
            }

            owns.Add(own);
        }

        var ordered = periods.Values.OrderBy(p => p.End).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var own in owns)
        {
            FigurePoint? latest = null;
            foreach (var total in ordered)
            {
                latest = own.GetValueOrDefault(total.Key) ?? latest;
                foreach (var (code, value) in latest?.Values ?? NoValues)
                {
                    total.Add(code, value);
                }
            }
        }

        return ordered.Select(p => p.ToPoint(ratioIndicators)).ToList();
    }

    // ---- the four kinds ----

    private static TargetEvaluation Growth(Context c)
    {
        var rule = c.Rule;
        if (string.IsNullOrWhiteSpace(rule.Reference))
        {
            return NoData(null, $"{c.IndicatorName}的增速目标未设置参照指标，无法判断。");
        }

        var points = c.Window;
        var i = LastIndex(points, p => Value(p, rule.Indicator) is not null && Value(p, rule.Reference) is not null);
        if (i < 0)
        {
            return NoData(null, $"{c.Cutoff}没有同时报送{c.IndicatorName}和{c.ReferenceName}的数据，无法判断。");
        }

        var now = points[i];
        var (indicatorGrowth, indicatorProblem) = GrowthOf(c, rule.Indicator, i);
        if (indicatorProblem is not null)
        {
            return NoData(now.PeriodKey, $"截至{Said(now.PeriodKey)}，{c.IndicatorName}{indicatorProblem}，增速无法计算，无法判断。");
        }

        var (referenceGrowth, referenceProblem) = GrowthOf(c, rule.Reference, i);
        if (referenceProblem is not null)
        {
            return NoData(now.PeriodKey, $"截至{Said(now.PeriodKey)}，{c.ReferenceName}{referenceProblem}，增速无法计算，无法判断。");
        }

        var actual = indicatorGrowth!.Value;
        var required = referenceGrowth!.Value + rule.Margin;
        var holds = Holds(actual, c.Cmp, required);
        var status = c.DeadlinePassed ? (holds ? TargetStatus.Met : TargetStatus.Missed) : (holds ? TargetStatus.OnTrack : TargetStatus.AtRisk);
        var basis = BasisWord(rule.Basis);
        var requirement = rule.Margin == 0m
            ? $"要求{CmpWord(c.Cmp)} {F(required)}%"
            : $"要求{CmpWord(c.Cmp)} {F(referenceGrowth.Value)}% + {F(rule.Margin)}个百分点 = {F(required)}%";
        var text = $"截至{Said(now.PeriodKey)}，{c.Prefix}{c.IndicatorName}{basis} {F(actual)}%，{c.ReferenceName}{basis} {F(referenceGrowth.Value)}%，{requirement}，{(holds ? "已满足" : "未满足")}，{Verdict(status)}。";
        return new TargetEvaluation(status, actual, required, now.PeriodKey, text);
    }

    private static TargetEvaluation Ratio(Context c)
    {
        var rule = c.Rule;
        if (string.IsNullOrWhiteSpace(rule.Reference))
        {
            return NoData(null, $"{c.IndicatorName}的比率目标未设置参照指标，无法判断。");
        }

        var points = c.Window;
        bool Both(FigurePoint p) => Value(p, rule.Indicator) is not null && Value(p, rule.Reference) is not null;
        var i = LastIndex(points, Both);
        if (i < 0)
        {
            return NoData(null, $"{c.Cutoff}没有同时报送{c.IndicatorName}和{c.ReferenceName}的数据，无法判断。");
        }

        var now = points[i];
        var actual = Value(now, rule.Indicator)!.Value;
        var reference = Value(now, rule.Reference)!.Value;
        var required = reference + rule.Margin;
        var holds = Holds(actual, c.Cmp, required);
        var head = rule.Margin == 0m
            ? $"截至{Said(now.PeriodKey)}，{c.Prefix}{c.IndicatorName} {F(actual)}%，{c.ReferenceName} {F(reference)}%，要求{CmpWord(c.Cmp)} {F(required)}%"
            : $"截至{Said(now.PeriodKey)}，{c.Prefix}{c.IndicatorName} {F(actual)}%，{c.ReferenceName} {F(reference)}%，要求{CmpWord(c.Cmp)} {F(reference)}% + {F(rule.Margin)}个百分点 = {F(required)}%";

        TargetStatus status;
        string tail;
        if (rule.By is not null)
        {
            status = c.DeadlinePassed ? (holds ? TargetStatus.Met : TargetStatus.Missed) : (holds ? TargetStatus.OnTrack : TargetStatus.AtRisk);
            tail = $"{(holds ? "已满足" : "未满足")}，{Verdict(status)}";
        }
        else if (!holds)
        {
            status = TargetStatus.Missed;
            tail = "未满足，已突破要求";
        }
        else if (Math.Abs(actual - required) <= NearLimit)
        {
            status = TargetStatus.AtRisk;
            tail = $"已满足，但距要求仅 {F(Math.Abs(actual - required))}个百分点，{Verdict(status)}";
        }
        else
        {
            var recent = Recent(points, i, Both, RatioTrendPoints, year: null);
            var at = now.End.DayNumber + RatioTrendDays;
            var projectedActual = Project(recent, rule.Indicator, at);
            var projectedReference = Project(recent, rule.Reference, at);
            if (projectedActual is { } pa && projectedReference is { } pr && !Holds(pa, c.Cmp, pr + rule.Margin))
            {
                status = TargetStatus.AtRisk;
                tail = $"已满足，但按近{recent.Count}期趋势，4周后预计 {F(pa)}%，要求 {F(pr + rule.Margin)}%，将不满足，{Verdict(status)}";
            }
            else
            {
                status = TargetStatus.OnTrack;
                tail = $"已满足，{Verdict(status)}";
            }
        }

        return new TargetEvaluation(status, actual, required, now.PeriodKey, $"{head}，{tail}。");
    }

    private static TargetEvaluation Count(Context c)
    {
        var rule = c.Rule;
        var points = c.Window;
        bool Has(FigurePoint p) => Value(p, rule.Indicator) is not null;
        var i = LastIndex(points, Has);
        if (i < 0)
        {
            return NoData(null, $"{c.Cutoff}没有报送{c.IndicatorName}的数据，无法判断。");
        }

        var now = points[i];
        if (!c.Baselines.TryGetValue(rule.Indicator, out var baseline))
        {
            return NoData(now.PeriodKey, $"截至{Said(now.PeriodKey)}，{c.IndicatorName}缺少年初基数，无法判断。");
        }

        var actual = Value(now, rule.Indicator)!.Value;
        var holds = Holds(actual, c.Cmp, baseline);
        var head = $"截至{Said(now.PeriodKey)}，{c.Prefix}{c.IndicatorName} {F(actual)}，年初 {F(baseline)}，要求{CmpWord(c.Cmp)}年初";

        TargetStatus status;
        string tail;
        if (c.DeadlinePassed || !holds)
        {
            status = c.DeadlinePassed ? (holds ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.AtRisk;
            tail = $"{(holds ? "已满足" : "未满足")}，{Verdict(status)}";
        }
        else
        {
            var horizon = rule.By ?? new DateOnly(now.End.Year, 12, 31);
            var recent = Recent(points, i, Has, TrendPoints, now.End.Year);
            var projected = horizon > now.End ? Project(recent, rule.Indicator, horizon.DayNumber) : null;
            if (projected is { } p && !Holds(p, c.Cmp, baseline))
            {
                status = TargetStatus.AtRisk;
                tail = $"已满足，但按近{recent.Count}期趋势，{HorizonWord(horizon)}预计 {F(p)}，{Relation(p, baseline)}年初 {F(baseline)}，{Verdict(status)}";
            }
            else
            {
                status = TargetStatus.OnTrack;
                tail = $"已满足，{Verdict(status)}";
            }
        }

        return new TargetEvaluation(status, actual, baseline, now.PeriodKey, $"{head}，{tail}。");
    }

    private static TargetEvaluation Threshold(Context c)
    {
        var rule = c.Rule;
        if (rule.Threshold is not { } target)
        {
            return NoData(null, $"{c.IndicatorName}的目标未设置目标值，无法判断。");
        }

        var points = c.Window;
        bool Has(FigurePoint p) => Value(p, rule.Indicator) is not null;
        var i = LastIndex(points, Has);
        if (i < 0)
        {
            return NoData(null, $"{c.Cutoff}没有报送{c.Prefix}{c.IndicatorName}的数据，无法判断。");
        }

        var now = points[i];
        var actual = Value(now, rule.Indicator)!.Value;
        var holds = Holds(actual, c.Cmp, target);
        var deadline = rule.By is { } by ? $"（{HorizonWord(by)}前）" : string.Empty;
        var head = $"截至{Said(now.PeriodKey)}，{c.Prefix}{c.IndicatorName} {F(actual)}，目标{CmpWord(c.Cmp)} {F(target)}{deadline}";

        TargetStatus status;
        string tail;
        if (rule.By is null || c.DeadlinePassed || holds)
        {
            status = holds ? TargetStatus.Met : (c.DeadlinePassed ? TargetStatus.Missed : TargetStatus.AtRisk);
            tail = holds
                ? (rule.By is not null && !c.DeadlinePassed ? "已达到目标，提前达标" : $"已达到目标，{Verdict(status)}")
                : $"{(c.DeadlinePassed ? "到期" : "目前")}未达到目标，{Verdict(status)}";
        }
        else
        {
            var deadlineDate = rule.By.Value;
            var recent = Recent(points, i, Has, TrendPoints, now.End.Year);
            var projected = Project(recent, rule.Indicator, deadlineDate.DayNumber);
            if (projected is not { } p)
            {
                status = TargetStatus.AtRisk;
                tail = $"目前未达到目标，数据不足以判断趋势，{Verdict(status)}";
            }
            else
            {
                status = Holds(p, c.Cmp, target) ? TargetStatus.OnTrack : TargetStatus.AtRisk;
                tail = $"按近{recent.Count}期趋势，{HorizonWord(deadlineDate)}预计 {F(p)}，{Relation(p, target)}目标 {F(target)}，{Verdict(status)}";
            }
        }

        return new TargetEvaluation(status, actual, target, now.PeriodKey, $"{head}，{tail}。");
    }

    // ---- growth ----

    private static (decimal? Growth, string? Problem) GrowthOf(Context c, string code, int i)
    {
        var points = c.Window;
        var now = points[i];
        var value = Value(now, code)!.Value;
        decimal? @base = null;
        string missing;
        switch (c.Rule.Basis)
        {
            case GrowthBasis.YearToDate:
                missing = "缺少年初基数";
                if (c.Baselines.TryGetValue(code, out var b))
                {
                    @base = b;
                }
                else
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (points[j].End.Year == now.End.Year && Value(points[j], code) is { } v)
                        {
                            @base = v;
                            break;
                        }
                    }
                }

                break;
            case GrowthBasis.YearOnYear:
                missing = "缺少约52周前（上年同期）的数据";
                var target = now.End.DayNumber - YearOnYearDays;
                var best = int.MaxValue;
                for (var j = 0; j < i; j++)
                {
                    var distance = Math.Abs(points[j].End.DayNumber - target);
                    if (distance <= YearOnYearTolerance && distance < best && Value(points[j], code) is { } v)
                    {
                        best = distance;
                        @base = v;
                    }
                }

                break;
            case GrowthBasis.WeekOnWeek:
                missing = "缺少上一期数据";
                for (var j = i - 1; j >= 0 && @base is null; j--)
                {
                    @base = Value(points[j], code);
                }

                break;
            default:
                return (null, $"的增速口径未知（{(int)c.Rule.Basis}）");
        }

        if (@base is not { } baseValue)
        {
            return (null, missing);
        }

        if (baseValue == 0m)
        {
            return (null, "基期值为 0");
        }

        return ((value - baseValue) / Math.Abs(baseValue) * 100m, null);
    }

    // ---- series helpers ----

    private static List<FigurePoint> Usable(IReadOnlyList<FigurePoint>? series, DateOnly today)
    {
        if (series is null)
        {
            return [];
        }

        var byKey = new Dictionary<string, (int Order, FigurePoint Point)>(StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++)
        {
            var point = series[i];
            if (point is not null && point.End <= today)
            {
                byKey[point.PeriodKey ?? string.Empty] = (i, point);
            }
        }

        return byKey.Values.OrderBy(e => e.Point.End).ThenBy(e => e.Order).Select(e => e.Point).ToList();
    }

    private static decimal? Value(FigurePoint point, string? code) =>
        code is not null && point.Values is not null && point.Values.TryGetValue(code, out var value) ? value : null;

    private static int LastIndex(List<FigurePoint> points, Func<FigurePoint, bool> usable)
    {
        for (var i = points.Count - 1; i >= 0; i--)
        {
            if (usable(points[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Up to <paramref name="count"/> usable points ending at index <paramref name="i"/>, optionally only of one calendar year.</summary>
    private static List<FigurePoint> Recent(List<FigurePoint> points, int i, Func<FigurePoint, bool> usable, int count, int? year)
    {
        var recent = new List<FigurePoint>();
        for (var j = i; j >= 0 && recent.Count < count; j--)
        {
            if ((year is null || points[j].End.Year == year) && usable(points[j]))
            {
                recent.Add(points[j]);
            }
        }

        recent.Reverse();
        return recent;
    }

    /// <summary>Least squares of the code's value against the day number, evaluated at <paramref name="atDay"/>; null without a trend.</summary>
    private static decimal? Project(List<FigurePoint> points, string? code, int atDay)
    {
        if (points.Count < 2 || code is null)
        {
            return null;
        }

        var origin = points[0].End.DayNumber;
        var xs = points.Select(p => (decimal)(p.End.DayNumber - origin)).ToList();
        var ys = points.Select(p => Value(p, code) ?? 0m).ToList();
        var n = points.Count;
        var meanX = xs.Sum() / n;
        var meanY = ys.Sum() / n;
        decimal sxx = 0m, sxy = 0m;
        for (var k = 0; k < n; k++)
        {
            sxx += (xs[k] - meanX) * (xs[k] - meanX);
            sxy += (xs[k] - meanX) * (ys[k] - meanY);
        }

        if (sxx == 0m)
        {
            return null;
        }

        return meanY + (sxy / sxx * (atDay - origin - meanX));
    }

    // ---- comparators and words ----

    private static Cmp ParseComparator(string? text, out string? note)
    {
        note = null;
        switch (text?.Trim())
        {
            case ">" or "＞":
                return Cmp.Gt;
            case ">=" or "≥" or "＞＝" or "＞=":
                return Cmp.Ge;
            case "<" or "＜":
                return Cmp.Lt;
            case "<=" or "≤" or "＜＝" or "＜=":
                return Cmp.Le;
            default:
                note = $"比较符“{text}”无法识别，已按“不低于”（>=）处理；";
                return Cmp.Ge;
        }
    }

    private static bool Holds(decimal actual, Cmp cmp, decimal required) => cmp switch
    {
        Cmp.Gt => actual > required,
        Cmp.Ge => actual >= required,
        Cmp.Lt => actual < required,
        _ => actual <= required,
    };

    private static string CmpWord(Cmp cmp) => cmp switch
    {
        Cmp.Gt => "高于",
        Cmp.Ge => "不低于",
        Cmp.Lt => "低于",
        _ => "不高于",
    };

    private static string Relation(decimal value, decimal other) => value > other ? "高于" : value < other ? "低于" : "等于";

    private static string BasisWord(GrowthBasis basis) => basis switch
    {
        GrowthBasis.YearOnYear => "同比增长",
        GrowthBasis.WeekOnWeek => "环比增长",
        GrowthBasis.YearToDate => "较年初增长",
    };

    private static string Verdict(TargetStatus status) => status switch
    {
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.AtRisk => "存在未达标风险",
        TargetStatus.Missed => "未达标",
        TargetStatus.Met => "已达标",
        TargetStatus.NoData => "无法判断",
    };

    private static string HorizonWord(DateOnly date) =>
        date is { Month: 12, Day: 31 } ? "年末" : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string F(decimal value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("N2", CultureInfo.InvariantCulture);

    private static TargetEvaluation NoData(string? asOf, string explanation) => new(TargetStatus.NoData, null, null, asOf, explanation);

    private sealed class Context(TargetRule rule, Cmp cmp, List<FigurePoint> points, IReadOnlyDictionary<string, decimal> baselines, DateOnly today)
    {
        public TargetRule Rule { get; } = rule;
        public Cmp Cmp { get; } = cmp;
        public IReadOnlyDictionary<string, decimal> Baselines { get; } = baselines;
        public bool DeadlinePassed { get; } = rule.By is { } by && today >= by;

        /// <summary>The points that count: up to today, and up to the deadline once it is reached.</summary>
        public List<FigurePoint> Window { get; } = rule.By is { } by && today >= by ? points.Where(p => p.End <= by).ToList() : points;

        public string IndicatorName { get; } = string.IsNullOrWhiteSpace(rule.IndicatorName) ? rule.Indicator : rule.IndicatorName;
        public string ReferenceName { get; } = string.IsNullOrWhiteSpace(rule.ReferenceName) ? rule.Reference ?? string.Empty : rule.ReferenceName;
        public string Prefix { get; } = rule.Scope == TargetScope.Jurisdiction ? "辖内合计" : string.Empty;

        public string Cutoff { get; } = rule.By is { } by && today >= by
            ? $"截至目标期限{by.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : $"截至{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
    }

    private sealed class PeriodTotal(string key, DateOnly end)
    {
        private readonly Dictionary<string, (decimal Sum, int Count, bool Overflow)> values = new(StringComparer.Ordinal);

        public string Key { get; } = key;
        public DateOnly End { get; set; } = end;

        public void Add(string code, decimal? value)
        {
            values.TryGetValue(code, out var acc);
            if (value is { } v && !acc.Overflow)
            {
                try
                {
                    acc = (acc.Sum + v, acc.Count + 1, false);
                }
                catch (OverflowException)
                {
                    acc = (0m, acc.Count + 1, true);
                }
            }

            values[code] = acc;
        }

        public FigurePoint ToPoint(IReadOnlySet<string>? ratioIndicators)
        {
            var result = new Dictionary<string, decimal?>(StringComparer.Ordinal);
            foreach (var (code, acc) in values)
            {
                result[code] = acc.Count == 0 || acc.Overflow ? null
                    : ratioIndicators is not null && ratioIndicators.Contains(code) ? acc.Sum / acc.Count
                    : acc.Sum;
            }

            return new FigurePoint(Key, End, result);
        }
    }

    /// <summary>A period in an explanation as people say it: 2026年第45周（11月2日—11月8日）.</summary>
    private static string Said(string periodKey) => PeriodNames.Name(periodKey);
}
