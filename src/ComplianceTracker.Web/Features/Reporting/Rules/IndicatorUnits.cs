using System.Collections.Frozen;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>Which built-in checks a unit implies.</summary>
internal static class IndicatorUnits
{
    /// <summary>Things counted one by one: whole numbers, never negative.</summary>
    private static readonly FrozenSet<string> Counts = new[] { "户", "笔", "个", "家", "人", "次", "项", "件" }.ToFrozenSet();

    /// <summary>Money: may be negative in rare cases (a corrected balance), so negative is only a warning.</summary>
    private static readonly FrozenSet<string> Amounts = new[] { "元", "千元", "万元", "亿元" }.ToFrozenSet();

    /// <summary>Ratios in per cent: 0 to 100.</summary>
    private static readonly FrozenSet<string> Percents = new[] { "%", "％" }.ToFrozenSet();

    public static bool IsCount(string? unit) => unit is not null && Counts.Contains(unit.Trim());

    public static bool IsAmount(string? unit) => unit is not null && Amounts.Contains(unit.Trim());

    public static bool IsPercent(string? unit) => unit is not null && Percents.Contains(unit.Trim());
}
