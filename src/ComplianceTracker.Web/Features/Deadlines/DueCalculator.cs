using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Deadlines;

/// <summary>A due moment and how it was counted, in words a supervisor can check.</summary>
public sealed record DueMoment(DateTime? DueAtUtc, string Explanation);

/// <summary>One dated occurrence of a requirement: the one-off deadline (key <c>once</c>) or one period.</summary>
public sealed record ScheduledOccurrence(string Key, DateOnly? Start, DateOnly? End, DueMoment Due);

/// <summary>A period that is not reported because it contains a day of <paramref name="Holiday"/> (免报).</summary>
public sealed record ExemptPeriod(string Key, string Name, string Holiday);

/// <summary>One period of a recurring report.</summary>
public sealed record ReportingPeriod(string Key, DateOnly Start, DateOnly End, DueMoment Due);

/// <summary>
/// Counts due moments from due rules. Natural-day periods follow 民法典 articles 201–203: the first day is
/// not counted, and a last day that falls on a rest day moves to the next working day.
/// </summary>
public sealed class DueCalculator(IWorkingDayCalendar calendar)
{
    private static readonly TimeOnly EndOfDay = new(23, 59, 59);

    /// <summary>The due moment of a one-off deadline, or an explanation of why it is not known yet.</summary>
    public DueMoment OneOff(DueRule rule, DateOnly? issuedOn)
    {
        DateOnly anchor;
        string anchorText;
        switch (rule.Anchor)
        {
            case DueAnchor.FixedDate when rule.FixedDate is { } fixedDate:
                anchor = fixedDate;
                anchorText = $"{ChinaTime.Format(fixedDate)} 前";
                break;
            case DueAnchor.IssueDate when issuedOn is { } issued:
                anchor = issued;
                anchorText = $"{ChinaTime.Format(issued)} 发文";
                break;
            case DueAnchor.IssueDate:
                return new DueMoment(null, "发文日期未知，待监管员补录发文日期后计算期限");
            case DueAnchor.ReceiptDate:
                return new DueMoment(null, "按收文日期起算，待机构登记收文日期后计算期限");
            default:
                return new DueMoment(null, "期限规则不完整，待监管员补充");
        }

        return Count(anchor, anchorText, rule);
    }

    /// <summary>
    /// The periods of a recurring report from <paramref name="from"/> to <paramref name="to"/> (inclusive),
    /// each due as the rule says after the period ends. Weekly periods run Monday to Sunday. A period that contains a
    /// day of a holiday the rule exempts (免报) is left out (see <see cref="ExemptPeriods"/>).
    /// </summary>
    public IReadOnlyList<ReportingPeriod> Periods(DueRule rule, DateOnly from, DateOnly to)
    {
        var exempt = rule.ExemptHolidays is { Count: > 0 } names ? $"（逢{string.Join("、", names)}所在报告期免报）" : string.Empty;
        return Walk(rule, from, to)
            .Where(p => p.ExemptBy is null)
            .Select(p =>
            {
                var due = Count(p.End, $"报告期{PeriodNames.Name(p.Key, p.Start, p.End)}，期末", rule);
                return new ReportingPeriod(p.Key, p.Start, p.End, due with { Explanation = due.Explanation + exempt });
            })
            .ToList();
    }

    /// <summary>The periods from <paramref name="from"/> to <paramref name="to"/> that are not reported because they contain a holiday the rule exempts (免报).</summary>
    public IReadOnlyList<ExemptPeriod> ExemptPeriods(DueRule rule, DateOnly from, DateOnly to) =>
        Walk(rule, from, to)
            .Where(p => p.ExemptBy is not null)
            .Select(p => new ExemptPeriod(p.Key, PeriodNames.Name(p.Key, p.Start, p.End), p.ExemptBy!))
            .ToList();

