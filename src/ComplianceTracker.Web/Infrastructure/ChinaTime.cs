using System.Globalization;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Business dates and times are in China Standard Time (Asia/Shanghai, UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime ToUtc(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), Zone);

    public static DateTimeOffset ToChina(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToChina(time.GetUtcNow().UtcDateTime).DateTime);

    /// <summary>The Sunday that ends the (Monday to Sunday) week of <paramref name="day"/>.</summary>
    public static DateOnly WeekEnd(DateOnly day) => day.AddDays((7 - (int)day.DayOfWeek) % 7);

    /// <summary>The last instant of <paramref name="day"/> in China, in UTC.</summary>
    public static DateTime EndOfDayUtc(DateOnly day) => ToUtc(day.AddDays(1), TimeOnly.MinValue).AddTicks(-1);

    public static string WeekdayName(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Monday => "星期一",
        DayOfWeek.Tuesday => "星期二",
        DayOfWeek.Wednesday => "星期三",
        DayOfWeek.Thursday => "星期四",
        DayOfWeek.Friday => "星期五",
        DayOfWeek.Saturday => "星期六",
        _ => "星期日",
    };

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
