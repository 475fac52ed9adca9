using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>An open due item whose moment not yet reached moved when its schedule was counted again (the holiday calendar changed).</summary>
public sealed record DueItemMove(int InstitutionId, int RequirementId, string PeriodKey, DateOnly? PeriodStart, DateOnly? PeriodEnd, DateTime From, DateTime To);

/// <summary>
/// Tells each institution whose open items moved when the holiday calendar was confirmed or corrected: one message
/// per institution (its reporters and heads, by e-mail and its group robot too, as an amendment is told), listing
/// each item's old and new due moment.
/// </summary>
public sealed class DueDatesReplannedMessages(ComplianceDbContext db, CircularChangedMessages messages, TimeProvider time)
{
    public async Task<int> RecordAsync(IReadOnlyCollection<DueItemMove> moved, CancellationToken ct)
    {
        if (moved.Count == 0)
        {
            return 0;
        }

        var requirements = new Dictionary<int, (string Circular, string Clause)>();
        foreach (var chunk in moved.Select(m => m.RequirementId).Distinct().Chunk(500))
        {
            foreach (var r in await db.Requirements.Where(r => chunk.Contains(r.Id))
                .Select(r => new { r.Id, r.Clause, r.Circular.DocumentNumber, r.Circular.Title }).ToListAsync(ct))
            {
                requirements[r.Id] = (r.DocumentNumber ?? $"《{r.Title}》", r.Clause);
            }
        }

        var institutions = new Dictionary<int, string>();
        foreach (var chunk in moved.Select(m => m.InstitutionId).Distinct().Chunk(500))
        {
            foreach (var i in await db.Institutions.Where(i => chunk.Contains(i.Id)).Select(i => new { i.Id, i.Name }).ToListAsync(ct))
            {
                institutions[i.Id] = i.Name;
            }
        }

        var changes = moved.GroupBy(m => m.InstitutionId)
            .Select(g => new InstitutionChange(g.Key, institutions.GetValueOrDefault(g.Key, ""), g.OrderBy(m => m.To).ThenBy(m => m.RequirementId).Select(m =>
            {
                var (circular, clause) = requirements[m.RequirementId];
                return $"{circular}“{clause}”条款{CircularChangedMessages.PeriodWords(m.PeriodKey, m.PeriodStart, m.PeriodEnd)}的到期时间由 {messages.DueWords(m.From)} 改为 {messages.DueWords(m.To)}";
            }).ToList()))
            .OrderBy(c => c.InstitutionName, StringComparer.Ordinal)
            .ToList();
        return await messages.RecordAsync(NotificationKind.DueDatesReplanned, "dueDatesReplanned", $"Replanned:{time.GetUtcNow().UtcTicks}", "/todo",
            new Dictionary<string, string>(), changes, ct);
    }
}
