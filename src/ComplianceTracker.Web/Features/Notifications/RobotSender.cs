using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Posts a text message to a 企业微信 or 钉钉 group robot in the JSON each accepts. Both answer HTTP 200 with
/// <c>{"errcode":0,"errmsg":"ok"}</c>; any other errcode (a rate limit, a keyword the robot requires) is a failure
/// to retry.
/// </summary>
public sealed class RobotSender(HttpClient http, TimeProvider time)
{
    /// <summary>企业微信 accepts at most 2048 bytes of UTF-8 text; 钉钉 more, but a group message should be short anyway.</summary>
    public const int MaxBytes = 2048;

    /// <summary>
    /// Returns null when the robot accepted the message, or why it did not. <paramref name="mentions"/> are mobiles to
    /// @-mention: 企业微信 takes them as <c>text.mentioned_mobile_list</c>; 钉钉 as <c>at.atMobiles</c>, and highlights
    /// only those also written as "@mobile" in the text, so they are appended to it there.
    /// </summary>
    public async Task<string?> SendAsync(GroupRobot robot, string title, string body, CancellationToken ct, IReadOnlyList<string>? mentions = null)
    {
        mentions ??= [];
        var tail = robot.Kind == RobotKind.DingTalk && mentions.Count > 0 ? "\n" + string.Join(" ", mentions.Select(m => "@" + m)) : "";
        var content = ClipUtf8($"{title}\n{body}", MaxBytes - Encoding.UTF8.GetByteCount(tail)) + tail;

        object payload = mentions.Count == 0 ? new { msgtype = "text", text = new { content } }
            : robot.Kind == RobotKind.DingTalk ? new { msgtype = "text", text = new { content }, at = new { atMobiles = mentions, isAtAll = false } }
            : new { msgtype = "text", text = new { content, mentioned_mobile_list = mentions } };
        try
        {
            using var response = await http.PostAsJsonAsync(Address(robot), payload, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}: {Clip(text, 200)}";
            }

            return ErrorOf(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    /// <summary>钉钉 加签: timestamp and HMAC-SHA256 of "timestamp\nsecret", as its robot documentation says.</summary>
    private Uri Address(GroupRobot robot)
    {
        if (robot.Kind != RobotKind.DingTalk || string.IsNullOrEmpty(robot.Secret))
        {
            return new Uri(robot.Url);
        }

        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(robot.Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{robot.Secret}")));
        var separator = robot.Url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri($"{robot.Url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}");
    }

    private static string? ErrorOf(string responseText)
    {
        try
        {
            using var json = JsonDocument.Parse(responseText);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 0)
            {
                var message = json.RootElement.TryGetProperty("errmsg", out var m) ? m.GetString() : null;
                return $"errcode {code.GetInt32()}: {message}";
            }

            return null;
        }
        catch (JsonException)
        {
            // A 200 that is not JSON (a proxy's page) is not the robot's "ok".
            return $"not a robot's answer: {Clip(responseText, 200)}";
        }
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Cuts the text to whole characters within the byte limit, ending with "…" when cut.</summary>
    public static string ClipUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount("…");
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            builder.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }

        return builder.Append('…').ToString();
    }
}
