using ComplianceTracker.Web.Domain;
namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// One problem found in a submission. <c>RuleCode</c> is null for the built-in checks that come from
/// indicator metadata; <c>IndicatorCode</c> is the input the message belongs beside.
/// </summary>
public sealed record ValidationFinding(string? RuleCode, string? IndicatorCode, RuleSeverity Severity, string Message);