    private IEnumerable<(string Key, DateOnly Start, DateOnly End, string? ExemptBy)> Walk(DueRule rule, DateOnly from, DateOnly to)
    {
        var names = rule.ExemptHolidays ?? [];
        var holidays = calendar is CircularCalendar overlay ? overlay.National : calendar;
        for (var start = PeriodStart(rule.Frequency, from, rule.WeekStart ?? DayOfWeek.Monday); start <= to; start = NextStart(rule.Frequency, start))
        {
            var end = NextStart(rule.Frequency, start).AddDays(-1);
            string? exemptBy = null;
            for (var day = start; names.Count > 0 && exemptBy is null && day <= end; day = day.AddDays(1))
            {
                // A day may carry two holidays ("国庆节、中秋节").
                if (!holidays.IsWorkingDay(day) && holidays.HolidayName(day) is { } name)
                {
                    exemptBy = name.Split('、').FirstOrDefault(names.Contains);
                }
            }

            yield return (PeriodKey(rule.Frequency, start), start, end, exemptBy);
        }
    }

    /// <summary>
    /// The dated occurrences a requirement creates: one for a deadline, one per period for a recurring report over
    /// the circular's validity. Empty for other kinds, and for a regime whose start is not known yet.
    /// </summary>
    /// <remarks>The circular's own rest and working days (<paramref name="extraDays"/>) lie over the national calendar.</remarks>
    public IReadOnlyList<ScheduledOccurrence> Schedule(RequirementKindForSchedule kind, DueRule? rule, DateOnly? issuedOn, DateOnly? validFrom, DateOnly? effectiveTo, int? validityMonths, IReadOnlyCollection<ExtraDay>? extraDays = null)
    {
        if (rule is null || kind == RequirementKindForSchedule.None)
        {
            return [];
        }

        if (extraDays is { Count: > 0 })
        {
            return ForCircular(extraDays).Schedule(kind, rule, issuedOn, validFrom, effectiveTo, validityMonths);
        }

        if (rule.Frequency == DueFrequency.Once)
        {
            return [new ScheduledOccurrence(DueItem.OncePeriodKey, null, null, OneOff(rule, issuedOn))];
        }

        var to = Circular.ValidityEnd(validFrom, effectiveTo, rule.DurationMonths ?? validityMonths);
        if (validFrom is null || to is null)
        {
            return [];
        }

        return Periods(rule, validFrom.Value, to.Value)
            .Select(p => new ScheduledOccurrence(p.Key, p.Start, p.End, p.Due))
            .ToList();
    }

    /// <summary>The occurrences of one requirement of <paramref name="circular"/>: its dates, validity and own rest and working days.</summary>
    public IReadOnlyList<ScheduledOccurrence> Schedule(Requirement requirement, Circular circular) =>
        Schedule(requirement.ScheduleKind, requirement.DueRule, circular.IssuedOn, circular.ValidFrom, circular.EffectiveTo, circular.ValidityMonths, circular.ExtraDays);

    /// <summary>A calculator over the national calendar with the circular's own days laid over it (itself when there are none).</summary>
    public DueCalculator ForCircular(IReadOnlyCollection<ExtraDay>? extraDays) =>
        extraDays is { Count: > 0 } ? new DueCalculator(new CircularCalendar(calendar is CircularCalendar c ? c.National : calendar, extraDays)) : this;

