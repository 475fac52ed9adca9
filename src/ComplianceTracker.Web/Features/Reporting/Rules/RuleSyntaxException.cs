namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>A rule expression or operator that cannot be used; the message (Chinese) says what is wrong and where.</summary>
public sealed class RuleSyntaxException(string message) : Exception(message);
