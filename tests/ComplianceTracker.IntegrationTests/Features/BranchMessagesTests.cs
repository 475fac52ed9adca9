using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The branch hears of what concerns it, in the inbox, at a real SMTP server and at a real HTTP listener answering as
/// the institution's 企业微信 group robot: a submitted report reaches the head; a return (with its reason and who
/// returned it), an approval and a 补报 grant reach the reporter; a published circular reaches each bound institution's
/// reporter and head with what it now owes. Each once per event, even when a second server tells it again; every link
/// is a page, never an <c>/api/</c> address.
/// </summary>
public class BranchMessagesTests(DatabaseProvider provider) : MessagingAppFixture(provider)
{
    private string period = "";

    /// <summary>A bank that has not touched the week under way, with e-mail addresses and a group robot.</summary>
    private string bank = "";

    private string bankName = "";

    [OneTimeSetUp]
    public async Task GiveTheBankAddressesAndARobot()
    {
        period = await ReportingSupport.CurrentPeriodAsync(await As("supervisor"));
        bank = await ReportingSupport.UntouchedBankAsync(App, period);
        bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync());
        await GiveAddressesAndARobotAsync(bank, $"{bank}-reporter", $"{bank}-head");
    }

    [Test]
    public async Task Submitted_ReachesTheHead_Returned_AndApproved_ReachTheReporter_EachOnce()
    {
        var url = ReportingSupport.SubmissionUrl(period, bank);
        var reporter = await As($"{bank}-reporter");
        var head = await As($"{bank}-head");
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await ReportingSupport.GoodFiguresAsync(App, 5), baseRevision = current.GetProperty("revision").GetInt32() }))
            .ExpectAsync(HttpStatusCode.OK);
        var comments = ReportingSupport.CommentsForWarnings(saved);

        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments })).ExpectAsync(HttpStatusCode.OK);
        await (await head.PostAsJsonAsync($"{url}/return", new { reason = "存款余额漏填了单位存款，请补充。" })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments })).ExpectAsync(HttpStatusCode.OK);
        await (await head.PostAsync($"{url}/approve", null)).ExpectAsync(HttpStatusCode.OK);

        var messages = await App.QueryAsync(db => db.Notifications
            .Where(n => n.Kind == NotificationKind.ReportSubmitted || n.Kind == NotificationKind.ReportReturned || n.Kind == NotificationKind.ReportApproved)
            .Where(n => db.Users.Any(u => u.Id == n.UserId && u.Institution!.Code == bank))
            .Select(n => new { n.Kind, n.Title, n.Body, n.Link, n.DedupKey, User = db.Users.Where(u => u.Id == n.UserId).Select(u => u.UserName).Single() })
            .ToListAsync());
        var events = await App.QueryAsync(db => db.SubmissionEvents.Where(e => db.Submissions.Any(s => s.Id == e.SubmissionId && s.Institution.Code == bank && s.Period.Key == period))
            .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());

        // A second server (on PostgreSQL; the same one on SQLite) telling the same events again records nothing new.
        await using (var second = SecondServer())
        {
            foreach (var id in events)
            {
                await (second ?? App).RunAsync<ReportMessages, int>(async m =>
                {
                    await m.SubmissionMovedAsync(id, CancellationToken.None);
                    return 0;
                });
            }
        }

        var again = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.DedupKey.StartsWith("Report:")
            && db.Users.Any(u => u.Id == n.UserId && u.Institution!.Code == bank)));
        var mail = (await Smtp.WaitForAsync(messages.Count)).Where(m => m.Subject is { } subject && (subject.Contains("待审核") || subject.Contains("退回") || subject.Contains("审核通过"))).ToList();
        var posts = Robots.PostsTo("bank");
        var headName = await App.QueryAsync(db => db.Users.Where(u => u.UserName == $"{bank}-head").Select(u => u.DisplayName).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(messages.Where(m => m.Kind == NotificationKind.ReportSubmitted).Select(m => m.User), Is.EqualTo(new[] { $"{bank}-head", $"{bank}-head" }),
                "each submission tells the head, and only the head");
            Assert.That(messages.Where(m => m.Kind == NotificationKind.ReportReturned).Select(m => m.User), Is.EqualTo(new[] { $"{bank}-reporter" }));
            Assert.That(messages.Where(m => m.Kind == NotificationKind.ReportApproved).Select(m => m.User), Is.EqualTo(new[] { $"{bank}-reporter" }));
            var returned = messages.Single(m => m.Kind == NotificationKind.ReportReturned);
            Assert.That(returned.Body, Does.Contain("存款余额漏填了单位存款").And.Contain(headName).And.Contain(bankName), "the reason, who returned it, the bank by name");
            Assert.That(returned.Title + returned.Body, Does.Contain("周（").And.Not.Contain(period), "the week as people say it, not its key");
            Assert.That(messages.Select(m => m.Link), Has.All.EqualTo($"/report/{ReportingSupport.Form}/{period}/{bank}"), "each links to the form");
            Assert.That(again, Is.EqualTo(messages.Count), "told again by a second server: nothing new");
            Assert.That(mail.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(messages.Select(m => $"{m.User}@bank.test".ToLowerInvariant())), "one e-mail per message");
            Assert.That(mail.Single(m => m.Subject?.Contains("退回") == true).TextBody, Does.Contain("存款余额漏填了单位存款"));
            Assert.That(posts.Count(p => p.Content.Contains("退回原因")), Is.EqualTo(1), "the group robot hears of the return once");
            Assert.That(posts.Count(p => p.Content.Contains("【待审核】") || p.Content.Contains("请审核")), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task APublishedCircular_TellsEachBoundBank_WhatItOwes_AndTheFirstDueDate_Once()
    {
        var supervisor = await As("supervisor");
        var today = ReportingSupport.TodayInChina.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = $"长上金发〔2026〕{Guid.NewGuid():N}"[..24] + "号",
            title = "关于报送普惠金融自查报告的通知",
            issuers = new[] { "长治市上党区金融工作中心" },
            issuedOn = today,
            text = "一、各银行机构须于文发之后十日内报送普惠金融自查报告。",
            jurisdictionCode = "SX-CZ-SD",
            requirements = new[]
            {
                new
                {
                    clause = "一、",
                    text = "各银行机构须于文发之后十日内报送普惠金融自查报告。",
                    kind = "Deadline",
                    dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var bound = await App.QueryAsync(db => db.Obligations.Where(o => o.Requirement.CircularId == id).Select(o => o.InstitutionId).Distinct().ToListAsync());
        var people = await App.QueryAsync(db => (from u in db.Users
                                                  join ur in db.UserRoles on u.Id equals ur.UserId
                                                  join r in db.Roles on ur.RoleId equals r.Id
                                                  where u.InstitutionId != null && bound.Contains(u.InstitutionId.Value) && (r.Name == Roles.Reporter || r.Name == Roles.BranchHead)
                                                  select u.Id).Distinct().CountAsync());

        // The publish answered at once and left the telling to a background job (the test apps run no job server):
        // it is queued, it tells every bound bank, and run again (on a second server) it tells no one twice.
        var queued = App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Count(j => j.Value.Job.Type == typeof(CircularPublishedMessages) && Equals(j.Value.Job.Args[0], id));
        var told = await App.RunAsync<CircularPublishedMessages, int>(m => m.RunAsync(id, CancellationToken.None));
        await using (var second = SecondServer())
        {
            await (second ?? App).RunAsync<CircularPublishedMessages, int>(m => m.RunAsync(id, CancellationToken.None));
        }

        var after = await App.QueryAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.CircularPublished && n.Link == $"/circulars/{id}"));
        var abc = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.CircularPublished && n.Link == $"/circulars/{id}"
            && db.Users.Any(u => u.Id == n.UserId && u.UserName == $"{bank}-reporter")).Select(n => n.Body).SingleAsync());
        var due = ReportingSupport.TodayInChina.AddDays(10);
        var posts = Robots.PostsTo("bank").Count(p => p.Content.Contains("普惠金融自查报告"));

        Assert.Multiple(() =>
        {
            Assert.That(queued, Is.EqualTo(1), "publishing queued the job that tells the banks");
            Assert.That(bound, Has.Count.GreaterThan(3));
            Assert.That(told, Is.EqualTo(people), "each bound bank's reporters and heads, once");
            Assert.That(after, Is.EqualTo(told), "a second run tells no one twice");
            Assert.That(abc, Does.Contain(bankName).And.Contain("普惠金融自查报告").And.Contain("1 项").And.Contain($"{due.Year}年{due.Month}月"),
                "the bank by name, what it owes and by when");
            Assert.That(posts, Is.EqualTo(1), "the bank's group robot hears once");
        });
    }
}
