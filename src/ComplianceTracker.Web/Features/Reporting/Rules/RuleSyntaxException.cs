namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// A rule expression or operator that cannot be used; the message (Chinese) says what is wrong and where.
/// <see cref="Position"/> is the zero-based character of the expression at fault, when there is one.
/// </summary>
public sealed class RuleSyntaxException(string message, int? position = null) : Exception(message)
{
    public int? Position { get; } = position;
}
