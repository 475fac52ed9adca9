namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>Tells working days from rest days.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);

    /// <summary>The holiday's name when the date is a statutory holiday, for explanations.</summary>
    string? HolidayName(DateOnly date);
}

/// <summary>
/// Saturdays and Sundays are rest days, every other day a working day. It knows no statutory holidays
/// and no make-up working days (调休): the holiday calendar as data replaces it (see the README).
/// </summary>
public sealed class WeekendOnlyCalendar : IWorkingDayCalendar
{
    public bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public string? HolidayName(DateOnly date) => null;
}
