namespace ComplianceTracker.Web.Domain;

/// <summary>A requirement applied to one institution. Publishing creates exactly one per pair.</summary>
public class Obligation
{
    public int Id { get; set; }
    public int RequirementId { get; set; }
    public Requirement Requirement { get; set; } = null!;
    public int InstitutionId { get; set; }
    public Institution Institution { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
    public List<DueItem> DueItems { get; set; } = [];
}

/// <summary>One dated occurrence of an obligation: the one-off deadline, or one period of a recurring report.</summary>
public class DueItem
{
    /// <summary>Period key of a one-off deadline.</summary>
    public const string OncePeriodKey = "once";

    public int Id { get; set; }
    public int ObligationId { get; set; }
    public Obligation Obligation { get; set; } = null!;

    /// <summary><c>once</c>, or the period: <c>2022-W45</c>, <c>2022-11</c>, <c>2022-Q4</c>.</summary>
    public required string PeriodKey { get; set; }

    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }

    /// <summary>The due moment (UTC); null while the date it is counted from is unknown.</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>How the due moment was counted, in Chinese.</summary>
    public required string DueExplanation { get; set; }

    public DueItemStatus Status { get; set; } = DueItemStatus.Open;

    /// <summary>When it was submitted or done; compared with <see cref="DueAt"/> to tell late from on time.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>
    /// Set when a supervisor or head returns the item after its due moment: the institution is correcting on request,
    /// not late, so overdue and escalation count from this moment instead of <see cref="DueAt"/>.
    /// </summary>
    public DateTime? CorrectionDueAt { get; set; }

    public List<DueItemStatusChange> History { get; set; } = [];
}

/// <summary>A file the institution hands in for a one-off item (the 贯彻落实措施), kept in the database so any server serves it.</summary>
public class DueItemAttachment
{
    public int Id { get; set; }
    public int DueItemId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public string? Note { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAt { get; set; }
}

public enum DueItemStatus
{
    Open,
    Submitted,
    Done,
    Overdue,
    Waived,

    /// <summary>Closed because its circular was repealed before the item's period or deadline was finished.</summary>
    Repealed,
}

/// <summary>One status change of a due item: who, when, why. Rows are only ever added.</summary>
public class DueItemStatusChange
{
    public long Id { get; set; }
    public int DueItemId { get; set; }
    public DueItemStatus? From { get; set; }
    public DueItemStatus To { get; set; }
    public DateTime ChangedAt { get; set; }
    public required string ChangedBy { get; set; }

    /// <summary>The note the person gave, or <see cref="DefaultReason"/> when they gave none.</summary>
    public required string Reason { get; set; }

    /// <summary>What a change without a note records as its reason ("设为已报送").</summary>
    public static string DefaultReason(DueItemStatus to) => $"设为{to.Label()}";
}
