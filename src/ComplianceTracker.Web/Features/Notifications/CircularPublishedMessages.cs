using System.Globalization;
using System.Text;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// A background job after a circular is published: each bound institution's reporters and heads are told once
/// (inbox, e-mail, the institution's group robot) what the circular now asks of it, requirement by requirement,
/// with the first due date of each, linking to the circular. Keyed by circular and institution, so publishing again
/// (or two servers running the job) tells no one twice, and an institution bound later by a re-publication is told
/// then. Institutions are taken a thousand at a time, so 20,000 banks do not sit in memory at once.
/// </summary>
public sealed class CircularPublishedMessages(ComplianceDbContext db, MessageTemplates templates, NotificationOutbox outbox, IWorkingDayCalendar holidays, TimeProvider time)
{
    private const int Batch = 1000;

    /// <summary>At most this many requirements are listed in one message; the rest are counted.</summary>
    private const int Listed = 8;

    public async Task<int> RunAsync(int circularId, CancellationToken ct)
    {
        var circular = await db.Circulars.AsNoTracking().Where(c => c.Id == circularId && c.Status == CircularStatus.Published)
            .Select(c => new { c.Title, c.DocumentNumber }).SingleOrDefaultAsync(ct);
        if (circular is null)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var year = ChinaTime.Today(time).Year;
        var bound = db.Obligations.Where(o => o.Requirement.CircularId == circularId);
        var institutionIds = await bound.Select(o => o.InstitutionId).Distinct().OrderBy(i => i).ToListAsync(ct);
        var recorded = 0;
        foreach (var chunk in institutionIds.Chunk(Batch))
        {
            db.ChangeTracker.Clear();
            var owed = await bound.Where(o => chunk.Contains(o.InstitutionId))
                .Select(o => new
                {
                    o.InstitutionId,
                    InstitutionName = o.Institution.Name,
                    o.Requirement.Ordinal,
                    o.Requirement.Kind,
                    o.Requirement.Text,
                    o.Requirement.Clause,
                    Next = o.DueItems.Where(d => d.DueAt != null && d.DueAt >= now).OrderBy(d => d.DueAt).Select(d => new { d.DueAt, d.PeriodKey, d.PeriodStart, d.PeriodEnd }).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var audience = await InstitutionAudience.LoadAsync(db, chunk, InstitutionAudience.Branch, ct);

            var messages = new List<Outgoing>();
            foreach (var institution in owed.GroupBy(o => (o.InstitutionId, o.InstitutionName)))
            {
                var list = new StringBuilder();
                var items = institution.OrderBy(o => o.Ordinal).ToList();
                foreach (var (o, i) in items.Take(Listed).Select((o, i) => (o, i)))
                {
                    list.Append(CultureInfo.InvariantCulture, $"{i + 1}. {o.Kind.Label()}（{o.Clause}）：{Requirement.OneLine(o.Text, 40)}");
                    if (o.Next is { DueAt: { } due } next)
                    {
                        var period = next.PeriodKey == DueItem.OncePeriodKey ? "" : PeriodNames.Name(next.PeriodKey, next.PeriodStart, next.PeriodEnd, year);
                        list.Append(CultureInfo.InvariantCulture, $"——{(period.Length > 0 ? $"首期{period}，" : "")}{holidays.Marked(ChinaTime.ToChina(due).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), due)}前");
                    }

                    list.Append('\n');
                }

                if (items.Count > Listed)
                {
                    list.Append(CultureInfo.InvariantCulture, $"另有 {items.Count - Listed} 项，请登录系统查看。\n");
                }

                var (title, body) = templates.Render("circularPublished", new Dictionary<string, string>
                {
                    ["institution"] = institution.Key.InstitutionName,
                    ["circular"] = circular.DocumentNumber ?? circular.Title,
                    ["title"] = circular.Title,
                    ["count"] = items.Count.ToString(CultureInfo.InvariantCulture),
                    ["list"] = list.ToString().TrimEnd('\n'),
                });
                messages.Add(new Outgoing(
                    NotificationKind.CircularPublished, $"Published:{circularId}:{institution.Key.InstitutionId}", title, body, PageLinks.Circular(circularId), null,
                    audience.Users[institution.Key.InstitutionId].ToList(),
                    audience.Robots[institution.Key.InstitutionId].ToList()));
            }

            recorded += await outbox.RecordAsync(messages, ct);
        }

        return recorded;
    }
}
