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
        d => d.Status == DueItemStatus.Overdue || (d.Status == DueItemStatus.Open && d.DueAt < nowUtc);

    /// <summary>Either condition, as one expression a database can run (the second's parameter is rebound to the first's).</summary>
    public static Expression<Func<DueItem, bool>> Or(this Expression<Func<DueItem, bool>> first, Expression<Func<DueItem, bool>> second)
    {
        var body = new Rebind(second.Parameters[0], first.Parameters[0]).Visit(second.Body);
        return Expression.Lambda<Func<DueItem, bool>>(Expression.OrElse(first.Body, body), first.Parameters);
    }

    /// <summary>The status a person should read: an open item past its due moment is overdue.</summary>
    public static DueItemStatus EffectiveStatus(DueItemStatus status, DateTime? dueAt, DateTime nowUtc) =>
        status == DueItemStatus.Open && dueAt < nowUtc ? DueItemStatus.Overdue : status;

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
