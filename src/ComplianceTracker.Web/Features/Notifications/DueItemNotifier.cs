using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>The <c>Notifications</c> configuration section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Remind this many working days before the due date (0 = on the day), comma-separated.</summary>
    public string RemindDaysBefore { get; set; } = "2,0";

    /// <summary>Escalate to the branch head after this many working days overdue, to the supervisor after twice as many.</summary>
    public int EscalateAfterWorkingDays { get; set; } = 2;

    public IReadOnlyList<int> DaysBefore() =>
        RemindDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).Distinct().ToList();
}

/// <summary>What a message about a due item says, read once.</summary>
public sealed record DueItemFacts(
    int Id, int InstitutionId, string InstitutionName, string JurisdictionPath, string CircularTitle, string? DocumentNumber,
    string Clause, string PeriodKey, DateTime DueAt, string DueExplanation);

public enum Audience
{
    Reporters,
    BranchHeads,
    Supervisors,
}

/// <summary>Writes notifications about due items to the people responsible, each (kind, due item, step, user) once.</summary>
public sealed class DueItemNotifier(ComplianceDbContext db, MessageTemplates templates, IWorkingDayCalendar calendar, EmailSender email, TimeProvider time)
{
    public IQueryable<DueItemFacts> Facts(IQueryable<Obligations.DueItem> items) =>
        items.Where(d => d.DueAt != null).Select(d => new DueItemFacts(
            d.Id, d.Obligation.InstitutionId, d.Obligation.Institution.Name, d.Obligation.Institution.Jurisdiction.Path,
            d.Obligation.Requirement.Circular.Title, d.Obligation.Requirement.Circular.DocumentNumber,
            d.Obligation.Requirement.Clause, d.PeriodKey, d.DueAt!.Value, d.DueExplanation));

    public int WorkingDaysBetween(DateOnly from, DateOnly to) => calendar.WorkingDaysBetween(from, to);

    public async Task<int> NotifyAsync(IReadOnlyList<(DueItemFacts Item, Audience Audience, NotificationKind Kind, string Template, string Step, int? Days)> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var recipients = await RecipientsAsync(messages.Select(m => m.Item).ToList(), ct);
        var now = time.GetUtcNow().UtcDateTime;
        var drafts = new List<Notification>();
        foreach (var (item, audience, kind, template, step, days) in messages)
        {
            var (title, body) = templates.Render(template, new Dictionary<string, string>
            {
                ["institution"] = item.InstitutionName,
                ["circular"] = item.DocumentNumber ?? item.CircularTitle,
                ["clause"] = item.Clause,
                ["period"] = item.PeriodKey == DueCalculator.OncePeriodKey ? "" : $"{item.PeriodKey} 期",
                ["dueAt"] = ChinaTime.ToChina(item.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ["explanation"] = item.DueExplanation,
                ["days"] = (days ?? 0).ToString(CultureInfo.InvariantCulture),
            });
            foreach (var userId in recipients(item, audience))
            {
                drafts.Add(new Notification
                {
                    UserId = userId,
                    Kind = kind,
                    Title = Clip(title, 200),
                    Body = Clip(body, 2000),
                    Link = $"/api/obligations/{item.Id}/history",
                    DueItemId = item.Id,
                    CreatedAt = now,
                    DedupKey = $"{kind}:{item.Id}:{step}:{userId}",
                });
            }
        }

        var recorded = await RecordAsync(drafts, ct);
        await EmailAsync(recorded, ct);
        return recorded.Count;
    }

    /// <summary>
    /// E-mails the messages this server recorded: only the server whose insert won sends, so nothing goes out twice.
    /// </summary>
    private async Task EmailAsync(List<Notification> recorded, CancellationToken ct)
    {
        if (!email.Enabled || recorded.Count == 0)
        {
            return;
        }

        var userIds = recorded.Select(n => n.UserId).Distinct().ToList();
        var addresses = await db.Users.Where(u => userIds.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        var outgoing = recorded.Where(n => addresses.ContainsKey(n.UserId)).ToList();
        var accepted = await email.SendAsync(outgoing.Select(n => (addresses[n.UserId], n.Title, n.Body)).ToList(), ct);
        if (accepted.Count == 0)
        {
            return;
        }

        var ids = accepted.Select(i => outgoing[i].Id).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => ids.Contains(n.Id)).ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailedAt, now), ct);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Adds the messages not recorded yet; a concurrent sender's copy wins and ours is dropped.</summary>
    private async Task<List<Notification>> RecordAsync(List<Notification> drafts, CancellationToken ct)
    {
        var keys = drafts.Select(d => d.DedupKey).ToList();
        var existing = (await db.Notifications.Where(n => keys.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var fresh = drafts.Where(d => !existing.Contains(d.DedupKey)).DistinctBy(d => d.DedupKey).ToList();
        if (fresh.Count == 0)
        {
            return [];
        }

        db.Notifications.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh;
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Another server recorded some of them in between: insert one by one, skipping what is there.
            db.ChangeTracker.Clear();
            var added = new List<Notification>();
            foreach (var draft in fresh)
            {
                draft.Id = 0;
                db.Notifications.Add(draft);
                try
                {
                    await db.SaveChangesAsync(ct);
                    added.Add(draft);
                }
                catch (DbUpdateException one) when (DbErrors.IsConflict(one))
                {
                    db.ChangeTracker.Clear();
                }
            }

            return added;
        }
    }

    private async Task<Func<DueItemFacts, Audience, IEnumerable<string>>> RecipientsAsync(List<DueItemFacts> items, CancellationToken ct)
    {
        var institutionIds = items.Select(i => i.InstitutionId).Distinct().ToList();
        var people = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where (u.InstitutionId != null && institutionIds.Contains(u.InstitutionId.Value) && (r.Name == Roles.Reporter || r.Name == Roles.BranchHead))
                                || r.Name == Roles.Supervisor
                            select new { u.Id, u.InstitutionId, Role = r.Name, JurisdictionPath = u.Jurisdiction != null ? u.Jurisdiction.Path : null })
            .ToListAsync(ct);
        return (item, audience) => audience switch
        {
            Audience.Reporters => people.Where(p => p.Role == Roles.Reporter && p.InstitutionId == item.InstitutionId).Select(p => p.Id),
            Audience.BranchHeads => people.Where(p => p.Role == Roles.BranchHead && p.InstitutionId == item.InstitutionId).Select(p => p.Id),
            _ => NearestSupervisors(people.Where(p => p.Role == Roles.Supervisor && p.JurisdictionPath is { } jp && item.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal))
                .Select(p => (p.Id, p.JurisdictionPath!))),
        };
    }

    /// <summary>The supervisors of the closest jurisdiction above the institution (a district's, not also the province's).</summary>
    private static IEnumerable<string> NearestSupervisors(IEnumerable<(string Id, string Path)> covering)
    {
        var list = covering.ToList();
        var deepest = list.Count == 0 ? 0 : list.Max(p => p.Path.Length);
        return list.Where(p => p.Path.Length == deepest).Select(p => p.Id);
    }
}
