namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A day that breaks the Monday-to-Friday rule: a statutory holiday (法定节假日), or a Saturday or Sunday made a
/// working day (调休上班). Grouped by the year of the State Council notice that declared it.
/// </summary>
public class CalendarDay
{
    public int Id { get; set; }
    public DateOnly Date { get; set; }
    public CalendarDayKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>The notice's year (the 2023 notice declares 2022-12-31 a holiday).</summary>
    public int Year { get; set; }
}

public enum CalendarDayKind
{
    Holiday,
    Workday,
}
