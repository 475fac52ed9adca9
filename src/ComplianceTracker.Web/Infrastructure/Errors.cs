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

/// <summary>
/// The reason a person gives for an action others will read (退回原因, 补报原因 ...): trimmed, at most
/// <see cref="MaxLength"/> characters; required where the action needs one.
/// </summary>
public static class Reasons
{
    public const int MaxLength = 1000;

    /// <summary>The trimmed reason; refused with <paramref name="whenMissing"/> when empty, or when too long.</summary>
    public static string Required(string? reason, string whenMissing, string what = "原因")
    {
        var text = Optional(reason, what);
        return text.Length > 0 ? text : throw RuleViolationException.For("reason", whenMissing);
    }

    /// <summary>The trimmed reason, empty when none was given; refused when too long.</summary>
    public static string Optional(string? reason, string what = "原因")
    {
        var text = reason?.Trim() ?? "";
        return text.Length <= MaxLength ? text : throw RuleViolationException.For("reason", $"{what}不能超过{MaxLength}个字符。");
    }
}
