using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Notifications go out as e-mail to a real SMTP server on loopback (Debian's python3-aiosmtpd).</summary>
public class EmailTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static readonly int Port = FreePort();
    private readonly string mailDir = Path.Combine(Path.GetTempPath(), "ct-mail", Guid.NewGuid().ToString("N"));
    private Process? smtp;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:From"] = "监管合规跟踪 <noreply@compliance.test>",
    };

    [OneTimeSetUp]
    public async Task StartSmtpServer()
    {
        const string Python = "/usr/bin/python3";
        if (!File.Exists(Python) || !await ModuleAvailableAsync(Python))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("python3-aiosmtpd is missing: .ci/run must install it.");
            }

            Assert.Ignore("E-mail tests need a local SMTP server: apt-get install python3-aiosmtpd");
        }

        // aiosmtpd's Mailbox handler creates the maildir (new/, cur/, tmp/) itself, only when the folder is absent.
        Directory.CreateDirectory(Path.GetDirectoryName(mailDir)!);
        smtp = Process.Start(new ProcessStartInfo(Python, $"-m aiosmtpd -n -l 127.0.0.1:{Port} -c aiosmtpd.handlers.Mailbox {mailDir}") { RedirectStandardError = true, RedirectStandardOutput = true });
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("the SMTP server did not start");
    }

    [OneTimeTearDown]
    public void StopSmtpServer()
    {
        if (smtp is { HasExited: false })
        {
            smtp.Kill();
        }

        smtp?.Dispose();
        if (Directory.Exists(mailDir))
        {
            Directory.Delete(mailDir, recursive: true);
        }
    }

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

        var files = await WaitForMailAsync(1);
        var message = await MimeMessage.LoadAsync(files[0]);
        var emailed = await App.QueryAsync(db => db.Notifications.Where(n => n.DueItemId == id && n.Kind == ComplianceTracker.Web.Features.Notifications.NotificationKind.Chase).Select(n => n.EmailedAt).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("sd-ccb-reporter@bank.test"));
            Assert.That(message.Subject, Does.Contain("催报"));
            Assert.That(message.TextBody, Does.Contain("中国建设银行长治上党支行"));
            Assert.That(emailed, Has.All.Not.Null);
        });
        await Task.Delay(500);
        Assert.That(Directory.GetFiles(Path.Combine(mailDir, "new")), Has.Length.EqualTo(emailed.Count), "one e-mail per recorded notification");
    }

    private async Task<string[]> WaitForMailAsync(int count)
    {
        var folder = Path.Combine(mailDir, "new");
        for (var i = 0; i < 50; i++)
        {
            if (Directory.Exists(folder) && Directory.GetFiles(folder) is { Length: var n } files && n >= count)
            {
                return files;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no e-mail arrived in {folder}");
        return [];
    }

    private static async Task<bool> ModuleAvailableAsync(string python)
    {
        using var check = Process.Start(new ProcessStartInfo(python, "-c \"import aiosmtpd\"") { RedirectStandardError = true })!;
        await check.WaitForExitAsync();
        return check.ExitCode == 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
