using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace ComplianceTracker.Web.Infrastructure.Security;

/// <summary>The <c>SignInLimit</c> configuration section.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignInLimit";

    /// <summary>
    /// Sign-in attempts (page or token) one network address may make per minute. A branch's staff often share one
    /// address behind its router, so this is generous; guessing one account's password is stopped by the lockout.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int PerAddressPerMinute { get; set; } = 60;
}

/// <summary>
/// Limits sign-in attempts per client address on this server (a sliding minute), before the password is checked.
/// Together with the account lockout (stored in the database, so shared by every server) this stops both guessing one
/// password and trying one password on many accounts.
/// </summary>
public sealed class SignInThrottle(SignInLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.PerAddressPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the attempt may go ahead, else how long to wait.</summary>
    public TimeSpan? TryEnter(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = limiter.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    /// <summary>The Chinese sentence shown to a throttled person or system.</summary>
    public static string Message(TimeSpan wait) => $"登录尝试过于频繁，请 {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} 秒后再试。";

    public void Dispose() => limiter.Dispose();
}
