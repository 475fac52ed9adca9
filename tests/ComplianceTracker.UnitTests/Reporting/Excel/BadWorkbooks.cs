using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Reporting.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

/// <summary>
/// Crafted bad uploads for unit and integration tests. Each method takes a good workbook (as written by
/// <see cref="FormWorkbookWriter"/>) where it needs one and returns the bad file's bytes. Uses only ClosedXML,
/// System.IO.Compression and the layout names in <see cref="FormWorkbookLayout"/>; no test framework.
/// </summary>
public static class BadWorkbooks
{
    /// <summary>A zero-byte upload.</summary>
    public static byte[] Empty() => [];

    /// <summary>A CSV export renamed to .xlsx: not a zip at all.</summary>
    public static byte[] NotAZip() => Encoding.UTF8.GetBytes("序号,指标,本期数\r\n1,首贷户数,12\r\n");

    /// <summary>The start of an OLE compound file: an Excel 97-2003 .xls, or an .xlsx with an opening password.</summary>
    public static byte[] LegacyXls()
    {
        var bytes = new byte[4096];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>The first half of a good file, as after an interrupted download or upload.</summary>
    public static byte[] Truncated(byte[] good) => good[..(good.Length / 2)];

    /// <summary>A valid zip that is not a workbook (a text file inside).</summary>
    public static byte[] ZipWithoutWorkbook() => Zip(("readme.txt", Encoding.UTF8.GetBytes("这是一个压缩包，不是报表。"), CompressionLevel.Optimal));

    /// <summary>
    /// A zip bomb: a few hundred KB whose worksheet part inflates to <paramref name="inflatedBytes"/> of zeros
    /// (64 MB by default, over the 50 MB uncompressed limit).
    /// </summary>
    public static byte[] ZipBomb(long inflatedBytes = 64L * 1024 * 1024) => Zip(
        ("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"), CompressionLevel.Optimal),
        ("xl/worksheets/sheet1.xml", Zeros(inflatedBytes), CompressionLevel.SmallestSize));

    /// <summary>
    /// A bomb under the total limit but with an absurd compression ratio: 10 MB of zeros in about 10 KB.
    /// </summary>
    public static byte[] CompressionRatioBomb(long inflatedBytes = 10L * 1024 * 1024) => ZipBomb(inflatedBytes);

