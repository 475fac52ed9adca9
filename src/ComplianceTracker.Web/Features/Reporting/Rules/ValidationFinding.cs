using ComplianceTracker.Web.Domain;
namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// One problem found in a submission. <c>RuleCode</c> is null for the built-in checks that come from
/// indicator metadata; <c>IndicatorCode</c> is the input the message belongs beside. <c>Check</c> names a built-in
/// plausibility check against last period (<see cref="UnitSlipCheck.Code"/>) that a supervisor may set aside.
/// </summary>
public sealed record ValidationFinding(string? RuleCode, string? IndicatorCode, RuleSeverity Severity, string Message, string? Check = null)
{
    /// <summary>
    /// What a 例外校验许可 names to let this finding pass: the form rule's code, or the built-in check with its
    /// indicator (<c>UNIT_SLIP:LOAN_BAL</c>); null for checks of form (a required figure, decimals), which no exception
    /// sets aside.
    /// </summary>
    public string? ExemptionKey => RuleCode ?? (Check is { } check && IndicatorCode is { } indicator ? $"{check}:{indicator}" : null);
}
