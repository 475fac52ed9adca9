using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>Who may do what with one submission: the rules every submission handler and page asks.</summary>
public static class SubmissionAccess
{
    /// <summary>Only the institution's own reporters and heads fill its forms (save, submit, upload).</summary>
    public static bool MayFill(SubmissionContext context) =>
        (context.Scope.HasRole(Roles.Reporter) || context.Scope.HasRole(Roles.BranchHead)) && context.Scope.ActsFor(context.Institution);

    /// <summary>The institution's own head, or a supervisor of its jurisdiction, may return a submission (the head only before the lock).</summary>
    public static bool MayReturn(SubmissionContext context) =>
        (context.Scope.HasRole(Roles.BranchHead) && context.Scope.User.InstitutionId == context.Institution.Id) || context.Scope.Supervises(context.Institution);

    /// <summary>Only the institution's own head approves its figures (一把手负责制), not a branch's.</summary>
    public static bool MayApprove(SubmissionContext context) =>
        context.Scope.HasRole(Roles.BranchHead) && context.Scope.User.InstitutionId == context.Institution.Id;

    /// <summary>Only a supervisor of the institution's jurisdiction (or an admin) lets it change a locked period.</summary>
    public static bool MayUnlock(SubmissionContext context) => context.Scope.Supervises(context.Institution);

    public static void RequireFiller(SubmissionContext context)
    {
        if (!MayFill(context))
        {
            throw new ForbiddenException("只有本机构的填报员或负责人可以填报、提交该报表。");
        }
    }
}
