namespace ComplianceTracker.Web.Domain;

/// <summary>
/// One message to one user, in the in-app inbox. <see cref="DedupKey"/> (kind, due item, step, user) is unique: a
/// job that runs twice, or on two servers at once, records each message once.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public int? DueItemId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    public required string DedupKey { get; set; }

    /// <summary>The e-mail copy, when the user has an address and e-mail is on.</summary>
    public List<Delivery> Deliveries { get; } = [];
}

public enum NotificationKind
{
    /// <summary>Due soon (N working days before the due moment).</summary>
    Reminder,

    /// <summary>A supervisor's 催报.</summary>
    Chase,

    /// <summary>Overdue for N working days: to the branch head, then the supervisor.</summary>
    Escalation,

    /// <summary>The Monday summary for supervisors and leaders.</summary>
    Digest,

    /// <summary>A report waits for the head's approval.</summary>
    ReportSubmitted,

    /// <summary>The head or a supervisor sent a report back, with a reason.</summary>
    ReportReturned,

    /// <summary>The head approved a report.</summary>
    ReportApproved,

    /// <summary>A supervisor opened a locked period to the institution (补报).</summary>
    UnlockGranted,

    /// <summary>A circular now binds the institution: what it owes and the first due dates.</summary>
    CircularPublished,

    /// <summary>A reporter asks to change a locked period (申请补报): to the supervisors.</summary>
    UnlockRequested,

    /// <summary>A supervisor refused 补报, with a reason.</summary>
    UnlockRefused,

    /// <summary>The institution handed in a one-off item's material (报送): to the supervisors.</summary>
    MaterialSubmitted,

    /// <summary>A supervisor accepted a one-off item's material (办结).</summary>
    MaterialAccepted,

    /// <summary>A supervisor returned a one-off item's material with a reason.</summary>
    MaterialReturned,

    /// <summary>A supervisor let the institution's figures for a period pass a named check (例外校验许可).</summary>
    RuleExempted,

    /// <summary>A supervisor waived a one-off item (豁免), with a reason.</summary>
    ItemWaived,

    /// <summary>A supervisor reopened a waived one-off item, with a reason.</summary>
    ItemReopened,

    /// <summary>A circular binding the institution was amended: what moved, what it now owes or no longer owes.</summary>
    CircularAmended,

    /// <summary>A circular binding the institution was repealed (废止): what closed and from when.</summary>
    CircularRepealed,

    /// <summary>A form the institution reports on has a new version from a period: what changed and why.</summary>
    FormVersionPublished,

    /// <summary>The holiday calendar changed and the institution's open items fell due at other moments: each old → new.</summary>
    DueDatesReplanned,
}
