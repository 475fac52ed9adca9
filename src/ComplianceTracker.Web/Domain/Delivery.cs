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
