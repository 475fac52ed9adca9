namespace ComplianceTracker.Web.Domain;

/// <summary>
/// One institution's figures for one form and one period. The figures of the latest revision are kept here for
/// reads; every save is a <see cref="SubmissionRevision"/> kept forever, every status change a <see cref="SubmissionEvent"/>.
/// </summary>
public class Submission
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public ReportForm Form { get; set; } = null!;
    public int PeriodId { get; set; }
    public ReportPeriod Period { get; set; } = null!;
    public int InstitutionId { get; set; }
    public Institution Institution { get; set; } = null!;

    public SubmissionStatus Status { get; set; } = SubmissionStatus.Draft;

    /// <summary>The form version the figures were made on (the period's); corrections are checked against it.</summary>
    public int FormVersion { get; set; } = 1;

    /// <summary>Number of the latest revision; a save must name it as its base (optimistic concurrency).</summary>
    public int Revision { get; set; }

    /// <summary>The latest revision's figures, JSON <c>{"CODE": 12.5, "OTHER": null}</c>.</summary>
    public string ValuesJson { get; set; } = "{}";

    /// <summary>The latest comments on warnings, JSON <c>{"R03": "本周有大额到期"}</c>.</summary>
    public string CommentsJson { get; set; } = "{}";

    /// <summary>The first submission decides on time or late; resubmissions after a return do not reset it.</summary>
    public DateTime? FirstSubmittedAt { get; set; }

    public DateTime? SubmittedAt { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public string? ReturnReason { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<SubmissionRevision> Revisions { get; set; } = [];
    public List<SubmissionEvent> Events { get; set; } = [];

    /// <summary>
    /// What each action does to a submission's status, and in which statuses it is allowed: the one table every
    /// handler and page asks. A save keeps a returned submission returned until it is submitted again.
    /// </summary>
    private static readonly Dictionary<(SubmissionStatus From, SubmissionAction Action), SubmissionStatus> Transitions = new()
    {
        [(SubmissionStatus.NotStarted, SubmissionAction.Save)] = SubmissionStatus.Draft,
        [(SubmissionStatus.Draft, SubmissionAction.Save)] = SubmissionStatus.Draft,
        [(SubmissionStatus.Returned, SubmissionAction.Save)] = SubmissionStatus.Returned,
        [(SubmissionStatus.Draft, SubmissionAction.Submit)] = SubmissionStatus.Submitted,
        [(SubmissionStatus.Returned, SubmissionAction.Submit)] = SubmissionStatus.Submitted,
        [(SubmissionStatus.Submitted, SubmissionAction.Withdraw)] = SubmissionStatus.Draft,
        [(SubmissionStatus.Submitted, SubmissionAction.Approve)] = SubmissionStatus.Approved,
        [(SubmissionStatus.Submitted, SubmissionAction.Return)] = SubmissionStatus.Returned,
        [(SubmissionStatus.Approved, SubmissionAction.Return)] = SubmissionStatus.Returned,
    };

    /// <summary>The status after <paramref name="action"/>, or null when the action is not allowed from <paramref name="from"/>.</summary>
    public static SubmissionStatus? After(SubmissionStatus from, SubmissionAction action) =>
        Transitions.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>Whether <paramref name="action"/> is allowed on a submission in <paramref name="status"/>.</summary>
    public static bool Allows(SubmissionStatus status, SubmissionAction action) => After(status, action) is not null;
}

/// <summary>What may be done to a submission (not stored: the events keep the statuses it moved between).</summary>
public enum SubmissionAction
{
    Save,
    Submit,
    Approve,
    Return,

    /// <summary>撤回: the filler takes a submitted report back before the head approves it.</summary>
    Withdraw,
}

public enum SubmissionStatus
{
    NotStarted,
    Draft,
    Submitted,
    Approved,
    Returned,
}

public enum RevisionSource
{
    Api,
    Page,
    Excel,
}

/// <summary>One save of a submission's figures: who, when, from where, what. Never changed or deleted.</summary>
public class SubmissionRevision
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public RevisionSource Source { get; set; }
    public required string ValuesJson { get; set; }
    public required string CommentsJson { get; set; }

    /// <summary>The client's <c>Idempotency-Key</c>: a retried save with the same key creates no second revision.</summary>
    public string? IdempotencyKey { get; set; }
}

/// <summary>A status change of a submission (submitted, approved, returned with a reason).</summary>
public class SubmissionEvent
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public SubmissionStatus From { get; set; }
    public SubmissionStatus To { get; set; }
    public int Revision { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A supervisor's permission for one institution to change a locked period until a moment.</summary>
public class PeriodUnlock
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public int InstitutionId { get; set; }
    public DateTime Until { get; set; }
    public required string Reason { get; set; }
    public required string GrantedBy { get; set; }
    public DateTime GrantedAt { get; set; }
}

/// <summary>
/// 例外校验许可: a supervisor lets one institution's figures for one period pass one named check, with a reason (a
/// correct figure the check takes for a mistake, e.g. a real tenfold rise). The key names a form rule (<c>R03</c>) or a
/// built-in check of one indicator (<c>UNIT_SLIP:LOAN_BAL</c>), as <see cref="Features.Reporting.Rules.ValidationFinding.ExemptionKey"/> does.
/// </summary>
public class RuleExemption
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public int InstitutionId { get; set; }
    public required string Rule { get; set; }
    public required string Reason { get; set; }
    public required string GrantedBy { get; set; }
    public DateTime GrantedAt { get; set; }
}

/// <summary>
/// 申请补报: a reporter asks the supervisors to let the institution change a locked period, with a reason; a
/// supervisor grants it (a <see cref="PeriodUnlock"/>) or refuses it with a reason.
/// </summary>
public class UnlockApplication
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public int InstitutionId { get; set; }
    public required string Reason { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public UnlockApplicationStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The supervisor's reason when refusing.</summary>
    public string? Answer { get; set; }

    /// <summary>Until when the grant lets the institution change the period.</summary>
    public DateTime? GrantedUntil { get; set; }
}

public enum UnlockApplicationStatus
{
    Pending,
    Granted,
    Refused,
}
