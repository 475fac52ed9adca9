namespace ComplianceTracker.Web.Domain;

/// <summary>
/// When a requirement falls due, as data: "文发之后十日内" is <c>Once, IssueDate, 10, NaturalDays</c>;
/// "实行'周报制'" is <c>Weekly, PeriodEnd, 1, NaturalDays, 12:00</c> for the circular's validity.
/// </summary>
public sealed record DueRule
{
    public DueFrequency Frequency { get; init; } = DueFrequency.Once;
    public DueAnchor Anchor { get; init; } = DueAnchor.IssueDate;

    /// <summary>The date itself when <see cref="Anchor"/> is <see cref="DueAnchor.FixedDate"/>.</summary>
    public DateOnly? FixedDate { get; init; }

    public int Offset { get; init; }
    public DueUnit Unit { get; init; } = DueUnit.NaturalDays;

    /// <summary>Time of day in China time ("17:00前"); null means the end of the day.</summary>
    public TimeOnly? TimeOfDay { get; init; }

    /// <summary>How long a recurring regime runs from the issue date, when the circular says so.</summary>
    public int? DurationMonths { get; init; }

    /// <summary>First day of a weekly period (Monday unless the circular says otherwise).</summary>
    public DayOfWeek? WeekStart { get; init; }

    /// <summary>The words the rule was read from.</summary>
    public string? Source { get; init; }

    /// <summary>Why a default was chosen where the text is silent (Chinese, shown to users).</summary>
    public string? Assumed { get; init; }
}

public enum DueFrequency
{
    Once,
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

public enum DueAnchor
{
    IssueDate,
    ReceiptDate,
    PeriodEnd,
    FixedDate,
}

public enum DueUnit
{
    NaturalDays,
    WorkingDays,
    Months,
}
