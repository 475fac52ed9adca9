using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>
/// The cell-format index of each <see cref="XStyle"/>: read from the cell named <c>CT_Style_&lt;Style&gt;</c> (on the
/// <c>样式</c> sheet), or a fallback derived from the default format when the template has no such name. Also derives
/// formats on demand (a status style with a date format, a style with Excel's quote prefix).
/// </summary>
internal sealed class StyleBook
{
    private const string DateFormat = "yyyy-mm-dd";
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";

    private static readonly XStyle[] AllStyles = Enum.GetValues<XStyle>();

    private readonly Stylesheet stylesheet;
    private readonly CellFormats cellFormats;
    private readonly List<CellFormat> formats;
    private readonly uint[] indices = new uint[AllStyles.Length];
    private readonly Dictionary<(uint Base, uint? NumberFormat, bool QuotePrefix, bool Wrap), uint> derived = [];

    private StyleBook(Stylesheet stylesheet, CellFormats cellFormats)
    {
        this.stylesheet = stylesheet;
        this.cellFormats = cellFormats;
        formats = cellFormats.Elements<CellFormat>().ToList();
    }

    public uint this[XStyle style] => indices[(int)style];

    public static StyleBook Read(string path, WorkbookPart workbookPart, IReadOnlyList<Sheet> sheets, IReadOnlyList<DefinedName> names)
    {
        var stylesheet = workbookPart.WorkbookStylesPart?.Stylesheet
            ?? throw new ExportTemplateException($"导出模板 {path} 缺少样式表（xl/styles.xml）。");
        var cellFormats = stylesheet.CellFormats;
        if (cellFormats is null || !cellFormats.Elements<CellFormat>().Any())
        {
            throw new ExportTemplateException($"导出模板 {path} 的样式表没有单元格格式（cellXfs）。");
        }

        var book = new StyleBook(stylesheet, cellFormats);
        var found = new Dictionary<XStyle, uint>();
        foreach (var style in AllStyles)
        {
            var name = TemplateWriter.StyleNamePrefix + style;
            var definedName = names.FirstOrDefault(n =>
                n.LocalSheetId is null && string.Equals(n.Name?.Value, name, StringComparison.OrdinalIgnoreCase));
            if (definedName is not null && TryReadStyle(workbookPart, sheets, definedName.Text, out var index)
                && index < book.formats.Count)
            {
                found[style] = index;
            }
        }

        book.Resolve(found);
        return book;
    }

    private void Resolve(Dictionary<XStyle, uint> found)
    {
        uint Get(XStyle style, Func<uint> fallback) => indices[(int)style] = found.TryGetValue(style, out var index) ? index : fallback();

        var text = Get(XStyle.Text, () => 0);
        var totalText = Get(XStyle.TotalText, () => text);
        for (var decimals = 0; decimals <= 4; decimals++)
        {
            var format = NumberFormatId(decimals);
            var number = Get(XStyle.Number0 + decimals, () => Derive(text, format, false));
            Get(XStyle.TotalNumber0 + decimals, () => found.ContainsKey(XStyle.TotalText) ? Derive(totalText, format, false) : number);
        }

        Get(XStyle.Percent, () => Derive(text, 10, false));
        Get(XStyle.Date, () => Derive(text, CustomFormat(DateFormat), false));
        Get(XStyle.DateTime, () => Derive(text, CustomFormat(DateTimeFormat), false));
        foreach (var status in new[] { XStyle.OnTime, XStyle.Late, XStyle.Missing, XStyle.Pending, XStyle.Warning })
        {
            Get(status, () => text);
        }
    }

    /// <summary>
    /// The format of a date cell: Date/DateTime as named; a Text cell gets the Date (or DateTime) style; any other style
    /// (Late, Missing…) keeps its look and gets the date style's number format.
    /// </summary>
    public uint ForDate(XStyle style, bool withTime)
    {
        var dateStyle = withTime ? XStyle.DateTime : XStyle.Date;
        if (style is XStyle.Date or XStyle.DateTime)
        {
            return this[style];
        }

        if (style == XStyle.Text)
        {
            return this[dateStyle];
        }

        var numberFormat = formats[(int)this[dateStyle]].NumberFormatId?.Value ?? 14;
        return Derive(this[style], numberFormat, false);
    }

