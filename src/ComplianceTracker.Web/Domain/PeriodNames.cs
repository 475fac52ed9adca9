using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A reporting period as people say it: 第49周（11月30日—12月6日）, 2026年11月, 2026年第四季度, 2026年上半年, 2026年度,
/// 2026年11月上旬（11月1日—11月10日）, 一次性. The ISO key (<c>2026-W49</c>, <c>2026-11-D1</c>, <c>2026-11</c>, <c>2026-Q4</c>, <c>2026-H1</c>, <c>2026</c>) stays in the
/// API and the URL; pages, Excel and messages say this. The year is left out of a week when it is the year the
/// reader is in (<c>currentYear</c>), and said otherwise, so a week of 2022 never passes for this year's.
/// </summary>
public static partial class PeriodNames
{
    private static readonly string[] Quarters = ["第一季度", "第二季度", "第三季度", "第四季度"];
    private static readonly string[] TenDays = ["上旬", "中旬", "下旬"];

    /// <summary>
    /// The name of the period <paramref name="key"/>. A week's dates are <paramref name="start"/> and
    /// <paramref name="end"/> when known (weeks that begin on another weekday), else the ISO week's Monday to Sunday.
    /// A key that is none of the above is returned as it is.
    /// </summary>
    public static string Name(string key, DateOnly? start = null, DateOnly? end = null, int? currentYear = null)
    {
        if (key == DueItem.OncePeriodKey)
        {
            return "一次性";
        }

        if (Week().Match(key) is { Success: true } w)
        {
            var year = int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture);
            var week = int.Parse(w.Groups[2].Value, CultureInfo.InvariantCulture);
            if (week is < 1 or > 53 || week > ISOWeek.GetWeeksInYear(year))
            {
                return key;
            }

            var from = start ?? DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
            var to = end ?? from.AddDays(6);
            var prefix = year == currentYear ? "" : $"{year}年";
            var dates = to.Year == from.Year ? $"{Day(from)}—{Day(to)}" : $"{from.Year}年{Day(from)}—{to.Year}年{Day(to)}";
            return $"{prefix}第{week}周（{dates}）";
        }

        if (TenDay().Match(key) is { Success: true } td && int.Parse(td.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var tdMonth)
        {
            var tdYear = int.Parse(td.Groups[1].Value, CultureInfo.InvariantCulture);
            var part = td.Groups[3].Value[0] - '1';
            var first = new DateOnly(tdYear, tdMonth, (part * 10) + 1);
            var last = part == 2 ? new DateOnly(tdYear, tdMonth, DateTime.DaysInMonth(tdYear, tdMonth)) : first.AddDays(9);
            return $"{tdYear}年{tdMonth}月{TenDays[part]}（{Day(first)}—{Day(last)}）";
        }

        if (Month().Match(key) is { Success: true } m && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month)
        {
            return $"{m.Groups[1].Value}年{month}月";
        }

        if (Quarter().Match(key) is { Success: true } q)
        {
            return $"{q.Groups[1].Value}年{Quarters[int.Parse(q.Groups[2].Value, CultureInfo.InvariantCulture) - 1]}";
        }

        if (Half().Match(key) is { Success: true } h)
        {
            return $"{h.Groups[1].Value}年{(h.Groups[2].Value == "1" ? "上半年" : "下半年")}";
        }

        return Year().IsMatch(key) ? $"{key}年度" : key;
    }

    /// <summary>The short form for tight places (a chart axis, a column of a wide table): 第49周, 11月, 第四季度 with the year when not the current one.</summary>
    public static string ShortName(string key, int? currentYear = null)
    {
        if (Week().Match(key) is { Success: true } w && int.Parse(w.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 53 and var week)
        {
            var year = int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture);
            return year == currentYear ? $"第{week}周" : $"{year}年第{week}周";
        }

        return Name(key, currentYear: currentYear);
    }

    private static string Day(DateOnly date) => $"{date.Month}月{date.Day}日";

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex Week();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-D([1-3])$")]
    private static partial Regex TenDay();

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex Month();

    [GeneratedRegex(@"^(\d{4})-Q([1-4])$")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(\d{4})-H([12])$")]
    private static partial Regex Half();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex Year();
}
