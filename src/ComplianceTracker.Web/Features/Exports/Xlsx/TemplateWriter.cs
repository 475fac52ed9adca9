using System.Text;
using System.Xml;
using ComplianceTracker.Web.Infrastructure.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>
/// Fills an export template (<c>templates/exports/*.xlsx</c>): the title block by sheet-local defined names, the header
/// at <c>CT_Header</c> and the rows streamed below it with <see cref="OpenXmlWriter"/>, each cell styled like the named
/// cell of its <see cref="XStyle"/> on the template's <c>样式</c> sheet. The rules a template follows are in
/// <c>templates/README.md</c> ("Export templates"). Stateless and thread-safe.
/// </summary>
public static class TemplateWriter
{
    public const string StyleSheetName = "样式";
    public const string StyleNamePrefix = "CT_Style_";
    public const string TitleName = "CT_Title";
    public const string SubtitleName = "CT_Subtitle";
    public const string MadeOnName = "CT_MadeOn";
    public const string UnitsName = "CT_Units";
    public const string NotesName = "CT_Notes";
    public const string HeaderName = "CT_Header";

    /// <summary>The title-block names the writer fills from <see cref="SheetContent.Fields"/>.</summary>
    public static readonly IReadOnlyList<string> FieldNames = [TitleName, SubtitleName, MadeOnName, UnitsName, NotesName];

    /// <summary>Rows between two progress callbacks.</summary>
    public const int ProgressInterval = 1000;

    /// <summary>Widest and narrowest column the writer sets from a header text (Excel character units).</summary>
    public const double MinColumnWidth = 8;
    public const double MaxColumnWidth = 60;

    /// <summary>Excel's limits: text per cell, rows and columns per sheet.</summary>
    public const int MaxTextLength = 32_767;
    public const int MaxRows = 1_048_576;
    public const int MaxColumns = 16_384;

