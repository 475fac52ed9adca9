using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq.Expressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>The <c>Notifications</c> configuration section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Remind this many working days before the due date (0 = on the day), comma-separated.</summary>
    [RegularExpression(@"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")]
    public string RemindDaysBefore { get; set; } = "2,0";

    /// <summary>Escalate to the branch head after this many working days overdue, to the supervisor after twice as many.</summary>
    [Range(0, 60)]
    public int EscalateAfterWorkingDays { get; set; } = 2;

    public IReadOnlyList<int> DaysBefore() =>
        RemindDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).Distinct().ToList();
}

/// <summary>What a message about a due item says, read once. <c>DueAt</c> is the deadline it is judged against: after a late return, the correction deadline.</summary>
public sealed record DueItemFacts(
    int Id, int InstitutionId, string InstitutionName, string JurisdictionPath, string CircularTitle, string? DocumentNumber,
    string Clause, string PeriodKey, DateTime DueAt, string DueExplanation,
    string InstitutionCode = "", DateOnly? PeriodStart = null, DateOnly? PeriodEnd = null, string? FormCode = null);

public enum Audience
{
    Reporters,
    BranchHeads,
    Supervisors,
}

/// <summary>
/// Words messages about due items from the templates and addresses them: the reporters or the head of the
/// institution (and its group robot), or the supervisors of the nearest jurisdiction above it (and theirs).
/// </summary>
public sealed class DueItemNotifier(ComplianceDbContext db, MessageTemplates templates, IWorkingDayCalendar calendar, NotificationOutbox outbox)
{
    public IQueryable<DueItemFacts> Facts(IQueryable<DueItem> items) =>
        items.Where(d => d.DueAt != null).Select(d => new DueItemFacts(
            d.Id, d.Obligation.InstitutionId, d.Obligation.Institution.Name, d.Obligation.Institution.Jurisdiction.Path,
            d.Obligation.Requirement.Circular.Title, d.Obligation.Requirement.Circular.DocumentNumber,
            d.Obligation.Requirement.Clause, d.PeriodKey, (d.CorrectionDueAt ?? d.DueAt)!.Value, d.DueExplanation,
            d.Obligation.Institution.Code, d.PeriodStart, d.PeriodEnd,
            db.ReportForms.Where(f => f.RequirementId == d.Obligation.RequirementId).OrderBy(f => f.Code).Select(f => f.Code).FirstOrDefault()));

    public int WorkingDaysBetween(DateOnly from, DateOnly to) => calendar.WorkingDaysBetween(from, to);

    /// <summary>The items whose deadline (the correction deadline after a late return) falls on one of <paramref name="days"/> (China time), as one SQL condition of day ranges.</summary>
    public static Expression<Func<DueItem, bool>> DeadlineOn(IEnumerable<DateOnly> days)
    {
        var item = Expression.Parameter(typeof(DueItem), "d");
        var deadline = Expression.Coalesce(Expression.Property(item, nameof(DueItem.CorrectionDueAt)), Expression.Property(item, nameof(DueItem.DueAt)));
        Expression condition = Expression.Constant(false);
        foreach (var (first, last) in Runs(days.Distinct().Order()))
        {
            var from = Expression.Constant((DateTime?)ChinaTime.ToUtc(first, TimeOnly.MinValue), typeof(DateTime?));
            var until = Expression.Constant((DateTime?)ChinaTime.ToUtc(last.AddDays(1), TimeOnly.MinValue), typeof(DateTime?));
            condition = Expression.OrElse(condition, Expression.AndAlso(Expression.GreaterThanOrEqual(deadline, from), Expression.LessThan(deadline, until)));
        }

        return Expression.Lambda<Func<DueItem, bool>>(condition, item);
    }

    /// <summary>Consecutive days as (first, last) runs.</summary>
    private static IEnumerable<(DateOnly First, DateOnly Last)> Runs(IEnumerable<DateOnly> days)
    {
        DateOnly? first = null, last = null;
        foreach (var day in days)
        {
            if (last is { } l && day == l.AddDays(1))
            {
                last = day;
                continue;
            }

            if (first is { } f)
            {
                yield return (f, last!.Value);
            }

            (first, last) = (day, day);
        }

        if (first is { } start)
        {
            yield return (start, last!.Value);
        }
    }

