namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// Told when an institution's figures for a form have been submitted, after they are saved. Features that read the
/// figures (the targets) implement it, so reporting needs to know nothing of them.
/// </summary>
public interface ISubmittedFiguresListener
{
    Task FiguresSubmittedAsync(int formId, int institutionId, CancellationToken ct);
}
