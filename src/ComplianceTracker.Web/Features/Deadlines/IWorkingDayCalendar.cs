namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>Tells working days from rest days.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);

    /// <summary>The holiday's name when the date is a statutory holiday, for explanations.</summary>
    string? HolidayName(DateOnly date);
}
