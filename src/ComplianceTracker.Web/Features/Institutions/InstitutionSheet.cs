using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceTracker.Web.Features.Institutions;

/// <summary>The <c>InstitutionImport</c> configuration section: how big a registry upload may be.</summary>
public sealed class InstitutionImportOptions
{
    public const string Section = "InstitutionImport";

    /// <summary>Data rows accepted in one file; a longer sheet is refused by counting rows before it is parsed.</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 50_000;

    /// <summary>The upload itself (20,000 institutions are about 1 MB as .xlsx, 3 MB as CSV).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>All parts of the .xlsx unpacked.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxUncompressedBytes { get; set; } = 100 * 1024 * 1024;

    public ImportLimits Limits => new() { MaxFileBytes = MaxFileBytes, MaxUncompressedBytes = MaxUncompressedBytes };
}

/// <summary>One data row of the upload: its row number and the text of each column, by field.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<InstitutionField, string> Cells);

/// <summary>The rows read, the column letter of each field, and the problems found while reading (keyed by cell or <c>file</c>).</summary>
public sealed record InstitutionSheetContent(List<SheetRow> Rows, Dictionary<InstitutionField, string> Columns, Dictionary<string, List<string>> Errors);

/// <summary>
/// The registry as a spreadsheet: the downloadable template (sheet 机构名录 with Chinese headers, sheet 填写说明
/// listing the valid types, categories and jurisdictions) and the reader of an upload, .xlsx or CSV (UTF-8 with or
/// without BOM; else GB18030, with or without its BOM). The upload is read bounded and its rows counted before any
/// parser loads it. Refused whole: a cell with a formula (values only), a workbook with any hidden sheet (what cannot
/// be seen cannot be checked before importing), more than <see cref="InstitutionImportOptions.MaxRows"/> rows.
/// </summary>
public static class InstitutionSheet
{
    public const string DataSheetName = "机构名录";
    public const string InstructionsSheetName = "填写说明";
    public const string FileKey = "file";

    static InstitutionSheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly (InstitutionField Field, string Header)[] Headers =
    [
        (InstitutionField.Code, "机构代码"),
        (InstitutionField.Name, "机构名称"),
        (InstitutionField.ShortName, "简称"),
        (InstitutionField.Type, "机构类型"),
        (InstitutionField.Category, "机构类别"),
        (InstitutionField.ParentCode, "上级机构代码"),
        (InstitutionField.IsLegalEntity, "是否法人"),
        (InstitutionField.Jurisdiction, "所属辖区代码"),
        (InstitutionField.ContactName, "联系人"),
        (InstitutionField.ContactPhone, "联系电话"),
        (InstitutionField.ContactEmail, "电子邮箱"),
    ];

    /// <summary>Other headers people write for the jurisdiction column.</summary>
    private static readonly string[] JurisdictionHeaders = ["所属辖区代码", "辖区代码", "所属辖区", "辖区名称", "所属辖区名称"];

    public static string HeaderOf(InstitutionField field) => Headers.Single(h => h.Field == field).Header;

    /// <summary>The template: headers, one example row, and the valid values on 填写说明.</summary>
    public static byte[] Template(IEnumerable<Jurisdiction> jurisdictions)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(DataSheetName);
        for (var i = 0; i < Headers.Length; i++)
        {
            var cell = sheet.Cell(1, i + 1);
            cell.Value = Headers[i].Header;
            cell.Style.Font.Bold = true;
            sheet.Column(i + 1).Width = Math.Max(12, ExcelText.DisplayWidth(Headers[i].Header) + 4);
            sheet.Column(i + 1).Style.NumberFormat.Format = "@";
        }

        sheet.Column(2).Width = 40;
        sheet.SheetView.FreezeRows(1);

        var help = workbook.AddWorksheet(InstructionsSheetName);
        help.Cell(1, 1).Value = "填写说明";
        help.Cell(1, 1).Style.Font.Bold = true;
        string[] notes =
        [
            "1. 在“机构名录”表中每行填写一家机构，第 1 行表头请勿修改；机构代码、机构名称、机构类型、所属辖区代码必填。",
            "2. 机构代码由英文字母、数字、“-”、“_”组成，全系统唯一；代码已存在的行将更新该机构，否则新增。",
            "3. 上级机构代码可填本文件中的机构或系统中已登记的机构；上级可以写在下级之后。",
            "4. 是否法人填“是”或“否”，不填视为“否”。所属辖区可填辖区代码或辖区名称。",
            "5. 只填数值，不要使用公式；不要隐藏工作表。任何一处有误，整个文件都不导入，并列出所有有误的单元格。",
        ];
        for (var i = 0; i < notes.Length; i++)
        {
            help.Cell(i + 2, 1).Value = notes[i];
        }

