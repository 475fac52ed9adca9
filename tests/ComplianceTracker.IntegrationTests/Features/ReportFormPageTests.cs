using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.UnitTests.Reporting.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Pages.Reporting;
using Microsoft.Playwright;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The weekly form page in a real browser (Debian's Chromium): the Excel form downloaded from the page, filled with
/// ClosedXML and uploaded (a bad cell refused with its Chinese message and nothing saved, a good file a draft of
/// source Excel), the revision history, validation as the reporter types (nothing saved), and the supervisor's
/// return and unlock with the server refusing them to anyone else.
/// </summary>
[NonParallelizable]
public class ReportFormPageTests : BrowserAppFixture
{
    private static string FormUrl(string period, string bank) => $"/report/{Form}/{period}/{bank}";

    private Task<string> CurrentPeriodAsync() => App.QueryAsync(db => db.ReportPeriods
        .Where(p => p.Form.Code == Form && p.Start <= TodayInChina && p.End >= TodayInChina).Select(p => p.Key).SingleAsync());

    private Task<List<SubmissionRevision>> RevisionsAsync(string period, string bank) => App.QueryAsync(db => db.SubmissionRevisions
        .Where(r => db.Submissions.Any(s => s.Id == r.SubmissionId && s.Period.Key == period && s.Institution.Code == bank && s.Form.Code == Form))
        .OrderBy(r => r.Number).ToListAsync());

    /// <summary>Clicks the page's download link and returns the file's bytes.</summary>
    private static async Task<(byte[] Bytes, string FileName)> DownloadAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#excel-download").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ct-form-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        return (bytes, download.SuggestedFilename);
    }

    /// <summary>Fills the downloaded form as a reporter would in Excel: a number in each indicator's input cell, text where asked.</summary>
    private static byte[] FillWithClosedXml(byte[] downloaded, IReadOnlyDictionary<string, decimal?> figures, IReadOnlyDictionary<string, string>? texts = null)
    {
        using var workbook = new XLWorkbook(new MemoryStream(downloaded));
        var codes = workbook.NamedRanges.NamedRange(FormWorkbookLayout.CodesName).Ranges.First();
        var inputColumn = workbook.NamedRanges.NamedRange(FormWorkbookLayout.InputsName).Ranges.First().RangeAddress.FirstAddress.ColumnNumber;
        foreach (var codeCell in codes.CellsUsed())
        {
            var code = codeCell.GetString();
            var input = codeCell.Worksheet.Cell(codeCell.Address.RowNumber, inputColumn);
            if (texts?.TryGetValue(code, out var text) == true)
            {
                input.SetValue(text);
            }
            else if (figures.GetValueOrDefault(code) is { } value)
            {
                input.SetValue(value);
            }
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    private static string InputCellOf(byte[] workbook, string code)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        var codeCell = book.NamedRanges.NamedRange(FormWorkbookLayout.CodesName).Ranges.First().CellsUsed().First(c => c.GetString() == code);
        var inputColumn = book.NamedRanges.NamedRange(FormWorkbookLayout.InputsName).Ranges.First().RangeAddress.FirstAddress.ColumnNumber;
        return $"{codeCell.Worksheet.Name}!{codeCell.Worksheet.Cell(codeCell.Address.RowNumber, inputColumn).Address}";
    }

    /// <summary>A bank that can still type this week: nothing saved yet, or a draft (the demo leaves few banks untouched).</summary>
    private Task<string> EditableBankAsync(string period) => App.QueryAsync(db => db.Obligations
        .Where(o => db.ReportForms.Any(f => f.Code == Form && f.RequirementId == o.RequirementId))
        .Select(o => new
        {
            o.Institution.Code,
            Status = db.Submissions.Where(s => s.InstitutionId == o.InstitutionId && s.Period.Key == period && s.Form.Code == Form).Select(s => (SubmissionStatus?)s.Status).FirstOrDefault(),
        })
        .Where(b => b.Status == null || b.Status == SubmissionStatus.Draft)
        .OrderBy(b => b.Status != null).ThenBy(b => b.Code).Select(b => b.Code).FirstAsync());

    private static async Task FillFiguresAsync(IPage page, IReadOnlyDictionary<string, decimal?> figures)
    {
        foreach (var (code, value) in figures)
        {
            await page.FillAsync($"#v-{code}", value?.ToString(CultureInfo.InvariantCulture) ?? "");
        }
    }

    private static async Task<Dictionary<string, decimal?>> ShownFiguresAsync(IPage page, IEnumerable<string> codes)
    {
        var shown = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            var text = await page.Locator($"#v-{code}").InputValueAsync();
            shown[code] = text.Length == 0 ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
        }

        return shown;
    }

    [Test]
    public async Task Excel_DownloadedFromThePage_FilledWithABadCell_IsRefusedByCell_ThenTheFixedFileBecomesAnExcelDraft()
    {
        var period = await CurrentPeriodAsync();
        var bank = await UntouchedBankAsync(App, period);
        var page = await SignInAsync($"{bank}-reporter");
        await page.GotoAsync(FormUrl(period, bank));

        var (blank, fileName) = await DownloadAsync(page);
        var names = await App.QueryAsync(async db => (
            Form: await db.ReportForms.Where(f => f.Code == Form).Select(f => f.Name).SingleAsync(),
            Bank: await db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync()));
        string formCode, periodKey, institutionCode;
        using (var workbook = new XLWorkbook(new MemoryStream(blank)))
        {
            formCode = workbook.NamedRange(FormWorkbookLayout.FormCodeName).Ranges.First().FirstCell().GetString();
            periodKey = workbook.NamedRange(FormWorkbookLayout.PeriodName).Ranges.First().FirstCell().GetString();
            institutionCode = workbook.NamedRange(FormWorkbookLayout.InstitutionName).Ranges.First().FirstCell().GetString();
        }

        var figures = await GoodFiguresAsync(App, 5);
        var bad = FillWithClosedXml(blank, figures, new Dictionary<string, string> { ["FIRST_CNT"] = "十二户" });
        var badCell = InputCellOf(bad, "FIRST_CNT");
        await UploadExcelAsync(page, bad);
        var problemRow = page.Locator("#upload-problems tbody tr").Filter(new() { Has = page.Locator("td.cell", new() { HasTextString = badCell }) });
        var problem = await problemRow.Locator("td").Nth(1).InnerTextAsync();
        var summary = await page.Locator("#upload-errors").InnerTextAsync();
        await Browser.ScreenshotAsync(page, "report-form-upload-errors");

        // A file over the upload limit (but within the page's request limit) gets the import's own message.
        await UploadExcelAsync(page, BadWorkbooks.Oversized(bad, (5 * 1024 * 1024) + (512 * 1024)));
        var oversized = await page.Locator("#upload-errors").InnerTextAsync();
        var afterRefusal = await RevisionsAsync(period, bank);

        await UploadExcelAsync(page, FillWithClosedXml(blank, figures));
        var notice = await page.Locator("#notice").InnerTextAsync();
        var shown = await ShownFiguresAsync(page, figures.Keys);
        var revisions = await RevisionsAsync(period, bank);
        var stored = await StoredAsync(App, period, bank);

        Assert.Multiple(() =>
        {
            Assert.That(fileName, Is.EqualTo($"{names.Form}-{Web.Domain.PeriodNames.ShortName(period)}-{names.Bank}.xlsx"), "named as people say the form, week and bank");
            Assert.That((formCode, periodKey, institutionCode), Is.EqualTo((Form, Web.Domain.PeriodNames.Name(period), bank)), "the download is this form, period (as people say it) and institution");
            Assert.That(problem, Does.Contain("应为数字").And.Contain("十二户"), "the bad cell's own Chinese message");
            Assert.That(summary, Does.Contain("未保存任何数据"));
            Assert.That(oversized, Does.Contain("超过上限"));
            Assert.That(afterRefusal, Is.Empty, "a refused upload stores no revision");
            Assert.That(notice, Does.Contain("已从 Excel 导入"));
            Assert.That(revisions.Select(r => r.Source), Is.EqualTo(new[] { RevisionSource.Excel }));
            Assert.That(stored?.Status, Is.EqualTo(SubmissionStatus.Draft));
            Assert.That(SubmissionJson.Values(stored!.ValuesJson), Is.EquivalentTo(figures));
            Assert.That(shown, Is.EquivalentTo(figures), "the page shows the uploaded figures");
        });
    }

    [Test]
    public async Task History_ListsEveryRevisionInOrder_WithItsSourceAuthorAndChangedValues()
    {
        var period = await CurrentPeriodAsync();
        var bank = await UntouchedBankAsync(App, period);
        var reporterName = $"{bank}-reporter";
        var page = await SignInAsync(reporterName);
        await page.GotoAsync(FormUrl(period, bank));

        // 1: saved on the page.
        var first = await GoodFiguresAsync(App, 3);
        await FillFiguresAsync(page, first);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "草稿已保存" }).WaitForAsync();

        // 2: the bank's system changes one figure through the API.
        var second = new Dictionary<string, decimal?>(first) { ["LOAN_BAL"] = first["LOAN_BAL"]!.Value + 100m };
        var api = await App.ClientForAsync(reporterName);
        await (await api.PutAsJsonAsync(SubmissionUrl(period, bank), new { values = second, baseRevision = 1 })).ExpectAsync(HttpStatusCode.OK);

        // 3: an Excel file downloaded from the page with other figures.
        await page.ReloadAsync();
        var third = await GoodFiguresAsync(App, 4);
        var (blank, _) = await DownloadAsync(page);
        await UploadExcelAsync(page, FillWithClosedXml(blank, third));
        await page.Locator("#notice", new() { HasTextString = "已从 Excel 导入" }).WaitForAsync();

        await page.Locator("#history-link").ClickAsync();
        await page.WaitForURLAsync($"**{FormUrl(period, bank)}/history");
        await Browser.ScreenshotAsync(page, "report-form-history");
        await page.SetViewportSizeAsync(768, 1024);
        await Browser.ScreenshotAsync(page, "report-form-history-tablet");

        var rows = page.Locator("#revisions tbody tr");
        var numbers = new List<string?>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            numbers.Add(await rows.Nth(i).GetAttributeAsync("data-revision"));
        }

        var sources = await page.Locator("#revisions td.source").AllInnerTextsAsync();
        var authors = await page.Locator("#revisions td.who").AllInnerTextsAsync();
        var secondChanges = await page.Locator("#revisions tr[data-revision='2'] li").AllAsync();
        var changedCodes = new List<string?>();
        foreach (var change in secondChanges)
        {
            changedCodes.Add(await change.GetAttributeAsync("data-code"));
        }

        var loanCell = await page.Locator("#values tr[data-code='LOAN_BAL'] td[data-revision='2']").GetAttributeAsync("class");
        var untouchedCell = await page.Locator("#values tr[data-code='KEYPROJ_BAL'] td[data-revision='2']").GetAttributeAsync("class");
        var stored = await RevisionsAsync(period, bank);

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(new[] { "1", "2", "3" }), "every revision, oldest first");
            Assert.That(sources, Is.EqualTo(new[] { "页面", "接口", "Excel" }));
            Assert.That(authors, Has.All.Contain(reporterName));
            Assert.That(changedCodes, Is.EqualTo(new[] { "LOAN_BAL" }), "revision 2 changed only the loan balance");
            Assert.That(loanCell, Does.Contain("changed"));
            Assert.That(untouchedCell, Does.Not.Contain("changed"));
            Assert.That(stored.Select(r => r.Source), Is.EqualTo(new[] { RevisionSource.Page, RevisionSource.Api, RevisionSource.Excel }), "the page shows what is stored");
        });
    }

    [Test]
    public async Task Typing_ANonNumber_OrAValueThatBreaksARule_ShowsTheMessageWithoutSaving()
    {
        var period = await CurrentPeriodAsync();
        var bank = await EditableBankAsync(period);
        var before = await StoredAsync(App, period, bank);
        var page = await SignInAsync($"{bank}-reporter");
        var url = FormUrl(period, bank);
        await page.GotoAsync(url);
        var statusBefore = await page.Locator("#status").InnerTextAsync();

        await page.Locator("#v-LOAN_BAL").FillAsync("十二万");
        var notNumber = page.Locator("#m-LOAN_BAL p", new() { HasTextString = "不是数字" });
        await notNumber.WaitForAsync();
        var notNumberText = await notNumber.InnerTextAsync();

        // A balance smaller than the week's new loans breaks R02; the script asks the server, which saves nothing.
        await page.Locator("#v-LOAN_BAL").FillAsync("100");
        await page.Locator("#v-LOAN_NEW").FillAsync("500");
        var rule = page.Locator("#m-LOAN_NEW p", new() { HasTextString = "本周各项贷款新发放额不应大于各项贷款余额" });
        await rule.WaitForAsync();
        await notNumber.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Browser.ScreenshotAsync(page, "report-form-typing-messages");
        await page.SetViewportSizeAsync(768, 1024);
        await Browser.ScreenshotAsync(page, "report-form-typing-messages-tablet");

        var live = await page.Locator("#m-LOAN_NEW").GetAttributeAsync("aria-live");
        var invalid = await page.Locator("#v-LOAN_NEW").GetAttributeAsync("aria-invalid");
        var status = await page.Locator("#status").InnerTextAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(notNumberText, Is.EqualTo(FormModel.NotANumber("十二万")), "the server's sentence, shown by the browser");
            Assert.That(await rule.InnerTextAsync(), Does.Contain("“本周各项贷款新发放额”（500.00万元）"));
            Assert.That(live, Is.EqualTo("polite"));
            Assert.That(invalid, Is.EqualTo("true"));
            Assert.That(page.Url, Does.EndWith(url), "nothing was posted as a save");
            Assert.That(status, Is.EqualTo(statusBefore));
            var after = await StoredAsync(App, period, bank);
            Assert.That((after?.Revision, after?.ValuesJson), Is.EqualTo((before?.Revision, before?.ValuesJson)), "validation as you type saves nothing");
            Assert.That(await RevisionsAsync(period, bank), Has.Count.EqualTo(before?.Revision ?? 0));
        });
    }

    [Test]
    public async Task WithoutJavaScript_TheFormStillValidatesOnSave()
    {
        var period = await CurrentPeriodAsync();
        var bank = await EditableBankAsync(period);
        var signedIn = await SignInAsync($"{bank}-reporter");
        await using var context = await NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address.ToString(),
            Locale = "zh-CN",
            JavaScriptEnabled = false,
            StorageState = await signedIn.Context.StorageStateAsync(),
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(FormUrl(period, bank));
        var before = await StoredAsync(App, period, bank);

        await page.Locator("#v-LOAN_BAL").FillAsync("十二万");
        var whileTyping = await page.Locator("#m-LOAN_BAL").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        var onSave = await page.Locator("#m-LOAN_BAL p").InnerTextAsync();
        var after = await StoredAsync(App, period, bank);

        Assert.Multiple(() =>
        {
            Assert.That(whileTyping, Is.Empty, "no script, no message before saving");
            Assert.That(onSave, Is.EqualTo(FormModel.NotANumber("十二万")));
            Assert.That(after?.Revision, Is.EqualTo(before?.Revision), "nothing saved");
        });
    }

    [Test]
    public async Task AnotherBanksHistoryAndExcelForm_AreNotShown()
    {
        var period = await CurrentPeriodAsync();
        var page = await SignInAsync("SD-CCB-reporter");

        var history = await page.GotoAsync($"{FormUrl(period, "SD-BOC")}/history");
        var body = await page.Locator("body").InnerTextAsync();
        var template = await page.APIRequest.GetAsync($"{FormUrl(period, "SD-BOC")}?handler=template");
        var templateBody = await template.TextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(history!.Status, Is.AnyOf(403, 404));
            Assert.That(body, Does.Not.Contain("中国银行长治上党支行"));
            Assert.That(template.Status, Is.AnyOf(403, 404));
            Assert.That(template.Headers.GetValueOrDefault("content-type"), Does.Not.Contain("spreadsheetml"));
            Assert.That(templateBody, Does.Not.Contain("中国银行长治上党支行"));
        });
    }

    [Test]
    public async Task Validate_WithoutTheAntiforgeryToken_IsRefused()
    {
        var period = await CurrentPeriodAsync();
        var page = await SignInAsync("SD-ICBC-reporter");
        await page.GotoAsync(FormUrl(period, "SD-ICBC"));
        var form = page.APIRequest.CreateFormData();
        form.Set("v.LOAN_BAL", "100");

        var response = await page.APIRequest.PostAsync($"{FormUrl(period, "SD-ICBC")}?handler=validate", new() { Form = form, MaxRedirects = 0 });

        Assert.That(response.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task Supervisor_ReturnsASubmittedReport_WithAReason_AndTheReporterSeesIt()
    {
        var period = await CurrentPeriodAsync();
        var bank = await UntouchedBankAsync(App, period);
        var api = await App.ClientForAsync($"{bank}-reporter");
        var url = SubmissionUrl(period, bank);
        var saved = await (await api.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 8), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await api.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);

        var reporter = await SignInAsync($"{bank}-reporter");
        await reporter.GotoAsync(FormUrl(period, bank));
        var reporterSeesReturn = await reporter.Locator("#return-form").CountAsync();

        const string reason = "各项贷款余额与人民银行口径不一致，请核对后重新提交。";
        var supervisor = await SignInAsync("supervisor");
        await supervisor.GotoAsync(FormUrl(period, bank));
        await supervisor.Locator("#return-reason-input").FillAsync(reason);
        await supervisor.Locator("#return-button").ClickAsync();
        var notice = await supervisor.Locator("#notice").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, "report-form-supervisor-returned");
        var stored = await StoredAsync(App, period, bank);

        await reporter.ReloadAsync();
        var status = await reporter.Locator("#status").InnerTextAsync();
        var shownReason = await reporter.Locator("#return-reason").InnerTextAsync();
        var editable = await reporter.Locator("#v-LOAN_BAL").IsEnabledAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reporterSeesReturn, Is.Zero, "a reporter is not offered the return");
            Assert.That(notice, Does.Contain("已退回"));
            Assert.That(stored?.Status, Is.EqualTo(SubmissionStatus.Returned));
            Assert.That(stored?.ReturnReason, Is.EqualTo(reason));
            Assert.That(status, Does.Contain("已退回"));
            Assert.That(shownReason, Does.Contain("已退回").And.Contain(reason));
            Assert.That(editable, Is.True, "the reporter can correct it");
        });
    }

    [Test]
    public async Task Supervisor_UnlocksALockedPeriod_ThenTheReporterCanSave_ButReportersAndHeadsMayNotUnlock()
    {
        // A past week, locked an hour ago, that some bank has not reported.
        var now = DateTime.UtcNow;
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == Form && p.DueAt < now).OrderByDescending(p => p.Start).Select(p => p.Key).Skip(1).FirstAsync());
        await App.QueryAsync(async db =>
        {
            var row = await db.ReportPeriods.SingleAsync(p => p.Form.Code == Form && p.Key == period);
            row.DueAt = now.AddDays(-4);
            row.LockAt = now.AddHours(-1);
            return await db.SaveChangesAsync();
        });
        var bank = await UntouchedBankAsync(App, period);
        var url = FormUrl(period, bank);
        IQueryable<PeriodUnlock> Unlocks(ComplianceDbContext db) => db.PeriodUnlocks.Where(u =>
            db.ReportPeriods.Any(p => p.Id == u.PeriodId && p.Key == period && p.Form.Code == Form) && db.Institutions.Any(i => i.Id == u.InstitutionId && i.Code == bank));
        Task<int> UnlocksAsync() => App.QueryAsync(db => Unlocks(db).CountAsync());

        // The reporter and the head see the lock but no unlock, and the handler refuses them.
        var refusals = new List<(string User, bool SeesUnlock, bool CanType, string LockState, int Status)>();
        foreach (var user in new[] { $"{bank}-reporter", $"{bank}-head" })
        {
            var page = await SignInAsync(user);
            await page.GotoAsync(url);
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
            var form = page.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("until", DateTime.UtcNow.AddHours(8).AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            form.Set("reason", "自己给自己解锁");
            var response = await page.APIRequest.PostAsync($"{url}?handler=unlock", new() { Form = form, MaxRedirects = 0 });
            refusals.Add((user, await page.Locator("#unlock-form").CountAsync() > 0, await page.Locator("#v-LOAN_BAL").IsEnabledAsync(),
                await page.Locator("#lock-state").InnerTextAsync(), response.Status));
        }

        var unlocksAfterRefusals = await UnlocksAsync();

        var supervisor = await SignInAsync("supervisor");
        await supervisor.GotoAsync(url);
        await supervisor.Locator("#unlock-reason").FillAsync("系统故障，准予补报");
        await supervisor.Locator("#unlock-button").ClickAsync();
        var granted = await supervisor.Locator("#notice").InnerTextAsync();
        var supervisorLockState = await supervisor.Locator("#lock-state").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, "report-form-supervisor-unlocked");
        var unlock = await App.QueryAsync(db => Unlocks(db).OrderByDescending(u => u.Id).FirstAsync());

        var reporter = await SignInAsync($"{bank}-reporter");
        await reporter.GotoAsync(url);
        var reporterLockState = await reporter.Locator("#lock-state").InnerTextAsync();
        await FillFiguresAsync(reporter, await GoodFiguresAsync(App, 9));
        await reporter.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        var saved = await reporter.Locator("#notice").InnerTextAsync();

        Assert.Multiple(async () =>
        {
            foreach (var (user, seesUnlock, canType, lockState, status) in refusals)
            {
                Assert.That(seesUnlock, Is.False, $"{user} is not offered the unlock");
                Assert.That(canType, Is.False, $"{user} cannot type into a locked period");
                Assert.That(lockState, Does.StartWith("本期已于").And.Contain("锁定"), user);
                Assert.That(status, Is.EqualTo(403), $"{user} posting the unlock handler directly");
            }

            Assert.That(unlocksAfterRefusals, Is.Zero, "the refused unlocks stored nothing");
            Assert.That(granted, Does.Contain("补报至"));
            Assert.That(supervisorLockState, Does.Contain("已获准补报至"));
            Assert.That(reporterLockState, Does.Contain("已获准补报至"));
            Assert.That(unlock.GrantedBy, Is.EqualTo("supervisor"));
            Assert.That(unlock.Reason, Is.EqualTo("系统故障，准予补报"));
            Assert.That(await UnlocksAsync(), Is.EqualTo(1));
            Assert.That(saved, Is.EqualTo("草稿已保存。"));
            Assert.That(await RevisionsAsync(period, bank), Has.Count.EqualTo(1), "the reporter's save after the unlock is stored");
        });
    }
}
