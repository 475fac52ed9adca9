using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

public class FormWorkbookRoundTripTests
{
    private static readonly ImportLimits Limits = new();

    private byte[] good = [];

    [OneTimeSetUp]
    public void WriteOnce() => good = ExcelTestFiles.GoodWorkbook();

    [Test]
    public void WrittenForm_ReadsBackIdenticalValuesIncludingNullsAndDecimals()
    {
        var result = new FormWorkbookReader(Limits).Read(new MemoryStream(good), ExcelTestFiles.Expectation());

        var expected = ExcelTestFiles.Indicators.ToDictionary(
            indicator => indicator.Code,
            indicator => ExcelTestFiles.CurrentValues.GetValueOrDefault(indicator.Code));
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Values, Is.EquivalentTo(expected));
            Assert.That(result.Values["FIRST_AMT"], Is.EqualTo(0.1m));
            Assert.That(result.Values["LOAN_NEW"], Is.EqualTo(-250.55m));
            Assert.That(result.Values["SME_BAL"], Is.EqualTo(12.4001m));
            Assert.That(result.Values["DEFER_CNT"], Is.Null);
            Assert.That(result.Values["FEE_CUT"], Is.Null);
        });
    }

    [Test]
    public void ReadBack_ThroughNonSeekableStream_Works()
    {
        var result = new FormWorkbookReader(Limits).Read(new ForwardOnlyStream(good), ExcelTestFiles.Expectation());

        Assert.That(result.Succeeded, Is.True, () => string.Join("; ", result.Errors.SelectMany(error => error.Value)));
    }

    [Test]
    public void FormSheet_HasTitleBlockIdentityAndNames()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        var sheet = workbook.Worksheet(ExcelTestFiles.SheetName);

        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(ws => ws.Name), Is.EqualTo(new[] { "周报", "填报说明" }));
            Assert.That(sheet.Position, Is.EqualTo(1));
            Assert.That(sheet.Cell("A1").GetString(), Is.EqualTo("长治市上党区金融机构支持复工复产周报统计表"));
            Assert.That(sheet.Cell("A2").GetString(), Is.EqualTo("填报机构：山西上党农村商业银行股份有限公司"));
            Assert.That(sheet.Cell("A3").GetString(), Is.EqualTo("报告期：2022年11月7日至2022年11月13日"));
            Assert.That(sheet.Cell("A4").GetString(), Is.EqualTo("报送截止：2022年11月14日（星期一）12:00前"));
            Assert.That(sheet.Cell("C2").GetString(), Is.EqualTo("机构代码"));
            Assert.That(NamedCell(workbook, FormWorkbookLayout.InstitutionName).GetString(), Is.EqualTo(ExcelTestFiles.InstitutionCode));
            Assert.That(NamedCell(workbook, FormWorkbookLayout.PeriodName).GetString(), Is.EqualTo(ComplianceTracker.Web.Domain.PeriodNames.Name(ExcelTestFiles.PeriodKey)), "the week as people say it");
            Assert.That(NamedCell(workbook, FormWorkbookLayout.FormCodeName).GetString(), Is.EqualTo(ExcelTestFiles.FormCode));
            Assert.That(NamedCell(workbook, FormWorkbookLayout.PeriodName).DataType, Is.EqualTo(XLDataType.Text), "the period stays text");
            Assert.That(NamedCell(workbook, FormWorkbookLayout.PeriodName).Address.ToString(), Is.EqualTo("D3"));
            Assert.That(sheet.Range("A6:F6").Cells().Select(cell => cell.GetString()), Is.EqualTo(new[] { "序号", "指标名称", "单位", "上期数", "本期数", "指标代码" }));
            Assert.That(sheet.CellsUsed().Any(cell => cell.GetString().Contains('{')), Is.False, "no placeholder left");
        });
    }

    [Test]
    public void IndicatorRows_AreGroupedBySectionWithNumbersFormatsAndMarks()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        var sheet = workbook.Worksheet(ExcelTestFiles.SheetName);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("A7").GetString(), Is.EqualTo("一、信贷投放"));
            Assert.That(sheet.Cell("A7").IsMerged(), Is.True);
            Assert.That(sheet.Cell("A12").GetString(), Is.EqualTo("二、重点领域支持"));
            Assert.That(sheet.Cell("A16").GetString(), Is.EqualTo("三、减费让利"));

            // Row 8: 1 | ★各项贷款余额 | 万元 | 1,234,567.89 | 1,236,867.90 | LOAN_BAL
            Assert.That(sheet.Cell("A8").GetValue<int>(), Is.EqualTo(1));
            Assert.That(sheet.Cell("B8").GetString(), Is.EqualTo("★各项贷款余额"));
            Assert.That(sheet.Cell("B8").RichText.First().FontColor, Is.EqualTo(XLColor.Red));
            Assert.That(sheet.Cell("C8").GetString(), Is.EqualTo("万元"));
            Assert.That(sheet.Cell("D8").DataType, Is.EqualTo(XLDataType.Number));
            Assert.That(sheet.Cell("D8").GetDouble(), Is.EqualTo(1_234_567.89));
            Assert.That(sheet.Cell("D8").Style.NumberFormat.Format, Is.EqualTo("#,##0.00"));
            Assert.That(sheet.Cell("E8").GetDouble(), Is.EqualTo(1_236_867.9));
            Assert.That(sheet.Cell("E8").Style.NumberFormat.Format, Is.EqualTo("#,##0.00"));
            Assert.That(sheet.Cell("F8").GetString(), Is.EqualTo("LOAN_BAL"));

            // Counts are whole numbers, 亿元 with four decimals; an optional indicator has no ★.
            Assert.That(sheet.Cell("E10").Style.NumberFormat.Format, Is.EqualTo("#,##0"));
            Assert.That(sheet.Cell("E13").Style.NumberFormat.Format, Is.EqualTo("#,##0.0000"));
            Assert.That(sheet.Cell("B11").GetString(), Is.EqualTo("首贷金额"));
            Assert.That(sheet.Cell("D11").IsEmpty(), Is.True, "no previous value stays empty");
            Assert.That(sheet.Cell("E15").IsEmpty(), Is.True, "no current value stays empty");
            Assert.That(sheet.Cell("A18").GetValue<int>(), Is.EqualTo(9));

            Assert.That(sheet.Cell("A20").GetString(), Does.StartWith("单位负责人："), "the signature line moved below the rows");
        });
    }

    [Test]
    public void OnlyInputCellsAreUnlocked_SheetsAndStructureProtected_CodeColumnHidden()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        var sheet = workbook.Worksheet(ExcelTestFiles.SheetName);
        var inputs = new[] { "E8", "E9", "E10", "E11", "E13", "E14", "E15", "E17", "E18" };

        Assert.Multiple(() =>
        {
            Assert.That(sheet.IsProtected, Is.True);
            Assert.That(sheet.IsPasswordProtected, Is.False);
            Assert.That(workbook.Worksheet(FormWorkbookLayout.InstructionsSheetName).IsProtected, Is.True);
            Assert.That(workbook.IsProtected, Is.True);
            Assert.That(sheet.Column("F").IsHidden, Is.True);
            foreach (var cell in sheet.Range("A1:F21").Cells())
            {
                var isInput = inputs.Contains(cell.Address.ToString());
                Assert.That(cell.Style.Protection.Locked, Is.EqualTo(!isInput), cell.Address.ToString()!);
            }

            Assert.That(sheet.Cell("E8").Style.Fill.BackgroundColor, Is.EqualTo(XLColor.FromHtml("#FFF2CC")), "the template's input fill");
            Assert.That(sheet.Cell("E10").HasDataValidation, Is.True);
            Assert.That(sheet.Cell("E10").DataValidation.InputMessage, Does.Contain("单位：户").And.Contain("整数"));
        });
    }

    [Test]
    public void ColumnWidths_AreComputedWithCjkCountingDouble()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        var sheet = workbook.Worksheet(ExcelTestFiles.SheetName);

        // The longest name has 17 CJK characters: 34 units, plus the template's indent of 1 and a padding of 2;
        // the template's 36 is only the minimum.
        Assert.That(sheet.Column("B").Width, Is.EqualTo(37));
    }

    [Test]
    public void InstructionsSheet_ExplainsHowToFill()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        var sheet = workbook.Worksheet(FormWorkbookLayout.InstructionsSheetName);
        var text = string.Join("\n", sheet.CellsUsed().Select(cell => cell.GetString()));

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Position, Is.EqualTo(2));
            Assert.That(sheet.Visibility, Is.EqualTo(XLWorksheetVisibility.Visible));
            Assert.That(text, Does.Contain("长治市上党区金融机构支持复工复产周报统计表填报说明"));
            Assert.That(text, Does.Contain("单位").And.Contain("小数位数").And.Contain("★"));
            Assert.That(text, Does.Contain("不要使用公式"));
            Assert.That(text, Does.Contain("不要重命名"));
            Assert.That(text, Does.Contain(".xlsx").And.Contain("WPS"));
            Assert.That(text, Does.Contain("“周报”工作表"));
            Assert.That(text, Does.Contain("2022年11月14日（星期一）12:00"));
            Assert.That(text, Does.Not.Contain("{"));
        });

        var firstListed = sheet.CellsUsed().First(cell => cell.GetString() == "★首贷户数").Address.RowNumber;
        Assert.That(
            sheet.Row(firstListed).Cells(1, 6).Select(cell => cell.GetString()),
            Is.EqualTo(new[] { "3", "★首贷户数", "户", "整数", "必填", "本周首次在银行业金融机构获得贷款的市场主体户数。" }));
    }

    [Test]
    public void UserText_StartingLikeAFormula_StaysText()
    {
        var request = ExcelTestFiles.Request() with
        {
            InstitutionName = "=HYPERLINK(\"http://example.invalid\")",
            Indicators = [new("X", "-1 号指标", "", "万元", 2, false)],
        };
        using var output = new MemoryStream();
        new FormWorkbookWriter(ExcelTestFiles.TemplatePath()).Write(request, output);

        using var workbook = new XLWorkbook(new MemoryStream(output.ToArray()));
        var sheet = workbook.Worksheet(ExcelTestFiles.SheetName);
        var name = sheet.CellsUsed().Single(cell => cell.GetString() == "-1 号指标");
        Assert.Multiple(() =>
        {
            Assert.That(sheet.CellsUsed().Any(cell => cell.HasFormula), Is.False);
            Assert.That(name.Style.IncludeQuotePrefix, Is.True);
            Assert.That(sheet.Cell("B7").GetString(), Is.EqualTo("-1 号指标"), "no section row for an empty section");
        });
    }

    [Test]
    public void SheetName_IsTheRequestedOne_AndReadsBackUnderIt()
    {
        var request = ExcelTestFiles.Request() with { SheetName = "月报", PeriodKey = "2022-11" };
        using var output = new MemoryStream();
        new FormWorkbookWriter(ExcelTestFiles.TemplatePath()).Write(request, output);
        output.Position = 0;

        var result = new FormWorkbookReader(Limits).Read(
            output,
            ExcelTestFiles.Expectation() with { SheetName = "月报", PeriodKey = "2022-11" });

        Assert.That(result.Succeeded, Is.True, () => string.Join("; ", result.Errors.SelectMany(error => error.Value)));
    }

    [Test]
    public void Revision_TheFormWasDownloadedAt_ReadsBack_AlsoWhenACellIsBad_AndAFileWithoutOneHasNone()
    {
        using var output = new MemoryStream();
        new FormWorkbookWriter(ExcelTestFiles.TemplatePath()).Write(ExcelTestFiles.Request() with { Revision = 3 }, output);
        var reader = new FormWorkbookReader(Limits);

        var withRevision = reader.Read(new MemoryStream(output.ToArray()), ExcelTestFiles.Expectation());
        var badCell = reader.Read(new MemoryStream(BadWorkbooks.WithInputText(output.ToArray(), "FIRST_CNT", "十二")), ExcelTestFiles.Expectation());
        var without = reader.Read(new MemoryStream(good), ExcelTestFiles.Expectation());

        Assert.Multiple(() =>
        {
            Assert.That(withRevision.Revision, Is.EqualTo(3));
            Assert.That(badCell.Revision, Is.EqualTo(3));
            Assert.That(badCell.Values, Is.Empty, "no values when a cell is bad");
            Assert.That(badCell.Readable.Keys, Does.Not.Contain("FIRST_CNT").And.Contain("LOAN_BAL"), "the cells that could be read, for the rules");
            Assert.That(badCell.Readable["LOAN_BAL"], Is.EqualTo(withRevision.Values["LOAN_BAL"]));
            Assert.That(without.Revision, Is.Null);
        });
    }

    [TestCase("填报说明")]
    [TestCase("周报/月报")]
    [TestCase("")]
    public void InvalidSheetName_IsRefused(string sheetName)
    {
        var writer = new FormWorkbookWriter(ExcelTestFiles.TemplatePath());

        Assert.Throws<ArgumentException>(() => writer.Write(ExcelTestFiles.Request() with { SheetName = sheetName }, Stream.Null));
    }

    private static IXLCell NamedCell(XLWorkbook workbook, string name) =>
        workbook.NamedRanges.NamedRange(name).Ranges.Single().FirstCell();

    /// <summary>An upload body as ASP.NET gives it: read forward only, no length.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
