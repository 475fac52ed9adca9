using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Monday's summary for each supervisor and leader, over the institutions of their jurisdiction: what fell due last
/// week and how it went, what is overdue now and where, what falls due this week. Once per user and week.
/// </summary>
public sealed class SendWeeklyDigestJob(ComplianceDbContext db, MessageTemplates templates, NotificationOutbox outbox, TimeProvider time)
{
    private const int WorstShown = 5;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var lastMonday = thisMonday.AddDays(-7);
        var (from, to, next) = (ChinaTime.ToUtc(lastMonday, TimeOnly.MinValue), ChinaTime.ToUtc(thisMonday, TimeOnly.MinValue), ChinaTime.ToUtc(thisMonday.AddDays(7), TimeOnly.MinValue));
        var week = $"{ISOWeek.GetYear(lastMonday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(lastMonday.ToDateTime(TimeOnly.MinValue)):00}";

        var readers = await (from u in db.Users
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where (r.Name == Roles.Supervisor || r.Name == Roles.Leader) && u.Jurisdiction != null
                             select new { u.Id, u.Jurisdiction!.Path, u.Jurisdiction.Name })
            .Distinct().ToListAsync(ct);
        if (readers.Count == 0)
        {
            return 0;
        }

        var items = await db.DueItems
            .Where(d => d.DueAt != null && d.Status != DueItemStatus.Waived && d.Status != DueItemStatus.Repealed)
            .Where(DueItemRules.IsOverdue(now).Or(d => d.DueAt >= from && d.DueAt < next))
            .Select(d => new { d.Obligation.Institution.Jurisdiction.Path, Institution = d.Obligation.Institution.Name, DueAt = d.DueAt!.Value, d.CorrectionDueAt, d.Status, d.CompletedAt })
            .ToListAsync(ct);
        // Targets whose latest verdict is at risk or missed, by where they are judged (an institution, or a circular's total).
        var verdicts = await db.TargetResults
            .Select(r => new
            {
                r.TrackedTargetId, r.InstitutionId, r.Status, r.EvaluatedAt, r.TrackedTarget.Description,
                Path = r.Institution != null ? r.Institution.Jurisdiction.Path : r.TrackedTarget.Requirement.Circular.Jurisdiction.Path,
            })
            .ToListAsync(ct);
        var troubled = verdicts.GroupBy(v => (v.TrackedTargetId, v.InstitutionId)).Select(g => g.OrderByDescending(v => v.EvaluatedAt).First())
            .Where(v => v.Status is TargetStatus.AtRisk or TargetStatus.Missed).ToList();
        var robots = await db.GroupRobots.Where(r => r.Enabled && r.UserId != null).ToDictionaryAsync(r => r.UserId!, r => r.Id, StringComparer.Ordinal, ct);

        var messages = new List<Outgoing>();
        foreach (var reader in readers.DistinctBy(r => r.Id))
        {
            var mine = items.Where(i => i.Path.StartsWith(reader.Path, StringComparison.Ordinal)).ToList();
            var lastWeek = mine.Where(i => i.DueAt >= from && i.DueAt < to).ToList();
            var overdue = mine.Where(i => DueItemRules.EffectiveStatus(i.Status, DueItemRules.Deadline(i.DueAt, i.CorrectionDueAt), now) == DueItemStatus.Overdue).ToList();
            var upcoming = mine.Count(i => i.DueAt >= to && i.DueAt < next && i.Status == DueItemStatus.Open);
            var atRisk = troubled.Where(t => t.Path.StartsWith(reader.Path, StringComparison.Ordinal)).ToList();
            if (lastWeek.Count == 0 && overdue.Count == 0 && upcoming == 0 && atRisk.Count == 0)
            {
                continue;
            }

            var onTime = lastWeek.Count(i => i.CompletedAt is { } c && c <= i.DueAt);
            var late = lastWeek.Count(i => i.CompletedAt is { } c && c > i.DueAt);
            var worst = overdue.GroupBy(i => i.Institution).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(WorstShown)
                .Select(g => $"{g.Key}（{g.Count()} 项）");
            var (title, body) = templates.Render("digest", new Dictionary<string, string>
            {
                ["jurisdiction"] = reader.Name,
                ["week"] = week,
                ["from"] = lastMonday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["to"] = thisMonday.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["lastWeek"] = lastWeek.Count == 0
                    ? "上周没有到期事项。"
                    : $"上周到期 {lastWeek.Count} 项：按时完成 {onTime} 项，逾期完成 {late} 项，尚未完成 {lastWeek.Count - onTime - late} 项。",
                ["overdue"] = overdue.Count == 0
                    ? "当前没有逾期事项。"
                    : $"当前逾期 {overdue.Count} 项，涉及 {overdue.Select(i => i.Institution).Distinct().Count()} 家机构；逾期最多的是：{string.Join("、", worst)}。",
                ["upcoming"] = upcoming == 0 ? "本周没有待到期事项。" : $"本周将到期 {upcoming} 项。",
                ["targets"] = atRisk.Count == 0
                    ? "量化目标均无风险。"
                    : $"量化目标存在风险 {atRisk.Count(t => t.Status == TargetStatus.AtRisk)} 项、未达标 {atRisk.Count(t => t.Status == TargetStatus.Missed)} 项，涉及：{string.Join("、", atRisk.Select(t => t.Description).Distinct().Take(3))}{(atRisk.Select(t => t.Description).Distinct().Count() > 3 ? " 等" : "")}。",
            });
            // Each reader's digest is their own, and so is their robot: the key names the week and the reader.
            messages.Add(new Outgoing(NotificationKind.Digest, $"Digest:{week}:{reader.Id}", title, body, "/todo?overdue=true", null,
                [reader.Id], robots.TryGetValue(reader.Id, out var robot) ? [robot] : []));
        }

        return await outbox.RecordAsync(messages, ct);
    }
}