    /// <summary>The same format with Excel's quote prefix: text starting with = + - @ stays text when edited.</summary>
    public uint WithQuotePrefix(uint index) =>
        index < formats.Count && formats[(int)index].QuotePrefix?.Value == true ? index : Derive(index, null, true);

    /// <summary>The same format with its text wrapped (a long text in a narrow column; the row grows to fit).</summary>
    public uint Wrapped(uint index) =>
        index < formats.Count && formats[(int)index].Alignment?.WrapText?.Value == true ? index : Derive(index, null, false, wrap: true);

    public void Save() => stylesheet.Save();

    private uint Derive(uint baseIndex, uint? numberFormat, bool quotePrefix, bool wrap = false)
    {
        if (baseIndex >= formats.Count)
        {
            baseIndex = 0;
        }

        var key = (baseIndex, numberFormat, quotePrefix, wrap);
        if (derived.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var clone = (CellFormat)formats[(int)baseIndex].CloneNode(true);
        if (numberFormat is { } id)
        {
            clone.NumberFormatId = id;
            clone.ApplyNumberFormat = true;
        }

        if (quotePrefix)
        {
            clone.QuotePrefix = true;
        }

        if (wrap)
        {
            clone.Alignment ??= new Alignment();
            clone.Alignment.WrapText = true;
            clone.ApplyAlignment = true;
        }

        cellFormats.AppendChild(clone);
        formats.Add(clone);
        cellFormats.Count = (uint)formats.Count;
        var index = (uint)(formats.Count - 1);
        derived[key] = index;
        return index;
    }

    /// <summary>Built-in formats 3 (#,##0) and 4 (#,##0.00); the others are added as custom formats.</summary>
    private uint NumberFormatId(int decimals) => decimals switch
    {
        0 => 3,
        2 => 4,
        _ => CustomFormat("#,##0." + new string('0', decimals)),
    };

    private uint CustomFormat(string code)
    {
        var numberingFormats = stylesheet.NumberingFormats;
        if (numberingFormats is null)
        {
            numberingFormats = new NumberingFormats();
            stylesheet.InsertAt(numberingFormats, 0);
        }

        var all = numberingFormats.Elements<NumberingFormat>().ToList();
        var same = all.FirstOrDefault(f => f.FormatCode?.Value == code && f.NumberFormatId is not null);
        if (same is not null)
        {
            return same.NumberFormatId!.Value;
        }

        var id = Math.Max(163u, all.Select(f => f.NumberFormatId?.Value ?? 0).DefaultIfEmpty(0u).Max()) + 1;
        numberingFormats.AppendChild(new NumberingFormat { NumberFormatId = id, FormatCode = code });
        numberingFormats.Count = (uint)(all.Count + 1);
        return id;
    }

    private static bool TryReadStyle(WorkbookPart workbookPart, IReadOnlyList<Sheet> sheets, string? formula, out uint index)
    {
        index = 0;
        if (!CellRef.TryParseFormula(formula, out var sheetName, out var at) || sheetName is null)
        {
            return false;
        }

        var sheet = sheets.FirstOrDefault(s => string.Equals(s.Name?.Value, sheetName, StringComparison.OrdinalIgnoreCase));
        if (sheet?.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart part)
        {
            return false;
        }

        var rows = part.Worksheet.GetFirstChild<SheetData>()?.Elements<Row>() ?? [];
        var reference = at.ToString();
        foreach (var row in rows)
        {
            if (row.RowIndex?.Value != at.Row)
            {
                continue;
            }

            var cell = row.Elements<Cell>().FirstOrDefault(c =>
                string.Equals(c.CellReference?.Value?.Replace("$", ""), reference, StringComparison.OrdinalIgnoreCase));
            if (cell is not null)
            {
                index = cell.StyleIndex?.Value ?? 0;
                return true;
            }
        }

        return false;
    }
}
