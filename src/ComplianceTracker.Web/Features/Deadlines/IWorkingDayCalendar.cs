using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>Tells working days from rest days.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);

    /// <summary>The holiday's name when the date is a statutory holiday, for explanations.</summary>
    string? HolidayName(DateOnly date);

    /// <summary>Whether the year's statutory holidays and make-up days are entered (otherwise it counts plain weekends).</summary>
    bool HasHolidays(int year);
}

public static class WorkingDayCalendarExtensions
{
    /// <summary>
    /// The mark a date carries wherever a person reads it when its year's holidays are not entered yet (the State
    /// Council has not published them, or an administrator has not pasted them): a deadline there may still move.
    /// </summary>
    public static string? UnconfirmedYearNote(this IWorkingDayCalendar calendar, DateOnly date) =>
        calendar.HasHolidays(date.Year) ? null : UnconfirmedYearText(date.Year);

    /// <inheritdoc cref="UnconfirmedYearNote(IWorkingDayCalendar, DateOnly)"/>
    public static string? UnconfirmedYearNote(this IWorkingDayCalendar calendar, DateTimeOffset? moment) =>
        moment is { } m ? calendar.UnconfirmedYearNote(DateOnly.FromDateTime(ChinaTime.ToChina(m.UtcDateTime).DateTime)) : null;

    /// <summary><paramref name="text"/> followed by the mark of <paramref name="dueUtc"/>'s year when its holidays are not entered (exports, messages).</summary>
    public static string Marked(this IWorkingDayCalendar calendar, string text, DateTime? dueUtc) =>
        dueUtc is { } due && calendar.UnconfirmedYearNote(DateOnly.FromDateTime(ChinaTime.ToChina(due).DateTime)) is { } note ? $"{text}（{note}）" : text;

    /// <summary>The words of the mark for a year: 2027年节假日安排未录入，日期可能变化.</summary>
    public static string UnconfirmedYearText(int year) => $"{year}年节假日安排未录入，日期可能变化";

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