    private DueMoment Count(DateOnly anchor, string anchorText, DueRule rule)
    {
        var parts = new List<string>();
        DateOnly last;
        switch (rule.Unit)
        {
            case DueUnit.WorkingDays:
                last = calendar.AddWorkingDays(anchor, rule.Offset);

                parts.Add($"{rule.Offset}个工作日内 → {Describe(last)}");
                break;
            case DueUnit.Months:
                // 民法典 第二百零三条: a month period ends on the matching day; a missing one is the month's last day.
                last = anchor.AddMonths(rule.Offset);
                parts.Add($"{rule.Offset}个月 → {Describe(last)}");
                break;
            default:
                last = anchor.AddDays(rule.Offset);
                if (rule.Offset > 0)
                {
                    parts.Add($"{rule.Offset}日内 → {Describe(last)}");
                }

                break;
        }

        if (rule.Unit == DueUnit.WorkingDays && calendar is CircularCalendar counted && counted.Between(anchor.AddDays(1), last).ToList() is { Count: > 0 } own)
        {
            parts.Add($"按本通知另行安排的休息日和上班日计算（{string.Join("、", own.Select(d => d.ToLine()))}）");
        }

        if (rule.Unit != DueUnit.WorkingDays && rule.NoShift)
        {
            parts.Add(calendar.IsWorkingDay(last) ? "遇节假日不顺延" : "不顺延");
        }
        else if (rule.Unit != DueUnit.WorkingDays && !calendar.IsWorkingDay(last))
        {
            var moved = last;
            while (!calendar.IsWorkingDay(moved))
            {
                moved = moved.AddDays(1);
            }

            var byCircular = calendar is CircularCalendar overlay && overlay.Between(last, moved.AddDays(-1)).Any(d => !d.IsWorkingDay);
            parts.Add($"{(byCircular ? "按本通知另行安排的休息日顺延至" : "顺延至")} {Describe(moved)}");
            last = moved;
        }

        var time = rule.TimeOfDay ?? EndOfDay;
        var explanation = (parts.Count == 0 ? anchorText : $"{anchorText}，{string.Join(" → ", parts)}") + (rule.TimeOfDay is { } t ? $" {t.ToString("HH:mm", CultureInfo.InvariantCulture)}前" : string.Empty);
        if (rule.Assumed is { Length: > 0 } assumed)
        {
            explanation += $"（{assumed}）";
        }

        return new DueMoment(ChinaTime.ToUtc(last, time), explanation);
    }

    private string Describe(DateOnly date) =>
        calendar.HolidayName(date) is { } holiday
            ? $"{ChinaTime.Format(date)}（{ChinaTime.WeekdayName(date)}，{holiday}）"
            : $"{ChinaTime.Format(date)}（{ChinaTime.WeekdayName(date)}）";

    private static DateOnly PeriodStart(DueFrequency frequency, DateOnly date, DayOfWeek weekStart) => frequency switch
    {
        DueFrequency.Weekly => date.AddDays(-(((int)date.DayOfWeek - (int)weekStart + 7) % 7)),
        DueFrequency.TenDay => new DateOnly(date.Year, date.Month, (TenDayIndex(date) * 10) + 1),
        DueFrequency.Monthly => new DateOnly(date.Year, date.Month, 1),
        DueFrequency.Quarterly => new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        DueFrequency.HalfYearly => new DateOnly(date.Year, date.Month <= 6 ? 1 : 7, 1),
        DueFrequency.Yearly => new DateOnly(date.Year, 1, 1),
        DueFrequency.Once => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "一次性期限没有报告期"),
    };

    private static DateOnly NextStart(DueFrequency frequency, DateOnly start) => frequency switch
    {
        DueFrequency.Weekly => start.AddDays(7),
        DueFrequency.TenDay => TenDayIndex(start) == 2 ? new DateOnly(start.Year, start.Month, 1).AddMonths(1) : start.AddDays(10),
        DueFrequency.Monthly => start.AddMonths(1),
        DueFrequency.Quarterly => start.AddMonths(3),
        DueFrequency.HalfYearly => start.AddMonths(6),
        DueFrequency.Yearly => start.AddYears(1),
        DueFrequency.Once => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "一次性期限没有报告期"),
    };

    public static string PeriodKey(DueFrequency frequency, DateOnly start) => frequency switch
    {
        // A week is named by the ISO week of its fourth day (the Thursday of a Monday week), so weeks that start on
        // another day keep the key of the ISO week they mostly cover.
        DueFrequency.Weekly => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start.AddDays(3).ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.AddDays(3).ToDateTime(TimeOnly.MinValue)):00}"),
        DueFrequency.TenDay => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-{start.Month:00}-D{TenDayIndex(start) + 1}"),
        DueFrequency.Monthly => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-{start.Month:00}"),
        DueFrequency.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}"),
        DueFrequency.HalfYearly => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-H{(start.Month <= 6 ? 1 : 2)}"),
        DueFrequency.Yearly => start.Year.ToString(CultureInfo.InvariantCulture),
        DueFrequency.Once => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "一次性期限没有报告期"),
    };

    /// <summary>0 for 上旬 (1st–10th), 1 for 中旬 (11th–20th), 2 for 下旬 (21st to the month's end).</summary>
    private static int TenDayIndex(DateOnly date) => Math.Min((date.Day - 1) / 10, 2);
}
