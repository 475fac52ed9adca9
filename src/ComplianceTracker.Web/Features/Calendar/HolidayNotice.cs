using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// What a pasted State Council notice says: the notice year, its days (Holiday for every day of each stated range,
/// weekends included; Workday for each declared working weekend day) and notes for whatever a person should check
/// (a "共N天" count or a weekday annotation that does not agree with the dates, a sentence not understood).
/// <see cref="Amends"/> is true for a notice that changes an already published arrangement (the 2020 Spring Festival
/// extension): its days are the year's current days with the change applied.
/// </summary>
public sealed record ParsedHolidayNotice(int Year, bool Amends, List<CalendarDayDto> Days, List<string> Notes);

/// <summary>
/// Reads the text of 国务院办公厅关于20XX年部分节假日安排的通知 (and 关于延长20XX年春节假期的通知) as published
/// 2020–2026, in every wording those notices use. Pure: no clock, no database.
/// </summary>
public static partial class HolidayNotice
{
    private const string Festival = "(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)";

    // 一、元旦：  六、国庆节、中秋节：  — the ordinal may not follow 初 (农历正月初七、周二).
    [GeneratedRegex($@"(?<![初\d])[一二三四五六七八九十]{{1,3}}、\s*(?<name>{Festival}(?:、{Festival})*)\s*[：:]")]
    private static partial Regex FestivalHeading();

    // 2022年12月31日（星期六）  9月29日  23日（农历正月初七、周一）
    [GeneratedRegex(@"(?:(?<y>\d{4})年)?(?:(?<m>\d{1,2})月)?(?<d>\d{1,2})日(?:\s*[（(](?<note>[^）)]*)[）)])?")]
    private static partial Regex DateToken();

    [GeneratedRegex(@"(?:星期|周)(?<w>[一二三四五六日天])")]
    private static partial Regex WeekdayAnnotation();

    [GeneratedRegex(@"共\s*(?<n>\d{1,2})\s*天|放假\s*(?<n>\d{1,2})\s*天")]
    private static partial Regex DayCount();

    [GeneratedRegex(@"关于(?:延长)?\s*(?<y>\d{4})\s*年\s*(?:部分节假日|春节假期|元旦|.{0,6}假期)")]
    private static partial Regex TitleYear();

    [GeneratedRegex(@"现将\s*(?<y>\d{4})\s*年")]
    private static partial Regex BodyYear();

    [GeneratedRegex($@"延长\s*(?<y>\d{{4}})\s*年\s*(?<name>{Festival})假期至")]
    private static partial Regex Extension();

    [GeneratedRegex(@"节假日期间|鼓励单位和个人|国务院办公厅\s*\d{4}年|国务院办公厅\s*$")]
    private static partial Regex Closing();

    /// <summary>
    /// Reads a notice. An arrangement notice gives the year's days by itself; an amending notice (延长…假期) is
    /// applied to <paramref name="current"/>, the year's days as stored, or to the arrangement in the same text when
    /// both notices are pasted together. Throws <see cref="RuleViolationException"/> naming what is missing.
    /// </summary>
    public static ParsedHolidayNotice Parse(string? text, IReadOnlyList<CalendarDayDto>? current = null)
    {
        var normalized = Normalize(text ?? "");
        var year = YearOf(normalized, alreadyNormalized: true)
            ?? throw RuleViolationException.For("text", "没有找到通知所属的年份：请粘贴通知全文，包括标题“国务院办公厅关于20XX年部分节假日安排的通知”。");

        var notes = new List<string>();
        var days = new SortedDictionary<DateOnly, CalendarDayDto>();
        var headings = FestivalHeading().Matches(normalized);
        foreach (var (heading, index) in headings.Select((h, i) => (h, i)))
        {
            var end = index + 1 < headings.Count ? headings[index + 1].Index : normalized.Length;
            var body = normalized[(heading.Index + heading.Length)..end];
            if (Closing().Match(body) is { Success: true } closing)
            {
                body = body[..closing.Index];
            }

            ReadFestival(year, heading.Groups["name"].Value, body, days, notes);
        }

        var extensions = Extension().Matches(normalized);
        if (headings.Count == 0 && extensions.Count == 0)
        {
            throw RuleViolationException.For("text", $"没有找到 {year} 年的节日安排：通知中应有“一、元旦：1月1日放假……”这样按节日逐条列出的放假和上班日期。请粘贴通知全文。");
        }

        var amends = headings.Count == 0;
        if (amends)
        {
            if (current is null || current.Count == 0)
            {
                throw RuleViolationException.For("text", $"这是变更 {year} 年已有安排的通知，但 {year} 年的节假日安排尚未录入：请先粘贴并保存“国务院办公厅关于{year}年部分节假日安排的通知”，或把两份通知一起粘贴。");
            }

            foreach (var day in current)
            {
                days[day.Date] = day;
            }
        }

        foreach (Match extension in extensions)
        {
            ApplyExtension(year, extension, normalized, days, notes);
        }

        return new ParsedHolidayNotice(year, amends, [.. days.Values], notes);
    }

