using System.Linq.Expressions;

namespace ComplianceTracker.Web.Domain;

/// <summary>
/// What "overdue" means, in one place: marked overdue by the sweep, or still open past its due moment (the sweep
/// runs every few minutes, so a query must not wait for it). Every query that asks uses <see cref="IsOverdue"/>;
/// code holding an item in memory uses <see cref="EffectiveStatus"/>.
/// </summary>
public static class DueItemRules
{
    public static Expression<Func<DueItem, bool>> IsOverdue(DateTime nowUtc) =>
        ((Expression<Func<DueItem, bool>>)(d => d.Status == DueItemStatus.Overdue)).Or(OpenPastDeadline(nowUtc));

    /// <summary>Open and past its deadline (the correction deadline after a late return): what the sweep marks overdue.</summary>
    public static Expression<Func<DueItem, bool>> OpenPastDeadline(DateTime nowUtc) =>
        d => d.Status == DueItemStatus.Open && (d.CorrectionDueAt ?? d.DueAt) < nowUtc;

    /// <summary>Open and not yet past its deadline (or without one): what a person still has time for.</summary>
    public static Expression<Func<DueItem, bool>> OpenWithinDeadline(DateTime nowUtc) =>
        d => d.Status == DueItemStatus.Open && ((d.CorrectionDueAt ?? d.DueAt) == null || (d.CorrectionDueAt ?? d.DueAt) >= nowUtc);

    /// <summary>
    /// The correction deadline a return sets: <paramref name="endOfNextWorkingDay"/> when it is later than the due
    /// moment (a return near or after the deadline), else none (the due moment still leaves time).
    /// </summary>
    public static DateTime? CorrectionDeadline(DateTime? dueAt, DateTime endOfNextWorkingDay) =>
        dueAt is { } due && endOfNextWorkingDay > due ? endOfNextWorkingDay : null;

    /// <summary>The moment the item is judged against: the correction deadline after a late return, else the due moment.</summary>
    public static DateTime? Deadline(DateTime? dueAt, DateTime? correctionDueAt) => correctionDueAt ?? dueAt;

    /// <summary>Either condition, as one expression a database can run (the second's parameter is rebound to the first's).</summary>
    public static Expression<Func<DueItem, bool>> Or(this Expression<Func<DueItem, bool>> first, Expression<Func<DueItem, bool>> second)
    {
        var body = new Rebind(second.Parameters[0], first.Parameters[0]).Visit(second.Body);
        return Expression.Lambda<Func<DueItem, bool>>(Expression.OrElse(first.Body, body), first.Parameters);
    }

    /// <summary>The status a person should read: an open item past its due moment is overdue.</summary>
    /// <remarks>Pass <see cref="Deadline"/> as <paramref name="deadline"/>: a late return counts from the return.</remarks>
    public static DueItemStatus EffectiveStatus(DueItemStatus status, DateTime? deadline, DateTime nowUtc) =>
        status == DueItemStatus.Open && deadline < nowUtc ? DueItemStatus.Overdue : status;

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
