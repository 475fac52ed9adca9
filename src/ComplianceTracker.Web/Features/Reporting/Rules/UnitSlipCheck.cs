using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// 疑似单位错误: a 万元 figure ten times or more above or below the one last reported is taken for a figure typed in
/// 元 or 亿元 by mistake, and refused with both figures and the unit to use. Applies to every 万元 indicator of every
/// form, compared with the institution's last reported period (submitted or approved), whatever the form's rules.
/// </summary>
public static class UnitSlipCheck
{
    public const string Unit = "万元";

    /// <summary>The check's name in a 例外校验许可 key (<c>UNIT_SLIP:LOAN_BAL</c>).</summary>
    public const string Code = "UNIT_SLIP";

    /// <summary>How many times larger or smaller than last time a figure must be to be refused.</summary>
    public const decimal Factor = 10m;

    public static IEnumerable<ValidationFinding> Find(IReadOnlyList<IndicatorInfo> indicators, IReadOnlyDictionary<string, decimal?> values, IReadOnlyDictionary<string, decimal?>? lastReported)
    {
        if (lastReported is null)
        {
            yield break;
        }

        foreach (var indicator in indicators.Where(i => i.Unit.Trim() == Unit))
        {
            if (values.GetValueOrDefault(indicator.Code) is not { } now || lastReported.GetValueOrDefault(indicator.Code) is not { } last || now == 0 || last == 0)
            {
                continue;
            }

            var ratio = Math.Abs(now) / Math.Abs(last);
            if (ratio >= Factor || ratio <= 1 / Factor)
            {
                yield return new ValidationFinding(null, indicator.Code, RuleSeverity.Error,
                    $"疑似单位错误：上期 {FigureFormatter.FormatAsEntered(last, indicator.Decimals, null)} 万元，本期 {FigureFormatter.FormatAsEntered(now, 0, null)}，请按万元填报（与上期相差{(ratio >= Factor ? "十倍以上" : "到十分之一以下")}）。", Code);
            }
        }
    }
}
