using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Notifications go out as e-mail to a real SMTP server on loopback (Debian's python3-aiosmtpd).</summary>
public class EmailTests(DatabaseProvider provider) : AppFixture(provider)
{
    private readonly SmtpServer smtp = new();

    protected override IReadOnlyDictionary<string, string> Settings => smtp.Settings;

    protected override Task BeforeAppStartsAsync() => smtp.StartAsync();

    [OneTimeTearDown]
    public void StopSmtpServer() => smtp.Dispose();

    [Test]
    public async Task Chase_ReachesTheReportersMailbox_InChinese_Once()
    {
        await App.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "SD-CCB-reporter");
            user.Email = "sd-ccb-reporter@bank.test";
            return await db.SaveChangesAsync();
        });
        var id = await App.QueryAsync(db => db.DueItems.Where(d => d.PeriodKey == "once" && d.Obligation.Institution.Code == "SD-CCB"
            && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly").Select(d => d.Id).SingleAsync());
        var supervisor = await As("supervisor");

        await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);

        var messages = await smtp.WaitForAsync(1);
        var deliveries = await App.QueryAsync(db => db.Deliveries.Where(d => d.Channel == DeliveryChannel.Email
            && db.Notifications.Any(n => n.Id == d.NotificationId && n.DueItemId == id && n.Kind == NotificationKind.Chase)).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(messages[0].To.Mailboxes.Single().Address, Is.EqualTo("sd-ccb-reporter@bank.test"));
            Assert.That(messages[0].From.Mailboxes.Single().Name, Is.EqualTo("监管合规跟踪"));
            Assert.That(messages[0].Subject, Does.Contain("催报"));
            Assert.That(messages[0].TextBody, Does.Contain("中国建设银行长治上党支行"));
            Assert.That(deliveries, Is.Not.Empty);
            Assert.That(deliveries.Select(d => d.Status), Has.All.EqualTo(DeliveryStatus.Sent));
            Assert.That(deliveries.Select(d => d.Attempts), Has.All.EqualTo(1));
        });

        // Nothing is still on its way: the app sends while it answers (the deliveries above are sent, once), and the
        // SMTP server stores a message before it accepts it. So the mailbox already holds every e-mail there will be.
        Assert.That(await smtp.MessagesAsync(), Has.Count.EqualTo(deliveries.Count), "one e-mail per recorded notification");
    }
}
