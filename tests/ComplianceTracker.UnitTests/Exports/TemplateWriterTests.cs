using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace ComplianceTracker.UnitTests.Exports;

public class TemplateWriterTests
{
    private const string Sheet = "周报汇总";
    private const string Title = "2026年第47周金融机构报送情况汇总";
    private const int HeaderRow = ExportTemplateGenerator.HeaderRow;
    private const string Injection = "=HYPERLINK(\"http://x\",\"y\")";

    private static readonly XColumn[] Columns =
    [
        new("机构名称"),
        new("贷款余额（万元）"),
        new("利率"),
        new("报送日期"),
        new("状态"),
        new("备注", 30),
    ];

    private static IReadOnlyList<XCell>[] SampleRows() =>
    [
        [XCell.Text("山西上党农村商业银行股份有限公司"), XCell.Number(1234.5m, 2), new XCell(0.0485m, XStyle.Percent), new XCell(new DateOnly(2026, 11, 20)), XCell.Text("按时", XStyle.OnTime), XCell.Text(Injection)],
        [XCell.Text("+86 355 1234567"), XCell.Number(-250.55m, 2), XCell.Empty, new XCell(new DateTime(2026, 11, 21, 17, 30, 0), XStyle.Late), XCell.Text("逾期", XStyle.Late), XCell.Text("-3")],
        [XCell.Text("@SUM(A1)"), XCell.Number(12m, 0), new XCell(null, XStyle.Percent), XCell.Empty, XCell.Text("未报", XStyle.Missing), XCell.Text("a\u0000b\u0001c\u001Fd\uD800e\tf\u000Bg 😀")],
        [XCell.Text("合计", XStyle.TotalText), XCell.Number(996m, 2, total: true), XCell.Empty, XCell.Empty, XCell.Empty, XCell.Text("_x0041_")],
    ];

    private static readonly Dictionary<string, string> Fields = new()
    {
        [TemplateWriter.TitleName] = Title,
        [TemplateWriter.SubtitleName] = "报告期：2026年11月16日至2026年11月22日",
        [TemplateWriter.MadeOnName] = "制表时间：2026-11-22 19:00",
        [TemplateWriter.UnitsName] = "单位：万元",
    };

    private static SheetContent Sample(Action<int>? progress = null) => new()
    {
        Sheet = Sheet,
        Fields = Fields,
        Columns = Columns,
        Rows = SampleRows(),
        Progress = progress,
    };

    private byte[] written = [];

    [OneTimeSetUp]
    public void WriteOnce() => written = ExportTestFiles.Write(ExportTestFiles.WeeklySummary, Sample());

