namespace ComplianceTracker.Web.Domain;

/// <summary>
/// One message to send outside the app (an e-mail, a group-robot post): the outbox. Recorded in the same write as
/// the notification it copies, unique by <see cref="DedupKey"/>, claimed by one server at a time, retried with
/// back-off until it is accepted or the dispatcher's maximum attempts have failed.
/// </summary>
public class Delivery
{
    public long Id { get; set; }
    public DeliveryChannel Channel { get; set; }

    /// <summary>The e-mail address, for <see cref="DeliveryChannel.Email"/>.</summary>
    public string? Address { get; set; }

    /// <summary>The group robot, for <see cref="DeliveryChannel.Robot"/> (its address is read when sending, so a corrected one takes effect on the retry).</summary>
    public int? RobotId { get; set; }

    /// <summary>Mobiles a group robot post @-mentions, comma-separated (see <see cref="JoinMentions"/>); null for none.</summary>
    public string? Mentions { get; set; }

    public long? NotificationId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public required string DedupKey { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While set and in the future, one server is sending this message; no other may.</summary>
    public DateTime? ClaimedUntil { get; set; }
    public string? ClaimToken { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The longest <see cref="Mentions"/> stored: about 60 mobiles.</summary>
    public const int MentionsMaxLength = 800;

    /// <summary>Mobiles as stored: digits, '+' and '-' only, comma-separated, cut at whole numbers within <see cref="MentionsMaxLength"/>.</summary>
    public static string? JoinMentions(IEnumerable<string> mobiles)
    {
        var text = "";
        foreach (var mobile in mobiles.Select(m => new string(m.Where(c => char.IsAsciiDigit(c) || c is '+' or '-').ToArray())).Where(m => m.Length > 0).Distinct())
        {
            var next = text.Length == 0 ? mobile : $"{text},{mobile}";
            if (next.Length > MentionsMaxLength)
            {
                break;
            }

            text = next;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The stored <see cref="Mentions"/> as a list.</summary>
    public static IReadOnlyList<string> SplitMentions(string? mentions) =>
        string.IsNullOrEmpty(mentions) ? [] : mentions.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public enum DeliveryChannel
{
    Email,
    Robot,
}

public enum DeliveryStatus
{
    /// <summary>Not yet accepted; sent at <see cref="Delivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>Accepted by the SMTP server or the robot.</summary>
    Sent,

    /// <summary>Refused on every attempt; <see cref="Delivery.LastError"/> says why. The inbox copy stands.</summary>
    Failed,
}
