using System.Collections.Frozen;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// The working-day calendar the deadline engine counts with: Monday to Friday work, Saturday and Sunday rest, except
/// the days of the calendar table. Held in memory (a few hundred rows), loaded at start and after every change.
/// </summary>
public sealed class HolidayCalendar : IWorkingDayCalendar
{
    private volatile Snapshot current = new(FrozenDictionary<DateOnly, (CalendarDayKind, string)>.Empty, FrozenSet<int>.Empty);

    public static HolidayCalendar From(IEnumerable<CalendarDay> days)
    {
        var calendar = new HolidayCalendar();
        calendar.Load(days);
        return calendar;
    }

    public IReadOnlySet<int> Years => current.Years;

    public bool IsWorkingDay(DateOnly date) =>
        current.Days.TryGetValue(date, out var day)
            ? day.Kind == CalendarDayKind.Workday
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public string? HolidayName(DateOnly date) =>
        current.Days.TryGetValue(date, out var day) ? day.Name : null;

    public bool HasHolidays(int year) => current.Years.Contains(year);

    public async Task ReloadAsync(ComplianceDbContext db, CancellationToken ct) =>
        Load(await db.CalendarDays.AsNoTracking().ToListAsync(ct));

    /// <summary>
    /// The warning shown from 1 December when next year's days are missing: deadlines in the new year would be
    /// counted as if it had no holidays.
    /// </summary>
    public string? MissingYearWarning(DateOnly today) =>
        today.Month == 12 && !current.Years.Contains(today.Year + 1)
            ? $"尚未录入 {today.Year + 1} 年的法定节假日和调休安排，明年的期限将按普通周末计算。请管理员在国务院办公厅发布通知后及时录入。"
            : !current.Years.Contains(today.Year)
                ? $"尚未录入 {today.Year} 年的法定节假日和调休安排，今年的期限按普通周末计算，可能不准确。请管理员尽快录入。"
                : null;

    private void Load(IEnumerable<CalendarDay> days)
    {
        var list = days.ToList();
        current = new Snapshot(
            list.ToFrozenDictionary(d => d.Date, d => (d.Kind, d.Name)),
            list.Select(d => d.Year).ToFrozenSet());
    }

    private sealed record Snapshot(FrozenDictionary<DateOnly, (CalendarDayKind Kind, string Name)> Days, FrozenSet<int> Years);
}
