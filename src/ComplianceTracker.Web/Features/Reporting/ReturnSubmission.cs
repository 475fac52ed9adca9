using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record ReturnRequest(string? Reason);

/// <summary>
/// The institution's head (before the lock) or a supervisor returns a submitted or approved submission with a reason;
/// the weekly obligation's due item is open again.
/// </summary>
public sealed class ReturnSubmissionHandler(SubmissionChanges changes, GetSubmissionHandler reader, AuditLog audit, ReportMessages messages)
{
    public async Task<SubmissionView> HandleAsync(SubmissionContext context, ReturnRequest request, CancellationToken ct)
    {
        var scope = context.Scope;
        var supervisor = scope.Supervises(context.Institution);
        if (!SubmissionAccess.MayReturn(context))
        {
            throw new ForbiddenException("只有本机构负责人或监管员可以退回报表。");
        }

        // After the lock only a supervisor may reopen a period, and must first let the institution correct it.
        if (!supervisor)
        {
            await changes.RequireUnlockedAsync(context, ct);
        }

        var reason = Reasons.Required(request.Reason, "请填写退回原因，告诉填报员要改什么。", "退回原因");

        var submission = context.Submission;
        var next = SubmissionChanges.Next(submission?.Status ?? SubmissionStatus.NotStarted, SubmissionAction.Return,
            status => $"只有{SubmissionStatus.Submitted.Label()}或{SubmissionStatus.Approved.Label()}的报表可以退回，当前状态为“{status.Label()}”。");

        var now = changes.Now;
        submission!.ReturnReason = reason;
        submission.ApprovedAt = null;
        submission.ApprovedBy = null;
        var change = SubmissionChanges.Move(submission, next, scope.UserName, reason, now);
        await changes.FollowDueItemAsync(context, DueItemStatus.Open, null, scope.UserName, $"报表被退回：{reason}", ct, returned: true);
        audit.Add(AuditActions.SubmissionReturned, SubmissionChanges.Target(context), reason);
        await changes.SaveOrConflictAsync(ct);
        await messages.SubmissionMovedAsync(change.Id, ct);
        return await reader.ViewAsync(context, ct);
    }
}
