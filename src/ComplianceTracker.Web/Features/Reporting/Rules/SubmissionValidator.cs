using ComplianceTracker.Web.Domain;
namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// Checks one submission's figures: first the checks implied by each indicator's metadata (required, whole
/// counts, per cent 0–100, decimals, negative amounts), in indicator order; then the form's rules, in rule order.
/// </summary>
public static class SubmissionValidator
{
    /// <summary>
    /// <paramref name="values"/>: this submission's figures by indicator code (null = left empty).
    /// <paramref name="previous"/>: the previous period's figures of the same institution, or null when there is none.
    /// A rule that needs a value that is null or missing (or a prev() value that is not there), or that divides by
    /// zero, is skipped. A rule that does not parse throws <see cref="RuleSyntaxException"/>: rules are checked with
    /// <see cref="RuleExpression.CheckRule"/> when they are saved, so this is a configuration fault, not the reporter's.
    /// </summary>
    public static IReadOnlyList<ValidationFinding> Validate(
        IReadOnlyList<IndicatorInfo> indicators,
        IReadOnlyList<RuleDefinition> rules,
        IReadOnlyDictionary<string, decimal?> values,
        IReadOnlyDictionary<string, decimal?>? previous)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(values);

        var findings = new List<ValidationFinding>();
        var byCode = new Dictionary<string, IndicatorInfo>(StringComparer.Ordinal);
        foreach (var indicator in indicators)
        {
            byCode.TryAdd(indicator.Code, indicator);
            CheckIndicator(indicator, values.GetValueOrDefault(indicator.Code), findings);
        }

        var messages = new RuleMessage(byCode);
        foreach (var rule in rules)
        {
            if (CheckRule(rule, values, previous, messages) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return findings;
    }

    private static void CheckIndicator(IndicatorInfo indicator, decimal? entered, List<ValidationFinding> findings)
    {
        void Add(RuleSeverity severity, string message) => findings.Add(new ValidationFinding(null, indicator.Code, severity, message));

        if (entered is not { } value)
        {
            if (indicator.Required)
            {
                Add(RuleSeverity.Error, $"请填写“{indicator.Name}”。");
            }

            return;
        }

        var decimals = Math.Clamp(indicator.Decimals, 0, 28);
        var shown = FigureFormatter.FormatAsEntered(value, decimals, indicator.Unit);
        var notWholeCount = IndicatorUnits.IsCount(indicator.Unit) && (value < 0 || value != decimal.Truncate(value));
        if (notWholeCount)
        {
            Add(RuleSeverity.Error, $"“{indicator.Name}”应为不小于0的整数，填写的是{shown}。");
        }

        if (IndicatorUnits.IsPercent(indicator.Unit) && value is < 0 or > 100)
        {
            Add(RuleSeverity.Error, $"“{indicator.Name}”应在0%到100%之间，填写的是{shown}。");
        }

        if (!notWholeCount && decimal.Round(value, decimals) != value)
        {
            Add(RuleSeverity.Error, decimals == 0
                ? $"“{indicator.Name}”应为整数，填写的是{shown}。"
                : $"“{indicator.Name}”最多保留{decimals}位小数，填写的是{shown}。");
        }

        if (IndicatorUnits.IsAmount(indicator.Unit) && value < 0)
        {
            Add(RuleSeverity.Warning, $"“{indicator.Name}”为负数（{shown}），请核实；如确因冲正等原因为负，请在说明中注明。");
        }
    }

    private static ValidationFinding? CheckRule(
        RuleDefinition rule,
        IReadOnlyDictionary<string, decimal?> values,
        IReadOnlyDictionary<string, decimal?>? previous,
        RuleMessage messages)
    {
        var (left, comparison, right) = RuleExpression.ParseRule(rule);
        if (RuleExpression.Evaluate(left, values, previous) is not { } leftValue
            || RuleExpression.Evaluate(right, values, previous) is not { } rightValue
            || comparison.Holds(leftValue, rightValue))
        {
            return null;
        }

        var indicatorCode = RuleExpression.Codes(left).Concat(RuleExpression.Codes(right)).Select(c => c.Code).FirstOrDefault();
        var message = messages.Compose(rule, left, comparison, right, leftValue, rightValue);
        return new ValidationFinding(rule.Code, indicatorCode, rule.Severity, message);
    }
}
