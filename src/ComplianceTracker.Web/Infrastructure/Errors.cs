namespace ComplianceTracker.Web.Infrastructure;

/// <summary>The thing asked for does not exist, or the caller may not know that it does (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller is signed in but may not do this (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request conflicts with the current state: stale revision, locked period, wrong status (409).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>A business rule refused the request (400), with messages per field for the user to fix.</summary>
public sealed class RuleViolationException(string message, IDictionary<string, string[]>? errors = null) : Exception(message)
{
    public IDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static RuleViolationException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}
