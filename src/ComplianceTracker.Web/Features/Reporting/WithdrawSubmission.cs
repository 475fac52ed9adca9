using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// 撤回: the institution's reporter or head takes a submitted report back to a draft, to correct it before the head
/// approves it (and before the lock); the period's due item is open again. After approval it is refused (409): the
/// head or a supervisor returns it instead.
/// </summary>
public sealed class WithdrawSubmissionHandler(SubmissionChanges changes, GetSubmissionHandler reader, AuditLog audit)
{
    public async Task<SubmissionView> HandleAsync(SubmissionContext context, CancellationToken ct)
    {
        SubmissionAccess.RequireFiller(context);
        var submission = context.Submission;
        var next = SubmissionChanges.Next(submission?.Status ?? SubmissionStatus.NotStarted, SubmissionAction.Withdraw,
            status => status == SubmissionStatus.Approved
                ? "该期报表已审核通过，不能撤回；如需更正，请由机构负责人或监管员退回。"
                : $"只有{SubmissionStatus.Submitted.Label()}、尚未审核的报表可以撤回，当前状态为“{status.Label()}”。");
        await changes.RequireUnlockedAsync(context, ct);

        SubmissionChanges.Move(submission!, next, context.Scope.UserName, "填报员撤回修改", changes.Now);
        await changes.FollowDueItemAsync(context, DueItemStatus.Open, null, context.Scope.UserName, "报表已撤回修改", ct);
        audit.Add(AuditActions.SubmissionWithdrawn, SubmissionChanges.Target(context), $"第 {submission!.Revision} 版");
        await changes.SaveOrConflictAsync(ct);
        return await reader.ViewAsync(context, ct);
    }
}
