using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 6 of JOURNEYS.md, "A one-off requirement" ("于文发之后十日内报送贯彻落实措施"), at 1366 px and on a phone:
/// the reporter opens the item from the start page (the requirement's words and its circular), a program named .pdf is
/// refused, the material is uploaded with a note and 报送; the supervisor, told in 消息, opens the file and returns it
/// with a reason; the reporter, told, sees the time given to correct (not overdue), adds a file and hands it in again;
/// the supervisor accepts it (办结) and the reporter is told. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class OneOffTests : BrowserAppFixture
{
    [TestCase(false, TestName = "OneOff_HandedInReturnedAndAccepted_AtTheDesk")]
    [TestCase(true, TestName = "OneOff_HandedInReturnedAndAccepted_OnAPhone")]
    public async Task TheMaterial_IsHandedIn_Returned_HandedInAgain_AndAccepted(bool phone)
    {
        var bank = await BankOwingAOneOffAsync(phone);
        var name = phone ? "phone" : "desk";
        BrowserNewContextOptions Options() => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);
        var pdf = TestFiles.Pdf();

        // The reporter: the start page's one-off item → its page, with the requirement's words and its circular.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options()), $"{bank}-reporter");
        var oneOff = reporter.Locator("#one-offs li").First;
        var id = int.Parse((await oneOff.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        await oneOff.GetByRole(AriaRole.Link, new() { Name = "上传材料" }).ClickAsync();
        await reporter.WaitForURLAsync($"**/todo/{id}");
        var requirement = await reporter.Locator("#item-text").InnerTextAsync();
        var circular = await reporter.Locator("#item-circular").InnerTextAsync();

        // A program named .pdf is refused and stored nowhere; the real file with a note is kept; then 报送.
        await reporter.Locator("#material-file").SetInputFilesAsync(new FilePayload { Name = "措施.pdf", MimeType = "application/pdf", Buffer = TestFiles.Program() });
        await reporter.Locator("#upload-button").ClickAsync();
        var refused = await reporter.Locator("#upload-error").InnerTextAsync();
        var storedAfterRefusal = await App.QueryAsync(db => db.DueItemAttachments.CountAsync(a => a.DueItemId == id));
        await reporter.Locator("#material-file").SetInputFilesAsync(new FilePayload { Name = "贯彻落实措施.pdf", MimeType = "application/pdf", Buffer = pdf });
        await reporter.Locator("#material-note").FillAsync("经行长办公会审定");
        await reporter.Locator("#upload-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "已上传" }).WaitForAsync();
        await reporter.Locator("#submit-note").FillAsync("已按通知要求制定贯彻落实措施");
        await reporter.Locator("#submit-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "已报送" }).WaitForAsync();
        var handedIn = await reporter.Locator("#item-status").InnerTextAsync();
        var itemOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey6-handed-in-{name}");

        // The supervisor, told in 消息, opens the item and its file, and returns it with a reason.
        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options()), "supervisor");
        await Browser.OpenMessageAsync(supervisor, "材料已报送");
        await supervisor.WaitForURLAsync($"**/todo/{id}");
        var download = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.Locator("#material-list a", new() { HasTextString = "贯彻落实措施.pdf" }).ClickAsync());
        var downloaded = await File.ReadAllBytesAsync((await download.PathAsync())!);
        await Browser.ScreenshotAsync(supervisor, $"journey6-supervisor-item-{name}");
        await supervisor.Locator("#return-reason").FillAsync("请补充分行签章页");
        await supervisor.Locator("#return-button").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已退回" }).WaitForAsync();

        // The reporter, told, has time to correct (not overdue), adds a file and hands it in again.
        await Browser.OpenMessageAsync(reporter, "材料退回");
        await reporter.WaitForURLAsync($"**/todo/{id}");
        var correction = await reporter.Locator("#item-correction").InnerTextAsync();
        var reopened = await reporter.Locator("#item-status").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"journey6-returned-{name}");
        await reporter.Locator("#material-file").SetInputFilesAsync(new FilePayload { Name = "签章页.png", MimeType = "image/png", Buffer = TestFiles.Png() });
        await reporter.Locator("#upload-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "已上传" }).WaitForAsync();
        await reporter.Locator("#submit-button").ClickAsync();
        await reporter.Locator("#notice", new() { HasTextString = "已报送" }).WaitForAsync();

        // The supervisor accepts it; the reporter is told.
        await Browser.OpenMessageAsync(supervisor, "材料已报送");
        await supervisor.WaitForURLAsync($"**/todo/{id}");
        await supervisor.Locator("#accept-button").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已办结" }).WaitForAsync();
        var done = await supervisor.Locator("#item-status").InnerTextAsync();
        await Browser.NavigateAsync(reporter, "消息");
        await reporter.WaitForURLAsync("**/notifications");
        var accepted = await reporter.Locator("#messages tbody tr", new() { HasTextString = "已办结" }).First.InnerTextAsync();
        var messagesOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey6-accepted-message-{name}");

        var stored = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == id).Select(d => new { d.Status, Files = db.DueItemAttachments.Count(a => a.DueItemId == d.Id) }).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(requirement, Is.Not.Empty);
            Assert.That(circular, Is.Not.Empty);
            Assert.That(refused, Does.Contain("不是可接受的类型"));
            Assert.That(storedAfterRefusal, Is.Zero, "a refused file is not stored");
            Assert.That(handedIn, Is.EqualTo(DueItemStatus.Submitted.Label()));
            Assert.That(downloaded, Is.EqualTo(pdf), "the supervisor opens the file as it was uploaded");
            Assert.That(correction, Does.Contain("请于").And.Contain("前重新报送"));
            Assert.That(reopened, Is.EqualTo(DueItemStatus.Open.Label()), "returned: correcting, not overdue");
            Assert.That(done, Is.EqualTo(DueItemStatus.Done.Label()));
            Assert.That(accepted, Does.Contain("办结"));
            Assert.That(stored.Status, Is.EqualTo(DueItemStatus.Done));
            Assert.That(stored.Files, Is.EqualTo(2));
            Assert.That(itemOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(messagesOverflow, Is.LessThanOrEqualTo(0));
        });
    }

    /// <summary>
    /// The supervisor's loop on one-off items (journey 10): from 辖内待办, filtered to one bank's 一次性期限, the row's 办理
    /// opens the item; 豁免 without a reason is refused and changes nothing, with a reason it is 已豁免 and the reporter is
    /// told; 重新打开 (with a reason) gives it back to the bank, told again; 办结 of an item nothing was handed in for needs
    /// a note, then it is 已办结. Every step is in the item's 办理记录.
    /// </summary>
    [TestCase(false, TestName = "OneOff_WaivedReopenedAndClosedFromTheSupervisorsList_AtTheDesk")]
    [TestCase(true, TestName = "OneOff_WaivedReopenedAndClosedFromTheSupervisorsList_OnAPhone")]
    public async Task TheSupervisor_WaivesReopensAndCloses_FromTheList(bool phone)
    {
        // A bank owing the demo's one-off measures, one per viewport, still open whatever the other tests did to it.
        var bank = await App.QueryAsync(async db =>
        {
            var banks = await db.DueItems.Where(d => d.Obligation.Requirement.Kind == RequirementKind.Deadline)
                .Select(d => d.Obligation.Institution.Code).Distinct().OrderBy(c => c).ToListAsync();
            var code = phone ? banks[^2] : banks[1];
            await db.DueItems.Where(d => d.Obligation.Requirement.Kind == RequirementKind.Deadline && d.Obligation.Institution.Code == code)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DueItemStatus.Open).SetProperty(d => d.CompletedAt, (DateTime?)null));
            return code;
        });
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync());
        var name = phone ? "phone" : "desk";
        BrowserNewContextOptions Options() => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);

        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options()), "supervisor");
        await Browser.NavigateAsync(supervisor, "辖内待办");
        await supervisor.WaitForURLAsync("**/todo");
        await supervisor.Locator("#f-institution").SelectOptionAsync(new SelectOptionValue { Label = bankName });
        await supervisor.Locator("#f-kind").SelectOptionAsync(new SelectOptionValue { Label = RequirementKind.Deadline.Label() });
        await supervisor.Locator("#filters button[type=submit]").ClickAsync();
        await supervisor.WaitForURLAsync("**/todo?**");
        var row = supervisor.Locator("#due-items tbody tr").First;
        var id = int.Parse((await row.GetAttributeAsync("data-id"))!, System.Globalization.CultureInfo.InvariantCulture);
        var rowText = await row.InnerTextAsync();
        var listOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey10-todo-one-off-{name}");
        await row.GetByRole(AriaRole.Link, new() { Name = "办理" }).ClickAsync();
        await supervisor.WaitForURLAsync($"**/todo/{id}");

        // 豁免 without a reason: refused, nothing changed.
        await supervisor.Locator("#waive-button").ClickAsync();
        var waiveRefused = await supervisor.Locator("#decide-error").InnerTextAsync();
        var statusAfterRefusal = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == id).Select(d => d.Status).SingleAsync());
        await supervisor.Locator("#waive-reason").FillAsync("该行已于上月完成同类整改，本次免于报送");
        await supervisor.Locator("#waive-button").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已豁免" }).WaitForAsync();
        var waived = await supervisor.Locator("#item-status").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"journey10-waived-{name}");

        var reporter = await Browser.SignInAsync(await NewContextAsync(Options()), $"{bank}-reporter");
        await Browser.OpenMessageAsync(reporter, "已豁免");
        await reporter.WaitForURLAsync($"**/todo/{id}");
        var reporterSees = await reporter.Locator("#item-status").InnerTextAsync();

        await supervisor.Locator("#reopen-reason").FillAsync("整改材料不完整，仍须报送");
        await supervisor.Locator("#reopen-button").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已重新打开" }).WaitForAsync();
        await Browser.OpenMessageAsync(reporter, "重新办理");
        await reporter.WaitForURLAsync($"**/todo/{id}");
        var reopened = await reporter.Locator("#item-status").InnerTextAsync();
        var canHandIn = await reporter.Locator("#upload-form").IsVisibleAsync();

        // 办结 of an item nothing was handed in for needs a note.
        await supervisor.Locator("#accept-button").ClickAsync();
        var acceptRefused = await supervisor.Locator("#decide-error").InnerTextAsync();
        await supervisor.Locator("#accept-reason").FillAsync("已通过纸质公文报送");
        await supervisor.Locator("#accept-button").ClickAsync();
        await supervisor.Locator("#notice", new() { HasTextString = "已办结" }).WaitForAsync();
        var done = await supervisor.Locator("#item-status").InnerTextAsync();
        var history = await supervisor.Locator("#item-history").InnerTextAsync();
        var itemOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey10-closed-{name}");

        Assert.Multiple(() =>
        {
            Assert.That(rowText, Does.Contain(bankName));
            Assert.That(waiveRefused, Does.Contain("原因"));
            Assert.That(statusAfterRefusal, Is.Not.EqualTo(DueItemStatus.Waived), "a refused 豁免 changes nothing");
            Assert.That(waived, Is.EqualTo(DueItemStatus.Waived.Label()));
            Assert.That(reporterSees, Is.EqualTo(DueItemStatus.Waived.Label()));
            Assert.That(reopened, Is.AnyOf(DueItemStatus.Open.Label(), DueItemStatus.Overdue.Label()).Or.StartsWith(DueItemStatus.Overdue.Label()));
            Assert.That(canHandIn, Is.True, "the bank can hand it in again");
            Assert.That(acceptRefused, Does.Contain("办结说明"));
            Assert.That(done, Is.EqualTo(DueItemStatus.Done.Label()));
            Assert.That(history, Does.Contain("本次免于报送").And.Contain("仍须报送").And.Contain("已通过纸质公文报送"));
            Assert.That(listOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(itemOverflow, Is.LessThanOrEqualTo(0));
        });
    }

    /// <summary>A bank owing the demo circular's one-off measures, a different one per viewport.</summary>
    private Task<string> BankOwingAOneOffAsync(bool phone) => App.QueryAsync(async db =>
    {
        var banks = await db.DueItems.Where(d => d.Obligation.Requirement.Kind == RequirementKind.Deadline && (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue))
            .Select(d => d.Obligation.Institution.Code).Distinct().OrderBy(c => c).ToListAsync();
        return phone ? banks[^1] : banks[0];
    });
}
