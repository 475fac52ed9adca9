using System.Text;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// The Chinese sentence for a broken rule, naming the indicators and their values:
/// <c>“本周新增普惠型小微企业贷款”（1,200.00万元）不应大于“普惠型小微企业贷款余额”（1,000.00万元）。</c>
/// </summary>
internal sealed class RuleMessage(IReadOnlyDictionary<string, IndicatorInfo> indicators)
{
    private const int DefaultDecimals = 2;
    private const int DivisionDecimals = 4;

    /// <summary>Marks a quantity whose unit cannot be told (e.g. 万元 × 户).</summary>
    private const string UnknownUnit = "?";

    public string Compose(RuleDefinition rule, Expr left, Comparison comparison, Expr right, decimal leftValue, decimal rightValue)
    {
        var leftText = Describe(left, leftValue);
        var rightText = Describe(right, rightValue);
        if (string.IsNullOrWhiteSpace(rule.Message))
        {
            return $"{leftText}{comparison.Wording()}{rightText}。";
        }

        var lead = rule.Message.Trim().TrimEnd('。', '.', '；', ';', '：', ':', '，', ',').TrimEnd();
        // The rule's own words, then the figures it compared, as a clerk reads them (no "左边/右边").
        return $"{lead}：{leftText}，{rightText}。";
    }

    /// <summary>One side: a single indicator with its value, a literal as written, or the formula with its result.</summary>
    public string Describe(Expr side, decimal value)
    {
        switch (side)
        {
            case IndicatorExpr indicator:
                return $"“{Name(indicator.Code)}”（{FormatIndicatorValue(indicator.Code, value)}）";
            case PrevExpr prev:
                return $"上期“{Name(prev.Code)}”（{FormatIndicatorValue(prev.Code, value)}）";
            case NumberExpr or NegateExpr { Operand: NumberExpr }:
                return Render(side);
        }

        var unit = UnitOf(side);
        var decimals = RuleExpression.Codes(side)
            .Select(c => indicators.TryGetValue(c.Code, out var i) ? Math.Max(i.Decimals, 0) : DefaultDecimals)
            .DefaultIfEmpty(0)
            .Max();
        if (HasDivision(side))
        {
            decimals = Math.Max(decimals, DivisionDecimals);
        }

        var shown = FigureFormatter.Format(value, decimals, unit is null or UnknownUnit ? null : unit);
        return $"{Render(side)}（计算结果{shown}）";
    }

    /// <summary>The formula with indicator names in place of codes: <c>“各项贷款余额” - 上期“各项贷款余额”</c>.</summary>
    public string Render(Expr expression)
    {
        var text = new StringBuilder();
        Render(expression, text);
        return text.ToString();
    }

    private void Render(Expr expression, StringBuilder text)
    {
        switch (expression)
        {
            case NumberExpr number:
                text.Append(number.Text);
                break;
            case IndicatorExpr indicator:
                text.Append('“').Append(Name(indicator.Code)).Append('”');
                break;
            case PrevExpr prev:
                text.Append("上期“").Append(Name(prev.Code)).Append('”');
                break;
            case AbsExpr abs:
                text.Append('|');
                Render(abs.Operand, text);
                text.Append('|');
                break;
            case NegateExpr negate:
                text.Append('-');
                RenderOperand(negate.Operand, Precedence(negate.Operand) <= Precedence(negate), text);
                break;
            case BinaryExpr binary:
                var precedence = Precedence(binary);
                RenderOperand(binary.Left, Precedence(binary.Left) < precedence, text);
                text.Append(binary.Operator switch
                {
                    '*' => " × ",
                    '/' => " ÷ ",
                    _ => $" {binary.Operator} ",
                });
                var rightPrecedence = Precedence(binary.Right);
                RenderOperand(binary.Right, rightPrecedence < precedence || (rightPrecedence == precedence && binary.Operator is '-' or '/'), text);
                break;
        }
    }

    private void RenderOperand(Expr operand, bool parenthesize, StringBuilder text)
    {
        if (parenthesize)
        {
            text.Append('(');
        }

        Render(operand, text);
        if (parenthesize)
        {
            text.Append(')');
        }
    }

    private static int Precedence(Expr expression) => expression switch
    {
        BinaryExpr { Operator: '+' or '-' } => 1,
        BinaryExpr => 2,
        NegateExpr => 3,
        _ => 4,
    };

    private static bool HasDivision(Expr expression) => expression switch
    {
        BinaryExpr binary => binary.Operator == '/' || HasDivision(binary.Left) || HasDivision(binary.Right),
        AbsExpr abs => HasDivision(abs.Operand),
        NegateExpr negate => HasDivision(negate.Operand),
        _ => false,
    };

    /// <summary>
    /// The unit of a computed side, by a small dimensional analysis: "" for a pure number, <see cref="UnknownUnit"/>
    /// when it cannot be told. 万元 ± 万元 is 万元, 万元 × 0.05 is 万元, 万元 ÷ 万元 is a pure number, % + 3 is %.
    /// </summary>
    private string UnitOf(Expr expression)
    {
        switch (expression)
        {
            case NumberExpr:
                return string.Empty;
            case IndicatorExpr indicator:
                return indicators.TryGetValue(indicator.Code, out var i) ? i.Unit.Trim() : UnknownUnit;
            case PrevExpr prev:
                return indicators.TryGetValue(prev.Code, out var p) ? p.Unit.Trim() : UnknownUnit;
            case AbsExpr abs:
                return UnitOf(abs.Operand);
            case NegateExpr negate:
                return UnitOf(negate.Operand);
            case BinaryExpr binary:
                var left = UnitOf(binary.Left);
                var right = UnitOf(binary.Right);
                if (left == UnknownUnit || right == UnknownUnit)
                {
                    return UnknownUnit;
                }

                return binary.Operator switch
                {
                    '+' or '-' when left == right => left,
                    '+' or '-' when left.Length == 0 => right,
                    '+' or '-' when right.Length == 0 => left,
                    '*' when left.Length == 0 => right,
                    '*' when right.Length == 0 => left,
                    '/' when right.Length == 0 => left,
                    '/' when left == right => string.Empty,
                    _ => UnknownUnit,
                };
            default:
                return UnknownUnit;
        }
    }

    private string Name(string code) => indicators.TryGetValue(code, out var indicator) ? indicator.Name : code;

    private string FormatIndicatorValue(string code, decimal value) =>
        indicators.TryGetValue(code, out var indicator)
            ? FigureFormatter.FormatAsEntered(value, indicator.Decimals, indicator.Unit)
            : FigureFormatter.FormatAsEntered(value, 0, null);
}