        var row = notes.Length + 3;
        WriteList(help, ref row, "机构类型", Enum.GetValues<InstitutionType>().Select(t => t.Label()));
        WriteList(help, ref row, "机构类别", Enum.GetValues<InstitutionCategory>().Select(c => c.Label()));
        WriteList(help, ref row, "所属辖区（代码 — 名称）", jurisdictions.OrderBy(j => j.Path, StringComparer.Ordinal).Select(j => $"{j.Code} — {j.Name}"));
        help.Column(1).Width = 100;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteList(IXLWorksheet sheet, ref int row, string title, IEnumerable<string> values)
    {
        sheet.Cell(row, 1).Value = title;
        sheet.Cell(row++, 1).Style.Font.Bold = true;
        foreach (var value in values)
        {
            sheet.Cell(row++, 1).SetValue(value);
        }

        row++;
    }

    /// <summary>Reads an upload; problems of the file as a whole are keyed <see cref="FileKey"/>, of a cell by its address (B7).</summary>
    public static InstitutionSheetContent Read(Stream upload, string? fileName, InstitutionImportOptions options)
    {
        var limits = options.Limits;
        var bytes = UploadInspector.ReadLimited(upload, limits, out var readError);
        if (bytes is null)
        {
            return Failed(readError!.Replace("报表文件（.xlsx）", "机构名录文件（.xlsx 或 .csv）", StringComparison.Ordinal));
        }

        if (fileName is not null && fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ReadCsv(bytes, options);
        }

        if (TooManyRows(bytes, options) is { } tooMany)
        {
            return Failed(tooMany);
        }

        if (UploadInspector.Inspect(bytes, limits) is { } packageError)
        {
            return Failed(packageError);
        }

        try
        {
            return ReadPackage(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or XmlException or OpenXmlPackageException or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException or IndexOutOfRangeException)
        {
            return Failed("文件无法作为 Excel 工作簿读取（内容已损坏或格式不受支持）。请在 Excel 或 WPS 中打开并另存为 Excel 工作簿（.xlsx）后重新上传。DEBUG " + ex);
        }
    }

    /// <summary>
    /// Counts the rows of every worksheet part by streaming its XML, stopping one past the limit, so a sheet of
    /// 200,000 rows is refused in milliseconds without being parsed (or even wholly inflated).
    /// </summary>
    private static string? TooManyRows(byte[] bytes, InstitutionImportOptions options)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
            {
                using var stream = entry.Open();
                using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
                var rows = 0;
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "row" && ++rows > options.MaxRows + 1)
                    {
                        return $"文件的行数超过 {options.MaxRows:N0} 行的上限，已拒绝处理。请分成多个文件，每个不超过 {options.MaxRows:N0} 家机构，分批导入。";
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or XmlException or NotSupportedException)
        {
            // Not a readable zip: the package inspection says why.
        }

        return null;
    }

    /// <summary>
    /// Reads the data sheet row by row with the OpenXML SAX reader (a workbook object model of 20,000 × 11 cells costs
    /// gigabytes and tens of seconds): values only, shared and inline strings, numbers as Excel stores them.
    /// </summary>
    private static InstitutionSheetContent ReadPackage(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false);
        var workbookPart = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
        var sheets = workbookPart.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var hidden = sheets.Where(ws => ws.State is { } state && state.Value != SheetStateValues.Visible).Select(ws => $"“{ws.Name?.Value}”").ToList();
        if (hidden.Count > 0)
        {
            return Failed($"工作簿中有隐藏的工作表{string.Join("、", hidden)}。隐藏的内容无法在导入前核对，请取消隐藏后删除不需要的工作表，或把数据复制到新下载的模板中再导入。");
        }

