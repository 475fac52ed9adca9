namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>The operator between a rule's two sides.</summary>
internal enum Comparison
{
    LessOrEqual,
    Less,
    GreaterOrEqual,
    Greater,
    Equal,
    NotEqual,
}

internal static class Comparisons
{
    /// <summary>The operators as they are written in a rule, in display order.</summary>
    public static readonly IReadOnlyList<string> Symbols = ["<=", "<", ">=", ">", "==", "!="];

    public static bool TryParse(string? symbol, out Comparison comparison)
    {
        switch (symbol?.Trim())
        {
            case "<=":
                comparison = Comparison.LessOrEqual;
                return true;
            case "<":
                comparison = Comparison.Less;
                return true;
            case ">=":
                comparison = Comparison.GreaterOrEqual;
                return true;
            case ">":
                comparison = Comparison.Greater;
                return true;
            case "==":
                comparison = Comparison.Equal;
                return true;
            case "!=":
                comparison = Comparison.NotEqual;
                return true;
            default:
                comparison = default;
                return false;
        }
    }

    public static bool Holds(this Comparison comparison, decimal left, decimal right) => comparison switch
    {
        Comparison.LessOrEqual => left <= right,
        Comparison.Less => left < right,
        Comparison.GreaterOrEqual => left >= right,
        Comparison.Greater => left > right,
        Comparison.Equal => left == right,
        Comparison.NotEqual => left != right,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
    };

    /// <summary>What the rule demands, as the verb of the sentence that reports a breach ("A 不应大于 B").</summary>
    public static string Wording(this Comparison comparison) => comparison switch
    {
        Comparison.LessOrEqual => "不应大于",
        Comparison.Less => "应小于",
        Comparison.GreaterOrEqual => "不应小于",
        Comparison.Greater => "应大于",
        Comparison.Equal => "应等于",
        Comparison.NotEqual => "不应等于",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
    };
}
