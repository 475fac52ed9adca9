namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>How a cell looks: each style is copied from a named cell on the template's <c>样式</c> sheet.</summary>
public enum XStyle
{
    Text,
    Number0,
    Number1,
    Number2,
    Number3,
    Number4,
    Percent,
    Date,
    DateTime,
    TotalText,
    TotalNumber0,
    TotalNumber1,
    TotalNumber2,
    TotalNumber3,
    TotalNumber4,
    OnTime,
    Late,
    Missing,
    Pending,
    Warning,
}

/// <summary>One cell: text (written as text, never as a formula), a number, a date, or empty.</summary>
public readonly record struct XCell(object? Value, XStyle Style = XStyle.Text)
{
    public static XCell Text(string? text, XStyle style = XStyle.Text) => new(text, style);

    public static XCell Number(decimal? value, int decimals, bool total = false) =>
        new(value, (total ? XStyle.TotalNumber0 : XStyle.Number0) + Math.Clamp(decimals, 0, 4));

    public static readonly XCell Empty = new(null);
}

/// <summary>
/// A column of the data region: its header text, its width in characters (0: from the header text) and whether long
/// text wraps in it (the row then grows to fit; the header always wraps when the column is narrower than it).
/// </summary>
public sealed record XColumn(string Header, double Width = 0, bool Wrap = false);

/// <summary>
/// What goes into one sheet of a template: the title-block fields (by defined name: CT_Title, CT_Subtitle, CT_MadeOn,
/// CT_Units, CT_Notes), the header written at CT_Header and the rows streamed below it.
/// </summary>
public sealed class SheetContent
{
    /// <summary>The template sheet to fill (its name in the output; sheets not filled are removed).</summary>
    public required string Sheet { get; init; }

    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    public required IReadOnlyList<XColumn> Columns { get; init; }

    /// <summary>Streamed once, in order: never held in memory as a whole by the writer.</summary>
    public required IEnumerable<IReadOnlyList<XCell>> Rows { get; init; }

    /// <summary>Columns kept in view when scrolling right (the institution's name); rows above the data always are.</summary>
    public int FrozenColumns { get; init; } = 1;

    /// <summary>Printing: this many columns, from CT_Header's, repeat at the left of every printed page (print titles).</summary>
    public int PrintTitleColumns { get; init; }

    /// <summary>
    /// Printing: the columns (indexes into <see cref="Columns"/>) that begin a new printed page. When there are any, the
    /// sheet prints at 100 % (the template's fit to width is dropped): a wide sheet spreads over pages instead of
    /// shrinking. <see cref="TemplateWriter.PageBreaks"/> computes them for A4 landscape.
    /// </summary>
    public IReadOnlyList<int> PageBreaksBefore { get; init; } = [];

    /// <summary>Called every 1,000 rows with the count written so far.</summary>
    public Action<int>? Progress { get; init; }
}

/// <summary>A template that cannot be used: missing, not an .xlsx, or without a name the exporter fills. Names the file.</summary>
public sealed class ExportTemplateException(string message) : Exception(message);
