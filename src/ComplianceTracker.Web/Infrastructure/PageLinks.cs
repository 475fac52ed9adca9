using System.Globalization;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Where a person acts, as the pages' addresses: the one place pages and messages (inbox, e-mail, robot) take their
/// links from, so a message never links to an <c>/api/</c> address or to a page that moved.
/// </summary>
public static class PageLinks
{
    /// <summary>An institution's form for a period (<c>/report/{form}/{period}/{institution}</c>).</summary>
    public static string Form(string form, string period, string institution) =>
        $"/report/{Uri.EscapeDataString(form)}/{Uri.EscapeDataString(period)}/{Uri.EscapeDataString(institution)}";

    /// <summary>A due item's own page (a one-off requirement).</summary>
    public static string DueItem(int id) => $"/todo/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Circular(int id) => $"/circulars/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A requirement in its circular's page (the row of the 监管要求 table).</summary>
    public static string Requirement(int circularId, int requirementId) =>
        $"{Circular(circularId)}#req-{requirementId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A due item: its period's form when it is a report with a form, its own page otherwise.</summary>
    public static string DueItem(int id, string? formCode, string periodKey, string institution) =>
        formCode is { } form && periodKey != Domain.DueItem.OncePeriodKey ? Form(form, periodKey, institution) : DueItem(id);

    /// <summary>The supervisor's list of 补报 requests waiting for an answer.</summary>
    public const string UnlockRequests = "/unlock-requests";
}
