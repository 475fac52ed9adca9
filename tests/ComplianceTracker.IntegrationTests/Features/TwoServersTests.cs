using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Two instances of the app on one PostgreSQL database, as behind a load balancer, running every job at the same
/// moments: each message is recorded once, e-mailed once and posted to a robot once, and each due item turns
/// overdue once.
/// </summary>
[NonParallelizable]
public class TwoServersTests
{
    private readonly TestClock clock = new();
    private readonly SmtpServer smtp = new();
    private readonly RobotListener robots = new();
    private ComplianceApp first = null!;
    private ComplianceApp second = null!;

    [OneTimeSetUp]
    public async Task StartTwoServers()
    {
        clock.SetChina(new DateTime(2026, 8, 31, 7, 0, 0));
        await smtp.StartAsync();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["Auth:TokenLifetimeMinutes"] = "200000" };
        first = await ComplianceApp.StartAsync(DatabaseProvider.PostgreSQL, settings, clock);
        second = ComplianceApp.SecondServer(first);

        await first.QueryAsync(async db =>
        {
            foreach (var name in new[] { "SD-ABC-reporter", "SD-BOC-reporter", "SD-BOC-head", "supervisor" })
            {
                (await db.Users.SingleAsync(u => u.UserName == name)).Email = $"{name}@bank.test";
            }

            return await db.SaveChangesAsync();
        });
        var admin = await first.ClientForAsync("admin");
        await (await admin.PutAsJsonAsync("/api/robots", new { kind = "WeCom", url = robots.UrlFor("boc"), institution = "SD-BOC" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync("/api/robots", new { kind = "DingTalk", url = robots.UrlFor("supervisor"), user = "supervisor" })).ExpectAsync(HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (second is not null)
        {
            await second.DisposeAsync();
        }

        if (first is not null)
        {
            await first.DisposeAsync();
        }

        smtp.Dispose();
        robots.Dispose();
    }

    /// <summary>Runs the same job on both servers at once, three times over, and returns what each run recorded.</summary>
    private async Task<int> BothAsync<TJob>(Func<TJob, Task<int>> run)
        where TJob : notnull
    {
        var total = 0;
        for (var round = 0; round < 3; round++)
        {
            var results = await Task.WhenAll(Task.Run(() => first.RunAsync(run)), Task.Run(() => second.RunAsync(run)));
            total += results.Sum();
        }

        return total;
    }

    [Test]
    public async Task JobsRunOnBothServersAtOnce_SendEachMessageOnce()
    {
        var recorded = 0;
        var turned = 0;

        // W37 (9月7日–13日) falls due Monday 9月14日 12:00: reminders on the 10th and the 14th, overdue at 12:01,
        // the head on the 16th, the supervisor on the 18th. The robot of SD-BOC is rate-limited the first morning.
        robots.Refuse = 45009;
        clock.SetChina(new DateTime(2026, 9, 10, 9, 0, 0));
        recorded += await BothAsync<SendDueRemindersJob>(j => j.RunAsync(CancellationToken.None));
        robots.Refuse = null;
        var refused = robots.Refused;
        clock.SetChina(new DateTime(2026, 9, 10, 9, 5, 0));
        await BothAsync<DeliverNotificationsJob>(j => j.RunAsync(CancellationToken.None));

        clock.SetChina(new DateTime(2026, 9, 14, 8, 30, 0));
        recorded += await BothAsync<SendWeeklyDigestJob>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(new DateTime(2026, 9, 14, 9, 0, 0));
        recorded += await BothAsync<SendDueRemindersJob>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(new DateTime(2026, 9, 14, 12, 1, 0));
        turned += await BothAsync<MarkOverdueJob>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(new DateTime(2026, 9, 16, 9, 30, 0));
        recorded += await BothAsync<EscalateOverdueJob>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(new DateTime(2026, 9, 18, 9, 30, 0));
        recorded += await BothAsync<EscalateOverdueJob>(j => j.RunAsync(CancellationToken.None));
        for (var minute = 31; minute < 45; minute++)
        {
            clock.SetChina(new DateTime(2026, 9, 18, 9, minute, 0));
            await BothAsync<DeliverNotificationsJob>(j => j.RunAsync(CancellationToken.None));
        }

        var notifications = await first.QueryAsync(db => db.Notifications.CountAsync());
        var withAddress = await first.QueryAsync(db => (from n in db.Notifications
                                                        join u in db.Users on n.UserId equals u.Id
                                                        where u.Email != null
                                                        select new { u.Email, n.Title }).ToListAsync());

        // Every job run is over, and the SMTP server stores a message before it accepts it: the mailbox holds every
        // e-mail the servers sent, a second copy of one too.
        var mails = await smtp.WaitForAsync(withAddress.Count);
        var robotDeliveries = await first.QueryAsync(db => db.Deliveries.Where(d => d.Channel == DeliveryChannel.Robot).Select(d => d.Title + "\n" + d.Body).ToListAsync());
        var overdueChanges = await first.QueryAsync(db => db.DueItemStatusChanges.Where(h => h.To == DueItemStatus.Overdue)
            .GroupBy(h => h.DueItemId).Select(g => g.Count()).ToListAsync());
        var overdueItems = await first.QueryAsync(db => db.DueItems.CountAsync(d => d.Status == DueItemStatus.Overdue));

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.GreaterThan(0), "the robot refused the first morning's posts");
            Assert.That(recorded, Is.EqualTo(notifications), "each notification was recorded by exactly one of the servers");
            Assert.That(withAddress.Select(n => n.Email).Distinct().Count(), Is.EqualTo(4), "reporters, a head and the supervisor were written to");
            Assert.That(mails.Select(m => (m.To.Mailboxes.Single().Address, m.Subject)), Is.EquivalentTo(withAddress.Select(n => (n.Email!, n.Title))),
                "one e-mail per notification, none twice");
            Assert.That(robots.Posts.Select(p => p.Content), Is.EquivalentTo(robotDeliveries), "one robot post per delivery, none twice");
            Assert.That(robots.PostsTo("boc"), Is.Not.Empty);
            Assert.That(robots.PostsTo("supervisor").Select(p => p.Content), Has.Some.StartsWith("【每周摘要】"));
            Assert.That(turned, Is.EqualTo(overdueItems), "each due item turned overdue on one server");
            Assert.That(overdueChanges, Has.All.EqualTo(1), "and has one overdue entry in its history");
        });
    }
}