    /// <summary>
    /// Copies the template to <paramref name="output"/> (its content is replaced; it must be readable, writable and
    /// seekable: a <see cref="FileStream"/> or <see cref="MemoryStream"/>) and fills the sheets named in
    /// <paramref name="sheets"/>; every other sheet of the template, <c>样式</c> included, is removed. The stream is left
    /// at position 0.
    /// </summary>
    /// <exception cref="ExportTemplateException">The template is missing, not an .xlsx, or lacks a sheet or name it needs.</exception>
    public static void Write(string templatePath, Stream output, IReadOnlyList<SheetContent> sheets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templatePath);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sheets);
        if (!output.CanRead || !output.CanWrite || !output.CanSeek)
        {
            throw new ArgumentException("The output must be readable, writable and seekable (a FileStream or MemoryStream).", nameof(output));
        }

        Validate(sheets);
        if (!File.Exists(templatePath))
        {
            throw new ExportTemplateException($"导出模板 {templatePath} 不存在，请确认 templates/exports/ 已随程序发布。");
        }

        output.SetLength(0);
        using (var template = new FileStream(templatePath, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            template.CopyTo(output);
        }

        output.Position = 0;
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(output, true);
        }
        catch (Exception ex) when (IsBrokenFile(ex))
        {
            throw NotAnXlsx(templatePath, ex);
        }

        using (document)
        {
            TemplateFill fill;
            try
            {
                fill = TemplateFill.Prepare(templatePath, document, sheets);
            }
            catch (Exception ex) when (IsBrokenFile(ex))
            {
                throw NotAnXlsx(templatePath, ex);
            }

            fill.Run();
        }

        output.Position = 0;
    }

    private static void Validate(IReadOnlyList<SheetContent> sheets)
    {
        if (sheets.Count == 0)
        {
            throw new ArgumentException("At least one sheet must be filled.", nameof(sheets));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sheet in sheets)
        {
            ArgumentNullException.ThrowIfNull(sheet, nameof(sheets));
            ArgumentException.ThrowIfNullOrWhiteSpace(sheet.Sheet, nameof(sheets));
            ArgumentNullException.ThrowIfNull(sheet.Columns, nameof(sheets));
            ArgumentNullException.ThrowIfNull(sheet.Rows, nameof(sheets));
            if (!names.Add(sheet.Sheet))
            {
                throw new ArgumentException($"Sheet '{sheet.Sheet}' is filled twice.", nameof(sheets));
            }

            if (sheet.Columns.Count == 0)
            {
                throw new ArgumentException($"Sheet '{sheet.Sheet}' has no columns.", nameof(sheets));
            }

            if (sheet.FrozenColumns < 0)
            {
                throw new ArgumentException($"Sheet '{sheet.Sheet}' has a negative FrozenColumns.", nameof(sheets));
            }
        }
    }

    private static bool IsBrokenFile(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException
            or NotSupportedException or IOException or InvalidOperationException;

    private static ExportTemplateException NotAnXlsx(string path, Exception ex) =>
        new($"导出模板 {path} 已损坏或不是 Excel 工作簿（.xlsx）：{ex.Message}");

    /// <summary>
    /// Text as written into a cell: characters XML 1.0 cannot hold (controls other than tab, line feed and carriage
    /// return, lone surrogates, U+FFFE/U+FFFF) removed, cut at Excel's 32,767 characters, and a literal <c>_xHHHH_</c>
    /// escaped as <c>_x005F_xHHHH_</c> so Excel does not decode it into another character.
    /// </summary>
    public static string CleanText(string text)
    {
        if (!NeedsCleaning(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (!IsInvalidXmlChar(c))
            {
                clean.Append(c);
            }
        }

        if (clean.Length > MaxTextLength)
        {
            var cut = char.IsHighSurrogate(clean[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
            clean.Length = cut;
        }

        var result = clean.ToString();
        return result.Contains("_x", StringComparison.Ordinal) ? EscapeXString(result) : result;
    }

    private static bool NeedsCleaning(string text)
    {
        if (text.Length > MaxTextLength)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsInvalidXmlChar(c) || (c == '_' && IsXStringEscape(text, i)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvalidXmlChar(char c) =>
        (c < '\u0020' && c is not '\t' and not '\n' and not '\r') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';

    private static bool IsXStringEscape(string text, int at) =>
        at + 6 < text.Length && text[at + 1] == 'x' && text[at + 6] == '_'
        && char.IsAsciiHexDigit(text[at + 2]) && char.IsAsciiHexDigit(text[at + 3])
        && char.IsAsciiHexDigit(text[at + 4]) && char.IsAsciiHexDigit(text[at + 5]);

    private static string EscapeXString(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            escaped.Append(text[i] == '_' && IsXStringEscape(text, i) ? "_x005F_" : text[i]);
        }

        return escaped.ToString();
    }

    /// <summary>Column width for a header: its longest line's display width (CJK counts double) plus padding, 8 to 60.</summary>
    public static double HeaderWidth(XColumn column)
    {
        if (column.Width > 0)
        {
            return Math.Min(column.Width, 255);
        }

        var widest = (column.Header ?? "").ReplaceLineEndings("\n").Split('\n').Max(ExcelText.DisplayWidth);
        return Math.Clamp(widest + 2, MinColumnWidth, MaxColumnWidth);
    }

    /// <summary>
    /// Width of A4 landscape between the shipped templates' 0.4-inch margins at 100 %, in Excel character units, with
    /// room to spare: LibreOffice and Excel measure a character of the default font a little differently.
    /// </summary>
    public const double A4LandscapeWidth = 110;

    /// <summary>
    /// Where a wide sheet breaks into printed pages: columns are laid left to right onto pages of
    /// <paramref name="pageWidth"/>, each page repeating the first <paramref name="titleColumns"/>; the columns from one
    /// index in <paramref name="groupStarts"/> to the next stay on one page (a group wider than a page gets one alone).
    /// Returns the indexes of the columns that begin a page, for <see cref="SheetContent.PageBreaksBefore"/>.
    /// </summary>
    public static IReadOnlyList<int> PageBreaks(IReadOnlyList<XColumn> columns, int titleColumns, IReadOnlyCollection<int> groupStarts, double pageWidth = A4LandscapeWidth)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(groupStarts);
        titleColumns = Math.Clamp(titleColumns, 0, columns.Count);
        var titleWidth = columns.Take(titleColumns).Sum(HeaderWidth);
        var breaks = new List<int>();
        var used = titleWidth;
        for (var start = titleColumns; start < columns.Count;)
        {
            var end = start + 1;
            while (end < columns.Count && !groupStarts.Contains(end))
            {
                end++;
            }

            var width = columns.Skip(start).Take(end - start).Sum(HeaderWidth);
            if (used + width > pageWidth && used > titleWidth)
            {
                breaks.Add(start);
                used = titleWidth;
            }

            used += width;
            start = end;
        }

        return breaks;
    }

    /// <summary>Column letters: 1 → A, 27 → AA.</summary>
    public static string ColumnLetters(int column)
    {
        var letters = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return letters.ToString();
    }
}
