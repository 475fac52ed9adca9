namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A validation rule as data, like DHIS2's: <c>Left Operator Right</c>, e.g. <c>PHXW_NEW &lt;= PHXW_BAL</c>.
/// Both sides are expressions over indicator codes (parsed by the rule expression parser); <c>Operator</c> is one of
/// <c>&lt;=</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>&gt;</c>, <c>==</c>, <c>!=</c>. <c>Message</c>, when given, leads the
/// finding's text and the figures are appended to it.
/// </summary>
public sealed record RuleDefinition(string Code, string Left, string Operator, string Right, RuleSeverity Severity, string? Message);