    /// <summary>Full-width digits and spaces as ASCII, so a text copied from any page reads the same.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                >= '０' and <= '９' => (char)(c - '０' + '0'),
                '\u3000' or '\u00a0' => ' ',
                _ => c,
            });
        }

        return builder.ToString();
    }

    /// <summary>The notice's year, from its title (关于2026年部分节假日安排 / 关于延长2020年春节假期) or its first sentence (现将2026年…).</summary>
    public static int? YearOf(string text, bool alreadyNormalized = false)
    {
        text = alreadyNormalized ? text : Normalize(text);
        var match = TitleYear().Match(text);
        if (!match.Success)
        {
            match = BodyYear().Match(text);
        }

        return match.Success && int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) is var y and >= 2000 and <= 2100 ? y : null;
    }

    private static void ReadFestival(int year, string name, string body, SortedDictionary<DateOnly, CalendarDayDto> days, List<string> notes)
    {
        var month = 1;
        var yearOfToken = year;
        foreach (var sentence in Sentences(body))
        {
            var tokens = DateToken().Matches(sentence).ToList();
            var dates = new List<DateOnly>();
            var invalid = false;
            foreach (var token in tokens)
            {
                if (token.Groups["y"].Success)
                {
                    yearOfToken = int.Parse(token.Groups["y"].Value, CultureInfo.InvariantCulture);
                }

                if (token.Groups["m"].Success)
                {
                    month = int.Parse(token.Groups["m"].Value, CultureInfo.InvariantCulture);
                }

                if (DateOf(yearOfToken, month, token.Groups["d"].Value) is not { } date)
                {
                    notes.Add($"{name}：“{token.Value}”不是有效日期，本句未录入，请核对。");
                    invalid = true;
                    continue;
                }

                CheckWeekday(name, date, token.Groups["note"].Value, notes);
                dates.Add(date);
            }

            if (invalid)
            {
                continue;
            }

            if (sentence.Contains("放假", StringComparison.Ordinal) && dates.Count > 0)
            {
                var holidayPart = sentence[..sentence.IndexOf("放假", StringComparison.Ordinal)];
                var inRange = tokens.Count(t => t.Index < holidayPart.Length);
                var ranged = inRange >= 2 && holidayPart.Contains('至', StringComparison.Ordinal);
                var first = dates[0];
                var last = ranged ? dates[1] : first;
                if (last < first)
                {
                    // "12月31日至1月2日" without years: the range starts in the previous year.
                    first = first.AddYears(-1);
                }

                var count = last.DayNumber - first.DayNumber + 1;
                for (var d = first; d <= last; d = d.AddDays(1))
                {
                    Add(days, new CalendarDayDto(d, CalendarDayKind.Holiday, name), notes);
                }

                if (DayCount().Match(sentence) is { Success: true } stated
                    && int.Parse(stated.Groups["n"].Value, CultureInfo.InvariantCulture) is var n && n != count)
                {
                    notes.Add($"{name}：通知写“共{n}天”，但{Describe(first)}至{Describe(last)}是{count}天，已按所列日期计，请核对。");
                }

                // "4月5日放假，4月7日（星期一）补休": the days after 放假 in the same sentence marked 补休 are days off too.
                foreach (var extra in dates.Skip(ranged ? 2 : 1).Where(_ => sentence.Contains("补休", StringComparison.Ordinal)))
                {
                    Add(days, new CalendarDayDto(extra, CalendarDayKind.Holiday, name), notes);
                }
            }
            else if (sentence.Contains("补休", StringComparison.Ordinal) && dates.Count > 0)
            {
                dates.ForEach(d => Add(days, new CalendarDayDto(d, CalendarDayKind.Holiday, name), notes));
            }
            else if (sentence.Contains("上班", StringComparison.Ordinal) && dates.Count > 0)
            {
                foreach (var date in dates)
                {
                    if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    {
                        notes.Add($"{name}：{Describe(date)}是{ChinaTime.WeekdayName(date)}，本来就是工作日，未作为调休上班日录入，请核对。");
                        continue;
                    }

                    Add(days, new CalendarDayDto(date, CalendarDayKind.Workday, $"{name}调休上班"), notes);
                }
            }
            else if (dates.Count > 0)
            {
                notes.Add($"{name}：“{sentence.Trim()}”不是放假或上班安排，其中的日期按平常的工作日和周末计算。");
            }
        }
    }

    /// <summary>延长2020年春节假期至2月2日（农历正月初九，星期日）: every day after the festival's last day off up to that day becomes a day off (a make-up working day in between too).</summary>
    private static void ApplyExtension(int year, Match extension, string text, SortedDictionary<DateOnly, CalendarDayDto> days, List<string> notes)
    {
        var name = extension.Groups["name"].Value;
        var extensionYear = int.Parse(extension.Groups["y"].Value, CultureInfo.InvariantCulture);
        var token = DateToken().Match(text, extension.Index + extension.Length);
        if (!token.Success || token.Index != extension.Index + extension.Length || !token.Groups["m"].Success)
        {
            notes.Add($"{name}：没有读出延长到哪一天，未作变更，请核对。");
            return;
        }

        if (DateOf(extensionYear, int.Parse(token.Groups["m"].Value, CultureInfo.InvariantCulture), token.Groups["d"].Value) is not { } until)
        {
            notes.Add($"{name}：“{token.Value}”不是有效日期，未作变更，请核对。");
            return;
        }

        CheckWeekday(name, until, token.Groups["note"].Value, notes);
        var festival = days.Values.Where(d => d.Kind == CalendarDayKind.Holiday && d.Name == name && d.Date.Year == year).Select(d => d.Date).ToList();
        if (festival.Count == 0)
        {
            notes.Add($"{name}：{year} 年的安排中没有{name}假期，无法延长，请先录入该年的安排。");
            return;
        }

        for (var d = festival.Max().AddDays(1); d <= until; d = d.AddDays(1))
        {
            if (days.TryGetValue(d, out var was) && was.Kind == CalendarDayKind.Workday)
            {
                notes.Add($"{Describe(d)}原为“{was.Name}”，因{name}假期延长改为放假。");
            }

            days[d] = new CalendarDayDto(d, CalendarDayKind.Holiday, name);
        }

        notes.Add($"{name}假期延长至{Describe(until)}（{ChinaTime.WeekdayName(until)}）。");
    }

    /// <summary>The date, or null for what is no date of the years a notice speaks of (2月30日, 13月1日, 0000年).</summary>
    private static DateOnly? DateOf(int year, int month, string dayText) =>
        year is >= 1999 and <= 2101 && month is >= 1 and <= 12
        && int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static void Add(SortedDictionary<DateOnly, CalendarDayDto> days, CalendarDayDto day, List<string> notes)
    {
        if (!days.TryAdd(day.Date, day))
        {
            notes.Add($"{Describe(day.Date)}在“{days[day.Date].Name}”和“{day.Name}”中都出现，按前者计，请核对。");
        }
    }

    private static void CheckWeekday(string name, DateOnly date, string annotation, List<string> notes)
    {
        if (WeekdayAnnotation().Match(annotation) is not { Success: true } stated)
        {
            return;
        }

        var said = stated.Groups["w"].Value is "天" ? "日" : stated.Groups["w"].Value;
        var actual = ChinaTime.WeekdayName(date)[^1..];
        if (said != actual)
        {
            notes.Add($"{name}：通知注明{Describe(date)}为“{stated.Value}”，但该日是{ChinaTime.WeekdayName(date)}，请核对。");
        }
    }

    private static string Describe(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>Sentences (。) and clauses (，；) of a festival's paragraph; a comma inside parentheses (农历正月初九，星期日) does not split.</summary>
    private static IEnumerable<string> Sentences(string body)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            switch (body[i])
            {
                case '（' or '(':
                    depth++;
                    break;
                case '）' or ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '。' or '；' or ';' or '\n' when depth == 0:
                    yield return body[start..i];
                    start = i + 1;
                    break;
            }
        }

        if (start < body.Length)
        {
            yield return body[start..];
        }
    }
}
