using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting.Excel;

/// <summary>One indicator row of a report form as the workbook shows it.</summary>
/// <param name="Code">Stable indicator code, written into the hidden code column and used to find the row on import.</param>
/// <param name="Name">Chinese name shown to the reporter, e.g. 首贷户数.</param>
/// <param name="Section">Section the row is grouped under, e.g. 一、信贷投放; empty for no section row.</param>
/// <param name="Unit">万元, 亿元, 户, 笔, % and so on.</param>
/// <param name="Decimals">Decimal places shown by the number format (0 to 10); the reader does not round.</param>
/// <param name="Required">Marked with a red ★; missing values are left to business validation.</param>
/// <param name="Note">填报口径: what the figure counts, listed on the 填报说明 sheet; optional.</param>
public sealed record FormSheetIndicator(string Code, string Name, string Section, string Unit, int Decimals, bool Required, string? Note = null);

/// <summary>
/// Everything the writer puts into one downloaded form. <paramref name="Revision"/> is the saved revision whose
/// figures <paramref name="CurrentValues"/> are (0 before the first save); the file carries it, so that an upload of
/// the file after a later save is recognised as stale. Null writes none (such a file is never taken for stale).
/// </summary>
public sealed record FormWorkbookRequest(
    string FormCode,
    string FormName,
    string SheetName,
    string PeriodKey,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset DueAt,
    string InstitutionCode,
    string InstitutionName,
    IReadOnlyList<FormSheetIndicator> Indicators,
    IReadOnlyDictionary<string, decimal?> PreviousValues,
    IReadOnlyDictionary<string, decimal?> CurrentValues,
    int? Revision = null);

/// <summary>What an uploaded form must be: the form, period and institution the upload is for.</summary>
/// <remarks>
/// The file's 期次 cell says the period as people say it (2026年第49周（11月30日—12月6日）, from the key and the
/// period's first and last days); a file of an earlier version says the key (2026-W49); both are this period.
/// </remarks>
public sealed record ImportExpectation(
    string FormCode,
    string SheetName,
    string PeriodKey,
    string InstitutionCode,
    IReadOnlyList<FormSheetIndicator> Indicators,
    DateOnly? PeriodStart = null,
    DateOnly? PeriodEnd = null)
{
    /// <summary>What the 期次 cell of this period's file says.</summary>
    public string PeriodDisplay => PeriodNames.Name(PeriodKey, PeriodStart, PeriodEnd);
}

/// <summary>
/// The parsed values by indicator code (null for an empty cell), or errors keyed by cell (<c>周报!E8</c>) or by
/// <see cref="FormWorkbookLayout.FileErrorKey"/> for problems with the file as a whole. When there is any error,
/// <see cref="Values"/> is empty.
/// </summary>
public sealed record ImportResult(IReadOnlyDictionary<string, decimal?> Values, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Where each indicator's input was read (<c>周报!E8</c>), to place business-rule errors on the cell.</summary>
    public IReadOnlyDictionary<string, string> Cells { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The figures of the cells that could be read, also when other cells could not (so that the form's rules can
    /// name every bad cell at once); empty when the file as a whole was refused.
    /// </summary>
    public IReadOnlyDictionary<string, decimal?> Readable { get; init; } = new Dictionary<string, decimal?>();

    /// <summary>The revision the file was downloaded at (<see cref="FormWorkbookRequest.Revision"/>), or null when it carries none.</summary>
    public int? Revision { get; init; }
}
