using System.ComponentModel.DataAnnotations;
namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "ComplianceTracker";

    /// <summary>
    /// Key that signs bearer tokens (at least 32 characters). Every server behind a load balancer needs the same
    /// one. When empty, a random key is created once in the data folder (fine for one machine).
    /// </summary>
    public string? SigningKey { get; set; }

    [Range(1, 1_000_000)]
    public int TokenLifetimeMinutes { get; set; } = 480;
    [Range(1, 100)]
    public int MaxFailedAccessAttempts { get; set; } = 5;
    [Range(1, 1_440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A page sign-in ends after this many minutes without a request (each request renews it).</summary>
    [Range(1, 1_440)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// Cookies are sent over HTTPS only. On by default; <c>appsettings.Development.json</c> turns it off so the demo
    /// runs on <c>http://localhost</c>. Behind a TLS-terminating balancer, list it in <c>ForwardedHeaders</c>.
    /// </summary>
    public bool RequireHttps { get; set; } = true;
}
