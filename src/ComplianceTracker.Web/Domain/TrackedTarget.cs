namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A requirement's target tracked on the figures of a report form: the rule as data (which indicators, what
/// comparison, by when), for each institution the requirement binds or for their jurisdiction's total.
/// </summary>
public class TrackedTarget
{
    public int Id { get; set; }
    public int RequirementId { get; set; }
    public Requirement Requirement { get; set; } = null!;
    public int FormId { get; set; }
    public ReportForm Form { get; set; } = null!;

    /// <summary>In Chinese, as leadership reads it ("普惠型小微企业贷款增速不低于各项贷款增速").</summary>
    public required string Description { get; set; }
    public required TargetRule Rule { get; set; }
}

/// <summary>A year-start figure of one institution (年初余额、年初户数), entered once or taken from a named period.</summary>
public class TargetBaseline
{
    public int Id { get; set; }
    public int InstitutionId { get; set; }
    public Institution Institution { get; set; } = null!;
    public int Year { get; set; }
    public required string Indicator { get; set; }
    public decimal Value { get; set; }

    /// <summary>Where it came from: "录入" or "取自期次 2026-W01".</summary>
    public required string Source { get; set; }
    public required string EnteredBy { get; set; }
    public DateTime EnteredAt { get; set; }
}

/// <summary>
/// One verdict: a target, an institution (null: the jurisdiction's total), as of a period. Kept per period, so the
/// history draws a trend; a later submission for the same period replaces that period's verdict.
/// </summary>
public class TargetResult
{
    public long Id { get; set; }
    public int TrackedTargetId { get; set; }
    public TrackedTarget TrackedTarget { get; set; } = null!;
    public int? InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public required string PeriodKey { get; set; }
    public TargetStatus Status { get; set; }
    public decimal? Actual { get; set; }
    public decimal? Required { get; set; }
    public required string Explanation { get; set; }
    public DateTime EvaluatedAt { get; set; }
}
