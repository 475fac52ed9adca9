using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>
/// <c>POST /api/forms/rules/check</c>: an expression as the author types it, either one side (<c>PHXW_BAL * 0.5</c>)
/// or a whole rule (<c>PHXW_NEW &lt;= PHXW_BAL</c>), and the indicator codes of the form being built (null: codes are
/// not checked).
/// </summary>
public sealed record CheckRuleRequest(string? Expression, List<string>? Indicators);

/// <summary>
/// The answer: valid, or the Chinese message and the zero-based character of <c>expression</c> where the problem is.
/// A whole rule comes back split into its sides and operator, as a form stores it.
/// </summary>
public sealed record CheckRuleResult(bool Valid, string? Message, int? Position, string? Left, string? Operator, string? Right);

/// <summary>Syntax checks for rules: the same parser the validator runs on every submission.</summary>
public static class FormRuleCheck
{
    private static readonly string[] Comparators = ["<=", ">=", "==", "!=", "<", ">"];

    public static CheckRuleResult Check(CheckRuleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Expression ?? "";
        var codes = request.Indicators?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        var found = FindComparators(text);
        if (found.Count > 1)
        {
            var second = found[1];
            return Invalid($"表达式第{second.Position + 1}个字符处又出现了比较运算符“{second.Symbol}”：一条规则只能有一个比较运算符（{string.Join("、", Comparators)}）。", second.Position);
        }

        if (found.Count == 0)
        {
            return Problem(text, codes) is { } problem
                ? Invalid(problem.Message, problem.Position)
                : new CheckRuleResult(true, null, null, text.Trim(), null, null);
        }

        var (symbol, at) = found[0];
        var left = text[..at];
        var right = text[(at + symbol.Length)..];
        if (string.IsNullOrWhiteSpace(left))
        {
            return Invalid($"比较运算符“{symbol}”的左边缺少表达式。", at);
        }

        if (string.IsNullOrWhiteSpace(right))
        {
            return Invalid($"比较运算符“{symbol}”的右边缺少表达式。", text.Length);
        }

        if (Problem(left, codes) is { } leftProblem)
        {
            return Invalid($"左边：{leftProblem.Message}", leftProblem.Position);
        }

        if (Problem(right, codes) is { } rightProblem)
        {
            return Invalid($"右边：{rightProblem.Message}", rightProblem.Position is { } p ? p + at + symbol.Length : null);
        }

        return new CheckRuleResult(true, null, null, left.Trim(), symbol, right.Trim());
    }

    /// <summary>What is wrong with one side, or null when it parses (and names only <paramref name="codes"/> when given).</summary>
    public static RuleSyntaxException? Problem(string? expression, IReadOnlySet<string>? codes)
    {
        try
        {
            if (codes is null)
            {
                ExpressionParser.Parse(expression);
            }
            else
            {
                RuleExpression.Check(expression ?? "", codes);
            }

            return null;
        }
        catch (RuleSyntaxException e)
        {
            return e;
        }
    }

    private static CheckRuleResult Invalid(string message, int? position) => new(false, message, position, null, null, null);

    /// <summary>The comparison operators in the text, left to right (<c>&lt;=</c> before <c>&lt;</c>).</summary>
    private static List<(string Symbol, int Position)> FindComparators(string text)
    {
        var found = new List<(string, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (Comparators.FirstOrDefault(c => string.CompareOrdinal(text, i, c, 0, c.Length) == 0) is { } symbol)
            {
                found.Add((symbol, i));
                i += symbol.Length - 1;
            }
        }

        return found;
    }
}
