using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>The <c>Notifications:Smtp</c> configuration section: off unless a host is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }
    [Range(1, 65_535)]
    public int Port { get; set; } = 25;
    public bool UseTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ComplianceTracker <noreply@localhost>";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Sends notifications as e-mail over SMTP (MailKit), one connection per batch.</summary>
public sealed class EmailSender(SmtpOptions options, ILogger<EmailSender> logger)
{
    public bool Enabled => options.Enabled;

    /// <summary>Sends each (address, title, body) over one connection; returns, per message, null if the server accepted it or why not.</summary>
    public async Task<IReadOnlyList<string?>> SendAsync(IReadOnlyList<(string To, string Subject, string Body)> messages, CancellationToken ct)
    {
        var errors = Enumerable.Repeat<string?>(Enabled ? "未发送" : "未配置邮件服务器（Notifications:Smtp:Host）", messages.Count).ToArray();
        if (!Enabled || messages.Count == 0)
        {
            return errors;
        }

        try
        {
            using var client = new SmtpClient { Timeout = 15_000 };
            await client.ConnectAsync(options.Host!, options.Port, options.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            }

            for (var i = 0; i < messages.Count; i++)
            {
                var (to, subject, body) = messages[i];
                var message = new MimeMessage();
                message.From.Add(Sender(options.From));
                message.To.Add(MailboxAddress.Parse(to));
                message.Subject = subject;
                message.Body = new TextPart("plain") { Text = body };
                try
                {
                    await client.SendAsync(message, ct);
                    errors[i] = null;
                }
                catch (Exception e) when (e is SmtpCommandException or ParseException)
                {
                    errors[i] = e.Message;
                    logger.LogWarning(e, "E-mail to {To} refused", to);
                }
            }

            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is SmtpProtocolException or System.Net.Sockets.SocketException or IOException or SslHandshakeException or TimeoutException or AuthenticationException)
        {
            // The inbox already has the message; the e-mails not accepted are retried by the delivery job.
            for (var i = 0; i < errors.Length; i++)
            {
                if (errors[i] is not null)
                {
                    errors[i] = e.Message;
                }
            }

            logger.LogWarning(e, "SMTP server {Host}:{Port} unavailable; {Count} e-mails not sent", options.Host, options.Port, errors.Count(x => x is not null));
        }

        return errors;
    }

    /// <summary>"监管合规跟踪 &lt;noreply@bank.cn&gt;" or a bare address; a Chinese display name is encoded, not parsed.</summary>
    private static MailboxAddress Sender(string from)
    {
        var open = from.IndexOf('<', StringComparison.Ordinal);
        return open < 0
            ? MailboxAddress.Parse(from.Trim())
            : new MailboxAddress(from[..open].Trim().Trim('"'), from[(open + 1)..].TrimEnd('>', ' '));
    }
}
