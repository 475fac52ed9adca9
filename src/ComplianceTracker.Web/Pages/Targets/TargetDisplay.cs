using System.Globalization;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>How the target pages write a figure (a verdict is its <c>Label()</c> on a coloured badge, never the colour alone).</summary>
public static class TargetDisplay
{
    /// <summary>A figure as the explanation writes it: thousands separated, at most four decimals; "—" when there is none.</summary>
    public static string Figure(decimal? value) => value?.ToString("#,##0.####", CultureInfo.InvariantCulture) ?? "—";
}
