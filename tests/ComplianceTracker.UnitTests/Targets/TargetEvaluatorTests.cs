using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Targets;

namespace ComplianceTracker.UnitTests.Targets;

/// <summary>
/// Every status of every rule kind on crafted weekly series, plus the odd data the weekly form produces:
/// zero baselines, negative growth, missing weeks, a single point, nulls, figures after today, duplicates.
/// </summary>
/// <remarks>
/// Statuses that cannot occur by the evaluator's semantics (each also noted at its kind):
/// a standing RatioVsRatio limit (no By) is never Met — a limit is never "done", only kept or breached — but a RatioVsRatio
/// with By reaches Met; CountNotBelowBaseline without By is never Met/Missed (no deadline), with By it is;
/// Threshold without By is never OnTrack/Missed, with By it is. So every kind reaches all five statuses in some case.
/// </remarks>
public class TargetEvaluatorTests
{
    private static readonly IReadOnlyDictionary<string, decimal> NoBaselines = new Dictionary<string, decimal>();

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>A week of the weekly form: key "yyyy-Www", End = its Sunday.</summary>
    private static FigurePoint W(int year, int week, params (string Code, decimal? Value)[] values) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{year}-W{week:00}"),
            DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Sunday)),
            values.ToDictionary(v => v.Code, v => v.Value));

    private static FigurePoint W(int week, params (string Code, decimal? Value)[] values) => W(2026, week, values);

    private static Dictionary<string, decimal> Baselines(params (string Code, decimal Value)[] values) => values.ToDictionary(v => v.Code, v => v.Value);

    private static bool IsChinese(string text) => text.Any(ch => ch is >= '\u4e00' and <= '\u9fff');

    [Test]
    public void WeekHelper_EndsOnSunday()
    {
        Assert.Multiple(() =>
        {
            Assert.That(W(45).End, Is.EqualTo(D("2026-11-08")));
            Assert.That(W(52).End, Is.EqualTo(D("2026-12-27")));
            Assert.That(W(2025, 45).End, Is.EqualTo(D("2025-11-09")));
        });
    }

    // ---------------- GrowthVsGrowth ----------------

    private static readonly TargetRule Growth = new()
    {
        Kind = TargetRuleKind.GrowthVsGrowth,
        Indicator = "PH",
        IndicatorName = "普惠型小微贷款",
        Reference = "GX",
        ReferenceName = "各项贷款",
        Basis = GrowthBasis.YearToDate,
        Comparator = ">",
    };

    private static readonly Dictionary<string, decimal> GrowthBaselines = Baselines(("PH", 100m), ("GX", 1000m));

    [Test]
    public void Growth_AboveReference_OnTrack_WithFiguresInTheSentence()
    {
        var result = TargetEvaluator.Evaluate(Growth, [W(44, ("PH", 110m), ("GX", 1090m)), W(45, ("PH", 112.3m), ("GX", 1098m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(12.3m));
            Assert.That(result.Required, Is.EqualTo(9.8m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Is.EqualTo("截至2026年第45周（11月2日—11月8日），普惠型小微贷款较年初增长 12.30%，各项贷款较年初增长 9.80%，要求高于 9.80%，已满足，进度正常。"));
        });
    }

    [Test]
    public void Growth_BelowReference_AtRisk()
    {
        var result = TargetEvaluator.Evaluate(Growth, [W(45, ("PH", 105m), ("GX", 1098m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(5m));
            Assert.That(result.Required, Is.EqualTo(9.8m));
            Assert.That(result.Explanation, Does.Contain("5.00%").And.Contain("9.80%").And.Contain("存在未达标风险"));
        });
    }

    [Test]
    public void Growth_MarginAddsPercentagePoints()
    {
        var rule = Growth with { Margin = 3m };
        var result = TargetEvaluator.Evaluate(rule, [W(45, ("PH", 112.3m), ("GX", 1098m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Required, Is.EqualTo(12.8m));
            Assert.That(result.Explanation, Does.Contain("9.80% + 3.00个百分点 = 12.80%"));
        });
    }

    [Test]
    public void Growth_DeadlinePassed_MetByLastPointOnOrBeforeBy_LaterPointsIgnored()
    {
        var rule = Growth with { By = D("2026-12-31") };
        FigurePoint[] series =
        [
            W(51, ("PH", 101m), ("GX", 1100m)),
            W(52, ("PH", 115m), ("GX", 1100m)),
            W(2027, 1, ("PH", 90m), ("GX", 1200m)), // after By: does not decide the year's target
        ];

        var result = TargetEvaluator.Evaluate(rule, series, GrowthBaselines, D("2027-01-05"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(result.Actual, Is.EqualTo(15m));
            Assert.That(result.Required, Is.EqualTo(10m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W52"));
            Assert.That(result.Explanation, Does.Contain("15.00%").And.Contain("已达标"));
        });
    }

    [Test]
    public void Growth_DeadlinePassed_Missed()
    {
        var rule = Growth with { By = D("2026-12-31") };
        var result = TargetEvaluator.Evaluate(rule, [W(52, ("PH", 108m), ("GX", 1100m))], GrowthBaselines, D("2027-01-05"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Missed));
            Assert.That(result.Actual, Is.EqualTo(8m));
            Assert.That(result.Required, Is.EqualTo(10m));
            Assert.That(result.Explanation, Does.Contain("8.00%").And.Contain("10.00%").And.Contain("未达标"));
        });
    }

    [Test]
    public void Growth_ByExactlyToday_CountsAsReached()
    {
        var rule = Growth with { By = D("2026-12-27") };
        var result = TargetEvaluator.Evaluate(rule, [W(52, ("PH", 115m), ("GX", 1100m))], GrowthBaselines, D("2026-12-27"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(result.AsOf, Is.EqualTo("2026-W52"));
        });
    }

    [Test]
    public void Growth_NothingReported_NoData()
    {
        var result = TargetEvaluator.Evaluate(Growth, [W(44, ("PH", null), ("GX", 1000m)), W(45, ("GX", 1000m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.Actual, Is.Null);
            Assert.That(result.Required, Is.Null);
            Assert.That(result.AsOf, Is.Null);
            Assert.That(IsChinese(result.Explanation), Is.True);
        });
    }

    [Test]
    public void Growth_EmptySeries_NoData()
    {
        var result = TargetEvaluator.Evaluate(Growth, [], GrowthBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
    }

    [Test]
    public void Growth_ZeroBaseline_NoData_GrowthUndefined()
    {
        var result = TargetEvaluator.Evaluate(Growth, [W(45, ("PH", 112.3m), ("GX", 1098m))], Baselines(("PH", 0m), ("GX", 1000m)), D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Actual, Is.Null);
            Assert.That(result.Explanation, Does.Contain("基期值为 0").And.Contain("普惠型小微贷款"));
        });
    }

    [Test]
    public void Growth_NegativeGrowth_ComparesNaturally()
    {
        // −1% against −3%: shrinking less than the whole book is still "higher growth".
        var result = TargetEvaluator.Evaluate(Growth, [W(45, ("PH", 99m), ("GX", 970m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(-1m));
            Assert.That(result.Required, Is.EqualTo(-3m));
            Assert.That(result.Explanation, Does.Contain("-1.00%").And.Contain("-3.00%"));
        });
    }

    [Test]
    public void Growth_WithoutBaseline_FirstPointOfTheYearIsTheBase()
    {
        FigurePoint[] series = [W(2025, 52, ("PH", 50m), ("GX", 500m)), W(2, ("PH", 100m), ("GX", 1000m)), W(45, ("PH", 120m), ("GX", 1100m))];
        var result = TargetEvaluator.Evaluate(Growth, series, NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(20m));
            Assert.That(result.Required, Is.EqualTo(10m));
        });
    }

    [Test]
    public void Growth_WithoutBaseline_SinglePointOfTheYear_NoData()
    {
        var result = TargetEvaluator.Evaluate(Growth, [W(45, ("PH", 120m), ("GX", 1100m))], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.Explanation, Does.Contain("缺少年初基数"));
        });
    }

    [Test]
    public void Growth_WeekOnWeek_MissingWeekInTheMiddle_UsesThePreviousReportedWeek()
    {
        var rule = Growth with { Basis = GrowthBasis.WeekOnWeek };
        FigurePoint[] series =
        [
            W(43, ("PH", 100m), ("GX", 1000m)),
            W(44, ("PH", null), ("GX", null)),
            W(45, ("PH", 102m), ("GX", 1010m)),
            W(46, ("PH", null), ("GX", 1020m)), // latest week lacks the indicator: skipped
        ];

        var result = TargetEvaluator.Evaluate(rule, series, NoBaselines, D("2026-11-20"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(2m));
            Assert.That(result.Required, Is.EqualTo(1m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Does.Contain("环比增长 2.00%"));
        });
    }

    [Test]
    public void Growth_YearOnYear_AgainstThePoint52WeeksEarlier()
    {
        var rule = Growth with { Basis = GrowthBasis.YearOnYear };
        FigurePoint[] series = [W(2025, 44, ("PH", 1m), ("GX", 1m)), W(2025, 45, ("PH", 100m), ("GX", 1000m)), W(45, ("PH", 110m), ("GX", 1050m))];

        var result = TargetEvaluator.Evaluate(rule, series, NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(10m));
            Assert.That(result.Required, Is.EqualTo(5m));
            Assert.That(result.Explanation, Does.Contain("同比增长 10.00%"));
        });
    }

    [Test]
    public void Growth_YearOnYear_NoPointAYearBefore_NoData()
    {
        var rule = Growth with { Basis = GrowthBasis.YearOnYear };
        FigurePoint[] series = [W(40, ("PH", 100m), ("GX", 1000m)), W(45, ("PH", 110m), ("GX", 1050m))];

        var result = TargetEvaluator.Evaluate(rule, series, GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Does.Contain("上年同期"));
        });
    }

    [Test]
    public void Growth_PointsAfterTodayIgnored()
    {
        FigurePoint[] series = [W(44, ("PH", 112.3m), ("GX", 1098m)), W(45, ("PH", 100m), ("GX", 1200m))];

        var result = TargetEvaluator.Evaluate(Growth, series, GrowthBaselines, D("2026-11-05"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.AsOf, Is.EqualTo("2026-W44"));
            Assert.That(result.Actual, Is.EqualTo(12.3m));
        });
    }

    [Test]
    public void Growth_DuplicatePeriod_LastGivenWins_AndOrderIsByEnd()
    {
        FigurePoint[] series = [W(45, ("PH", 100m), ("GX", 1000m)), W(44, ("PH", 101m), ("GX", 1001m)), W(45, ("PH", 112.3m), ("GX", 1098m))];

        var result = TargetEvaluator.Evaluate(Growth, series, GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Actual, Is.EqualTo(12.3m));
        });
    }

    [Test]
    public void Growth_NoReference_NoDataNotException()
    {
        var result = TargetEvaluator.Evaluate(Growth with { Reference = null }, [W(45, ("PH", 112.3m))], GrowthBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
    }

    [Test]
    public void UnknownComparator_ReadAsAtLeast_AndSaidSo()
    {
        var result = TargetEvaluator.Evaluate(Growth with { Comparator = "≠" }, [W(45, ("PH", 109.8m), ("GX", 1098m))], GrowthBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack)); // 9.8 >= 9.8
            Assert.That(result.Explanation, Does.StartWith("比较符“≠”无法识别"));
        });
    }

    [TestCase(">", false)]
    [TestCase(">=", true)]
    [TestCase(" ≥ ", true)]
    [TestCase("<", false)]
    [TestCase("<=", true)]
    public void Comparators_OnEqualFigures(string comparator, bool satisfied)
    {
        var result = TargetEvaluator.Evaluate(Growth with { Comparator = comparator }, [W(45, ("PH", 109.8m), ("GX", 1098m))], GrowthBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(satisfied ? TargetStatus.OnTrack : TargetStatus.AtRisk));
    }

    // ---------------- RatioVsRatio ----------------
    // A standing limit (no By) is never Met: it is kept (OnTrack/AtRisk) or breached (Missed). With By, Met is reachable.

    private static readonly TargetRule Npl = new()
    {
        Kind = TargetRuleKind.RatioVsRatio,
        Indicator = "NPL_PH",
        IndicatorName = "普惠型小微贷款不良率",
        Reference = "NPL",
        ReferenceName = "各项贷款不良率",
        Comparator = "<=",
        Margin = 3m,
    };

    private static FigurePoint Ratio(int week, decimal? indicator, decimal? reference) => W(week, ("NPL_PH", indicator), ("NPL", reference));

    [Test]
    public void Ratio_WellWithinLimit_Stable_OnTrack()
    {
        var result = TargetEvaluator.Evaluate(Npl, [Ratio(42, 3m, 1.5m), Ratio(43, 3m, 1.5m), Ratio(44, 3m, 1.5m), Ratio(45, 3m, 1.5m)], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(3m));
            Assert.That(result.Required, Is.EqualTo(4.5m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Is.EqualTo("截至2026年第45周（11月2日—11月8日），普惠型小微贷款不良率 3.00%，各项贷款不良率 1.50%，要求不高于 1.50% + 3.00个百分点 = 4.50%，已满足，进度正常。"));
        });
    }

    [Test]
    public void Ratio_WithinHalfPointOfLimit_AtRisk()
    {
        var result = TargetEvaluator.Evaluate(Npl, [Ratio(45, 4.1m, 1.5m)], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(4.1m));
            Assert.That(result.Required, Is.EqualTo(4.5m));
            Assert.That(result.Explanation, Does.Contain("0.40个百分点").And.Contain("存在未达标风险"));
        });
    }

    [Test]
    public void Ratio_TrendCrossesWithinFourWeeks_AtRisk()
    {
        // +0.5 pp a week: 3.5 now, 5.5 in four weeks, over the 4.5 limit.
        FigurePoint[] series = [Ratio(42, 2m, 1.5m), Ratio(43, 2.5m, 1.5m), Ratio(44, 3m, 1.5m), Ratio(45, 3.5m, 1.5m)];

        var result = TargetEvaluator.Evaluate(Npl, series, NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(3.5m));
            Assert.That(result.Required, Is.EqualTo(4.5m));
            Assert.That(result.Explanation, Does.Contain("按近4期趋势").And.Contain("5.50%").And.Contain("4.50%"));
        });
    }

    [Test]
    public void Ratio_StandingLimitBreached_Missed()
    {
        var result = TargetEvaluator.Evaluate(Npl, [Ratio(44, 4m, 1.5m), Ratio(45, 4.8m, 1.5m)], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Missed));
            Assert.That(result.Actual, Is.EqualTo(4.8m));
            Assert.That(result.Required, Is.EqualTo(4.5m));
            Assert.That(result.Explanation, Does.Contain("4.80%").And.Contain("未满足"));
        });
    }

    [Test]
    public void Ratio_WithBy_Passed_MetAndMissed()
    {
        var rule = Npl with { By = D("2026-12-31") };
        var met = TargetEvaluator.Evaluate(rule, [Ratio(52, 3m, 1.5m), W(2027, 1, ("NPL_PH", 9m), ("NPL", 1.5m))], NoBaselines, D("2027-01-05"));
        var missed = TargetEvaluator.Evaluate(rule, [Ratio(51, 3m, 1.5m), Ratio(52, 5m, 1.5m)], NoBaselines, D("2027-01-05"));

        Assert.Multiple(() =>
        {
            Assert.That(met.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(met.AsOf, Is.EqualTo("2026-W52"));
            Assert.That(met.Actual, Is.EqualTo(3m));
            Assert.That(missed.Status, Is.EqualTo(TargetStatus.Missed));
            Assert.That(missed.Actual, Is.EqualTo(5m));
            Assert.That(missed.Required, Is.EqualTo(4.5m));
        });
    }

    [Test]
    public void Ratio_WithBy_Before_NotSatisfied_AtRisk()
    {
        var rule = Npl with { By = D("2026-12-31") };
        var result = TargetEvaluator.Evaluate(rule, [Ratio(45, 5m, 1.5m)], NoBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
    }

    [Test]
    public void Ratio_ReferenceNeverReported_NoData()
    {
        var result = TargetEvaluator.Evaluate(Npl, [Ratio(44, 3m, null), Ratio(45, 3m, null)], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.AsOf, Is.Null);
            Assert.That(result.Explanation, Does.Contain("各项贷款不良率"));
        });
    }

    [Test]
    public void Ratio_LatestWeekHalfReported_FallsBackToLastComplete()
    {
        var result = TargetEvaluator.Evaluate(Npl, [Ratio(44, 3m, 1.5m), Ratio(45, 9m, null)], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.AsOf, Is.EqualTo("2026-W44"));
            Assert.That(result.Actual, Is.EqualTo(3m));
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
        });
    }

    // ---------------- CountNotBelowBaseline ----------------
    // Without By there is no deadline, so Met/Missed need By (year end); with it all five statuses occur.

    private static readonly TargetRule Households = new()
    {
        Kind = TargetRuleKind.CountNotBelowBaseline,
        Indicator = "HS",
        IndicatorName = "普惠型小微企业贷款户数",
    };

    private static readonly Dictionary<string, decimal> HouseholdBaseline = Baselines(("HS", 1200m));

    [Test]
    public void Count_AboveBaselineAndRising_OnTrack()
    {
        var result = TargetEvaluator.Evaluate(Households, [W(44, ("HS", 1230m)), W(45, ("HS", 1234m))], HouseholdBaseline, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(1234m));
            Assert.That(result.Required, Is.EqualTo(1200m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Is.EqualTo("截至2026年第45周（11月2日—11月8日），普惠型小微企业贷款户数 1,234.00，年初 1,200.00，要求不低于年初，已满足，进度正常。"));
        });
    }

    [Test]
    public void Count_BelowBaselineNow_AtRisk()
    {
        var result = TargetEvaluator.Evaluate(Households, [W(45, ("HS", 1190m))], HouseholdBaseline, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(1190m));
            Assert.That(result.Explanation, Does.Contain("1,190.00").And.Contain("未满足"));
        });
    }

    [Test]
    public void Count_AboveNowButFallingBelowByYearEnd_AtRisk()
    {
        // −10 a week over W38..W45: 1230 now, about 1154.29 on 31 December.
        var series = Enumerable.Range(0, 8).Select(k => W(38 + k, ("HS", 1300m - (10m * k)))).ToArray();

        var result = TargetEvaluator.Evaluate(Households, series, HouseholdBaseline, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(1230m));
            Assert.That(result.Required, Is.EqualTo(1200m));
            Assert.That(result.Explanation, Does.Contain("按近8期趋势，年末预计 1,154.29，低于年初 1,200.00"));
        });
    }

    [Test]
    public void Count_TrendUsesOnlyTheLastEightPointsOfTheYear()
    {
        // A steep fall long ago (and last year) does not count; the last 8 weeks are flat.
        var old = Enumerable.Range(0, 5).Select(k => W(30 + k, ("HS", 2000m - (100m * k))));
        var flat = Enumerable.Range(0, 8).Select(k => W(38 + k, ("HS", 1250m)));
        FigurePoint[] series = [W(2025, 50, ("HS", 5000m)), .. old, .. flat];

        var result = TargetEvaluator.Evaluate(Households, series, HouseholdBaseline, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
    }

    [Test]
    public void Count_YearEndPassed_MetAndMissed()
    {
        var rule = Households with { By = D("2026-12-31") };
        var met = TargetEvaluator.Evaluate(rule, [W(51, ("HS", 1100m)), W(52, ("HS", 1250m)), W(2027, 1, ("HS", 900m))], HouseholdBaseline, D("2027-01-04"));
        var missed = TargetEvaluator.Evaluate(rule, [W(52, ("HS", 1150m))], HouseholdBaseline, D("2027-01-04"));

        Assert.Multiple(() =>
        {
            Assert.That(met.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(met.Actual, Is.EqualTo(1250m));
            Assert.That(met.AsOf, Is.EqualTo("2026-W52"));
            Assert.That(missed.Status, Is.EqualTo(TargetStatus.Missed));
            Assert.That(missed.Actual, Is.EqualTo(1150m));
            Assert.That(missed.Required, Is.EqualTo(1200m));
            Assert.That(missed.Explanation, Does.Contain("1,150.00").And.Contain("未达标"));
        });
    }

    [Test]
    public void Count_NoBaseline_NoData()
    {
        var result = TargetEvaluator.Evaluate(Households, [W(45, ("HS", 1234m))], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Does.Contain("年初基数"));
        });
    }

    [Test]
    public void Count_OnlyNulls_NoData()
    {
        var result = TargetEvaluator.Evaluate(Households, [W(44, ("HS", null)), W(45)], HouseholdBaseline, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
    }

    [Test]
    public void Count_ZeroBaseline_IsAValidBaseline_SinglePointHasNoTrend()
    {
        var result = TargetEvaluator.Evaluate(Households, [W(45, ("HS", 5m))], Baselines(("HS", 0m)), D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(5m));
            Assert.That(result.Required, Is.EqualTo(0m));
        });
    }

    // ---------------- Threshold ----------------
    // Without By: Met or AtRisk only (no deadline to miss, nothing to be on track towards); with By all five occur.

    private static readonly TargetRule Balance = new()
    {
        Kind = TargetRuleKind.Threshold,
        Indicator = "PH_BAL",
        IndicatorName = "普惠贷款余额",
        Comparator = ">",
        Threshold = 11000m,
        By = D("2026-12-31"),
        Scope = TargetScope.Jurisdiction,
    };

    private static FigurePoint[] Rising(decimal from, decimal perWeek) =>
        Enumerable.Range(0, 8).Select(k => W(38 + k, ("PH_BAL", from + (perWeek * k)))).ToArray();

    [Test]
    public void Threshold_TrendReachesItByYearEnd_OnTrack()
    {
        // +100 a week: 10,700 now, about 11,457.14 on 31 December.
        var result = TargetEvaluator.Evaluate(Balance, Rising(10000m, 100m), NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Actual, Is.EqualTo(10700m));
            Assert.That(result.Required, Is.EqualTo(11000m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W45"));
            Assert.That(result.Explanation, Does.Contain("辖内合计普惠贷款余额 10,700.00").And.Contain("年末预计 11,457.14，高于目标 11,000.00"));
        });
    }

    [Test]
    public void Threshold_TrendFallsShort_AtRisk()
    {
        // +20 a week: 10,140 now, about 10,291.43 on 31 December.
        var result = TargetEvaluator.Evaluate(Balance, Rising(10000m, 20m), NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(10140m));
            Assert.That(result.Required, Is.EqualTo(11000m));
            Assert.That(result.Explanation, Is.EqualTo("截至2026年第45周（11月2日—11月8日），辖内合计普惠贷款余额 10,140.00，目标高于 11,000.00（年末前），按近8期趋势，年末预计 10,291.43，低于目标 11,000.00，存在未达标风险。"));
        });
    }

    [Test]
    public void Threshold_AlreadyCrossed_MetBeforeTheDate()
    {
        var result = TargetEvaluator.Evaluate(Balance, [W(44, ("PH_BAL", 10900m)), W(45, ("PH_BAL", 11050m))], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(result.Actual, Is.EqualTo(11050m));
            Assert.That(result.Explanation, Does.Contain("11,050.00").And.Contain("提前达标"));
        });
    }

    [Test]
    public void Threshold_SinglePointBelow_AtRisk()
    {
        var result = TargetEvaluator.Evaluate(Balance, [W(45, ("PH_BAL", 10900m))], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.AtRisk));
            Assert.That(result.Actual, Is.EqualTo(10900m));
            Assert.That(result.Explanation, Does.Contain("10,900.00").And.Contain("数据不足"));
        });
    }

    [Test]
    public void Threshold_DatePassed_MissedByLastPointBeforeIt_LaterCrossingIgnored()
    {
        FigurePoint[] series = [W(51, ("PH_BAL", 10800m)), W(52, ("PH_BAL", 10900m)), W(2027, 1, ("PH_BAL", 12000m))];

        var result = TargetEvaluator.Evaluate(Balance, series, NoBaselines, D("2027-01-05"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Missed));
            Assert.That(result.Actual, Is.EqualTo(10900m));
            Assert.That(result.Required, Is.EqualTo(11000m));
            Assert.That(result.AsOf, Is.EqualTo("2026-W52"));
            Assert.That(result.Explanation, Does.Contain("10,900.00").And.Contain("11,000.00").And.Contain("未达标"));
        });
    }

    [Test]
    public void Threshold_DatePassed_Met()
    {
        var result = TargetEvaluator.Evaluate(Balance, [W(52, ("PH_BAL", 11200m))], NoBaselines, D("2027-01-05"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(result.Actual, Is.EqualTo(11200m));
        });
    }

    [Test]
    public void Threshold_ByExactlyToday_JudgedAsPassed()
    {
        var rule = Balance with { By = D("2026-12-27") };

        var result = TargetEvaluator.Evaluate(rule, Enumerable.Range(0, 8).Select(k => W(45 + k, ("PH_BAL", 10200m + (100m * k)))).ToArray(), NoBaselines, D("2026-12-27"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.Missed)); // not AtRisk: the day has come
            Assert.That(result.AsOf, Is.EqualTo("2026-W52"));
            Assert.That(result.Actual, Is.EqualTo(10900m));
            Assert.That(result.Explanation, Does.Contain("2026-12-27"));
        });
    }

    [Test]
    public void Threshold_WithoutBy_MetOrAtRisk()
    {
        var rule = Balance with { By = null };
        var met = TargetEvaluator.Evaluate(rule, [W(45, ("PH_BAL", 11100m))], NoBaselines, D("2026-11-10"));
        var atRisk = TargetEvaluator.Evaluate(rule, Rising(10000m, 100m), NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(met.Status, Is.EqualTo(TargetStatus.Met));
            Assert.That(met.Actual, Is.EqualTo(11100m));
            Assert.That(atRisk.Status, Is.EqualTo(TargetStatus.AtRisk)); // rising, but with no date there is nothing to project to
            Assert.That(atRisk.Actual, Is.EqualTo(10700m));
        });
    }

    [Test]
    public void Threshold_NoThresholdOrNoFigures_NoData()
    {
        var noThreshold = TargetEvaluator.Evaluate(Balance with { Threshold = null }, [W(45, ("PH_BAL", 11100m))], NoBaselines, D("2026-11-10"));
        var noFigures = TargetEvaluator.Evaluate(Balance, [W(44, ("PH_BAL", null)), W(45, ("OTHER", 1m))], NoBaselines, D("2026-11-10"));
        var onlyFuture = TargetEvaluator.Evaluate(Balance, [W(46, ("PH_BAL", 11100m))], NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(noThreshold.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(noFigures.Status, Is.EqualTo(TargetStatus.NoData));
            Assert.That(noFigures.Actual, Is.Null);
            Assert.That(noFigures.Explanation, Does.Contain("普惠贷款余额"));
            Assert.That(onlyFuture.Status, Is.EqualTo(TargetStatus.NoData));
        });
    }

    [Test]
    public void Threshold_MissingWeekInTheMiddle_TrendOnRealDates()
    {
        // +100 a week with W41 and W42 not reported: the line is the same as with every week.
        var series = Rising(10000m, 100m).Where(p => p.PeriodKey is not "2026-W41" and not "2026-W42").ToArray();

        var result = TargetEvaluator.Evaluate(Balance, series, NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Explanation, Does.Contain("按近6期趋势，年末预计 11,457.14"));
        });
    }

    [Test]
    public void FiguresTooLargeForDecimal_NoDataNotException()
    {
        var series = new[] { W(44, ("PH_BAL", decimal.MaxValue)), W(45, ("PH_BAL", decimal.MinValue)) };

        var result = TargetEvaluator.Evaluate(Balance, series, NoBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
    }

    [Test]
    public void UnknownKind_NoDataNotException()
    {
        var result = TargetEvaluator.Evaluate(Balance with { Kind = (TargetRuleKind)99 }, [W(45, ("PH_BAL", 1m))], NoBaselines, D("2026-11-10"));

        Assert.That(result.Status, Is.EqualTo(TargetStatus.NoData));
    }

    // ---------------- Aggregate ----------------

    [Test]
    public void Aggregate_SumsReporters_MeansRatios_CarriesALateBanksLatestPoint()
    {
        FigurePoint[] bankA = [W(45, ("BAL", 110.25m), ("NPL", 2m)), W(44, ("BAL", 100m), ("NPL", 1m))]; // W46 missing
        FigurePoint[] bankB = [W(44, ("BAL", 200m), ("NPL", 3m)), W(46, ("BAL", null), ("NPL", null))]; // W45 missing
        FigurePoint[] bankC = [W(45, ("BAL", 50.5m), ("NPL", null))]; // nothing before W45, W46 missing

        var total = TargetEvaluator.Aggregate([bankA, bankB, bankC], new HashSet<string> { "NPL" });

        Assert.Multiple(() =>
        {
            Assert.That(total.Select(p => p.PeriodKey), Is.EqualTo(new[] { "2026-W44", "2026-W45", "2026-W46" }));
            Assert.That(total.Select(p => p.End), Is.EqualTo(new[] { W(44).End, W(45).End, W(46).End }));
            Assert.That(total[0].Values["BAL"], Is.EqualTo(300m), "bank C is absent before its first report");
            Assert.That(total[0].Values["NPL"], Is.EqualTo(2m));
            Assert.That(total[1].Values["BAL"], Is.EqualTo(110.25m + 200m + 50.5m), "bank B late in W45 counts with its W44 figure");
            Assert.That(total[1].Values["NPL"], Is.EqualTo(2.5m), "the mean of A's 2 and B's carried 3; C reported no ratio");
            Assert.That(total[2].Values["BAL"], Is.EqualTo(110.25m + 50.5m), "A and C carried from W45; B reported no figure");
            Assert.That(total[2].Values["NPL"], Is.EqualTo(2m));
        });
    }

    [Test]
    public void Aggregate_ALateBank_DoesNotLookLikeAFallInTheTotal()
    {
        FigurePoint[] bankA = [W(44, ("BAL", 6000m)), W(45, ("BAL", 6050m)), W(46, ("BAL", 6100m))];
        FigurePoint[] bankB = [W(44, ("BAL", 4000m)), W(45, ("BAL", 4040m))]; // late in W46

        var total = TargetEvaluator.Aggregate([bankA, bankB], new HashSet<string>());

        Assert.Multiple(() =>
        {
            Assert.That(total.Select(p => p.Values["BAL"]), Is.EqualTo(new decimal?[] { 10000m, 10090m, 10140m }));
            Assert.That(total[2].Values["BAL"], Is.GreaterThan(total[1].Values["BAL"]!.Value), "summing only the reporters would show 6,100: a 40% fall");
        });
    }

    [Test]
    public void Aggregate_DuplicatePeriodInOneInstitution_CountedOnce()
    {
        FigurePoint[] bankA = [W(45, ("BAL", 100m)), W(45, ("BAL", 120m))];
        FigurePoint[] bankB = [W(45, ("BAL", 30m))];

        var total = TargetEvaluator.Aggregate([bankA, bankB], new HashSet<string>());

        Assert.Multiple(() =>
        {
            Assert.That(total, Has.Count.EqualTo(1));
            Assert.That(total[0].Values["BAL"], Is.EqualTo(150m));
        });
    }

    [Test]
    public void Aggregate_SumTooLargeForDecimal_IsNullNotException()
    {
        var total = TargetEvaluator.Aggregate([[W(45, ("BAL", decimal.MaxValue), ("X", 1m))], [W(45, ("BAL", decimal.MaxValue), ("X", 2m))]], new HashSet<string>());

        Assert.Multiple(() =>
        {
            Assert.That(total[0].Values["BAL"], Is.Null);
            Assert.That(total[0].Values["X"], Is.EqualTo(3m));
        });
    }

    [Test]
    public void Aggregate_Empty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TargetEvaluator.Aggregate([], new HashSet<string>()), Is.Empty);
            Assert.That(TargetEvaluator.Aggregate([[]], new HashSet<string>()), Is.Empty);
        });
    }

    [Test]
    public void Aggregate_ThenThreshold_JudgesTheJurisdictionTotal()
    {
        var banks = new[] { 6000m, 4000m }.Select(start => (IReadOnlyList<FigurePoint>)Enumerable.Range(0, 8).Select(k => W(38 + k, ("PH_BAL", start + (50m * k)))).ToArray());

        var total = TargetEvaluator.Aggregate(banks, new HashSet<string>());
        var result = TargetEvaluator.Evaluate(Balance, total, NoBaselines, D("2026-11-10"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Actual, Is.EqualTo(10700m));
            Assert.That(result.Status, Is.EqualTo(TargetStatus.OnTrack));
            Assert.That(result.Explanation, Does.StartWith("截至2026年第45周（11月2日—11月8日），辖内合计普惠贷款余额 10,700.00"));
        });
    }
}
