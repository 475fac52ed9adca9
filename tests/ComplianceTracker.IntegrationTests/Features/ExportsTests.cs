using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The Excel exports, reopened: sheets, title block, header, 合计 against the rows, number formats, frozen panes, text
/// typed by a branch staying text; each opened by LibreOffice; each limited to what the caller sees.
/// </summary>
public class ExportsTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const string Injection = "=HYPERLINK(\"http://x\",\"y\")";

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    private async Task<byte[]> DownloadAsync(string user, string url)
    {
        var response = await (await As(user)).GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The header row: the first row with a 机构名称 (or 条款) cell.</summary>
    private static IXLRow HeaderRow(IXLWorksheet sheet, string marker = "机构名称") =>
        sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == marker));

    private static Dictionary<string, int> Columns(IXLRow header) =>
        header.CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);

    /// <summary>The 周报汇总 sheet: its header row, column numbers by header text, the institutions' rows and the 合计 row.</summary>
    private static (IXLWorksheet Sheet, IXLRow Header, Dictionary<string, int> Columns, List<IXLRow> Data, IXLRow Total) Summary(XLWorkbook workbook)
    {
        var sheet = workbook.Worksheet("周报汇总");
        var header = HeaderRow(sheet);
        var columns = Columns(header);
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).ToList();
        var total = rows.Single(r => r.Cell(columns["序号"]).GetString() == "合计");
        return (sheet, header, columns, rows.Where(r => r.RowNumber() < total.RowNumber()).ToList(), total);
    }

    private async Task<string> PastPeriodAsync()
    {
        var periods = await (await (await As("supervisor")).GetAsync($"/api/forms/{Form}/periods")).ExpectAsync(HttpStatusCode.OK);
        return periods.EnumerateArray().Where(p => DateOnly.Parse(p.GetProperty("end").GetString()!) < TodayInChina.AddDays(-7))
            .Select(p => p.GetProperty("key").GetString()!).Last();
    }

    [Test]
    public async Task WeeklySummary_HasTheTitleBlock_ATotalThatAddsUp_NumberFormats_AndFrozenHeader()
    {
        var period = await PastPeriodAsync();

        var bytes = await DownloadAsync("supervisor", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}");

        using var workbook = Open(bytes);
        var (sheet, header, columns, data, total) = Summary(workbook);
        var loanColumn = columns["各项贷款余额（万元）"];
        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "周报汇总" }), "the 样式 sheet is not shipped");
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.Contains("汇总表"));
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.Contains(Web.Domain.PeriodNames.ShortName(period)), "the week as people say it");
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.None.Contains(period), "not its key");
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.StartsWith("制表日期"));
            Assert.That(data, Has.Count.GreaterThan(3));
            Assert.That(data.Select(r => r.Cell(columns["报送情况"]).GetString()).Distinct(), Is.SupersetOf(new[] { "按时", "未报" }));
            foreach (var (name, column) in columns.Where(c => c.Key.EndsWith("（万元）") || c.Key.EndsWith("（户）") || c.Key.EndsWith("（个）")))
            {
                var sum = data.Sum(r => r.Cell(column).IsEmpty() ? 0m : (decimal)r.Cell(column).GetDouble());
                Assert.That((decimal)total.Cell(column).GetDouble(), Is.EqualTo(sum).Within(0.005m), $"合计 of {name}");
            }

            var filled = data.Select(r => r.Cell(loanColumn)).First(c => !c.IsEmpty());
            Assert.That(filled.DataType, Is.EqualTo(XLDataType.Number), "numbers are numbers");
            Assert.That(filled.Style.NumberFormat.Format, Is.EqualTo("#,##0.00"));
            Assert.That(sheet.SheetView.SplitRow, Is.EqualTo(header.RowNumber()), "frozen below the header");
            Assert.That(sheet.SheetView.SplitColumn, Is.EqualTo(3), "and right of the institution's name");
            Assert.That(sheet.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape));
        });
    }

    [Test]
    public async Task WeeklySummary_ABranchsFormulaLikeComment_ComesBackAsText()
    {
        // A bank whose week under way is still open to it (the demo has submitted some already).
        var period = await CurrentPeriodAsync(await As("supervisor"));
        var bank = await UntouchedBankAsync(App, period);
        var reporter = await As($"{bank}-reporter");
        var url = SubmissionUrl(period, bank);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 5), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var comments = CommentsForWarnings(saved);
        comments["LOAN_BAL"] = Injection;
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments })).ExpectAsync(HttpStatusCode.OK);

        var bytes = await DownloadAsync("supervisor", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}");

        using var workbook = Open(bytes);
        var sheet = workbook.Worksheet("周报汇总");
        var columns = Columns(HeaderRow(sheet));
        var row = sheet.RowsUsed().Single(r => r.Cell(columns["机构代码"]).GetString() == bank);
        var cell = row.Cell(columns["填报说明"]);
        Assert.Multiple(() =>
        {
            Assert.That(cell.HasFormula, Is.False);
            Assert.That(cell.GetString(), Does.Contain(Injection));
        });
    }

    [Test]
    public async Task Overdue_Completeness_AndLedger_ReopenWithTheirSheetsAndRows()
    {
        var overdue = Open(await DownloadAsync("supervisor", "/api/exports/overdue.xlsx"));
        var completeness = Open(await DownloadAsync("supervisor", $"/api/exports/completeness.xlsx?form={Form}"));
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var ledger = Open(await DownloadAsync("supervisor", $"/api/exports/circular-ledger.xlsx?circularId={circularId}"));
        var overdueCount = await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Institution.Jurisdiction.Path.StartsWith(
            db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).Single()) && (d.Status == DueItemStatus.Overdue
            || (d.Status == DueItemStatus.Open && d.DueAt < DateTime.UtcNow))));

        using (overdue)
        using (completeness)
        using (ledger)
        {
            var register = overdue.Worksheet("逾期清单");
            var registerHeader = HeaderRow(register);
            var matrix = completeness.Worksheet("报送完整性");
            var matrixHeader = HeaderRow(matrix);
            var cells = matrix.RowsUsed().Where(r => r.RowNumber() > matrixHeader.RowNumber()).SelectMany(r => r.CellsUsed()).ToList();
            var missing = cells.First(c => c.GetString() == "未报");
            var onTime = cells.First(c => c.GetString() == "按时");
            Assert.Multiple(() =>
            {
                Assert.That(register.RowsUsed().Count(r => r.RowNumber() > registerHeader.RowNumber()), Is.EqualTo(overdueCount), "one row per overdue item the supervisor sees");
                Assert.That(register.Cell(registerHeader.RowNumber() + 1, Columns(registerHeader)["逾期工作日"]).DataType, Is.EqualTo(XLDataType.Number));
                Assert.That(missing.Style.Fill.BackgroundColor, Is.Not.EqualTo(onTime.Style.Fill.BackgroundColor), "missing and on time look different");
                Assert.That(cells.Select(c => c.GetString()), Does.Contain("报送率（%）").And.Contain("按时率（%）"));
                Assert.That(ledger.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "要求", "义务与期限", "报送记录", "提醒与升级", "解锁与更正" }));
                Assert.That(ledger.Worksheet("义务与期限").RowsUsed().Count(), Is.GreaterThan(20));
                Assert.That(ledger.Worksheet("报送记录").CellsUsed().Select(c => c.GetString()), Does.Contain("提交"));
            });
        }
    }

    private async Task<string> UrlOfAsync(string export)
    {
        var period = await PastPeriodAsync();
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        return export switch
        {
            "weekly-summary" => $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}",
            "overdue" => "/api/exports/overdue.xlsx",
            "completeness" => $"/api/exports/completeness.xlsx?form={Form}",
            "targets" => $"/api/exports/targets.xlsx?circularId={circularId}",
            _ => $"/api/exports/circular-ledger.xlsx?circularId={circularId}",
        };
    }

    [TestCase("weekly-summary")]
    [TestCase("overdue")]
    [TestCase("completeness")]
    [TestCase("circular-ledger")]
    [TestCase("targets")]
    [Category("Slow")]
    public async Task EveryExport_OpensInLibreOfficeCalc(string export)
    {
        var csv = await LibreOffice.ToCsvAsync(await DownloadAsync("supervisor", await UrlOfAsync(export)));

        Assert.That(csv, Does.Contain("机构").Or.Contain("条款").Or.Contain("目标"), "the header row came through");
    }

    [Test]
    public async Task WeeklySummary_ShowsAReturnedReportAs已退回_WithTheReason_AndNotAsReported()
    {
        var supervisor = await As("supervisor");
        var period = await CurrentPeriodAsync(supervisor);
        var bank = await UntouchedBankAsync(App, period, last: true);
        var reporter = await As($"{bank}-reporter");
        var url = SubmissionUrl(period, bank);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 7), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostAsJsonAsync($"{url}/return", new { reason = "各项贷款余额与信贷系统不一致，请核对。" })).ExpectAsync(HttpStatusCode.OK);

        using var workbook = Open(await DownloadAsync("supervisor", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}"));

        var sheet = workbook.Worksheet("周报汇总");
        var columns = Columns(HeaderRow(sheet));
        var row = sheet.RowsUsed().Single(r => r.Cell(columns["机构代码"]).GetString() == bank);
        Assert.Multiple(() =>
        {
            Assert.That(row.Cell(columns["报送情况"]).GetString(), Is.EqualTo("已退回"));
            Assert.That(row.Cell(columns["填报说明"]).GetString(), Does.Contain("各项贷款余额与信贷系统不一致"));
            Assert.That(row.Cell(columns["各项贷款余额（万元）"]).IsEmpty(), Is.True, "a returned report's figures are not reported");
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.Match("已退回 [1-9][0-9]* 家"), "counted in the notes");
        });
    }

    [Test]
    public async Task WeeklySummary_ComparesWithThePreviousPeriodLikeForLike_AndSaysHowManyInstitutions()
    {
        var period = await PastPeriodAsync();

        using var workbook = Open(await DownloadAsync("supervisor", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}"));

        var (sheet, _, columns, data, total) = Summary(workbook);
        var change = columns["各项贷款余额较上期"];
        var both = data.Count(r => !r.Cell(change).IsEmpty());
        Assert.Multiple(() =>
        {
            Assert.That(both, Is.GreaterThan(0).And.LessThan(data.Count), "the demo has institutions that reported one period and not the other");
            Assert.That((decimal)total.Cell(change).GetDouble(), Is.EqualTo(data.Sum(r => r.Cell(change).IsEmpty() ? 0m : (decimal)r.Cell(change).GetDouble())).Within(0.005m),
                "the 合计 of the change is over the institutions with both periods only");
            Assert.That(total.CellsUsed().Select(c => c.GetString()), Does.Contain($"可比机构 {both} 家"));
            Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.Contains($"可比机构 {both} 家）"), "the notes say what is compared");
        });
    }

    [Test]
    public async Task Exports_NameThePersonAndTheFormInTheFileAndThePreparedByLine_NotLoginsOrCodes()
    {
        var period = await PastPeriodAsync();
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var client = await As("supervisor");

        var summary = await client.GetAsync($"/api/exports/weekly-summary.xlsx?form={Form}&period={period}");
        var ledger = await client.GetAsync($"/api/exports/circular-ledger.xlsx?circularId={circularId}");
        var summaryName = summary.Content.Headers.ContentDisposition?.FileNameStar;
        var ledgerName = ledger.Content.Headers.ContentDisposition?.FileNameStar;
        using var summaryBook = Open(await summary.Content.ReadAsByteArrayAsync());
        using var ledgerBook = Open(await ledger.Content.ReadAsByteArrayAsync());
        var madeOn = new[] { summaryBook.Worksheet("周报汇总"), ledgerBook.Worksheet("要求") }
            .Select(s => s.CellsUsed().Select(c => c.GetString()).Single(t => t.StartsWith("制表日期"))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(summaryName, Does.Contain("金融机构支持稳经济周报统计表（演示）").And.Contain(PeriodNames.ShortName(period)).And.Contain("上党").And.EndWith(".xlsx"));
            Assert.That(summaryName, Does.Not.Contain(Form).And.Not.Contain(period), "no form code, no period key");
            Assert.That(ledgerName, Does.StartWith("监管台账-").And.Not.Contain($"-{circularId}."), "the circular's 文号 or title, not its id");
            foreach (var line in madeOn)
            {
                Assert.That(line, Does.Contain("制表人：上党区金融工作中心监管员"), "the person's display name");
                Assert.That(line, Does.Not.Contain("制表人：supervisor"), "not the login");
            }
        });
    }

    [Test]
    public async Task CircularLedger_WrapsLongText_InColumnsThatFitALandscapePage()
    {
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());

        using var workbook = Open(await DownloadAsync("supervisor", $"/api/exports/circular-ledger.xlsx?circularId={circularId}"));

        Assert.Multiple(() =>
        {
            foreach (var sheet in workbook.Worksheets)
            {
                var header = sheet.RowsUsed().First(r => r.CellsUsed().Count() >= 3);
                var widths = header.CellsUsed().Sum(c => sheet.Column(c.Address.ColumnNumber).Width);
                Assert.That(widths, Is.LessThanOrEqualTo(140), $"{sheet.Name}: about one A4 landscape page wide");
                Assert.That(sheet.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape), sheet.Name);
                Assert.That(sheet.PageSetup.PagesWide, Is.EqualTo(1), sheet.Name);
            }

            var requirements = workbook.Worksheet("要求");
            var text = Columns(HeaderRow(requirements, "条款"))["要求原文"];
            var longest = requirements.Column(text).CellsUsed().OrderByDescending(c => c.GetString().Length).First();
            Assert.That(longest.GetString().Length, Is.GreaterThan(50), "a clause longer than its column");
            Assert.That(longest.Style.Alignment.WrapText, Is.True, "wraps");
        });
    }

    /// <summary>
    /// Printed as LibreOffice prints it (A4 landscape), the 周报汇总表 of the 25-indicator form spreads over several pages
    /// instead of shrinking to one: every letter on every page is at least 8 pt, and every page repeats the title
    /// block, the header row and the institution's name.
    /// </summary>
    [Test]
    [Category("Slow")]
    public async Task WeeklySummary_PrintsOnSeveralA4LandscapePages_WithTextAtLeast8Pt_AndTheHeaderOnEach()
    {
        var period = await PastPeriodAsync();
        var xlsx = await DownloadAsync("supervisor", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}");
        List<string> names;
        using (var workbook = Open(xlsx))
        {
            var sheet = workbook.Worksheet("周报汇总");
            var header = HeaderRow(sheet);
            var nameColumn = Columns(header)["机构名称"];
            names = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).Select(r => r.Cell(nameColumn).GetString()).Where(n => n.Contains("银行")).ToList();
        }

        var pdf = await LibreOffice.ToPdfAsync(xlsx);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => (p.Number, p.Width, p.Height, Text: p.Text,
            Sizes: p.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => Math.Round(l.PointSize, 1)).ToList())).ToList();
        TestContext.Out.WriteLine($"{pages.Count} pages; smallest text per page: {string.Join(", ", pages.Select(p => p.Sizes.DefaultIfEmpty(0).Min()))} pt");
        Assert.Multiple(() =>
        {
            Assert.That(pages, Has.Count.GreaterThan(1), "25 indicators do not fit one page at a readable size");
            foreach (var page in pages)
            {
                Assert.That(page.Width, Is.GreaterThan(page.Height), $"page {page.Number}: landscape");
                Assert.That(page.Sizes, Is.Not.Empty, $"page {page.Number}: has text");
                Assert.That(page.Sizes.DefaultIfEmpty(0).Min(), Is.GreaterThanOrEqualTo(8),
                    $"page {page.Number}: smallest text; sizes seen {string.Join(", ", page.Sizes.Distinct().Order())}");
                Assert.That(page.Text, Does.Contain("汇总表").And.Contain("机构名称").And.Contain("序号"), $"page {page.Number}: title block and header repeated");
                Assert.That(names.Any(page.Text.Contains), Is.True, $"page {page.Number}: the institutions' names repeated");
            }
        });
    }

    [TestCase("weekly-summary")]
    [TestCase("overdue")]
    [TestCase("completeness")]
    [TestCase("circular-ledger")]
    [TestCase("targets")]
    public async Task EveryExport_HasItsTitleBlock_AFrozenBoldHeader_AndPrintTitles(string export)
    {
        using var workbook = Open(await DownloadAsync("supervisor", await UrlOfAsync(export)));

        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(w => w.Name), Has.None.EqualTo("样式"));
            foreach (var sheet in workbook.Worksheets)
            {
                var header = sheet.RowsUsed().First(r => r.CellsUsed().Count() >= 3);
                Assert.That(sheet.Row(1).CellsUsed().Select(c => c.GetString()), Has.Some.Match("[\u4e00-\u9fff]"), $"{sheet.Name}: the title");
                Assert.That(sheet.CellsUsed().Select(c => c.GetString()), Has.Some.StartsWith("制表日期"), $"{sheet.Name}: made on");
                Assert.That(sheet.SheetView.SplitRow, Is.EqualTo(header.RowNumber()), $"{sheet.Name}: frozen below the header");
                Assert.That(header.FirstCellUsed().Style.Font.Bold, Is.True, $"{sheet.Name}: the header's style");
                Assert.That(sheet.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape), $"{sheet.Name}: landscape");
            }
        });
    }

    [Test]
    public async Task AReporter_ExportsOnlyItsOwnInstitution()
    {
        var period = await PastPeriodAsync();
        using var summary = Open(await DownloadAsync("SD-ICBC-reporter", $"/api/exports/weekly-summary.xlsx?form={Form}&period={period}"));
        using var overdue = Open(await DownloadAsync("SD-BOC-reporter", "/api/exports/overdue.xlsx"));

        var sheet = summary.Worksheet("周报汇总");
        var columns = Columns(HeaderRow(sheet));
        var codes = sheet.RowsUsed().Select(r => r.Cell(columns["机构代码"]).GetString()).Where(c => c.StartsWith("SD-")).ToList();
        var register = overdue.Worksheet("逾期清单");
        var overdueCodes = register.RowsUsed().Select(r => r.Cell(Columns(HeaderRow(register))["机构代码"]).GetString()).Where(c => c.StartsWith("SD-")).Distinct().ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(codes, Is.EqualTo(new[] { "SD-ICBC" }));
            Assert.That(overdueCodes, Is.SubsetOf(new[] { "SD-BOC" }));
            Assert.That((await App.CreateClient().GetAsync("/api/exports/overdue.xlsx")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task MissingParameters_AreAChinese400()
    {
        var supervisor = await As("supervisor");

        var noPeriod = await (await supervisor.GetAsync($"/api/exports/weekly-summary.xlsx?form={Form}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badKey = await (await supervisor.GetAsync($"/api/exports/weekly-summary.xlsx?form={Form}&period={await PastPeriodAsync()}&keys=NOPE")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.GetAsync("/api/exports/weekly-summary.xlsx?form=NO-SUCH&period=2026-W01")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(noPeriod.GetProperty("errors").GetProperty("period")[0].GetString(), Does.Contain("期次"));
            Assert.That(badKey.GetProperty("errors").GetProperty("keys")[0].GetString(), Does.Contain("NOPE"));
        });
    }
}

/// <summary>Exports above the row threshold run in the background: 202, a job to poll, the file when done, for its owner only.</summary>
public class BackgroundExportsTests(DatabaseProvider provider) : AppFixture(provider)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Exports:BackgroundRowThreshold"] = "3" };

    [Test]
    public async Task ALargeExport_Answers202_RunsAsAJob_AndOnlyItsOwnerDownloadsIt()
    {
        var supervisor = await As("supervisor");

        var accepted = await (await supervisor.GetAsync($"/api/exports/completeness.xlsx?form={Form}")).ExpectAsync(HttpStatusCode.Accepted);
        var id = accepted.GetProperty("jobId").GetGuid();
        var queued = await (await supervisor.GetAsync($"/api/exports/jobs/{id}")).ExpectAsync(HttpStatusCode.OK);
        await App.RunAsync<ComplianceTracker.Web.Features.Exports.ExportJobs, int>(async j =>
        {
            await j.RunAsync(id, CancellationToken.None);
            return 0;
        });
        var done = await (await supervisor.GetAsync($"/api/exports/jobs/{id}")).ExpectAsync(HttpStatusCode.OK);
        var file = await supervisor.GetAsync(done.GetProperty("downloadUrl").GetString());
        var stranger = await (await As("supervisor-sh")).GetAsync($"/api/exports/jobs/{id}");

        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await file.Content.ReadAsByteArrayAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(queued.GetProperty("state").GetString(), Is.EqualTo("Queued"));
            Assert.That(done.GetProperty("state").GetString(), Is.EqualTo("Done"));
            Assert.That(done.GetProperty("percent").GetInt32(), Is.EqualTo(100));
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(workbook.Worksheets.Select(w => w.Name), Does.Contain("报送完整性"));
            Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's job is not found");
        });
    }
}

/// <summary>A template that is missing gives a clear error naming the file, not a bare 500.</summary>
public class MissingTemplateTests(DatabaseProvider provider) : AppFixture(provider)
{
    private readonly string folder = Directory.CreateTempSubdirectory("ct-no-templates-").FullName;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Excel:TemplatesFolder"] = folder };

    [Test]
    public async Task Export_WithItsTemplateMissing_SaysWhichFile()
    {
        var problem = await (await (await As("supervisor")).GetAsync("/api/exports/overdue.xlsx")).ExpectProblemAsync(HttpStatusCode.InternalServerError);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("overdue.xlsx"));
    }
}
