using ComplianceTracker.Web.Features.Exports.Xlsx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace ComplianceTracker.UnitTests.Exports;

/// <summary>
/// A wide sheet printed at full size: manual column breaks, the name columns repeated on every page, the template's
/// fit to width dropped; wrapped columns and a header row tall enough for wrapped headers.
/// </summary>
public class TemplateWriterPrintTests
{
    private const string Sheet = "周报汇总";

    private static readonly XColumn[] NameColumns = [new("序号", 6), new("机构代码", 12), new("机构名称", 30)];

    [Test]
    public void PageBreaks_FillEachPageBesideTheRepeatedColumns_AndKeepAGroupTogether()
    {
        var tenIndicators = NameColumns.Concat(Enumerable.Range(0, 10).Select(i => new XColumn($"指标{i}", 15))).ToList();
        var everyColumnAGroup = Enumerable.Range(3, 10).ToHashSet();
        // 48 of name columns + 4 × 15 = 108 ≤ 110: four indicators a page.
        var breaks = TemplateWriter.PageBreaks(tenIndicators, 3, everyColumnAGroup);

        // An indicator with its 较上期 and 排名 (15 + 13 + 8) is not split from them.
        var grouped = NameColumns.Concat([new("A", 15), new("B", 15), new("C", 15), new("D", 15), new("D较上期", 13), new("D排名", 8), new("E", 15)]).ToList();
        var groupedBreaks = TemplateWriter.PageBreaks(grouped, 3, new HashSet<int> { 3, 4, 5, 6, 9 });

        Assert.Multiple(() =>
        {
            Assert.That(breaks, Is.EqualTo(new[] { 7, 11 }));
            Assert.That(groupedBreaks, Is.EqualTo(new[] { 6 }), "D starts the second page with its change and rank");
            Assert.That(TemplateWriter.PageBreaks(NameColumns, 3, new HashSet<int>()), Is.Empty, "nothing to break");
        });
    }

    [Test]
    public void WideSheet_HasColumnBreaks_RepeatedNameColumns_NoFitToWidth_WrappedText_AndATallerHeader()
    {
        XColumn[] columns = [.. NameColumns, new("本周受疫情影响严重行业贷款新发放额（万元）", 15), new("各项贷款余额（万元）", 15), new("填报说明", 20, Wrap: true)];
        var bytes = ExportTestFiles.Write(ExportTestFiles.WeeklySummary, new SheetContent
        {
            Sheet = Sheet,
            Fields = new Dictionary<string, string> { [TemplateWriter.TitleName] = "汇总表" },
            Columns = columns,
            Rows = [[new XCell(1, XStyle.Number0), XCell.Text("SD-ICBC"), XCell.Text("中国工商银行股份有限公司长治上党支行"), XCell.Number(1.5m, 2), XCell.Number(2m, 2), XCell.Text(new string('长', 60))]],
            FrozenColumns = 3,
            PrintTitleColumns = 3,
            PageBreaksBefore = [4],
        });

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        var worksheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var setup = worksheet.GetFirstChild<PageSetup>()!;
        var breaks = worksheet.GetFirstChild<ColumnBreaks>()!.Elements<Break>().ToList();
        var titles = document.WorkbookPart.Workbook.DefinedNames!.Elements<DefinedName>().Single(n => n.Name == "_xlnm.Print_Titles").Text;
        var header = worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == ExportTemplateGenerator.HeaderRow);
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var comment = worksheet.Descendants<Cell>().Single(c => c.CellReference == $"F{ExportTemplateGenerator.HeaderRow + 1}");
        var name = worksheet.Descendants<Cell>().Single(c => c.CellReference == $"C{ExportTemplateGenerator.HeaderRow + 1}");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(breaks.Select(b => (b.Id!.Value, b.ManualPageBreak!.Value)), Is.EqualTo(new[] { (4u, true) }), "a break left of E, the fifth column");
            Assert.That(titles, Is.EqualTo("'周报汇总'!$A:$C,'周报汇总'!$1:$5"), "the name columns and the title rows repeat");
            Assert.That(setup.FitToWidth, Is.Null, "printed at full size");
            Assert.That(setup.Orientation!.Value, Is.EqualTo(OrientationValues.Landscape));
            Assert.That(worksheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value ?? false, Is.False);
            Assert.That(header.Height!.Value, Is.GreaterThanOrEqualTo(48), "four lines of the longest header");
            Assert.That(formats[(int)comment.StyleIndex!.Value].Alignment?.WrapText?.Value, Is.True, "a Wrap column wraps");
            Assert.That(formats[(int)(name.StyleIndex?.Value ?? 0)].Alignment?.WrapText?.Value ?? false, Is.False, "the others do not");
        });
    }
}
