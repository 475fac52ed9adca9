using System.Globalization;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// 异常变动: an indicator with a change limit is compared with the institution's last reported period, like
/// <see cref="UnitSlipCheck"/>; a rise or fall beyond the limit (in per cent of last period's figure) is a finding of
/// the limit's severity, worded for the clerk with both figures. Skipped without a last period, an empty figure or
/// a last figure of zero (no percentage can be computed).
/// </summary>
public static class ChangeLimitCheck
{
    /// <summary>The check's name in a 例外校验许可 key (<c>CHANGE_LIMIT:LOAN_BAL</c>).</summary>
    public const string Code = "CHANGE_LIMIT";

    public static IEnumerable<ValidationFinding> Find(IReadOnlyList<IndicatorInfo> indicators, IReadOnlyDictionary<string, decimal?> values, IReadOnlyDictionary<string, decimal?>? lastReported)
    {
        if (lastReported is null)
        {
            yield break;
        }

        foreach (var indicator in indicators)
        {
            if (indicator.ChangeLimit is not { } limit
                || values.GetValueOrDefault(indicator.Code) is not { } now
                || lastReported.GetValueOrDefault(indicator.Code) is not { } last
                || last == 0)
            {
                continue;
            }

            var change = (now - last) / Math.Abs(last) * 100m;
            var (word, bound) = change >= 0 ? ("增长", limit.UpPercent) : ("下降", limit.DownPercent);
            if (bound is not { } max || Math.Abs(change) <= max)
            {
                continue;
            }

            var ask = limit.Severity == RuleSeverity.Warning ? "请核实或填写说明" : "请核实后修改";
            yield return new ValidationFinding(null, indicator.Code, limit.Severity,
                $"“{indicator.Name}”较上期{word} {Percent(Math.Abs(change))}，超过异常变动上限 {Percent(max)}，{ask}"
                + $"（上期 {FigureFormatter.FormatAsEntered(last, indicator.Decimals, indicator.Unit)}，本期 {FigureFormatter.FormatAsEntered(now, indicator.Decimals, indicator.Unit)}）。", Code);
        }
    }

    /// <summary>65.2%, 50%: one decimal at most, no trailing zero.</summary>
    public static string Percent(decimal value) =>
        decimal.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
