namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The <c>Reporting</c> configuration section.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>
    /// Whether a branch head may approve figures they saved themselves. Off by default: the head vouches for what a
    /// reporter entered (a branch with one person for both can turn it on).
    /// </summary>
    public bool HeadMayApproveOwnFigures { get; set; }
}