    [Test]
    public void StyleSheetIsRemoved_WithItsNames()
    {
        using var workbook = ExportTestFiles.Open(written);

        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(s => s.Name), Is.EqualTo(new[] { Sheet }));
            Assert.That(workbook.NamedRanges.Select(n => n.Name).Where(n => n.StartsWith(TemplateWriter.StyleNamePrefix, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public void TitleBlock_IsFilled_AndUnfilledNamesAreCleared()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("A1").GetString(), Is.EqualTo(Title));
            Assert.That(sheet.Cell("A1").Style.Font.Bold, Is.True, "the title keeps the template's style");
            Assert.That(sheet.Cell("A1").Style.Font.FontSize, Is.EqualTo(16));
            Assert.That(sheet.Cell("A2").GetString(), Is.EqualTo(Fields[TemplateWriter.SubtitleName]));
            Assert.That(sheet.Cell("A3").GetString(), Is.EqualTo(Fields[TemplateWriter.MadeOnName]));
            Assert.That(sheet.Cell("F3").GetString(), Is.EqualTo(Fields[TemplateWriter.UnitsName]));
            Assert.That(sheet.Cell("A4").GetString(), Is.Empty, "CT_Notes without a field is cleared");
            Assert.That(sheet.MergedRanges.Select(r => r.RangeAddress.ToString()), Does.Contain("A1:J1"));
        });
    }

    [Test]
    public void Header_HasTheTextsAndTheHeaderCellStyle()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var cell = sheet.Cell(HeaderRow, i + 1);
                Assert.That(cell.GetString(), Is.EqualTo(Columns[i].Header));
                Assert.That(cell.Style.Font.Bold, Is.True);
                Assert.That(cell.Style.Fill.BackgroundColor, Is.EqualTo(XLColor.FromHtml("#D9D9D9")));
            }

            Assert.That(sheet.Cell(HeaderRow + 1, 1).GetString(), Is.EqualTo("山西上党农村商业银行股份有限公司"), "data starts below the header");
        });
    }

    [Test]
    public void Numbers_AreNumericWithTheStyleNumberFormat()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("B6").DataType, Is.EqualTo(XLDataType.Number));
            Assert.That(sheet.Cell("B6").GetDouble(), Is.EqualTo(1234.5));
            Assert.That(FormatOf(sheet.Cell("B6")), Is.EqualTo("#,##0.00"));
            Assert.That(sheet.Cell("B7").GetDouble(), Is.EqualTo(-250.55));
            Assert.That(FormatOf(sheet.Cell("B8")), Is.EqualTo("#,##0"));
            Assert.That(sheet.Cell("C6").GetDouble(), Is.EqualTo(0.0485));
            Assert.That(FormatOf(sheet.Cell("C6")), Is.EqualTo("0.00%"));
            Assert.That(FormatOf(sheet.Cell("B9")), Is.EqualTo("#,##0.00"));
            Assert.That(sheet.Cell("B9").Style.Font.Bold, Is.True, "TotalNumber2 is bold");
        });
    }

    [Test]
    public void Dates_AreNumbersWithDateFormats_AndStatusStylesKeepTheirFill()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);
        using var template = new XLWorkbook(ExportTestFiles.WeeklySummary);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("D6").DataType, Is.EqualTo(XLDataType.DateTime));
            Assert.That(sheet.Cell("D6").GetDateTime(), Is.EqualTo(new DateTime(2026, 11, 20)));
            Assert.That(FormatOf(sheet.Cell("D6")), Is.EqualTo("yyyy-mm-dd"));
            Assert.That(sheet.Cell("D7").GetDateTime(), Is.EqualTo(new DateTime(2026, 11, 21, 17, 30, 0)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(FormatOf(sheet.Cell("D7")), Is.EqualTo("yyyy-mm-dd hh:mm"), "a Late date keeps the date-time format");
            Assert.That(sheet.Cell("D7").Style.Fill.BackgroundColor, Is.EqualTo(StyleCell(template, XStyle.Late).Style.Fill.BackgroundColor), "and the Late fill");
        });
    }

    [Test]
    public void StatusCells_HaveTheFillsOfTheStyleSheet()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);
        using var template = new XLWorkbook(ExportTestFiles.WeeklySummary);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("E6").Style.Fill.BackgroundColor, Is.EqualTo(StyleCell(template, XStyle.OnTime).Style.Fill.BackgroundColor));
            Assert.That(sheet.Cell("E7").Style.Fill.BackgroundColor, Is.EqualTo(StyleCell(template, XStyle.Late).Style.Fill.BackgroundColor));
            Assert.That(sheet.Cell("E8").Style.Fill.BackgroundColor, Is.EqualTo(StyleCell(template, XStyle.Missing).Style.Fill.BackgroundColor));
            Assert.That(sheet.Cell("E8").Style.Font.FontColor, Is.EqualTo(StyleCell(template, XStyle.Missing).Style.Font.FontColor));
            Assert.That(sheet.Cell("E7").Style.Fill.BackgroundColor, Is.EqualTo(XLColor.FromHtml("#FFEB9C")));
            Assert.That(sheet.Cell("E8").Style.Fill.BackgroundColor, Is.EqualTo(XLColor.FromHtml("#FFC7CE")));
        });
    }

    [Test]
    public void NullCells_AreNotWritten()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.Cell("C7").IsEmpty(XLCellsUsedOptions.All), Is.True);
            Assert.That(sheet.Cell("C8").IsEmpty(XLCellsUsedOptions.All), Is.True, "null with a style is no cell either");
        });
    }

    [TestCase("F6", Injection)]
    [TestCase("A7", "+86 355 1234567")]
    [TestCase("F7", "-3")]
    [TestCase("A8", "@SUM(A1)")]
    public void FormulaLikeText_ComesBackAsTheLiteralText(string address, string expected)
    {
        using var workbook = ExportTestFiles.Open(written);
        var cell = workbook.Worksheet(Sheet).Cell(address);

        Assert.Multiple(() =>
        {
            Assert.That(cell.HasFormula, Is.False);
            Assert.That(cell.DataType, Is.EqualTo(XLDataType.Text));
            Assert.That(cell.GetString(), Is.EqualTo(expected));
            Assert.That(cell.Style.IncludeQuotePrefix, Is.True, "quote prefix: stays text when edited in Excel");
        });
    }

    [Test]
    public void ControlCharactersAndLoneSurrogates_AreRemoved_TabsAndEmojiKept()
    {
        using var workbook = ExportTestFiles.Open(written);

        Assert.That(workbook.Worksheet(Sheet).Cell("F8").GetString(), Is.EqualTo("abcde\tfg 😀"));
    }

    [Test]
    public void CleanText_EscapesExcelsXStringSyntax()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TemplateWriter.CleanText("_x0041_"), Is.EqualTo("_x005F_x0041_"));
            Assert.That(TemplateWriter.CleanText("a_xyz_"), Is.EqualTo("a_xyz_"));
            Assert.That(TemplateWriter.CleanText(new string('字', 40_000)), Has.Length.EqualTo(TemplateWriter.MaxTextLength));
        });
    }

    [Test]
    public void Pane_IsFrozenBelowTheHeaderAndRightOfTheFrozenColumns()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.SheetView.SplitRow, Is.EqualTo(HeaderRow));
            Assert.That(sheet.SheetView.SplitColumn, Is.EqualTo(1));
        });
    }

    [Test]
    public void PrintTitles_AutoFilter_PageSetupAndWidths()
    {
        using var workbook = ExportTestFiles.Open(written);
        var sheet = workbook.Worksheet(Sheet);

        Assert.Multiple(() =>
        {
            Assert.That(sheet.PageSetup.FirstRowToRepeatAtTop, Is.EqualTo(1));
            Assert.That(sheet.PageSetup.LastRowToRepeatAtTop, Is.EqualTo(HeaderRow));
            Assert.That(sheet.AutoFilter.Range.RangeAddress.ToString(), Is.EqualTo($"A{HeaderRow}:F{HeaderRow + 4}"));
            Assert.That(sheet.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape));
            Assert.That(sheet.PageSetup.PagesWide, Is.EqualTo(1));
            Assert.That(sheet.PageSetup.PaperSize, Is.EqualTo(XLPaperSize.A4Paper));
        });
    }

    [Test]
    public void ColumnWidths_FromTheHeaderText_OrXColumnWidth()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(written), false);
        var widths = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<Columns>()!.Elements<Column>()
            .ToDictionary(c => c.Min!.Value, c => c.Width!.Value);

        Assert.Multiple(() =>
        {
            Assert.That(widths[1], Is.EqualTo(10), "机构名称: 4 CJK × 2 + 2");
            Assert.That(widths[2], Is.EqualTo(18), "贷款余额（万元）: 8 × 2 + 2");
            Assert.That(widths[3], Is.EqualTo(8), "利率: at least 8");
            Assert.That(widths[6], Is.EqualTo(30), "XColumn.Width");
            Assert.That(TemplateWriter.HeaderWidth(new XColumn(new string('长', 50))), Is.EqualTo(60), "at most 60");
            Assert.That(TemplateWriter.HeaderWidth(new XColumn("贷款余额\n（万元）")), Is.EqualTo(10), "the longest line counts");
        });
    }

    [Test]
    public void Output_IsValidOpenXml_WithDimensionAndFitToPage()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(written), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
        var part = document.WorkbookPart!.WorksheetParts.Single();

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(part.Worksheet.SheetDimension?.Reference?.Value, Is.EqualTo($"A1:J{HeaderRow + 4}"));
            Assert.That(part.Worksheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value, Is.True);
            Assert.That(part.Worksheet.Descendants<CellFormula>(), Is.Empty, "no formula is ever written");
        });
    }

    [Test]
    public void Progress_IsReportedEveryThousandRows()
    {
        var reported = new List<int>();
        var content = new SheetContent
        {
            Sheet = Sheet,
            Fields = Fields,
            Columns = [new XColumn("序号")],
            Rows = Enumerable.Range(1, 2500).Select(i => (IReadOnlyList<XCell>)[new XCell(i)]),
            Progress = reported.Add,
        };

        ExportTestFiles.Write(ExportTestFiles.WeeklySummary, content);

        Assert.That(reported, Is.EqualTo(new[] { 1000, 2000 }));
    }

    [Test]
    public void CircularLedger_FillsTwoSheets_RemovesTheOthers_AndRenumbersSheetNames()
    {
        var bytes = ExportTestFiles.Write(
            ExportTestFiles.TemplatePath("circular-ledger.xlsx"),
            ExportTestFiles.Content("报送记录", [new XColumn("机构"), new XColumn("报送时间")], [[XCell.Text("A"), new XCell(new DateTime(2026, 11, 20, 9, 0, 0))]]),
            ExportTestFiles.Content("要求", [new XColumn("条款"), new XColumn("要求")], [[XCell.Text("第一条"), XCell.Text("按周报送")], [XCell.Text("第二条"), XCell.Text("按月报送")]]));

        using var workbook = ExportTestFiles.Open(bytes);
        var records = workbook.Worksheet("报送记录");
        var requirements = workbook.Worksheet("要求");
        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(s => s.Name), Is.EqualTo(new[] { "要求", "报送记录" }), "template order");
            Assert.That(requirements.Cell("A1").GetString(), Is.EqualTo("要求（测试）"));
            Assert.That(records.Cell("A1").GetString(), Is.EqualTo("报送记录（测试）"));
            Assert.That(records.PageSetup.LastRowToRepeatAtTop, Is.EqualTo(HeaderRow));
            Assert.That(records.AutoFilter.Range.RangeAddress.ToString(), Is.EqualTo($"A{HeaderRow}:B{HeaderRow + 1}"));
            Assert.That(requirements.AutoFilter.Range.RangeAddress.ToString(), Is.EqualTo($"A{HeaderRow}:B{HeaderRow + 2}"));
            Assert.That(records.Cell(HeaderRow + 1, 2).GetDateTime(), Is.EqualTo(new DateTime(2026, 11, 20, 9, 0, 0)));
        });
    }

    [Test]
    public void HeaderNotInColumnA_DataStartsAtItsColumn_AndFrozenColumnsCountFromIt()
    {
        using var template = ExportTestFiles.TempFile();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("数据");
            sheet.Cell("B1").SetValue("标题");
            sheet.NamedRanges.Add(TemplateWriter.TitleName, sheet.Range("B1"));
            sheet.Cell("C3").Style.Font.SetBold();
            sheet.NamedRanges.Add(TemplateWriter.HeaderName, sheet.Range("C3"));
            sheet.Cell("C4").SetValue("模板里表头下方的行被丢弃");
            workbook.SaveAs(template.Path);
        }

        var content = ExportTestFiles.Content("数据", [new XColumn("机构"), new XColumn("数1"), new XColumn("数2"), new XColumn("日期")],
            [[XCell.Text("甲"), XCell.Number(1.25m, 1), XCell.Number(2.125m, 3), new XCell(new DateOnly(2026, 1, 2))]]);
        content = new SheetContent { Sheet = content.Sheet, Fields = content.Fields, Columns = content.Columns, Rows = content.Rows, FrozenColumns = 2 };

        using var output = ExportTestFiles.Open(ExportTestFiles.Write(template.Path, content));
        var data = output.Worksheet("数据");
        Assert.Multiple(() =>
        {
            Assert.That(data.Cell("B1").GetString(), Is.EqualTo("数据（测试）"));
            Assert.That(data.Cell("C3").GetString(), Is.EqualTo("机构"));
            Assert.That(data.Cell("C3").Style.Font.Bold, Is.True);
            Assert.That(data.Cell("C4").GetString(), Is.EqualTo("甲"));
            Assert.That(data.SheetView.SplitRow, Is.EqualTo(3));
            Assert.That(data.SheetView.SplitColumn, Is.EqualTo(4), "columns A:B before the header, then 2 frozen");
            Assert.That(FormatOf(data.Cell("D4")), Is.EqualTo("#,##0.0"), "no 样式 sheet: fallback number formats");
            Assert.That(FormatOf(data.Cell("E4")), Is.EqualTo("#,##0.000"));
            Assert.That(FormatOf(data.Cell("F4")), Is.EqualTo("yyyy-mm-dd"));
            Assert.That(data.AutoFilter.Range.RangeAddress.ToString(), Is.EqualTo("C3:F4"));
        });
    }

    [Test]
    public void TemplateAsExcelSavesIt_KeepsCommentsLinksPrinterSettingsAndMarkupCompatibility()
    {
        using var template = ExportTestFiles.TempFile();
        using (var workbook = new XLWorkbook(ExportTestFiles.WeeklySummary))
        {
            var sheet = workbook.Worksheet(Sheet);
            sheet.Cell("F3").Comment.AddText("单位按万元");
            sheet.Cell("B3").SetValue("政策原文").Hyperlink = new XLHyperlink(new Uri("https://www.pbc.gov.cn/"));
            workbook.SaveAs(template.Path);
        }

        // What Excel adds on save: markup-compatibility namespaces and attributes, and a printer settings part.
        using (var document = SpreadsheetDocument.Open(template.Path, true))
        {
            var workbookPart = document.WorkbookPart!;
            var sheetId = workbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == Sheet).Id!.Value!;
            var part = (WorksheetPart)workbookPart.GetPartById(sheetId);
            const string x14ac = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac";
            var worksheet = part.Worksheet;
            worksheet.AddNamespaceDeclaration("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006");
            worksheet.AddNamespaceDeclaration("x14ac", x14ac);
            worksheet.MCAttributes = new MarkupCompatibilityAttributes { Ignorable = "x14ac" };
            foreach (var row in worksheet.Descendants<Row>())
            {
                row.SetAttribute(new OpenXmlAttribute("x14ac", "dyDescent", x14ac, "0.25"));
            }

            var printer = part.AddNewPart<SpreadsheetPrinterSettingsPart>();
            using (var stream = printer.GetStream(FileMode.Create))
            {
                stream.Write(new byte[64]);
            }

            worksheet.GetFirstChild<PageSetup>()!.Id = part.GetIdOfPart(printer);
            worksheet.Save();
        }

        var bytes = ExportTestFiles.Write(template.Path, Sample());

        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document)
                .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
            var part = document.WorkbookPart!.WorksheetParts.Single();
            var pageSetupId = part.Worksheet.GetFirstChild<PageSetup>()?.Id?.Value;
            Assert.Multiple(() =>
            {
                Assert.That(errors, Is.Empty);
                Assert.That(part.Worksheet.MCAttributes?.Ignorable?.Value, Is.EqualTo("x14ac"));
                Assert.That(pageSetupId, Is.Not.Null);
                Assert.That(part.GetPartById(pageSetupId!), Is.InstanceOf<SpreadsheetPrinterSettingsPart>());
                Assert.That(part.WorksheetCommentsPart, Is.Not.Null);
            });
        }

        using var output = ExportTestFiles.Open(bytes);
        var filled = output.Worksheet(Sheet);
        Assert.Multiple(() =>
        {
            Assert.That(filled.Cell("F3").GetString(), Is.EqualTo(Fields[TemplateWriter.UnitsName]));
            Assert.That(filled.Cell("F3").HasComment, Is.True);
            Assert.That(filled.Cell("F3").Comment.Text, Does.Contain("单位按万元"));
            Assert.That(filled.Cell("B3").HasHyperlink, Is.True);
            Assert.That(filled.Cell("B3").Hyperlink.ExternalAddress, Is.EqualTo(new Uri("https://www.pbc.gov.cn/")));
            Assert.That(filled.Cell(HeaderRow + 1, 2).GetDouble(), Is.EqualTo(1234.5));
        });
    }

    [Test]
    public void MissingTemplate_Throws_NamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}", "weekly-summary.xlsx");

        var ex = Assert.Throws<ExportTemplateException>(() => ExportTestFiles.Write(path, Sample()));

        Assert.That(ex.Message, Does.Contain(path).And.Contain("不存在"));
    }

    [Test]
    public void NotAZip_Throws_NamingTheFile()
    {
        using var template = ExportTestFiles.TempFile();
        File.WriteAllText(template.Path, "机构,数值\r\n甲,1\r\n");

        var ex = Assert.Throws<ExportTemplateException>(() => ExportTestFiles.Write(template.Path, Sample()));

        Assert.That(ex.Message, Does.Contain(template.Path).And.Contain(".xlsx"));
    }

    [Test]
    public void ZipThatIsNoWorkbook_Throws_NamingTheFile()
    {
        using var template = ExportTestFiles.TempFile();
        using (var zip = ZipFile.Open(template.Path, ZipArchiveMode.Create))
        {
            using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open(), Encoding.UTF8);
            entry.Write("不是工作簿");
        }

        var ex = Assert.Throws<ExportTemplateException>(() => ExportTestFiles.Write(template.Path, Sample()));

        Assert.That(ex.Message, Does.Contain(template.Path));
    }

    [TestCase(TemplateWriter.HeaderName)]
    [TestCase(TemplateWriter.TitleName)]
    public void TemplateWithoutARequiredName_Throws_NamingTheFileAndTheName(string missing)
    {
        using var template = ExportTestFiles.TempFile();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet(Sheet);
            foreach (var (name, address) in new[] { (TemplateWriter.TitleName, "A1"), (TemplateWriter.HeaderName, "A3") })
            {
                if (name != missing)
                {
                    sheet.NamedRanges.Add(name, sheet.Range(address));
                }
            }

            workbook.SaveAs(template.Path);
        }

        var ex = Assert.Throws<ExportTemplateException>(() => ExportTestFiles.Write(template.Path, Sample()));

        Assert.That(ex.Message, Does.Contain($"导出模板 {template.Path} 缺少名称 {missing}"));
    }

    [Test]
    public void TemplateWithoutTheSheet_Throws_NamingTheSheet()
    {
        var content = ExportTestFiles.Content("不存在的表", Columns, []);

        var ex = Assert.Throws<ExportTemplateException>(() => ExportTestFiles.Write(ExportTestFiles.WeeklySummary, content));

        Assert.That(ex.Message, Does.Contain(ExportTestFiles.WeeklySummary).And.Contain("不存在的表"));
    }

    [Test]
    [Category("Slow")]
    public void TwentyThousandRowsByFortyColumns_StreamIntoAFile()
    {
        const int rowCount = 20_000;
        const int columnCount = 40;
        var columns = Enumerable.Range(0, columnCount).Select(i => new XColumn(i == 0 ? "机构名称" : $"指标{i:00}")).ToList();
        var progress = 0;

        IEnumerable<IReadOnlyList<XCell>> Rows()
        {
            for (var r = 0; r < rowCount; r++)
            {
                var cells = new XCell[columnCount];
                cells[0] = XCell.Text($"机构{r:00000}");
                for (var c = 1; c < columnCount; c++)
                {
                    cells[c] = XCell.Number((r * 37m) + (c / 4m), 2);
                }

                yield return cells;
            }
        }

        var content = new SheetContent
        {
            Sheet = Sheet,
            Fields = Fields,
            Columns = columns,
            Rows = Rows(),
            Progress = count => progress = count,
        };

        using var output = ExportTestFiles.TempFile();
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var peakSampled = workingSetBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peakSampled = Math.Max(peakSampled, self.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var stopwatch = Stopwatch.StartNew();
        using (var file = new FileStream(output.Path, FileMode.Create, FileAccess.ReadWrite))
        {
            TemplateWriter.Write(ExportTestFiles.WeeklySummary, file, [content]);
        }

        stopwatch.Stop();
        sampling.Cancel();
        sampler.Wait();
        process.Refresh();
        TestContext.Out.WriteLine(
            $"{rowCount:N0} rows × {columnCount} columns ({rowCount * columnCount:N0} cells): {stopwatch.Elapsed.TotalSeconds:F2} s, "
            + $"file {new FileInfo(output.Path).Length / 1024.0 / 1024.0:F1} MB, working set before {workingSetBefore / 1048576} MB, "
            + $"peak sampled during the write {peakSampled / 1048576} MB, process peak {process.PeakWorkingSet64 / 1048576} MB, "
            + $"allocated {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1048576} MB");

        using var document = SpreadsheetDocument.Open(output.Path, false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var rows = 0;
        string? lastCell = null;
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    rows++;
                }
                else if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
                {
                    lastCell = reader.Attributes.Single(a => a.LocalName == "r").Value;
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(progress, Is.EqualTo(rowCount));
            Assert.That(rows, Is.EqualTo(rowCount + HeaderRow), "title rows, header and data");
            Assert.That(lastCell, Is.EqualTo($"AN{rowCount + HeaderRow}"));
            Assert.That(part.Worksheet.SheetDimension?.Reference?.Value, Is.EqualTo($"A1:AN{rowCount + HeaderRow}"));
        });
    }

    [Test]
    [Category("Slow")]
    public void LibreOffice_ConvertsTheWrittenFileToCsv()
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/local/bin/soffice" }.FirstOrDefault(File.Exists);
        if (soffice is null)
        {
            const string message = "LibreOffice (soffice) is not installed: the written file was not opened by a second reader.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        var folder = Directory.CreateTempSubdirectory("ct-lo-");
        var profile = Path.Combine(Path.GetTempPath(), $"lo-{Guid.NewGuid():N}");
        try
        {
            var file = Path.Combine(folder.FullName, "weekly.xlsx");
            File.WriteAllBytes(file, written);
            var start = new ProcessStartInfo(soffice!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", folder.FullName, file })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("soffice did not finish within 120 s.");
            }

            var csvPath = Path.Combine(folder.FullName, "weekly.csv");
            var csv = File.Exists(csvPath) ? File.ReadAllText(csvPath, Encoding.UTF8) : "";
            TestContext.Out.WriteLine($"soffice exit {process.ExitCode}: {stdout.Result} {stderr.Result}");
            TestContext.Out.WriteLine(csv);
            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Zero);
                Assert.That(csv, Does.Contain(Title));
                Assert.That(csv, Does.Contain("1,234.50").Or.Contain("1234.5"));
                Assert.That(csv, Does.Contain(Injection.Replace("\"", "\"\"")), "the formula-like text is text to LibreOffice too");
                Assert.That(csv, Does.Contain("\"_x0041_\""), "a literal _xHHHH_ is not decoded");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }

    private static IXLCell StyleCell(XLWorkbook template, XStyle style) =>
        template.NamedRanges.NamedRange(TemplateWriter.StyleNamePrefix + style).Ranges.First().FirstCell();

    /// <summary>The number format code, built-in ids mapped to their codes (ClosedXML leaves Format empty for them).</summary>
    private static string FormatOf(IXLCell cell)
    {
        var format = cell.Style.NumberFormat;
        return format.Format.Length > 0
            ? format.Format
            : format.NumberFormatId switch
            {
                3 => "#,##0",
                4 => "#,##0.00",
                10 => "0.00%",
                _ => $"id {format.NumberFormatId}",
            };
    }
}
