using System.Globalization;
using System.Net.Http.Headers;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// What a bank does when it is late or owes a document, through the API, with the people told in the inbox, at a real
/// SMTP server and at a real HTTP listener answering as the bank's 企业微信 group robot, each once per event even when
/// a second server tells it again:
/// 申请补报 on a locked week (refused with a reason, asked again, granted until the end of the next working day);
/// a one-off item's material (uploaded with a note, 报送, 退回, 报送 again, 办结); and a return after the due moment,
/// which gives the bank time to correct instead of making it late. Bad input is refused in Chinese and changes nothing.
/// </summary>
public class LateAndMaterialTests(DatabaseProvider provider) : MessagingAppFixture(provider)
{
    private const string Bank = "SD-CCB";
    private const int MaxFileBytes = 64 * 1024;
    private string bankName = "";

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(Smtp.Settings) { ["Materials:MaxFileBytes"] = MaxFileBytes.ToString(CultureInfo.InvariantCulture) };

    [OneTimeSetUp]
    public async Task GiveThePeopleAddressesAndTheBankARobot()
    {
        bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == Bank).Select(i => i.Name).SingleAsync());
        await GiveAddressesAndARobotAsync(Bank, $"{Bank}-reporter", $"{Bank}-head", "supervisor");
        await (await (await As("admin")).PutAsJsonAsync("/api/robots", new { kind = "WeCom", url = Robots.UrlFor("supervisor"), user = "supervisor" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task ApplyingForUnlock_OnALockedWeek_IsRefused_AskedAgain_AndGranted_EachStepTold()
    {
        var (open, locked) = await MissingWeeksAsync();
        await MovePeriodAsync(open, TimeSpan.FromDays(1), TimeSpan.FromDays(3));
        await MovePeriodAsync(locked, TimeSpan.FromDays(-4), TimeSpan.FromHours(-1));
        var reporter = await As($"{Bank}-reporter");
        var supervisor = await As("supervisor");
        var requests = (string period) => $"/api/forms/{Form}/periods/{period}/unlock-requests";

        // Bad input costs nothing: a period still open, a missing reason, a supervisor of another jurisdiction.
        var notLocked = await (await reporter.PostAsJsonAsync(requests(open), new { institution = Bank, reason = "漏报" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var noReason = await (await reporter.PostAsJsonAsync(requests(locked), new { institution = Bank, reason = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var first = await (await reporter.PostAsJsonAsync(requests(locked), new { institution = Bank, reason = "经办人休假漏报，申请补报" })).ExpectAsync(HttpStatusCode.Created);
        var firstId = first.GetProperty("id").GetInt32();
        var twice = await (await reporter.PostAsJsonAsync(requests(locked), new { institution = Bank, reason = "再申请一次" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await (await As("supervisor-sh")).PostAsJsonAsync($"/api/unlock-requests/{firstId}/grant", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await reporter.PostAsJsonAsync($"/api/unlock-requests/{firstId}/grant", new { })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var refuseWithoutReason = await (await supervisor.PostAsJsonAsync($"/api/unlock-requests/{firstId}/refuse", new { reason = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var stillWaiting = await App.QueryAsync(db => db.UnlockApplications.Where(a => a.Id == firstId).Select(a => a.Status).SingleAsync());
        var unlocksBefore = await App.QueryAsync(db => db.PeriodUnlocks.CountAsync(u => db.Institutions.Any(i => i.Id == u.InstitutionId && i.Code == Bank)));

        // 催报 of the locked week tells the supervisor to grant 补报 first, and sends nothing.
        var lockedItem = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == locked && d.Obligation.Institution.Code == Bank).Select(d => d.Id).SingleAsync());
        var chaseLocked = await (await supervisor.PostAsync($"/api/obligations/{lockedItem}/remind", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var chased = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.Chase && n.DueItemId == lockedItem));

        // 催报 of a week that has not begun is refused too: the bank cannot report it yet.
        var future = await App.QueryAsync(db => db.DueItems
            .Where(d => d.Obligation.Institution.Code == Bank && d.PeriodStart > TodayInChina && d.Status == DueItemStatus.Open)
            .OrderBy(d => d.PeriodStart).Select(d => d.Id).FirstAsync());
        var chaseFuture = await (await supervisor.PostAsync($"/api/obligations/{future}/remind", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var chasedFuture = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.Chase && n.DueItemId == future));

        // Refused with a reason, asked again, granted with the default window.
        var refused = await (await supervisor.PostAsJsonAsync($"/api/unlock-requests/{firstId}/refuse", new { reason = "请先说明漏报的具体原因" })).ExpectAsync(HttpStatusCode.OK);
        var second = await (await reporter.PostAsJsonAsync(requests(locked), new { institution = Bank, reason = "经办人休假，系统未提醒，现已核实数据" })).ExpectAsync(HttpStatusCode.Created);
        var secondId = second.GetProperty("id").GetInt32();
        var granted = await (await supervisor.PostAsJsonAsync($"/api/unlock-requests/{secondId}/grant", new { })).ExpectAsync(HttpStatusCode.OK);
        var answeredTwice = await (await supervisor.PostAsJsonAsync($"/api/unlock-requests/{secondId}/refuse", new { reason = "晚了" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var saved = await reporter.PutAsJsonAsync(SubmissionUrl(locked, Bank), new { values = await GoodFiguresAsync(App, 2), baseRevision = 0 });
        var until = granted.GetProperty("grantedUntil").GetDateTimeOffset();

        var messages = await MessagesAsync(NotificationKind.UnlockRequested, NotificationKind.UnlockRefused, NotificationKind.UnlockGranted);
        await using (var retold = SecondServer())
        {
            await (retold ?? App).RunAsync<ReportMessages, int>(async m =>
            {
                await m.UnlockRequestedAsync(firstId, CancellationToken.None);
                await m.UnlockRefusedAsync(firstId, CancellationToken.None);
                await m.UnlockRequestedAsync(secondId, CancellationToken.None);
                return 0;
            });
        }

        var again = await MessagesAsync(NotificationKind.UnlockRequested, NotificationKind.UnlockRefused, NotificationKind.UnlockGranted);
        var mail = await MailAsync(messages.Count, "补报");
        var posts = Robots.PostsTo("bank").Where(p => p.Content.Contains("补报")).ToList();
        var supervisorPosts = Robots.PostsTo("supervisor").Count(p => p.Content.Contains("【补报申请】"));
        var todayInChina = TodayInChina;

        Assert.Multiple(() =>
        {
            Assert.That(notLocked.GetProperty("detail").GetString(), Does.Contain("尚未锁定").And.Contain("无需申请补报"));
            Assert.That(noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("请填写申请补报的原因"));
            Assert.That(twice.GetProperty("detail").GetString(), Does.Contain("等待监管员处理"));
            Assert.That(refuseWithoutReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("原因"));
            Assert.That(stillWaiting, Is.EqualTo(UnlockApplicationStatus.Pending), "refused attempts changed nothing");
            Assert.That(unlocksBefore, Is.Zero, "nor unlocked anything");
            Assert.That(chaseLocked.GetProperty("detail").GetString(), Does.Contain("请先").And.Contain("准予补报"));
            Assert.That(chased, Is.Zero, "a refused 催报 sends nothing");
            Assert.That(chaseFuture.GetProperty("detail").GetString(), Does.Contain("起才开始").And.Contain("不能催报"));
            Assert.That(chasedFuture, Is.Zero, "nor does 催报 of a week that has not begun");
            Assert.That(refused.GetProperty("statusName").GetString(), Is.EqualTo("已拒绝"));
            Assert.That(granted.GetProperty("statusName").GetString(), Is.EqualTo("已准予"));
            Assert.That(answeredTwice.GetProperty("detail").GetString(), Does.Contain("已准予"));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), "granted: the week can be changed");

            // Until the end of the next working day, China time.
            var local = until.ToOffset(TimeSpan.FromHours(8));
            Assert.That((local.Hour, local.Minute), Is.EqualTo((23, 59)));
            Assert.That(DateOnly.FromDateTime(local.DateTime), Is.GreaterThan(todayInChina).And.LessThan(todayInChina.AddDays(12)));

            Assert.That(messages.Where(m => m.Kind == NotificationKind.UnlockRequested).Select(m => m.User), Is.EqualTo(new[] { "supervisor", "supervisor" }),
                "each request reaches the district's supervisor, and only them");
            var asked = messages.First(m => m.Kind == NotificationKind.UnlockRequested);
            Assert.That(asked.Body, Does.Contain(bankName).And.Contain("经办人休假漏报").And.Contain("周（").And.Not.Contain(locked));
            Assert.That(asked.Link, Is.EqualTo("/unlock-requests"));
            Assert.That(messages.Where(m => m.Kind == NotificationKind.UnlockRefused).Select(m => m.User), Is.EqualTo(new[] { $"{Bank}-reporter" }));
            Assert.That(messages.Single(m => m.Kind == NotificationKind.UnlockRefused).Body, Does.Contain("请先说明漏报的具体原因"));
            Assert.That(messages.Where(m => m.Kind == NotificationKind.UnlockGranted).Select(m => m.User), Is.EqualTo(new[] { $"{Bank}-reporter" }));
            Assert.That(messages.Where(m => m.Kind != NotificationKind.UnlockRequested).Select(m => m.Link), Has.All.EqualTo($"/report/{Form}/{locked}/{Bank}"));
            Assert.That(again, Has.Count.EqualTo(messages.Count), "told again by a second server: nothing new");
            Assert.That(mail.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(messages.Select(m => $"{m.User}@bank.test".ToLowerInvariant())), "one e-mail per message");
            Assert.That(posts.Count(p => p.Content.Contains("补报未获准")), Is.EqualTo(1), "the bank's group hears of the refusal once");
            Assert.That(posts.Count(p => p.Content.Contains("补报已批准")), Is.EqualTo(1));
            Assert.That(supervisorPosts, Is.EqualTo(2), "the supervisor's own robot hears of each request once");
        });
    }

    [Test]
    public async Task OneOffMaterial_IsUploaded_HandedIn_Returned_AndAccepted_EachStepTold()
    {
        var reporter = await As($"{Bank}-reporter");
        var supervisor = await As("supervisor");
        var id = await DemoDeadlineIdAsync();
        var attachments = $"/api/obligations/{id}/attachments";
        var pdf = TestFiles.Pdf(4_000);

        // Bad files cost nothing: a program named .pdf, a file over the limit, and a bank that is not the item's.
        var program = await (await reporter.PostAsync(attachments, Upload("措施.pdf", TestFiles.Program(), "落实措施"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var tooLarge = await (await reporter.PostAsync(attachments, Upload("措施.pdf", TestFiles.Pdf(MaxFileBytes + 1), null))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await (await As("SD-ICBC-reporter")).PostAsync(attachments, Upload("措施.pdf", pdf, null))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await As("SD-ICBC-reporter")).GetAsync(attachments)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var storedAfterBadFiles = await App.QueryAsync(db => db.DueItemAttachments.CountAsync(a => a.DueItemId == id));

        var uploaded = await (await reporter.PostAsync(attachments, Upload("贯彻落实措施.pdf", pdf, "经行长办公会审定"))).ExpectAsync(HttpStatusCode.Created);
        await (await reporter.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Submitted", reason = "已按通知要求报送贯彻落实措施" })).ExpectAsync(HttpStatusCode.OK);
        var afterHandIn = await (await reporter.PostAsync(attachments, Upload("补充.pdf", pdf, null))).ExpectProblemAsync(HttpStatusCode.Conflict);
        var downloaded = await (await supervisor.GetAsync($"{attachments}/{uploaded.GetProperty("id").GetInt32()}")).Content.ReadAsByteArrayAsync();

        // Returned after the due moment: open again, with time to correct, not overdue.
        var noReason = await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/return", new { reason = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/return", new { reason = "请补充分行签章页" })).ExpectAsync(HttpStatusCode.OK);
        await App.RunAsync<MarkOverdueJob, int>(j => j.RunAsync(CancellationToken.None));
        var returned = await (await reporter.GetAsync($"/api/obligations/{id}")).ExpectAsync(HttpStatusCode.OK);

        await (await reporter.PostAsync(attachments, Upload("签章页.png", TestFiles.Png(), "补充签章页"))).ExpectAsync(HttpStatusCode.Created);
        await (await reporter.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Submitted" })).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Done", reason = "材料齐全" })).ExpectAsync(HttpStatusCode.OK);
        var done = await (await reporter.GetAsync($"/api/obligations/{id}")).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await supervisor.GetAsync(attachments)).ExpectAsync(HttpStatusCode.OK);

        var kinds = new[] { NotificationKind.MaterialSubmitted, NotificationKind.MaterialReturned, NotificationKind.MaterialAccepted };
        var messages = await MessagesAsync(kinds);
        var changes = await App.QueryAsync(db => db.DueItemStatusChanges.Where(h => h.DueItemId == id).Select(h => h.Id).ToListAsync());
        await using (var second = SecondServer())
        {
            foreach (var change in changes)
            {
                await (second ?? App).RunAsync<ReportMessages, int>(async m =>
                {
                    await m.DueItemMovedAsync(change, CancellationToken.None);
                    return 0;
                });
            }
        }

        var again = await MessagesAsync(kinds);
        var mail = await MailAsync(messages.Count, "材料", "办结");
        var posts = Robots.PostsTo("bank").Where(p => p.Content.Contains("材料")).ToList();
        var supervisorPosts = Robots.PostsTo("supervisor").Count(p => p.Content.Contains("【材料已报送】"));

        Assert.Multiple(() =>
        {
            Assert.That(program.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("不是可接受的类型").And.Contain("PDF"));
            Assert.That(tooLarge.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("超过上限"));
            Assert.That(storedAfterBadFiles, Is.Zero, "refused files are not stored");
            Assert.That(uploaded.GetProperty("contentType").GetString(), Is.EqualTo("application/pdf"));
            Assert.That(afterHandIn.GetProperty("detail").GetString(), Does.Contain("不能再修改"));
            Assert.That(downloaded, Is.EqualTo(pdf), "the supervisor reads the file as uploaded");
            Assert.That(noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("退回原因"));
            Assert.That(returned.GetProperty("status").GetString(), Is.EqualTo("Open"), "returned after the due moment: correcting, not overdue");
            Assert.That(returned.GetProperty("correctionDueAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow));
            Assert.That(done.GetProperty("status").GetString(), Is.EqualTo("Done"));
            Assert.That(listed.Strings("fileName"), Is.EqualTo(new[] { "贯彻落实措施.pdf", "签章页.png" }));

            Assert.That(messages.Where(m => m.Kind == NotificationKind.MaterialSubmitted).Select(m => m.User), Is.EqualTo(new[] { "supervisor", "supervisor" }));
            Assert.That(messages.First(m => m.Kind == NotificationKind.MaterialSubmitted).Body, Does.Contain(bankName).And.Contain("已按通知要求报送贯彻落实措施").And.Contain("1 份"));
            Assert.That(messages.Where(m => m.Kind == NotificationKind.MaterialReturned).Select(m => m.User), Is.EqualTo(new[] { $"{Bank}-reporter" }));
            Assert.That(messages.Single(m => m.Kind == NotificationKind.MaterialReturned).Body, Does.Contain("请补充分行签章页").And.Contain("前修改后重新报送"));
            Assert.That(messages.Where(m => m.Kind == NotificationKind.MaterialAccepted).Select(m => m.User), Is.EqualTo(new[] { $"{Bank}-reporter" }));
            Assert.That(messages.Select(m => m.Link), Has.All.EqualTo($"/todo/{id}"), "each links to the item's page");
            Assert.That(again, Has.Count.EqualTo(messages.Count), "told again by a second server: nothing new");
            Assert.That(mail.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(messages.Select(m => $"{m.User}@bank.test".ToLowerInvariant())), "one e-mail per message");
            Assert.That(posts.Count(p => p.Content.Contains("请补充分行签章页")), Is.EqualTo(1), "the bank's group hears of the return once");
            Assert.That(supervisorPosts, Is.EqualTo(2), "the supervisor's own robot hears of each hand-in once");
        });
    }

    [Test]
    public async Task AReportReturnedAfterItsDueMoment_IsNotLate_UntilTheCorrectionDeadline()
    {
        // The week under way, at a bank that has not touched it (so its figures follow its own last week).
        var week = await CurrentPeriodAsync(await As("supervisor"));
        var bank = await UntouchedBankAsync(App, week, last: true);
        await MovePeriodAsync(week, TimeSpan.FromHours(2), TimeSpan.FromDays(3), bank);
        var reporter = await As($"{bank}-reporter");
        var url = SubmissionUrl(week, bank);
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await LastReportedFiguresAsync(App, bank, week), baseRevision = current.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);

        // The due moment passes while the head reads it; then the head returns it.
        await MovePeriodAsync(week, TimeSpan.FromHours(-2), TimeSpan.FromDays(3), bank);
        await (await (await As($"{bank}-head")).PostAsJsonAsync($"{url}/return", new { reason = "贷款余额与信贷系统不一致，请核对。" })).ExpectAsync(HttpStatusCode.OK);
        await App.RunAsync<MarkOverdueJob, int>(j => j.RunAsync(CancellationToken.None));
        await App.RunAsync<EscalateOverdueJob, int>(j => j.RunAsync(CancellationToken.None));

        var itemId = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == bank && d.PeriodKey == week).Select(d => d.Id).SingleAsync());
        var item = await (await reporter.GetAsync($"/api/obligations/{itemId}")).ExpectAsync(HttpStatusCode.OK);
        var escalated = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.Escalation && n.DueItemId == itemId));
        var told = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.ReportReturned && n.Link == $"/report/{Form}/{week}/{bank}").Select(n => n.Body).FirstAsync());

        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("Open"), "correcting on request is not overdue");
            Assert.That(item.GetProperty("isLate").GetBoolean(), Is.False);
            Assert.That(item.GetProperty("correctionDueAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow));
            Assert.That(escalated, Is.Zero, "nobody is told the bank is late");
            Assert.That(told, Does.Contain("贷款余额与信贷系统不一致").And.Match("请于 \\d+月\\d+日 23:59 前修改后重新报送"));
        });
    }

    /// <summary>The demo's SD-CCB stopped reporting two weeks ago: both weeks are past due and missing.</summary>
    private async Task<(string Last, string BeforeLast)> MissingWeeksAsync()
    {
        var now = DateTime.UtcNow;
        var keys = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == Form && p.DueAt < now && !db.Submissions.Any(s => s.PeriodId == p.Id && s.Institution.Code == Bank))
            .OrderByDescending(p => p.Start).Select(p => p.Key).Take(2).ToListAsync());
        return (keys[0], keys[1]);
    }

    /// <summary>Moves a week's due and lock moments, and the bank's due item with it.</summary>
    private Task MovePeriodAsync(string key, TimeSpan dueFromNow, TimeSpan lockFromNow, string bank = Bank) => App.QueryAsync(async db =>
    {
        var period = await db.ReportPeriods.SingleAsync(p => p.Form.Code == Form && p.Key == key);
        period.DueAt = DateTime.UtcNow + dueFromNow;
        period.LockAt = DateTime.UtcNow + lockFromNow;
        foreach (var item in await db.DueItems.Where(d => d.PeriodKey == key && d.Obligation.Institution.Code == bank).ToListAsync())
        {
            item.DueAt = period.DueAt;
        }

        return await db.SaveChangesAsync();
    });

    private Task<int> DemoDeadlineIdAsync() => App.QueryAsync(db => db.DueItems
        .Where(d => d.Obligation.Institution.Code == Bank && d.Obligation.Requirement.Kind == RequirementKind.Deadline && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly")
        .Select(d => d.Id).SingleAsync());

    private async Task<List<(NotificationKind Kind, string User, string Body, string? Link)>> MessagesAsync(params NotificationKind[] kinds)
    {
        var rows = await App.QueryAsync(db => db.Notifications.Where(n => kinds.Contains(n.Kind)).OrderBy(n => n.Id)
            .Select(n => new { n.Kind, User = db.Users.Where(u => u.Id == n.UserId).Select(u => u.UserName).Single(), n.Body, n.Link }).ToListAsync());
        return rows.Select(r => (r.Kind, r.User!, r.Body, r.Link)).ToList();
    }

    /// <summary>The e-mails whose subject names one of <paramref name="words"/>, once at least <paramref name="count"/> have arrived.</summary>
    private async Task<List<MimeKit.MimeMessage>> MailAsync(int count, params string[] words)
    {
        for (var i = 0; i < 50; i++)
        {
            var mail = (await Smtp.MessagesAsync()).Where(m => m.Subject is { } s && words.Any(s.Contains)).ToList();
            if (mail.Count >= count)
            {
                return mail;
            }

            await Task.Delay(100);
        }

        return (await Smtp.MessagesAsync()).Where(m => m.Subject is { } s && words.Any(s.Contains)).ToList();
    }

    private static MultipartFormDataContent Upload(string name, byte[] content, string? note)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (note is not null)
        {
            form.Add(new StringContent(note), "note");
        }

        return form;
    }
}
