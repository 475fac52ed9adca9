using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>The Chinese words the circular pages show for the model's enums and rules.</summary>
public static class CircularText
{
    public static string Status(CircularStatus status) => status switch
    {
        CircularStatus.Draft => "草稿",
        CircularStatus.Published => "已发布",
        _ => "已失效",
    };

    public static string Kind(RequirementKind kind) => kind switch
    {
        RequirementKind.Deadline => "期限",
        RequirementKind.RecurringReport => "定期报送",
        RequirementKind.Target => "目标",
        RequirementKind.Prohibition => "禁止",
        _ => "原则",
    };

    public static string Type(InstitutionType type) => type switch
    {
        InstitutionType.Bank => "银行",
        InstitutionType.Insurer => "保险机构",
        _ => "地方金融组织",
    };

    public static string DueStatus(DueItemStatus status) => status switch
    {
        DueItemStatus.Open => "待办",
        DueItemStatus.Submitted => "已提交",
        DueItemStatus.Done => "完成",
        DueItemStatus.Overdue => "逾期",
        _ => "豁免",
    };

    public static string Frequency(DueFrequency frequency) => frequency switch
    {
        DueFrequency.Once => "一次性",
        DueFrequency.Weekly => "每周",
        DueFrequency.Monthly => "每月",
        DueFrequency.Quarterly => "每季",
        DueFrequency.HalfYearly => "每半年",
        _ => "每年",
    };

    public static string Anchor(DueAnchor anchor) => anchor switch
    {
        DueAnchor.IssueDate => "发文之日",
        DueAnchor.ReceiptDate => "收文之日",
        DueAnchor.PeriodEnd => "每期结束",
        _ => "固定日期",
    };

    public static string Unit(DueUnit unit) => unit switch
    {
        DueUnit.NaturalDays => "个自然日",
        DueUnit.WorkingDays => "个工作日",
        _ => "个月",
    };

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
            _ => Anchor(rule.Anchor),
        };
        var when = rule.Offset == 0 ? $"{from}当日" : $"{from}后 {rule.Offset} {Unit(rule.Unit)}内";
        var text = $"{Frequency(rule.Frequency)}{(rule.Frequency == DueFrequency.Once ? "" : "报送")}：{when}";
        if (rule.TimeOfDay is { } time)
        {
            text += $"，{time:HH\\:mm} 前";
        }

        if (rule.DurationMonths is { } months)
        {
            text += $"；执行 {months} 个月";
        }

        return text;
    }

    public static string AppliesTo(ApplicabilityDto appliesTo) =>
        (appliesTo.InstitutionTypes.Count == 0 ? "（未选机构类型）" : string.Join("、", appliesTo.InstitutionTypes.Select(Type)))
        + (appliesTo.LegalEntitiesOnly ? "（仅法人机构）" : "（含分支机构）");

    public static string Period(DateOnly? from, DateOnly? to) =>
        (from, to) switch
        {
            (null, null) => "未定",
            _ => $"{Date(from)} 至 {Date(to)}",
        };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "未定";
}
