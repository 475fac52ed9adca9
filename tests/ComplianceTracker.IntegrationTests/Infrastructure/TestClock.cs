namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// The app's clock in a test: the system's time until a test sets it, then exactly what the test says, forwards or
/// back. Everything in the app reads time from it (jobs, due checks, token lifetimes).
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? now;

    /// <summary>Sets the time to a moment in China time (UTC+8).</summary>
    public void SetChina(DateTime chinaTime) => now = new DateTimeOffset(chinaTime, TimeSpan.FromHours(8));

    public void Set(DateTimeOffset moment) => now = moment;

    public void Advance(TimeSpan by) => now = GetUtcNow() + by;

    /// <summary>Back to the system's time.</summary>
    public void Release() => now = null;

    public override DateTimeOffset GetUtcNow() => (now ?? System.GetUtcNow()).ToUniversalTime();
}
