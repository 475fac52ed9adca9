using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

public class FormWorkbookReaderTests
{
    private const string File = FormWorkbookLayout.FileErrorKey;

    private static readonly ImportLimits Limits = new();

    private byte[] good = [];

    [OneTimeSetUp]
    public void WriteOnce() => good = ExcelTestFiles.GoodWorkbook();

    // ---- file-level problems ----

    [Test]
    public void EmptyFile_IsRefused() =>
        AssertRefused(BadWorkbooks.Empty(), File, "空的");

    [Test]
    public void HugeFile_OverMaxFileBytes_IsRefusedBeforeUnpacking()
    {
        var bytes = BadWorkbooks.Oversized(good, 64 * 1024);

        AssertRefused(bytes, File, "文件超过 32 KB 的大小上限", new ImportLimits { MaxFileBytes = 32 * 1024 });
    }

    [Test]
    public void HugeFile_OnNonSeekableStream_StopsReadingAtTheLimit()
    {
        var bytes = BadWorkbooks.Oversized(good, 64 * 1024);
        var limits = new ImportLimits { MaxFileBytes = 32 * 1024 };
        using var upload = new CountingStream(bytes);

        var result = new FormWorkbookReader(limits).Read(upload, ExcelTestFiles.Expectation());

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Keys, Is.EqualTo(new[] { File }));
            Assert.That(upload.BytesRead, Is.LessThanOrEqualTo(limits.MaxFileBytes + 81920));
        });
    }

    [Test]
    public void NotAZip_IsRefused() =>
        AssertRefused(BadWorkbooks.NotAZip(), File, "不是 Excel 工作簿（.xlsx）");

    [Test]
    public void LegacyXlsOrPasswordProtected_IsRefusedWithSaveAsAdvice() =>
        AssertRefused(BadWorkbooks.LegacyXls(), File, "另存为");

    [Test]
    public void TruncatedZip_IsRefused() =>
        AssertRefused(BadWorkbooks.Truncated(good), File, "损坏或不完整");

    [Test]
    public void ZipWithoutWorkbook_IsRefused() =>
        AssertRefused(BadWorkbooks.ZipWithoutWorkbook(), File, "不是 Excel 工作簿");

    [Test]
    public void ZipBomb_OverUncompressedLimit_IsRefusedWithoutUnpacking()
    {
        var bomb = BadWorkbooks.ZipBomb();
        Assert.That(bomb, Has.Length.LessThan(1024 * 1024), "a small file");

        AssertRefused(bomb, File, "压缩炸弹");
    }

    [Test]
    public void ZipBomb_WithAbsurdCompressionRatio_IsRefused() =>
        AssertRefused(BadWorkbooks.CompressionRatioBomb(), File, "压缩比异常");

    [Test]
    public void ZipBomb_WithFalseSizes_IsRefused() =>
        AssertRefused(BadWorkbooks.ZipBombWithFalseSizes(), File);

    [Test]
    public void TooManyZipEntries_IsRefused() =>
        AssertRefused(BadWorkbooks.TooManyEntries(good), File, "部件");

    [Test]
    public void CorruptWorksheetXml_IsRefused() =>
        AssertRefused(BadWorkbooks.CorruptWorksheetXml(good), File, "无法");

    // ---- wrong file ----

    [Test]
    public void WrongTemplate_ForeignWorkbook_IsRefused() =>
        AssertRefused(BadWorkbooks.ForeignWorkbook(ExcelTestFiles.SheetName), File, "不是从本系统下载的报表模板");

    [Test]
    public void WrongTemplate_IdentityNamesRemoved_IsRefused() =>
        AssertRefused(BadWorkbooks.WithoutIdentity(good), File, "缺少本系统报表的标识");

    [Test]
    public void RenamedFormSheet_IsRefusedNamingTheSheets() =>
        AssertRefused(BadWorkbooks.RenamedSheet(good, "周报", "Sheet1"), File, "找不到工作表“周报”（现有工作表：“Sheet1”、“填报说明”）");

    [Test]
    public void WrongForm_IsRefused() =>
        AssertRefused(BadWorkbooks.WrongForm(good, "SD-YB"), File, "文件的表号为“SD-YB”，不是本表（表号“SD-ZB”）");

    [Test]
    public void WrongPeriod_IsRefused() =>
        AssertRefused(BadWorkbooks.WrongPeriod(good, "2022-W44"), File, "文件的报告期为“2022年第44周（10月31日—11月6日）”，当前上传的是“2022年第45周（11月7日—11月13日）”");

    [Test]
    public void AFileOfAnEarlierVersion_WhoseCellSaysThePeriodKey_IsStillThisPeriod() =>
        Assert.That(Read(BadWorkbooks.WrongPeriod(good, ExcelTestFiles.PeriodKey)).Succeeded, Is.True);

    [Test]
    public void WrongInstitution_IsRefused() =>
        AssertRefused(BadWorkbooks.WrongInstitution(good, "SD-ICBC"), File, "文件的填报机构代码为“SD-ICBC”，与本机构（“SD-RCB”）不符");

    [Test]
    public void HiddenExtraSheet_IsRefused() =>
        AssertRefused(BadWorkbooks.WithHiddenSheet(good), File, "隐藏的工作表“底稿”");

    [Test]
    public void VeryHiddenExtraSheet_IsRefused() =>
        AssertRefused(BadWorkbooks.WithHiddenSheet(good, "x", veryHidden: true), File, "深度隐藏的工作表“x”");

    [Test]
    public void IndicatorRowMissing_IsRefusedNamingTheIndicator() =>
        AssertRefused(BadWorkbooks.WithoutIndicatorRow(good, "SME_CNT"), File, "找不到指标“普惠小微贷款户数”（SME_CNT）的填报行");

    [Test]
    public void IndicatorRowDuplicated_IsRefused() =>
        AssertRefused(BadWorkbooks.WithDuplicatedIndicatorRow(good, "SME_CNT", "DEFER_CNT"), File, "出现在多行（第 14、15 行）");

    // ---- cell problems ----

    [Test]
    public void TextInNumberCell_IsRefusedAtTheCellNamingTheIndicator()
    {
        var cell = BadWorkbooks.InputCell(good, "FIRST_CNT");
        Assert.That(cell, Is.EqualTo("E10"));

        var errors = AssertRefused(BadWorkbooks.WithInputText(good, "FIRST_CNT", "十二"), "周报!E10");

        Assert.That(errors["周报!E10"], Is.EqualTo(new[] { "“首贷户数”应为数字，当前内容为“十二”。" }));
    }

    [Test]
    public void NumberWithUnit_IsRefused() =>
        AssertRefused(BadWorkbooks.WithInputText(good, "LOAN_BAL", "12万元"), "周报!E8", "“各项贷款余额”应为数字，当前内容为“12万元”。");

    [Test]
    public void Formula_IsRefusedAsValuesOnly()
    {
        var errors = AssertRefused(BadWorkbooks.WithInputFormula(good, "LOAN_NEW", "E8-D8"), "周报!E9");

        Assert.That(errors["周报!E9"].Single(), Does.Contain("“本周新增贷款”使用了公式“=E8-D8”").And.Contain("请只填数值，不要使用公式"));
    }

    [Test]
    public void Date_IsRefused() =>
        AssertRefused(BadWorkbooks.WithInputDate(good, "FIRST_CNT", new DateTime(2022, 11, 1)), "周报!E10", "当前内容为日期“2022-11-01”");

    [Test]
    public void PercentInAmountCell_IsRefused() =>
        AssertRefused(BadWorkbooks.WithInputPercent(good, "FEE_CUT", 0.125m), "周报!E18", "单位是万元，当前内容为百分数“12.5%”");

    [Test]
    public void SeveralBadCells_AreAllReported()
    {
        var bytes = BadWorkbooks.WithInputText(BadWorkbooks.WithInputFormula(good, "LOAN_NEW", "1+1"), "FIRST_CNT", "约12");

        var result = Read(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Keys, Is.EquivalentTo(new[] { "周报!E9", "周报!E10" }));
            Assert.That(result.Values, Is.Empty);
        });
    }

    // ---- what the reader accepts (business rules come later) ----

    [Test]
    public void NegativeCount_IsParsed_LeftToBusinessValidation()
    {
        var result = Read(BadWorkbooks.WithInputValue(good, "FIRST_CNT", -3));

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Values["FIRST_CNT"], Is.EqualTo(-3m));
        });
    }

    [TestCase("12", 12)]
    [TestCase(" 1,234.50 ", 1234.5)]
    [TestCase("１２，３４５．６", 12345.6)]
    [TestCase("-0.5", -0.5)]
    [TestCase("\u3000７\u3000", 7)]
    public void PlainNumberAsText_IsAccepted(string text, decimal expected)
    {
        var result = Read(BadWorkbooks.WithInputText(good, "LOAN_BAL", text));

        Assert.That(result.Values.GetValueOrDefault("LOAN_BAL"), Is.EqualTo(expected), () => string.Join("; ", result.Errors.SelectMany(e => e.Value)));
    }

    [TestCase("十二")]
    [TestCase("12户")]
    [TestCase("1.2e3")]
    [TestCase("1,2345")]
    [TestCase("(12)")]
    [TestCase("12%")]
    [TestCase("#N/A")]
    public void OtherText_IsRefused(string text) =>
        AssertRefused(BadWorkbooks.WithInputText(good, "LOAN_BAL", text), "周报!E8");

    [Test]
    public void WhitespaceOnly_IsEmpty()
    {
        var result = Read(BadWorkbooks.WithInputText(good, "LOAN_BAL", "  "));

        Assert.That(result.Values["LOAN_BAL"], Is.Null);
    }

    [Test]
    public void PercentForPercentUnit_ReadsAsThePercentNumber()
    {
        var typed = Read(BadWorkbooks.WithInputPercent(good, "SME_RATE", 0.0479m));
        var text = Read(BadWorkbooks.WithInputText(good, "SME_RATE", "4.79%"));

        Assert.Multiple(() =>
        {
            Assert.That(typed.Values["SME_RATE"], Is.EqualTo(4.79m));
            Assert.That(text.Values["SME_RATE"], Is.EqualTo(4.79m));
        });
    }

    [Test]
    public void VisibleExtraSheet_IsIgnored()
    {
        using var workbook = new XLWorkbook(new MemoryStream(good));
        workbook.AddWorksheet("草稿").Cell("A1").SetValue("计算用");
        using var output = new MemoryStream();
        workbook.SaveAs(output);

        Assert.That(Read(output.ToArray()).Succeeded, Is.True);
    }

    private static ImportResult Read(byte[] bytes, ImportLimits? limits = null) =>
        new FormWorkbookReader(limits ?? Limits).Read(new MemoryStream(bytes), ExcelTestFiles.Expectation());

    /// <summary>Exactly one error key, a message containing <paramref name="messagePart"/>, no values.</summary>
    private static IReadOnlyDictionary<string, string[]> AssertRefused(byte[] bytes, string key, string? messagePart = null, ImportLimits? limits = null)
    {
        ImportResult? result = null;
        Assert.DoesNotThrow(() => result = Read(bytes, limits));

        Assert.Multiple(() =>
        {
            Assert.That(result!.Succeeded, Is.False);
            Assert.That(result.Errors.Keys, Is.EqualTo(new[] { key }), () => string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" | ", e.Value)}")));
            Assert.That(result.Values, Is.Empty);
            if (messagePart is not null)
            {
                Assert.That(result.Errors.GetValueOrDefault(key), Has.Some.Contains(messagePart));
            }
        });

        return result!.Errors;
    }

    /// <summary>A forward-only upload that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
    }
}
