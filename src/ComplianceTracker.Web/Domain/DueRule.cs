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

    /// <summary>不顺延: a last day on a rest day stays there instead of moving to the next working day.</summary>
    public bool NoShift { get; init; }

    /// <summary>
    /// 免报: names of statutory holidays (as the calendar names them: 春节, 劳动节, 国庆节 …); a period that contains any
    /// day of one of them is not reported at all ("逢劳动节、国庆节免报"). Null or empty: every period is reported.
    /// </summary>
    public IReadOnlyList<string>? ExemptHolidays { get; init; }

    /// <summary>The words the rule was read from.</summary>
    public string? Source { get; init; }

    /// <summary>Why a default was chosen where the text is silent (Chinese, shown to users).</summary>
    public string? Assumed { get; init; }

    /// <summary>The statutory holidays as the calendar names them, in the order of the year (what <see cref="ExemptHolidays"/> may hold).</summary>
    public static IReadOnlyList<string> StatutoryHolidays { get; } = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

    /// <summary>Rules compare by value, the list of exempt holidays included (by its names, in order).</summary>
    public bool Equals(DueRule? other) =>
        other is not null && (ReferenceEquals(this, other) || (EqualsWithoutList(other) && (ExemptHolidays ?? []).SequenceEqual(other.ExemptHolidays ?? [])));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Frequency, Anchor, FixedDate, Offset, Unit, TimeOfDay, string.Join("、", ExemptHolidays ?? []), Source);

    private bool EqualsWithoutList(DueRule other) =>
        (this with { ExemptHolidays = null, Source = null, Assumed = null }).ToString() == (other with { ExemptHolidays = null, Source = null, Assumed = null }).ToString()
        && Source == other.Source && Assumed == other.Assumed;
}

public enum DueFrequency
{
    Once,
    Weekly,

    /// <summary>旬: the 1st–10th, 11th–20th and 21st–last day of each month.</summary>
    TenDay,
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
