using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>
/// The national calendar with the rest and working days one circular arranges for its own reporting laid over it
/// (<see cref="Circular.ExtraDays"/>): a local holiday rests, a Saturday declared a working day counts.
/// </summary>
public sealed class CircularCalendar(IWorkingDayCalendar national, IEnumerable<ExtraDay> extraDays) : IWorkingDayCalendar
{
    /// <summary>The name a rest day of the circular's own carries in explanations.</summary>
    public const string RestDayName = "本通知另行安排的休息日";

    /// <summary>The name a working day of the circular's own carries in explanations.</summary>
    public const string WorkingDayName = "本通知另行安排的上班日";

    private readonly Dictionary<DateOnly, bool> days = extraDays.ToDictionary(d => d.Date, d => d.IsWorkingDay);

    /// <summary>The calendar underneath, whose holiday names 免报 is matched against.</summary>
    public IWorkingDayCalendar National => national;

    public bool IsWorkingDay(DateOnly date) => days.TryGetValue(date, out var working) ? working : national.IsWorkingDay(date);

    public string? HolidayName(DateOnly date) =>
        days.TryGetValue(date, out var working) ? (working ? WorkingDayName : RestDayName) : national.HolidayName(date);

    public bool HasHolidays(int year) => national.HasHolidays(year);

    /// <summary>The circular's own days from <paramref name="from"/> to <paramref name="to"/> (inclusive), in date order.</summary>
    public IEnumerable<ExtraDay> Between(DateOnly from, DateOnly to) =>
        days.Where(d => d.Key >= from && d.Key <= to).OrderBy(d => d.Key).Select(d => new ExtraDay(d.Key, d.Value));
}
