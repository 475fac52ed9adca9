using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd) writing what it receives to a maildir. The port is
/// chosen when created, so the app can be configured before the server is started.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string mailDir = Path.Combine(Path.GetTempPath(), "ct-mail", Guid.NewGuid().ToString("N"));
    private Process? process;

    public int Port { get; } = FreePort.Next();

    /// <summary>The app settings that send e-mail here.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:From"] = "监管合规跟踪 <noreply@compliance.test>",
    };

    /// <summary>Starts the server, or fails under CI / is ignored elsewhere when aiosmtpd is not installed.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(Python) || !await ModuleAvailableAsync())
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("python3-aiosmtpd is missing: .ci/run must install it.");
            }

            Assert.Ignore("E-mail tests need a local SMTP server: apt-get install python3-aiosmtpd");
        }

        // aiosmtpd's Mailbox handler creates the maildir (new/, cur/, tmp/) itself, only when the folder is absent.
        Directory.CreateDirectory(Path.GetDirectoryName(mailDir)!);
        process = Process.Start(new ProcessStartInfo(Python, $"-m aiosmtpd -n -l 127.0.0.1:{Port} -c aiosmtpd.handlers.Mailbox {mailDir}") { RedirectStandardError = true, RedirectStandardOutput = true })!;
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

    /// <summary>Every message received so far.</summary>
    public async Task<List<MimeMessage>> MessagesAsync()
    {
        var folder = Path.Combine(mailDir, "new");
        var messages = new List<MimeMessage>();
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                messages.Add(await MimeMessage.LoadAsync(file));
            }
        }

        return messages;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived (aiosmtpd writes each after accepting it).</summary>
    public async Task<List<MimeMessage>> WaitForAsync(int count)
    {
        for (var i = 0; i < 50; i++)
        {
            var messages = await MessagesAsync();
            if (messages.Count >= count)
            {
                return messages;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"expected {count} e-mails in {mailDir}, got {(await MessagesAsync()).Count}");
        return [];
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
        }

        process?.Dispose();
        if (Directory.Exists(mailDir))
        {
            Directory.Delete(mailDir, recursive: true);
        }
    }

    private static async Task<bool> ModuleAvailableAsync()
    {
        using var check = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true })!;
        await check.WaitForExitAsync();
        return check.ExitCode == 0;
    }
}

public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
