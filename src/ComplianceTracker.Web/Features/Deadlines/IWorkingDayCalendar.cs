using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>Tells working days from rest days.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);

    /// <summary>The holiday's name when the date is a statutory holiday, for explanations.</summary>
    string? HolidayName(DateOnly date);
}

public static class WorkingDayCalendarExtensions
{
    /// <summary>The day that is <paramref name="count"/> working days after <paramref name="from"/> (not counting it).</summary>
    public static DateOnly AddWorkingDays(this IWorkingDayCalendar calendar, DateOnly from, int count)
    {
        var day = from;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (calendar.IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when equal or earlier).</summary>
    public static int WorkingDaysBetween(this IWorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The end (23:59, China time) of the next working day after the China day of <paramref name="nowUtc"/>: how long
    /// a 补报 grant lasts by default, and how long a late return gives the institution to correct.
    /// </summary>
    public static DateTime EndOfNextWorkingDay(this IWorkingDayCalendar calendar, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(nowUtc).DateTime);
        return ChinaTime.ToUtc(calendar.AddWorkingDays(today, 1), new TimeOnly(23, 59));
    }
}
