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

    /// <summary>The status a person should read: an open item past its due moment is overdue.</summary>
    public static DueItemStatus EffectiveStatus(DueItemStatus status, DateTime? dueAt, DateTime nowUtc) =>
        status == DueItemStatus.Open && dueAt < nowUtc ? DueItemStatus.Overdue : status;
}