    /// <summary>
    /// A zip bomb whose headers lie: the entry declares 1,000 bytes but holds <paramref name="inflatedBytes"/> of zeros.
    /// </summary>
    public static byte[] ZipBombWithFalseSizes(long inflatedBytes = 64L * 1024 * 1024)
    {
        var bytes = ZipBomb(inflatedBytes);
        const uint declared = 1000;
        for (var offset = 0; offset + 30 <= bytes.Length; offset++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            if (signature == 0x04034b50 && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 22)) > declared)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 22), declared);
            }
            else if (signature == 0x02014b50 && offset + 46 <= bytes.Length && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 24)) > declared)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 24), declared);
            }
        }

        return bytes;
    }

    /// <summary>A good workbook with <paramref name="extraEntries"/> more (empty) zip entries.</summary>
    public static byte[] TooManyEntries(byte[] good, int extraEntries = 500) => AddEntries(good, Enumerable.Range(1, extraEntries)
        .Select(i => ($"customXml/item{i}.xml", Array.Empty<byte>(), CompressionLevel.Optimal)));

    /// <summary>A good workbook padded with an incompressible, stored entry to at least <paramref name="totalBytes"/>.</summary>
    public static byte[] Oversized(byte[] good, int totalBytes)
    {
        var padding = new byte[Math.Max(0, totalBytes - good.Length) + 1024];
        new Random(42).NextBytes(padding);
        return AddEntries(good, [("xl/media/image1.bin", padding, CompressionLevel.NoCompression)]);
    }

    /// <summary>A good workbook whose first worksheet part is replaced by broken XML.</summary>
    public static byte[] CorruptWorksheetXml(byte[] good) =>
        ReplaceEntry(good, "xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes("<worksheet><sheetData><row><c r=\"A1\""));

    /// <summary>Another workbook altogether: a sheet of the right name, no identity, no code column.</summary>
    public static byte[] ForeignWorkbook(string sheetName)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(sheetName);
        sheet.Cell("A1").SetValue("指标");
        sheet.Cell("B1").SetValue("本期数");
        sheet.Cell("A2").SetValue("首贷户数");
        sheet.Cell("B2").SetValue(12);
        return Save(workbook);
    }

    /// <summary>A good workbook with its identity defined names (CT_FORM, CT_PERIOD, CT_INSTITUTION, CT_CODES, CT_INPUTS) removed.</summary>
    public static byte[] WithoutIdentity(byte[] good) => Edit(good, workbook =>
    {
        foreach (var name in new[]
        {
            FormWorkbookLayout.FormCodeName, FormWorkbookLayout.PeriodName, FormWorkbookLayout.InstitutionName,
            FormWorkbookLayout.CodesName, FormWorkbookLayout.InputsName,
        })
        {
            workbook.NamedRanges.Delete(name);
        }
    });

    /// <summary>A good workbook whose sheet <paramref name="from"/> was renamed.</summary>
    public static byte[] RenamedSheet(byte[] good, string from, string to) => Edit(good, workbook => workbook.Worksheet(from).Name = to);

    /// <summary>A good workbook claiming another form code (表号).</summary>
    public static byte[] WrongForm(byte[] good, string formCode) => WithIdentity(good, FormWorkbookLayout.FormCodeName, formCode);

    /// <summary>A good workbook claiming another period (期次).</summary>
    public static byte[] WrongPeriod(byte[] good, string periodKey) => WithIdentity(good, FormWorkbookLayout.PeriodName, periodKey);

    /// <summary>A good workbook claiming another institution (机构代码).</summary>
    public static byte[] WrongInstitution(byte[] good, string institutionCode) => WithIdentity(good, FormWorkbookLayout.InstitutionName, institutionCode);

    /// <summary>A good workbook with the cell behind an identity defined name set to <paramref name="value"/>.</summary>
    public static byte[] WithIdentity(byte[] good, string definedName, string value) =>
        Edit(good, workbook => workbook.NamedRanges.NamedRange(definedName).Ranges.First().FirstCell().SetValue(value));

    /// <summary>A good workbook with text typed into an indicator's input cell (e.g. 十二 for 首贷户数).</summary>
    public static byte[] WithInputText(byte[] good, string code, string text) => EditInput(good, code, cell => cell.SetValue(text));

    /// <summary>A good workbook with a number in an indicator's input cell (e.g. a negative count, which the reader accepts).</summary>
    public static byte[] WithInputValue(byte[] good, string code, decimal value) => EditInput(good, code, cell => cell.SetValue(value));

    /// <summary>A good workbook with figures in several indicators' input cells, opened and saved once.</summary>
    public static byte[] WithInputValues(byte[] good, IEnumerable<KeyValuePair<string, decimal>> values) => Edit(good, workbook =>
    {
        foreach (var (code, value) in values)
        {
            InputCellOf(workbook, code).SetValue(value);
        }
    });

    /// <summary>A good workbook with a date in an indicator's input cell (Excel turns 2022/11/1 into a date).</summary>
    public static byte[] WithInputDate(byte[] good, string code, DateTime date) => EditInput(good, code, cell =>
    {
        cell.SetValue(date);
        cell.Style.DateFormat.Format = "yyyy/m/d";
    });

    /// <summary>
    /// A good workbook with a percentage in an indicator's input cell, as Excel stores 12.5% typed in: the fraction
    /// 0.125 with the built-in format 0.00% (id 10).
    /// </summary>
    public static byte[] WithInputPercent(byte[] good, string code, decimal fraction) => EditInput(good, code, cell =>
    {
        cell.SetValue(fraction);
        cell.Style.NumberFormat.NumberFormatId = 10;
    });

    /// <summary>A good workbook with a formula in an indicator's input cell (A1 syntax, without the leading =).</summary>
    public static byte[] WithInputFormula(byte[] good, string code, string formulaA1) => EditInput(good, code, cell => cell.FormulaA1 = formulaA1);

    /// <summary>A good workbook with an extra hidden (or very hidden) sheet holding some data.</summary>
    public static byte[] WithHiddenSheet(byte[] good, string name = "底稿", bool veryHidden = false) => Edit(good, workbook =>
    {
        var sheet = workbook.AddWorksheet(name);
        sheet.Cell("A1").SetValue("首贷户数");
        sheet.Cell("B1").SetValue(99);
        sheet.Visibility = veryHidden ? XLWorksheetVisibility.VeryHidden : XLWorksheetVisibility.Hidden;
    });

    /// <summary>A good workbook where an indicator's row lost its code (as if the row was overwritten).</summary>
    public static byte[] WithoutIndicatorRow(byte[] good, string code) => Edit(good, workbook =>
        CodeCell(workbook, code).Clear(XLClearOptions.Contents));

    /// <summary>A good workbook where the row of <paramref name="otherCode"/> also claims <paramref name="code"/>.</summary>
    public static byte[] WithDuplicatedIndicatorRow(byte[] good, string code, string otherCode) => Edit(good, workbook =>
        CodeCell(workbook, otherCode).SetValue(code));

    /// <summary>The input cell of an indicator, e.g. <c>E10</c>, found through the code column like the reader does.</summary>
    public static string InputCell(byte[] workbook, string code)
    {
        using var book = Open(workbook);
        return InputCellOf(book, code).Address.ToString()!;
    }

    private static IXLCell CodeCell(XLWorkbook workbook, string code)
    {
        var codes = workbook.NamedRanges.NamedRange(FormWorkbookLayout.CodesName).Ranges.First();
        return codes.CellsUsed().First(cell => cell.GetString() == code);
    }

    private static IXLCell InputCellOf(XLWorkbook workbook, string code)
    {
        var codeCell = CodeCell(workbook, code);
        var inputs = workbook.NamedRanges.NamedRange(FormWorkbookLayout.InputsName).Ranges.First();
        return codeCell.Worksheet.Cell(codeCell.Address.RowNumber, inputs.RangeAddress.FirstAddress.ColumnNumber);
    }

    private static byte[] EditInput(byte[] good, string code, Action<IXLCell> edit) => Edit(good, workbook => edit(InputCellOf(workbook, code)));

    private static byte[] Edit(byte[] good, Action<XLWorkbook> edit)
    {
        using var workbook = Open(good);
        edit(workbook);
        return Save(workbook);
    }

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static byte[] Save(XLWorkbook workbook)
    {
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    private static byte[] Zeros(long count) => new byte[count];

    private static byte[] Zip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    private static byte[] AddEntries(byte[] good, IEnumerable<(string Name, byte[] Content, CompressionLevel Level)> entries)
    {
        using var output = new MemoryStream();
        output.Write(good);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    private static byte[] ReplaceEntry(byte[] good, string name, byte[] content)
    {
        using var output = new MemoryStream();
        output.Write(good);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            stream.Write(content);
        }

        return output.ToArray();
    }
}
