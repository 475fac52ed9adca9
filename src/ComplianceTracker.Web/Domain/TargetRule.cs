namespace ComplianceTracker.Web.Domain;

/// <summary>The four shapes of a quantitative target the circulars set.</summary>
public enum TargetRuleKind
{
    /// <summary>"普惠型小微贷款增速高于各项贷款增速": the indicator's growth at least the reference's (plus a margin in percentage points).</summary>
    GrowthVsGrowth,

    /// <summary>"不良率不高于各项贷款不良率3个百分点": a ratio indicator against another ratio plus or minus percentage points.</summary>
    RatioVsRatio,

    /// <summary>"户数不低于年初": a count not below its baseline (the year-start figure).</summary>
    CountNotBelowBaseline,

    /// <summary>"余额突破11000亿元" by a date: an absolute threshold, per institution or summed over a jurisdiction.</summary>
    Threshold,
}

/// <summary>Growth measured since the start of the year (against the baseline), year on year, or week on week.</summary>
public enum GrowthBasis
{
    YearToDate,
    YearOnYear,
    WeekOnWeek,
}

/// <summary>Each institution on its own, or the jurisdiction's total ("辖内…突破X亿元").</summary>
public enum TargetScope
{
    PerInstitution,
    Jurisdiction,
}

public enum TargetStatus
{
    /// <summary>Satisfied now and the trend says it stays so (or reaches it by the date).</summary>
    OnTrack,

    /// <summary>Not satisfied now, or the trend says it will miss.</summary>
    AtRisk,

    /// <summary>The date has passed (or a standing limit is breached) and it is not satisfied.</summary>
    Missed,

    /// <summary>A target with a date that is reached (thresholds: as soon as the figure crosses it).</summary>
    Met,

    /// <summary>No figures to judge by: nothing reported, or a baseline of zero where growth is undefined.</summary>
    NoData,
}

/// <summary>
/// A target as data, attached to a requirement. <see cref="Indicator"/> and <see cref="Reference"/> are indicator codes
/// of the weekly form; <see cref="Comparator"/> is one of &gt;, &gt;=, &lt;, &lt;=.
/// </summary>
public sealed record TargetRule
{
    public TargetRuleKind Kind { get; init; }
    public required string Indicator { get; init; }
    public string? Reference { get; init; }
    public GrowthBasis Basis { get; init; } = GrowthBasis.YearToDate;
    public string Comparator { get; init; } = ">=";

    /// <summary>Percentage points added to the reference (RatioVsRatio: +3 for "不高于…3个百分点"; GrowthVsGrowth: 0).</summary>
    public decimal Margin { get; init; }

    /// <summary>The absolute figure of a Threshold target, in the indicator's unit.</summary>
    public decimal? Threshold { get; init; }

    /// <summary>When it must hold (a Threshold's or a growth target's year end); null for a standing limit.</summary>
    public DateOnly? By { get; init; }

    public TargetScope Scope { get; init; } = TargetScope.PerInstitution;

    /// <summary>How the explanation names <see cref="Indicator"/> ("普惠型小微贷款"); the code itself when null.</summary>
    public string? IndicatorName { get; init; }

    /// <summary>How the explanation names <see cref="Reference"/> ("各项贷款"); the code itself when null.</summary>
    public string? ReferenceName { get; init; }
}

/// <summary>One period's figures of one institution (or of the aggregate): its key, its last day, the values by indicator code.</summary>
public sealed record FigurePoint(string PeriodKey, DateOnly End, IReadOnlyDictionary<string, decimal?> Values);

/// <summary>The verdict and the figures that decided it, with a Chinese sentence saying so.</summary>
public sealed record TargetEvaluation(TargetStatus Status, decimal? Actual, decimal? Required, string? AsOf, string Explanation);
