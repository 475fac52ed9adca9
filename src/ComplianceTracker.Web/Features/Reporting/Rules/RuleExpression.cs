using ComplianceTracker.Web.Domain;
namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// Rule expressions: decimal arithmetic with <c>+ - * /</c> and parentheses, numbers (<c>0.1</c>, <c>100</c>),
/// indicator codes (<c>LOAN_BAL</c>), <c>prev(CODE)</c> for the previous period's value and <c>abs(x)</c>.
/// </summary>
public static class RuleExpression
{
    /// <summary>The operators a rule may put between its sides.</summary>
    public static IReadOnlyList<string> Operators => Comparisons.Symbols;

    /// <summary>
    /// Throws <see cref="RuleSyntaxException"/> when <paramref name="expression"/> is not well formed or names a code
    /// that is not in <paramref name="indicatorCodes"/>.
    /// </summary>
    public static void Check(string expression, IReadOnlySet<string> indicatorCodes)
    {
        ArgumentNullException.ThrowIfNull(indicatorCodes);
        var parsed = ExpressionParser.Parse(expression);
        foreach (var (code, position) in Codes(parsed))
        {
            if (!indicatorCodes.Contains(code))
            {
                throw ExpressionParser.Error(expression, position, $"的指标代码“{code}”不是本报表的指标");
            }
        }
    }

    /// <summary>
    /// Checks a whole rule for an editor: its code, both sides and the operator. Throws
    /// <see cref="RuleSyntaxException"/> whose message starts with the rule's code and the side at fault.
    /// </summary>
    public static void CheckRule(RuleDefinition rule, IReadOnlySet<string> indicatorCodes)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(indicatorCodes);
        if (string.IsNullOrWhiteSpace(rule.Code))
        {
            throw new RuleSyntaxException("规则缺少编号。");
        }

        OnSide(rule, "左边", () => Check(rule.Left, indicatorCodes));
        ParseOperator(rule);
        OnSide(rule, "右边", () => Check(rule.Right, indicatorCodes));
    }

    /// <summary>The indicator codes an expression uses, in order of first appearance (also those inside prev()).</summary>
    public static IReadOnlyList<string> ReferencedCodes(string expression) =>
        [.. Codes(ExpressionParser.Parse(expression)).Select(c => c.Code).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The value of an expression, or null when it cannot be computed: a value it needs is null or missing, prev() is
    /// used and <paramref name="previous"/> is null, a division by zero, or an overflow.
    /// </summary>
    public static decimal? Evaluate(string expression, IReadOnlyDictionary<string, decimal?> values, IReadOnlyDictionary<string, decimal?>? previous)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Evaluate(ExpressionParser.Parse(expression), values, previous);
    }

    internal static (Expr Left, Comparison Comparison, Expr Right) ParseRule(RuleDefinition rule)
    {
        var left = OnSide(rule, "左边", () => ExpressionParser.Parse(rule.Left));
        var comparison = ParseOperator(rule);
        var right = OnSide(rule, "右边", () => ExpressionParser.Parse(rule.Right));
        return (left, comparison, right);
    }

    internal static decimal? Evaluate(Expr expression, IReadOnlyDictionary<string, decimal?> values, IReadOnlyDictionary<string, decimal?>? previous)
    {
        try
        {
            return Compute(expression, values, previous);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Every code in source order, with its position, including repeats.</summary>
    internal static IEnumerable<(string Code, int Position)> Codes(Expr expression)
    {
        switch (expression)
        {
            case IndicatorExpr indicator:
                yield return (indicator.Code, indicator.Position);
                break;
            case PrevExpr prev:
                yield return (prev.Code, prev.Position);
                break;
            case AbsExpr abs:
                foreach (var code in Codes(abs.Operand))
                {
                    yield return code;
                }

                break;
            case NegateExpr negate:
                foreach (var code in Codes(negate.Operand))
                {
                    yield return code;
                }

                break;
            case BinaryExpr binary:
                foreach (var code in Codes(binary.Left).Concat(Codes(binary.Right)))
                {
                    yield return code;
                }

                break;
        }
    }

    private static decimal? Compute(Expr expression, IReadOnlyDictionary<string, decimal?> values, IReadOnlyDictionary<string, decimal?>? previous)
    {
        switch (expression)
        {
            case NumberExpr number:
                return number.Value;
            case IndicatorExpr indicator:
                return values.GetValueOrDefault(indicator.Code);
            case PrevExpr prev:
                return previous?.GetValueOrDefault(prev.Code);
            case AbsExpr abs:
                return Compute(abs.Operand, values, previous) is { } a ? Math.Abs(a) : null;
            case NegateExpr negate:
                return -Compute(negate.Operand, values, previous);
            case BinaryExpr binary:
                if (Compute(binary.Left, values, previous) is not { } left || Compute(binary.Right, values, previous) is not { } right)
                {
                    return null;
                }

                return binary.Operator switch
                {
                    '+' => left + right,
                    '-' => left - right,
                    '*' => left * right,
                    '/' => right == 0 ? null : left / right,
                    _ => throw new InvalidOperationException($"Unknown operator '{binary.Operator}'."),
                };
            default:
                throw new InvalidOperationException($"Unknown expression node {expression.GetType().Name}.");
        }
    }

    private static Comparison ParseOperator(RuleDefinition rule)
    {
        if (!Comparisons.TryParse(rule.Operator, out var comparison))
        {
            throw new RuleSyntaxException(
                $"规则“{rule.Code}”的运算符“{rule.Operator}”无效；可用的运算符是 {string.Join("、", Comparisons.Symbols)}。");
        }

        return comparison;
    }

    private static void OnSide(RuleDefinition rule, string side, Action check) =>
        OnSide(rule, side, () =>
        {
            check();
            return 0;
        });

    private static T OnSide<T>(RuleDefinition rule, string side, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (RuleSyntaxException e)
        {
            throw new RuleSyntaxException($"规则“{rule.Code}”的{side}：{e.Message}", e.Position);
        }
    }
}
