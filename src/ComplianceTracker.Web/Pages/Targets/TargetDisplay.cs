using System.Globalization;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>How the target pages name a verdict: a Chinese word on a coloured badge, never the colour alone.</summary>
public static class TargetDisplay
{
    public static string StatusName(TargetStatus status) => status switch
    {
        TargetStatus.OnTrack => "正常",
        TargetStatus.AtRisk => "有风险",
        TargetStatus.Missed => "未达成",
        TargetStatus.Met => "已达成",
        _ => "无数据",
    };

    /// <summary>A figure as the explanation writes it: thousands separated, at most four decimals; "—" when there is none.</summary>
    public static string Figure(decimal? value) => value?.ToString("#,##0.####", CultureInfo.InvariantCulture) ?? "—";
}
