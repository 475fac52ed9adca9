namespace ComplianceTracker.Web.Domain;

/// <summary>An error blocks submitting; a warning lets the reporter submit with a comment on it.</summary>
public enum RuleSeverity
{
    Error,
    Warning,
}
