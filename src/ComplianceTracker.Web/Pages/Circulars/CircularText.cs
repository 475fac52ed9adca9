using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>How the circular pages say a due rule, an applicability and dates in Chinese (enum words come from <see cref="Labels"/>).</summary>
public static class CircularText
{
    /// <summary>"每周报送：每期结束后 1 个自然日内，12:00 前；执行 6 个月".</summary>
    public static string DueRule(DueRule? rule)
    {
        if (rule is null)
        {
            return "无期限（不生成到期事项）";
        }

        var from = rule.Anchor switch
        {
            DueAnchor.FixedDate => $"{rule.FixedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "（日期未填）"}",
            DueAnchor.PeriodEnd => "每期结束",
            _ => rule.Anchor.Label(),
        };
        var when = rule.Offset == 0 ? $"{from}当日" : $"{from}后 {rule.Offset} {rule.Unit.Label()}内";
        var text = $"{rule.Frequency.Label()}{(rule.Frequency == DueFrequency.Once ? "" : "报送")}：{when}";
        if (rule.TimeOfDay is { } time)
        {
            text += $"，{time:HH\\:mm} 前";
        }

        if (rule.NoShift)
        {
            text += "，遇节假日不顺延";
        }

        if (rule.ExemptHolidays is { Count: > 0 } exempt)
        {
            text += $"；逢{string.Join("、", exempt)}免报";
        }

        if (rule.DurationMonths is { } months)
        {
            text += $"；执行 {months} 个月";
        }

        return text;
    }

    public static string AppliesTo(ApplicabilityDto appliesTo) =>
        (appliesTo.InstitutionTypes.Count == 0 ? "（未选机构类型）" : string.Join("、", appliesTo.InstitutionTypes.Select(t => t.Label())))
        + (appliesTo.LegalEntitiesOnly ? "（仅法人机构）" : "（含分支机构）");

    public static string Period(DateOnly? from, DateOnly? to) =>
        (from, to) switch
        {
            (null, null) => "未定",
            _ => $"{Date(from)} 至 {Date(to)}",
        };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "未定";
}
