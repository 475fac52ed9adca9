using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The institution's head approves its submitted figures; the weekly obligation's due item is done.</summary>
public sealed class ApproveSubmissionHandler(SubmissionChanges changes, GetSubmissionHandler reader, AuditLog audit, ReportMessages messages, ReportingOptions options)
{
    public async Task<SubmissionView> HandleAsync(SubmissionContext context, CancellationToken ct)
    {
        // The head vouches for its own institution's figures (一把手负责制), not for a branch's.
        if (!SubmissionAccess.MayApprove(context))
        {
            throw new ForbiddenException("只有本机构负责人可以审核通过本机构的报表。");
        }

        var submission = context.Submission;
        var next = SubmissionChanges.Next(submission?.Status ?? SubmissionStatus.NotStarted, SubmissionAction.Approve,
            status => $"只有{SubmissionStatus.Submitted.Label()}的报表可以审核通过，当前状态为“{status.Label()}”。");

        // 一把手 vouches for what someone else entered: a head who typed the figures of this revision may not approve them.
        if (!options.HeadMayApproveOwnFigures && await changes.EnteredByAsync(submission!, ct) == context.Scope.UserName)
        {
            throw new ForbiddenException("本期数据由您本人录入，不能由您本人审核通过。请由其他负责人审核，或请填报员录入后再审核。");
        }

        var now = changes.Now;
        submission!.ApprovedAt = now;
        submission.ApprovedBy = context.Scope.UserName;
        var change = SubmissionChanges.Move(submission, next, context.Scope.UserName, null, now);
        await changes.FollowDueItemAsync(context, DueItemStatus.Done, submission.FirstSubmittedAt, context.Scope.UserName, "负责人审核通过", ct);
        audit.Add(AuditActions.SubmissionApproved, SubmissionChanges.Target(context), $"第 {submission.Revision} 版");
        await changes.SaveOrConflictAsync(ct);
        await messages.SubmissionMovedAsync(change.Id, ct);
        return await reader.ViewAsync(context, ct);
    }
}
