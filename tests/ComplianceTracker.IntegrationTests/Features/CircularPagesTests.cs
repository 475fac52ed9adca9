using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The supervisor's circular pages in a real browser on the demo data: paste a real circular, review and edit the
/// proposal, save the draft, publish it to the banks of the district; refused saves store nothing; the list filter,
/// the clause tree, progress per institution and the ledger export; who may not create, publish or see.
/// </summary>
[NonParallelizable]
public class CircularPagesTests : BrowserAppFixture
{
    /// <summary>长上金发〔2022〕20号: addressed to the 上党 institutions of the demo, seeded as a draft.</summary>
    private const string SeedKey = "shangdang-2022-20";

    private const string SeedNumber = "长上金发〔2022〕20号";

    internal static string SeedText()
    {
        var seeds = SeedFiles.Default();
        return seeds.CircularText(seeds.Circulars().Single(c => c.Key == SeedKey));
    }

    /// <summary>A 文号 no other test uses: the seeded circular already holds the real one.</summary>
    internal static string FreshNumber() => $"长上金发〔2022〕{Random.Shared.Next(1000, 9_999_999)}号";

    internal static async Task<IPage> PasteAndExtractAsync(IPage page)
    {
        await page.GotoAsync("/circulars/new");
        await page.GetByLabel("通知全文").FillAsync(SeedText());
        await page.GetByRole(AriaRole.Button, new() { Name = "识别" }).ClickAsync();
        await page.Locator("#review").WaitForAsync();
        await page.WaitForLoadStateAsync();
        return page;
    }