    public async Task<int> NotifyAsync(IReadOnlyList<(DueItemFacts Item, Audience Audience, NotificationKind Kind, string Template, string Step, int? Days)> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var recipients = await RecipientsAsync(messages.Select(m => m.Item).ToList(), ct);
        var outgoing = new List<Outgoing>();
        foreach (var (item, audience, kind, template, step, days) in messages)
        {
            var (title, body) = templates.Render(template, new Dictionary<string, string>
            {
                ["institution"] = item.InstitutionName,
                ["circular"] = item.DocumentNumber ?? item.CircularTitle,
                ["clause"] = item.Clause,
                ["period"] = item.PeriodKey == DueItem.OncePeriodKey ? "" : PeriodNames.Name(item.PeriodKey, item.PeriodStart, item.PeriodEnd, ChinaTime.ToChina(item.DueAt).Year),
                ["dueAt"] = calendar.Marked(ChinaTime.ToChina(item.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), item.DueAt),
                ["explanation"] = item.DueExplanation,
                ["days"] = (days ?? 0).ToString(CultureInfo.InvariantCulture),
            });
            var (users, robots) = recipients(item, audience);
            outgoing.Add(new Outgoing(kind, $"{kind}:{item.Id}:{step}", title, body, PageLinks.DueItem(item.Id, item.FormCode, item.PeriodKey, item.InstitutionCode), item.Id, users, robots));
        }

        return await outbox.RecordAsync(outgoing, ct);
    }

    private async Task<Func<DueItemFacts, Audience, (List<string> Users, List<int> Robots)>> RecipientsAsync(List<DueItemFacts> items, CancellationToken ct)
    {
        var institutionIds = items.Select(i => i.InstitutionId).Distinct().ToList();
        var people = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where (u.InstitutionId != null && institutionIds.Contains(u.InstitutionId.Value) && (r.Name == Roles.Reporter || r.Name == Roles.BranchHead))
                                || r.Name == Roles.Supervisor
                            select new { u.Id, u.InstitutionId, Role = r.Name, JurisdictionPath = u.Jurisdiction != null ? u.Jurisdiction.Path : null })
            .ToListAsync(ct);
        var robots = await db.GroupRobots.Where(r => r.Enabled && (r.UserId != null || institutionIds.Contains(r.InstitutionId!.Value)))
            .Select(r => new { r.Id, r.InstitutionId, r.UserId }).ToListAsync(ct);
        var institutionRobot = robots.Where(r => r.InstitutionId != null).ToDictionary(r => r.InstitutionId!.Value, r => r.Id);
        var userRobot = robots.Where(r => r.UserId != null).ToDictionary(r => r.UserId!, r => r.Id, StringComparer.Ordinal);
        List<int> RobotOf(int institutionId) => institutionRobot.TryGetValue(institutionId, out var id) ? [id] : [];

        return (item, audience) =>
        {
            switch (audience)
            {
                case Audience.Reporters:
                    return (people.Where(p => p.Role == Roles.Reporter && p.InstitutionId == item.InstitutionId).Select(p => p.Id).ToList(), RobotOf(item.InstitutionId));
                case Audience.BranchHeads:
                    return (people.Where(p => p.Role == Roles.BranchHead && p.InstitutionId == item.InstitutionId).Select(p => p.Id).ToList(), RobotOf(item.InstitutionId));
                default:
                    var supervisors = InstitutionAudience.NearestSupervisors(people.Where(p => p.Role == Roles.Supervisor && p.JurisdictionPath is { } jp && item.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal))
                        .Select(p => (p.Id, p.JurisdictionPath!))).ToList();
                    return (supervisors, supervisors.Where(userRobot.ContainsKey).Select(u => userRobot[u]).ToList());
            }
        };
    }
}
