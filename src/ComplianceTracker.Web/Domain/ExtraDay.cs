using System.Globalization;

namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A day a circular arranges for its own reporting, over the national calendar: a local rest day ("2026-10-09 休息")
/// or a day that counts as a working day although the national calendar rests ("2026-10-10 上班").
/// </summary>
public sealed record ExtraDay(DateOnly Date, bool IsWorkingDay)
{
    /// <summary>The word of a rest day in the review form's lines.</summary>
    public const string RestWord = "休息";

    /// <summary>The word of a working day in the review form's lines.</summary>
    public const string WorkWord = "上班";

    /// <summary>The line of the review form: "2026-10-09 休息".</summary>
    public string ToLine() => $"{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {(IsWorkingDay ? WorkWord : RestWord)}";

    /// <summary>The lines of the review form as text, one day a line, in date order.</summary>
    public static string ToLines(IEnumerable<ExtraDay>? days) => string.Join("\n", (days ?? []).OrderBy(d => d.Date).Select(d => d.ToLine()));

    /// <summary>
    /// Reads lines "2026-10-09 休息" / "2026-10-10 上班" (blank lines skipped). Each line that does not read, and each
    /// date given twice, is a Chinese message naming the line; the days are returned only when there is none.
    /// </summary>
    public static (List<ExtraDay> Days, List<string> Errors) Parse(string? text)
    {
        var days = new List<ExtraDay>();
        var errors = new List<string>();
        var lines = (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n');
        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日"];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split([' ', '\t', '　'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !DateOnly.TryParseExact(parts[0], formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || parts[1] is not (RestWord or WorkWord))
            {
                errors.Add($"另行安排的日期第{i + 1}行“{line}”无法识别，请按“2026-10-09 休息”或“2026-10-10 上班”的格式每行填写一天。");
                continue;
            }

            if (date.Year is < 2000 or > 2100)
            {
                errors.Add($"另行安排的日期第{i + 1}行“{line}”的日期应在2000年至2100年之间。");
                continue;
            }

            if (days.Any(d => d.Date == date))
            {
                errors.Add($"另行安排的日期第{i + 1}行“{line}”与前面的行日期重复，每天只能填写一行。");
                continue;
            }

            days.Add(new ExtraDay(date, parts[1] == WorkWord));
        }

        return (errors.Count == 0 ? days : [], errors);
    }
}
