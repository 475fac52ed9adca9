namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The demo password used when none is configured; refused outside Development.</summary>
    public const string DefaultDemoPassword = "Demo@2026";

    /// <summary>Load the demo scenario and the demo accounts (true for the embedded run in Development).</summary>
    public bool Demo { get; set; }

    public string DemoPassword { get; set; } = DefaultDemoPassword;

    /// <summary>
    /// The first administrator of a new installation: created at start-up when no account has the Admin role, with
    /// this password (which must meet the password policy). Remove both settings once the account exists.
    /// </summary>
    public string? AdminUserName { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Folder with the seed files; defaults to the copy beside the app.</summary>
    public string? Folder { get; set; }
}