        var sheet = sheets.FirstOrDefault(ws => ws.Name?.Value == DataSheetName) ?? sheets.FirstOrDefault()
            ?? throw new InvalidDataException("no sheet");
        var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
        var shared = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>()
            .Select(item => item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(run => run.Text?.Text))).ToArray() ?? [];

        var errors = new Dictionary<string, List<string>>();
        Dictionary<InstitutionField, int>? columns = null;
        var rows = new List<SheetRow>();
        var rowNumber = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var values = new Dictionary<int, string>();
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : column + 1;
                if (cell.CellFormula is { } formula)
                {
                    Add(errors, $"{XLHelper.GetColumnLetterFromNumber(column)}{rowNumber}", $"第 {rowNumber} 行：单元格含公式（{ExcelText.Quote("=" + formula.Text)}）。只接受数值，请把公式复制后“选择性粘贴为数值”。");
                    continue;
                }

                var raw = cell.CellValue?.Text ?? "";
                var type = cell.DataType?.Value;
                // A shared-string cell without a value is empty (ClosedXML writes an empty string so); an index outside the
                // table is a damaged file.
                values[column] = (type == CellValues.SharedString ? (raw.Length == 0 ? "" : shared[int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)])
                    : type == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
                    : type == CellValues.Boolean ? (raw == "1" ? "TRUE" : "FALSE")
                    : raw).Trim();
            }

            if (values.Values.All(v => v.Length == 0))
            {
                continue;
            }

            if (columns is null)
            {
                columns = MapHeaders(values.Where(v => v.Value.Length > 0).Select(v => (v.Key, v.Value)), errors);
                if (errors.Count > 0)
                {
                    return new InstitutionSheetContent([], [], errors);
                }

                continue;
            }

            rows.Add(new SheetRow(rowNumber, columns.ToDictionary(c => c.Key, c => values.GetValueOrDefault(c.Value, ""))));
        }

        if (columns is null)
        {
            return Failed($"工作表“{sheet.Name?.Value}”是空的，没有表头和机构数据。请下载模板填写后导入。");
        }

        return Done(rows, columns.ToDictionary(c => c.Key, c => XLHelper.GetColumnLetterFromNumber(c.Value)), errors);
    }

    /// <summary>The column number of a cell reference: B7 → 2.</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (c - 'A' + 1);
        }

        return column;
    }

    private static InstitutionSheetContent Done(List<SheetRow> rows, Dictionary<InstitutionField, string> columns, Dictionary<string, List<string>> errors)
    {
        if (rows.Count == 0 && errors.Count == 0)
        {
            Add(errors, FileKey, "文件中只有表头，没有机构数据。请从第 2 行起每行填写一家机构。");
        }

        return new InstitutionSheetContent(rows, columns, errors);
    }

    private static Dictionary<InstitutionField, int> MapHeaders(IEnumerable<(int Column, string Text)> headers, Dictionary<string, List<string>> errors)
    {
        var columns = new Dictionary<InstitutionField, int>();
        foreach (var (column, text) in headers)
        {
            var field = JurisdictionHeaders.Contains(text) ? InstitutionField.Jurisdiction
                : Headers.FirstOrDefault(h => h.Header == text) is { Header: not null } h ? h.Field
                : (InstitutionField?)null;
            if (field is { } f && !columns.ContainsKey(f))
            {
                columns[f] = column;
            }
        }

        var missing = Headers.Where(h => !columns.ContainsKey(h.Field)).Select(h => $"“{h.Header}”").ToList();
        if (missing.Count > 0)
        {
            Add(errors, FileKey, $"第 1 行表头缺少 {string.Join("、", missing)} 列。请使用下载的模板，不要修改第 1 行的表头。");
        }

        return columns;
    }

    private static InstitutionSheetContent ReadCsv(byte[] bytes, InstitutionImportOptions options)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) || bytes.AsSpan().Contains((byte)0))
        {
            return Failed("文件名为 .csv，但内容不是文本（可能是改了扩展名的 Excel 文件）。Excel 文件请保存为 .xlsx 上传，CSV 请在 Excel 或 WPS 中“另存为”CSV。");
        }

        var text = Decode(bytes);
        var records = new List<(int Line, List<string> Cells)>();
        var errors = new Dictionary<string, List<string>>();
        foreach (var record in ParseCsv(text))
        {
            if (records.Count > options.MaxRows + 1)
            {
                return Failed($"文件的行数超过 {options.MaxRows:N0} 行的上限，已拒绝处理。请分成多个文件，每个不超过 {options.MaxRows:N0} 家机构，分批导入。");
            }

            if (record.Cells.Any(c => c.Trim().Length > 0))
            {
                records.Add(record);
            }
        }

        if (records.Count == 0)
        {
            return Failed("文件是空的，没有表头和机构数据。请下载模板填写后导入。");
        }

        var columns = MapHeaders(records[0].Cells.Select((c, i) => (i + 1, c.Trim())), errors);
        if (errors.Count > 0)
        {
            return new InstitutionSheetContent([], [], errors);
        }

        var rows = new List<SheetRow>();
        foreach (var (line, cells) in records.Skip(1))
        {
            var values = new Dictionary<InstitutionField, string>();
            foreach (var (field, column) in columns)
            {
                var value = column <= cells.Count ? cells[column - 1].Trim() : "";
                if (value.StartsWith('='))
                {
                    Add(errors, $"{XLHelper.GetColumnLetterFromNumber(column)}{line}", $"第 {line} 行：单元格“{ExcelText.Quote(value)}”是公式。只接受数值，请填写公式的结果。");
                }

                values[field] = value;
            }

            rows.Add(new SheetRow(line, values));
        }

        return Done(rows, columns.ToDictionary(c => c.Key, c => XLHelper.GetColumnLetterFromNumber(c.Value)), errors);
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8; else GB18030, whose own BOM (84 31 95 33) is dropped.</summary>
    private static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        else if (span.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            return Encoding.GetEncoding("GB18030").GetString(span[4..]);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes and line breaks), each with its starting line number.</summary>
    private static IEnumerable<(int Line, List<string> Cells)> ParseCsv(string text)
    {
        var line = 1;
        var start = 1;
        var cells = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(field.ToString());
                field.Clear();
                yield return (start, cells);
                cells = [];
                start = ++line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            yield return (start, cells);
        }
    }

    private static InstitutionSheetContent Failed(string message) =>
        new([], [], new Dictionary<string, List<string>> { [FileKey] = [message] });

    internal static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }
}
