namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// Told when an institution's figures for a form are submitted. Features that read the figures (the targets)
/// implement it, so reporting needs to know nothing of them. A submit reads what its listeners need in one query with
/// its own (<see cref="Facts"/>), and saves what they write (<see cref="Stage"/>) in its own batch, with the submission.
/// </summary>
public interface ISubmittedFiguresListener
{
    /// <summary>
    /// What the listener needs to read, as rows the submit sends in its one query before its write. Each row's
    /// <see cref="SubmitFact.Of"/> names the listener's own kind of row (the submit's own kinds start with "Submit.").
    /// </summary>
    IQueryable<SubmitFact> Facts(SubmittedFigures figures);

    /// <summary>
    /// Adds to the DbContext what the listener writes, from the rows read (every row of the query; each listener takes
    /// its own). Saved with the submission: nothing is written when the submit is refused.
    /// </summary>
    void Stage(SubmittedFigures figures, IReadOnlyList<SubmitFact> facts);
}

/// <summary>
/// The figures being submitted: not yet saved as submitted when the listeners read and stage, so they are given here
/// (the submitted figures of earlier periods are in the database).
/// </summary>
public sealed record SubmittedFigures(int FormId, int InstitutionId, string PeriodKey, DateOnly PeriodEnd, IReadOnlyDictionary<string, decimal?> Values);

/// <summary>
/// One row of what a submit reads besides its context, all in one query (a UNION ALL of every part's rows, so the
/// parts do not multiply each other's rows). Every part assigns every member; <see cref="Of"/> says what the row is,
/// the rest carries what that kind needs.
/// </summary>
public sealed class SubmitFact
{
    public string Of { get; set; } = "";
    public long Id { get; set; }
    public int? Number { get; set; }
    public string? Key { get; set; }
    public string? Text { get; set; }
    public decimal? Value { get; set; }
    public DateOnly? Date { get; set; }
    public bool Flag { get; set; }
}