    [Test]
    public async Task Supervisor_PastesACircular_EditsTheProposal_Saves_AndPublishesToTheBanksOfTheDistrict()
    {
        var page = await SignInAsync("supervisor");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "通知文件" }).ClickAsync();
        await page.WaitForURLAsync("**/circulars");
        await page.GetByRole(AriaRole.Link, new() { Name = "新建通知" }).ClickAsync();
        await page.WaitForURLAsync("**/circulars/new");
        await page.GetByLabel("通知全文").FillAsync(SeedText());
        await page.GetByRole(AriaRole.Button, new() { Name = "识别" }).ClickAsync();
        await page.Locator("#review").WaitForAsync();
        await page.WaitForLoadStateAsync();

        var proposedNumber = await page.Locator("#f-DocumentNumber").InputValueAsync();
        var proposedTitle = await page.Locator("#f-Title").InputValueAsync();
        var numberEvidence = await page.Locator("#ev-DocumentNumber").InnerTextAsync();
        var rows = await page.Locator("#requirement-rows fieldset.requirement").CountAsync();
        var firstKind = await page.Locator("#r0-kind").InputValueAsync();
        await Browser.ScreenshotAsync(page, "circular-review");

        // Saving under the real number is refused (the seed holds it) and keeps what was typed.
        var count = await App.QueryAsync(db => db.Circulars.CountAsync());
        await page.Locator("#f-Title").FillAsync($"{proposedTitle}（复核稿）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.Locator("#err-DocumentNumber").WaitForAsync();
        await page.WaitForLoadStateAsync();
        var conflict = await page.Locator("#err-DocumentNumber").InnerTextAsync();
        var keptTitle = await page.Locator("#f-Title").InputValueAsync();
        var countAfterConflict = await App.QueryAsync(db => db.Circulars.CountAsync());

        // The supervisor's edits: a number of their own, the day of issue, the first requirement's kind, and
        // banks only (branches included) for every requirement.
        var number = FreshNumber();
        await page.Locator("#f-DocumentNumber").FillAsync(number);
        await page.Locator("#f-IssuedOn").FillAsync("2022-05-16");
        var editedKind = firstKind == nameof(RequirementKind.Prohibition) ? RequirementKind.Principle : RequirementKind.Prohibition;
        await page.Locator("#r0-kind").SelectOptionAsync(editedKind.ToString());
        var applyAll = page.Locator("#apply-all");
        await applyAll.GetByLabel("银行").CheckAsync();
        await applyAll.GetByRole(AriaRole.Button, new() { Name = "应用到全部要求" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "已将" }).WaitForAsync();
        await page.WaitForLoadStateAsync();
        var insurerChecked = await page.Locator("#requirement-rows input[type=checkbox][value=Insurer]:checked").CountAsync();
        var editedKindKept = await page.Locator("#r0-kind").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/circulars/\d+$"));

        var saved = await App.QueryAsync(db => db.Circulars.Include(c => c.Requirements).Include(c => c.Jurisdiction).SingleAsync(c => c.DocumentNumber == number));

        // 发布, then 确认发布 after reading who it binds.
        await page.GetByRole(AriaRole.Link, new() { Name = "发布" }).ClickAsync();
        await page.Locator("#confirm-publish").WaitForAsync();
        var previewed = await page.Locator("#preview tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        var notice = await page.Locator("#notice").InnerTextAsync();
        var status = await page.Locator("#meta-status").InnerTextAsync();
        var shown = await page.Locator("#progress tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        var overdueCells = await page.Locator("#progress td[data-status=Overdue]").AllInnerTextsAsync();
        await Browser.ScreenshotAsync(page, "circular-detail-published");

        var bound = await App.QueryAsync(db => db.Obligations.Where(o => o.Requirement.CircularId == saved.Id).Select(o => o.Institution.Code).Distinct().ToListAsync());
        bound.Sort(StringComparer.Ordinal);
        var banksOfDistrict = await App.QueryAsync(db => db.Institutions
            .Where(i => i.Jurisdiction.Path.StartsWith(saved.Jurisdiction.Path) && i.Type == InstitutionType.Bank)
            .Select(i => i.Code).ToListAsync());
        banksOfDistrict.Sort(StringComparer.Ordinal);
        var obligations = await App.QueryAsync(db => db.Obligations.CountAsync(o => o.Requirement.CircularId == saved.Id));
        var published = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == saved.Id).Select(c => c.Status).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(proposedNumber, Is.EqualTo(SeedNumber), "the proposal's 文号 is prefilled");
            Assert.That(numberEvidence, Does.Contain("长上金发"), "the words it was read from are shown beside it");
            Assert.That(rows, Is.GreaterThan(5), "the proposal's requirements are prefilled");
            Assert.That(conflict, Does.Contain("已登记"), "the real number is taken by the seed");
            Assert.That(keptTitle, Is.EqualTo($"{proposedTitle}（复核稿）"), "a refused save keeps what was typed");
            Assert.That(countAfterConflict, Is.EqualTo(count), "a refused save stores nothing");
            Assert.That(insurerChecked, Is.Zero, "统一设置 set banks only on every row");
            Assert.That(editedKindKept, Is.EqualTo(editedKind.ToString()), "统一设置 keeps the other edits");

            Assert.That(saved.Title, Is.EqualTo($"{proposedTitle}（复核稿）"));
            Assert.That(saved.IssuedOn, Is.EqualTo(new DateOnly(2022, 5, 16)));
            Assert.That(saved.Requirements, Has.Count.EqualTo(rows));
            Assert.That(saved.Requirements.OrderBy(r => r.Ordinal).First().Kind, Is.EqualTo(editedKind), "the edited kind is stored");
            Assert.That(saved.Requirements.Select(r => r.AppliesTo.InstitutionTypes), Is.All.EqualTo(InstitutionTypes.Bank));
            Assert.That(saved.Jurisdiction.Code, Is.EqualTo(DemoSeeder.DemoJurisdiction));

            Assert.That(previewed.Order(StringComparer.Ordinal), Is.EqualTo(banksOfDistrict), "the confirmation names the institutions it will bind");
            Assert.That(published, Is.EqualTo(CircularStatus.Published));
            Assert.That(bound, Is.EqualTo(banksOfDistrict), "obligations for exactly the banks of 上党区, no insurer");
            Assert.That(banksOfDistrict, Has.Count.GreaterThan(3));
            Assert.That(obligations, Is.EqualTo(rows * banksOfDistrict.Count), "one obligation per requirement and bank");
            Assert.That(notice, Does.Contain($"{banksOfDistrict.Count} 家机构"));
            Assert.That(status, Is.EqualTo("已发布"));
            Assert.That(shown.Order(StringComparer.Ordinal), Is.EqualTo(banksOfDistrict), "the detail page lists every bound bank");
            Assert.That(overdueCells.Select(int.Parse), Has.Some.GreaterThan(0), "weeks of 2022 are overdue");
        });
    }

    [Test]
    public async Task Saving_WithTheTitleEmptied_ShowsTheChineseMessage_AndStoresNothing_AtTabletWidth()
    {
        var page = await PasteAndExtractAsync(await SignInAsync("supervisor", new ViewportSize { Width = 768, Height = 1024 }));
        var number = FreshNumber();
        await page.Locator("#f-DocumentNumber").FillAsync(number);
        await page.Locator("#f-Title").FillAsync("");
        await page.Locator("#f-ValidityMonths").FillAsync("六");

        // With script, rows come and go in the page itself (no round trip: the notice stays the extractor's).
        var rowsLocator = page.Locator("#requirement-rows fieldset.requirement");
        var proposed = await rowsLocator.CountAsync();
        var secondClause = await page.Locator("#r1-clause").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一条要求" }).ClickAsync();
        await rowsLocator.Nth(proposed).WaitForAsync();
        await rowsLocator.Nth(0).GetByRole(AriaRole.Button, new() { Name = "删除此条要求" }).ClickAsync();
        var noticeAfterRows = await page.Locator("#notice").InnerTextAsync();
        var before = await App.QueryAsync(db => db.Circulars.CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.Locator("#error-summary").WaitForAsync();
        await page.WaitForLoadStateAsync();
        var titleMessage = await page.Locator("#err-Title").InnerTextAsync();
        var monthsMessage = await page.Locator("#err-ValidityMonths").InnerTextAsync();
        var titleInvalid = await page.Locator("#f-Title").GetAttributeAsync("aria-invalid");
        var summary = await page.Locator("#error-summary").InnerTextAsync();
        var keptNumber = await page.Locator("#f-DocumentNumber").InputValueAsync();
        var rows = await rowsLocator.CountAsync();
        var firstClause = await page.Locator("#r0-clause").InputValueAsync();
        var lastRowErrors = await rowsLocator.Nth(rows - 1).Locator(".field-error").AllInnerTextsAsync();
        var after = await App.QueryAsync(db => db.Circulars.CountAsync());
        var stored = await App.QueryAsync(db => db.Circulars.AnyAsync(c => c.DocumentNumber == number));
        const string FitsTheWidth = "() => document.documentElement.scrollWidth <= window.innerWidth";
        var formFits = await page.EvaluateAsync<bool>(FitsTheWidth);
        await Browser.ScreenshotAsync(page, "circular-review-refused-tablet");
        await page.GotoAsync("/circulars");
        var listFits = await page.EvaluateAsync<bool>(FitsTheWidth);

        Assert.Multiple(() =>
        {
            Assert.That(titleMessage, Is.EqualTo("请填写文件标题。"));
            Assert.That(monthsMessage, Does.Contain("“六”不是整数"));
            Assert.That(titleInvalid, Is.EqualTo("true"));
            Assert.That(summary, Does.Contain("未保存"));
            Assert.That(keptNumber, Is.EqualTo(number), "what the user typed is kept");
            Assert.That(noticeAfterRows, Does.StartWith("已识别"), "adding and removing rows did not reload the page");
            Assert.That(rows, Is.EqualTo(proposed), "the requirements are kept, one removed and one added");
            Assert.That(firstClause, Is.EqualTo(secondClause), "the removed row was not posted");
            Assert.That(lastRowErrors, Does.Contain("请选择要求类型（期限、定期报送、目标、禁止或原则）。"), "the added row was posted and its messages sit beside it");
            Assert.That(after, Is.EqualTo(before), "nothing stored");
            Assert.That(stored, Is.False);
            Assert.That(formFits, Is.True, "the review form holds at 768 px without scrolling sideways");
            Assert.That(listFits, Is.True, "so does the list");
        });
    }

    [Test]
    public async Task RequirementRows_AreAddedAndRemoved_WithoutScript_AndAnUnfilledRowIsRefused()
    {
        var context = await NewContextAsync(new BrowserNewContextOptions { BaseURL = App.Address.ToString(), Locale = "zh-CN", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("用户名").FillAsync("supervisor");
        await page.GetByLabel("密码").FillAsync(ComplianceApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await PasteAndExtractAsync(page);
        var rows = page.Locator("#requirement-rows fieldset.requirement");
        var before = await rows.CountAsync();
        var secondClause = await page.Locator("#r1-clause").InputValueAsync();

        // Without script every button posts the form and the page comes back: count only once the new page has
        // loaded, or a long one is counted half-parsed.
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "删除此条要求" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "已删除" }).WaitForAsync();
        await page.WaitForLoadStateAsync();
        var afterRemove = await rows.CountAsync();
        var firstClauseNow = await page.Locator("#r0-clause").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一条要求" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "已在末尾添加" }).WaitForAsync();
        await page.WaitForLoadStateAsync();
        var afterAdd = await rows.CountAsync();

        // The new row left empty: the messages name its fields, and nothing is stored.
        await page.Locator("#f-DocumentNumber").FillAsync(FreshNumber());
        var count = await App.QueryAsync(db => db.Circulars.CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await page.Locator("#error-summary").WaitForAsync();
        await page.WaitForLoadStateAsync();
        var last = afterAdd - 1;
        var rowErrors = await rows.Nth(last).Locator(".field-error").AllInnerTextsAsync();
        var countAfter = await App.QueryAsync(db => db.Circulars.CountAsync());
        await context.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterRemove, Is.EqualTo(before - 1));
            Assert.That(firstClauseNow, Is.EqualTo(secondClause), "the first row is gone");
            Assert.That(afterAdd, Is.EqualTo(before));
            Assert.That(rowErrors, Does.Contain("请填写条款位置，如“一、（三）”。").And.Contain("请填写条款原文。").And.Contain("请选择要求类型（期限、定期报送、目标、禁止或原则）。"));
            Assert.That(countAfter, Is.EqualTo(count));
        });
    }

    [Test]
    public async Task List_FiltersByTextAndStatus_AndTheDetailShowsTheClauseTreeAndRequirements()
    {
        var page = await SignInAsync("supervisor");
        await page.GotoAsync("/circulars");
        await Browser.ScreenshotAsync(page, "circulars-list");
        var all = await page.Locator("#circulars tbody tr").CountAsync();

        await page.GetByLabel("文号、标题或发文机关").FillAsync("长上金发");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**q=*");
        var numbers = await page.Locator("#circulars td[data-label=文号]").AllInnerTextsAsync();

        await page.GotoAsync("/circulars");
        await page.GetByLabel("状态").SelectOptionAsync(nameof(CircularStatus.Published));
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**status=Published*");
        var publishedStatuses = await page.Locator("#circulars td[data-label=状态]").AllInnerTextsAsync();
        var publishedTitles = await page.Locator("#circulars td[data-label=标题]").AllInnerTextsAsync();

        // The seeded draft's page: the clause tree nested as the text numbers it, and its requirements in Chinese.
        var seed = await App.QueryAsync(db => db.Circulars.Include(c => c.Requirements).SingleAsync(c => c.NaturalKey == SeedKey));
        await page.GotoAsync("/circulars?q=" + Uri.EscapeDataString(SeedNumber));
        await page.GetByRole(AriaRole.Link, new() { Name = seed.Title }).ClickAsync();
        await page.WaitForURLAsync($"**/circulars/{seed.Id}");
        await Browser.ScreenshotAsync(page, "circular-detail");
        var nested = await page.Locator("#clause-tree li li").CountAsync();
        var attachmentMeasure = await page.Locator("#clause-tree li[data-path='附件1 一、'] li[data-path='附件1 一、1.']").CountAsync();
        var requirementRows = await page.Locator("#requirements tbody tr").CountAsync();
        var kinds = await page.Locator("#requirements td[data-label=类型]").AllInnerTextsAsync();
        var dueRules = await page.Locator("#requirements td[data-label=期限规则]").AllInnerTextsAsync();
        var appliesTo = await page.Locator("#requirements td[data-label=适用对象]").AllInnerTextsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.Not.Empty);
            Assert.That(numbers, Is.All.Contain("长上金发"), "only circulars whose number, title or issuer has the words");
            Assert.That(numbers.Count, Is.LessThan(all));
            Assert.That(publishedStatuses, Is.Not.Empty.And.All.EqualTo("已发布"));
            Assert.That(publishedTitles, Has.Some.Contain("演示"), "the demo's published circular, with its demo marker");
            Assert.That(nested, Is.GreaterThan(10), "clauses nest: 一、 holds 1. 2. 3.");
            Assert.That(attachmentMeasure, Is.EqualTo(1), "附件1 一、1. sits under 附件1 一、");
            Assert.That(requirementRows, Is.EqualTo(seed.Requirements.Count));
            Assert.That(kinds, Does.Contain("原则性要求").And.Contain("禁止性要求").And.Contain("量化目标").And.Contain("定期报送"));
            Assert.That(dueRules, Has.Some.StartWith("每周报送：每期结束后 1 个自然日内，12:00 前；执行 6 个月"));
            Assert.That(appliesTo, Has.Some.StartWith("银行（仅法人机构）").And.Some.StartWith("银行、保险机构（含分支机构）"));
        });
    }

    [Test]
    public async Task Supervisor_FillsTheMissingIssueDate_ARefusedDateStoresNothing()
    {
        var seed = await App.QueryAsync(db => db.Circulars.SingleAsync(c => c.NaturalKey == SeedKey));
        var page = await SignInAsync("supervisor");
        await page.GotoAsync($"/circulars/{seed.Id}");
        var dates = page.Locator("#dates");
        await dates.GetByLabel("发文日期").FillAsync("2022-05-16");
        await dates.GetByLabel("生效日期").FillAsync("2022-06-01");
        await dates.GetByLabel("失效日期").FillAsync("2022-05-20");
        await dates.GetByRole(AriaRole.Button, new() { Name = "保存日期" }).ClickAsync();
        var refused = await page.Locator("#d-effectiveTo-error").InnerTextAsync();
        var kept = await page.Locator("#d-effectiveTo").InputValueAsync();
        var afterRefusal = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == seed.Id).Select(c => new { c.IssuedOn, c.EffectiveFrom, c.EffectiveTo }).SingleAsync());

        await page.Locator("#d-effectiveFrom").FillAsync("");
        await page.Locator("#d-effectiveTo").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存日期" }).ClickAsync();
        await page.Locator("#notice", new() { HasTextString = "日期已保存" }).WaitForAsync();
        var shown = await page.Locator(".circ-meta").InnerTextAsync();
        var saved = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == seed.Id).Select(c => new { c.IssuedOn, c.Status }).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo("执行期结束日期不能早于开始日期。"));
            Assert.That(kept, Is.EqualTo("2022-05-20"), "the refused date is shown as typed");
            Assert.That(afterRefusal.IssuedOn, Is.Null, "a refused save stores nothing, not even the good date");
            Assert.That(afterRefusal.EffectiveFrom, Is.Null);
            Assert.That(saved.IssuedOn, Is.EqualTo(new DateOnly(2022, 5, 16)));
            Assert.That(saved.Status, Is.EqualTo(CircularStatus.Draft), "filling a date publishes nothing");
            Assert.That(shown, Does.Contain("2022-05-16 至 2022-11-16"), "six months from the issue date");
        });
    }

    [Test]
    public async Task PublishedDemoCircular_ShowsProgressPerInstitution_FiltersDueItems_AndTheLedgerReopens()
    {
        var demo = await App.QueryAsync(db => db.Circulars.SingleAsync(c => c.IsDemo && c.Status == CircularStatus.Published));
        var overdueInDb = await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Requirement.CircularId == demo.Id
            && (d.Status == DueItemStatus.Overdue || (d.Status == DueItemStatus.Open && d.DueAt < DateTime.UtcNow))));
        var page = await SignInAsync("supervisor");
        await page.GotoAsync($"/circulars/{demo.Id}");
        var institutions = await page.Locator("#progress tbody tr").CountAsync();
        var overdueShown = (await page.Locator("#progress td[data-status=Overdue]").AllInnerTextsAsync()).Sum(int.Parse);

        var dueItems = page.Locator("#due-items");
        await dueItems.GetByLabel("状态").SelectOptionAsync(nameof(DueItemStatus.Overdue));
        await dueItems.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**status=Overdue*");
        var statuses = await page.Locator("#due-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)");
        var publishButtons = await page.GetByRole(AriaRole.Link, new() { Name = "发布", Exact = true }).CountAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-ledger").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ct-ledger-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        using var workbook = new ClosedXML.Excel.XLWorkbook(file);
        var dueSheetRows = workbook.Worksheet("义务与期限").RowsUsed().Count();

        Assert.Multiple(() =>
        {
            Assert.That(institutions, Is.GreaterThan(3), "the demo binds the banks of 上党区");
            Assert.That(overdueShown, Is.EqualTo(overdueInDb), "the counts add up to the database's overdue items");
            Assert.That(statuses, Is.Not.Empty.And.All.EqualTo(nameof(DueItemStatus.Overdue)));
            Assert.That(publishButtons, Is.Zero, "a published circular has no 发布 button");
            Assert.That(download.SuggestedFilename, Does.EndWith(".xlsx"));
            Assert.That(workbook.Worksheets.Select(w => w.Name), Does.Contain("要求").And.Contain("义务与期限"));
            Assert.That(dueSheetRows, Is.GreaterThan(institutions), "the ledger lists the due items");
        });
        File.Delete(file);
    }

    [Test]
    public async Task Reporter_GetsA403OnNew_AndCannotPublishByPostingDirectly_LeaderReadsButCannotCreate()
    {
        var draft = await App.QueryAsync(db => db.Circulars.SingleAsync(c => c.NaturalKey == SeedKey));
        var page = await SignInAsync("SD-CCB-reporter");
        var response = await page.GotoAsync("/circulars/new");
        var heading = await page.Locator("h1").InnerTextAsync();

        // A forged post with a valid antiforgery token, taken from a form the reporter may open (its weekly report).
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form && p.Start <= ReportingSupport.TodayInChina && p.End >= ReportingSupport.TodayInChina).Select(p => p.Key).SingleAsync());
        await page.GotoAsync($"/report/{ReportingSupport.Form}/{period}/SD-CCB");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var post = await page.APIRequest.PostAsync($"/circulars/{draft.Id}?handler=Publish", new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token) });
        var status = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == draft.Id).Select(c => c.Status).SingleAsync());
        var obligations = await App.QueryAsync(db => db.Obligations.CountAsync(o => o.Requirement.CircularId == draft.Id));

        var leader = await SignInAsync("leader");
        var list = await leader.GotoAsync("/circulars");
        var leaderRows = await leader.Locator("#circulars tbody tr").CountAsync();
        var newButton = await leader.GetByRole(AriaRole.Link, new() { Name = "新建通知" }).CountAsync();
        await leader.GotoAsync($"/circulars/{draft.Id}");
        var leaderPublish = await leader.GetByRole(AriaRole.Link, new() { Name = "发布", Exact = true }).CountAsync();
        var leaderNew = await leader.GotoAsync("/circulars/new");

        Assert.Multiple(() =>
        {
            Assert.That(response!.Status, Is.EqualTo(403));
            Assert.That(heading, Is.EqualTo("无权访问"));
            Assert.That(post.Status, Is.EqualTo(403), "the page's publish refuses a reporter as the API does");
            Assert.That(status, Is.EqualTo(CircularStatus.Draft));
            Assert.That(obligations, Is.Zero);
            Assert.That(list!.Status, Is.EqualTo(200), "leaders read circulars, as the API lets them");
            Assert.That(leaderRows, Is.GreaterThan(0));
            Assert.That(newButton, Is.Zero);
            Assert.That(leaderPublish, Is.Zero);
            Assert.That(leaderNew!.Status, Is.EqualTo(403));
        });
    }

    [Test]
    public async Task Supervisor_DoesNotSeeADraftOfAnotherJurisdiction()
    {
        var shanghai = await App.QueryAsync(db => db.Circulars.SingleAsync(c => c.DocumentNumber == "沪银保监发〔2023〕24号" && c.Status == CircularStatus.Draft));
        var page = await SignInAsync("supervisor");
        await page.GotoAsync("/circulars");
        var listed = await page.Locator($"#circulars tr[data-id='{shanghai.Id}']").CountAsync();
        var body = await page.Locator("body").InnerTextAsync();
        var response = await page.GotoAsync($"/circulars/{shanghai.Id}");

        var other = await SignInAsync("supervisor-sh");
        await other.GotoAsync("/circulars");
        var listedForShanghai = await other.Locator($"#circulars tr[data-id='{shanghai.Id}']").CountAsync();

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.Zero);
            Assert.That(body, Does.Not.Contain("沪银保监发〔2023〕24号"));
            Assert.That(response!.Status, Is.EqualTo(404));
            Assert.That(listedForShanghai, Is.EqualTo(1), "Shanghai's supervisor does see it");
        });
    }
}
