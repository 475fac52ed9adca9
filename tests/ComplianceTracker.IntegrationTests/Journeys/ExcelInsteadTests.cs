using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 3 of JOURNEYS.md, "Excel instead", at 1366 px and on a phone: the reporter opens this week's form from
/// 我的待办, downloads the Excel form and fills it as a clerk does (each figure in the row that names it) with two
/// mistakes, a count typed with its unit and a new amount above its balance. Uploaded, both cells are named with what
/// to fix and nothing is saved. Fixed, the file is a draft revision from Excel and its figures are on the form. After a
/// figure is changed and saved on the page the file is older than the current revision: uploaded again it is refused,
/// saying so, and nothing changes. From sign-in on, only clicks, typing and choosing the file.
/// </summary>
[NonParallelizable]
public class ExcelInsteadTests : BrowserAppFixture
{
    private const string Count = "FIRST_CNT";
    private const string NewAmount = "PHXW_NEW";
    private const string Balance = "PHXW_BAL";
    private const string ChangedOnThePage = "LOAN_BAL";
    private const string FileName = "周报（已填）.xlsx";

    [TestCase(false, TestName = "ExcelInstead_AtTheDesk")]
    [TestCase(true, TestName = "ExcelInstead_OnAPhone")]
    public async Task TheReporterUploadsTheFilledForm_BadCellsAreNamed_AndAStaleFileIsRefused(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        var bank = await ReportingSupport.UntouchedBankAsync(App, period, last: phone);
        var (figures, names) = await App.QueryAsync(async db => (
            await ReportingSupport.LastReportedFiguresAsync(db, bank, period),
            await ReportingSupport.Indicators(db).ToDictionaryAsync(i => i.Code, i => i.Name)));
        var overflow = new List<int>();

        // 我的待办 → this week's row → the form → 下载 Excel 填报表.
        var page = await Browser.SignInAsync(await NewContextAsync(Options(phone)), $"{bank}-reporter");
        await ReportingSupport.OpenFromTodoAsync(page, period, bank);
        await Browser.ScreenshotAsync(page, $"journey3-form-{name}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 Excel 填报表" }).ClickAsync());
        var downloaded = await File.ReadAllBytesAsync((await download.PathAsync())!);

        // Filled with a count typed with its unit and a new amount above its balance: both cells named, nothing saved.
        var countWithUnit = $"{figures[Count]:0}户";
        var (bad, cells) = Fill(downloaded, names, figures.Select(f => KeyValuePair.Create(f.Key, f.Key switch
        {
            Count => countWithUnit,
            NewAmount => figures[Balance]!.Value + 100m,
            _ => (object?)f.Value,
        })));
        await ReportingSupport.UploadExcelAsync(page, bad, FileName);
        var refusedSummary = await ShownAsync(page, "#upload-errors > p");
        var problems = await ProblemsAsync(page);
        var storedAfterBad = await ReportingSupport.StoredAsync(App, period, bank);
        await Browser.ScreenshotAsync(page, $"journey3-bad-cells-{name}");
        overflow.Add(await Browser.OverflowAsync(page));

        // The two cells fixed in the same file: a draft revision from Excel, its figures on the form.
        var (good, _) = Fill(bad, names, [KeyValuePair.Create(Count, (object?)figures[Count]), KeyValuePair.Create(NewAmount, (object?)figures[NewAmount])]);
        await ReportingSupport.UploadExcelAsync(page, good, FileName);
        var accepted = await ShownAsync(page, "#notice");
        var status = await page.Locator("#status").InnerTextAsync();
        var shown = new Dictionary<string, decimal?>();
        foreach (var code in figures.Keys)
        {
            var text = await page.Locator($"#v-{code}").InputValueAsync();
            shown[code] = text.Length == 0 ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
        }

        var storedAfterGood = await ReportingSupport.StoredAsync(App, period, bank);
        await Browser.ScreenshotAsync(page, $"journey3-accepted-{name}");
        overflow.Add(await Browser.OverflowAsync(page));

        // A figure changed and saved on the page: a newer revision.
        var changed = figures[ChangedOnThePage]!.Value + 10m;
        await page.Locator($"#v-{ChangedOnThePage}").FillAsync(changed.ToString(CultureInfo.InvariantCulture));
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }));
        var saved = await ShownAsync(page, "#notice");
        var storedAfterPage = await ReportingSupport.StoredAsync(App, period, bank);

        // The file filled before that save, uploaded again: refused as older than the current revision; nothing changes.
        await ReportingSupport.UploadExcelAsync(page, good, FileName);
        var staleSummary = await ShownAsync(page, "#upload-errors");
        var shownAfterStale = await page.Locator($"#v-{ChangedOnThePage}").InputValueAsync();
        var storedAfterStale = await ReportingSupport.StoredAsync(App, period, bank);
        var revisions = await App.QueryAsync(db => ReportingSupport.Revisions(db, period, bank).OrderBy(r => r.Number).Select(r => r.Source).ToListAsync());
        await Browser.ScreenshotAsync(page, $"journey3-stale-{name}");
        overflow.Add(await Browser.OverflowAsync(page));

        Assert.Multiple(() =>
        {
            Assert.That(refusedSummary, Does.Contain("2 处问题").And.Contain("未保存任何数据"));
            Assert.That(problems.Keys, Is.EquivalentTo(new[] { cells[Count], cells[NewAmount] }), "every bad cell is named by its address, and only those");
            Assert.That(problems.GetValueOrDefault(cells[Count], ""), Does.Contain($"“{names[Count]}”应为数字，当前内容为“{countWithUnit}”"));
            Assert.That(problems.GetValueOrDefault(cells[NewAmount], ""), Does.Contain("不应大于"), "the new amount above its balance is named with the rule");
            Assert.That(storedAfterBad, Is.Null, "nothing of the refused file is saved");

            Assert.That(accepted, Does.Contain("已从 Excel 导入").And.Contain("第 1 版草稿"));
            Assert.That(status, Is.EqualTo(SubmissionStatus.Draft.Label()));
            Assert.That(shown, Is.EquivalentTo(figures), "the file's figures are on the form");
            Assert.That(storedAfterGood?.Revision, Is.EqualTo(1));
            Assert.That(storedAfterGood?.Status, Is.EqualTo(SubmissionStatus.Draft));
            Assert.That(storedAfterGood is null ? [] : SubmissionJson.Values(storedAfterGood.ValuesJson), Is.EquivalentTo(figures), "the revision holds the file's figures");
            Assert.That(revisions, Is.EqualTo(new[] { RevisionSource.Excel, RevisionSource.Page }), "the upload is a revision from Excel, the change one from the page, the stale file none");

            Assert.That(saved, Does.Contain("草稿已保存"));
            Assert.That(storedAfterPage?.Revision, Is.EqualTo(2));
            Assert.That(staleSummary, Does.Contain("比当前的第 2 版旧").And.Contain("请重新下载").And.Contain("未保存"), "the stale file is refused with the reason");
            Assert.That(storedAfterStale?.Revision, Is.EqualTo(2), "the stale file adds no revision");
            Assert.That(storedAfterStale?.ValuesJson, Is.EqualTo(storedAfterPage?.ValuesJson), "the figure saved on the page stays");
            Assert.That(decimal.Parse(shownAfterStale, NumberStyles.Number, CultureInfo.InvariantCulture), Is.EqualTo(changed), "the form still shows the page's figure");
            Assert.That(overflow, Has.All.LessThanOrEqualTo(0), "the form fits the screen at every step");
        });
    }

    /// <summary>
    /// The form filled as a clerk does it in Excel or WPS: each entry typed into the 本期数 cell of the row that names the
    /// indicator (a number, text as typed, or null to empty the cell). Returns the saved file and, by indicator, the
    /// cell typed into as the page names it (周报!E9).
    /// </summary>
    private static (byte[] File, Dictionary<string, string> Cells) Fill(byte[] file, IReadOnlyDictionary<string, string> names, IEnumerable<KeyValuePair<string, object?>> entries)
    {
        using var workbook = new XLWorkbook(new MemoryStream(file));
        var sheet = workbook.Worksheet(1);
        var inputColumn = sheet.CellsUsed(c => c.GetString() == "本期数").Single().Address.ColumnNumber;
        var nameColumn = sheet.Column(sheet.CellsUsed(c => c.GetString() == "指标名称").Single().Address.ColumnNumber);
        var cells = new Dictionary<string, string>();
        foreach (var (code, entry) in entries)
        {
            var row = nameColumn.CellsUsed(c => c.GetString().TrimStart('★') == names[code]).Single().Address.RowNumber;
            var cell = sheet.Cell(row, inputColumn);
            Assert.That(cell.Style.Protection.Locked, Is.False, $"the clerk can type into {cell.Address}");
            _ = entry switch
            {
                string text => cell.SetValue(text),
                decimal number => cell.SetValue(number),
                _ => cell.Clear(XLClearOptions.Contents),
            };
            cells[code] = $"{sheet.Name}!{cell.Address}";
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return (output.ToArray(), cells);
    }

    /// <summary>What the loaded page shows at <paramref name="selector"/>, or nothing when it shows no such thing.</summary>
    private static async Task<string> ShownAsync(IPage page, string selector)
    {
        var shown = page.Locator(selector);
        return await shown.CountAsync() == 0 ? "" : await shown.InnerTextAsync();
    }

    /// <summary>The refused upload's problems as listed: by cell, its messages joined.</summary>
    private static async Task<Dictionary<string, string>> ProblemsAsync(IPage page)
    {
        var problems = new Dictionary<string, string>();
        var rows = page.Locator("#upload-problems tbody tr");
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var cell = await rows.Nth(i).Locator("td").Nth(0).InnerTextAsync();
            var message = await rows.Nth(i).Locator("td").Nth(1).InnerTextAsync();
            problems[cell] = problems.TryGetValue(cell, out var earlier) ? $"{earlier}；{message}" : message;
        }

        return problems;
    }
}
