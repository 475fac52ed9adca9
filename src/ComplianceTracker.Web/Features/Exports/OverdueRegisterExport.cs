using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// 逾期清单: every due item past its due moment and not done, across circulars, within what the caller sees: the
/// institution, the circular's number and clause, the due moment and why, how long overdue (natural and working
/// days), and the reminders and escalations sent so far. Longest overdue first.
/// </summary>
public sealed class OverdueRegisterExport(ComplianceDbContext db, CurrentUser currentUser, IWorkingDayCalendar calendar, TimeProvider time)
{
    public const string Template = "exports/overdue.xlsx";
    public const string Sheet = "逾期清单";

    public async Task<int> CountRowsAsync(CancellationToken ct) => await Overdue(await currentUser.ScopeAsync(ct)).CountAsync(ct);

    public async Task<SheetContent> BuildAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var items = await Overdue(scope)
            .OrderBy(d => d.DueAt).ThenBy(d => d.Obligation.Institution.Code)
            .Select(d => new
            {
                d.Id,
                Institution = d.Obligation.Institution.Code,
                InstitutionName = d.Obligation.Institution.Name,
                d.Obligation.Requirement.Circular.DocumentNumber,
                d.Obligation.Requirement.Circular.Title,
                d.Obligation.Requirement.Clause,
                d.PeriodKey,
                DueAt = d.DueAt!.Value,
                d.DueExplanation,
            })
            .ToListAsync(ct);

        // Messages per due item and kind: one message is one (kind, step), however many people received it.
        var ids = items.Select(i => i.Id).ToList();
        var sent = new List<(int DueItemId, NotificationKind Kind, string Key, DateTime At)>();
        foreach (var chunk in ids.Chunk(1000))
        {
            sent.AddRange((await db.Notifications.Where(n => n.DueItemId != null && chunk.Contains(n.DueItemId.Value))
                    .Select(n => new { n.DueItemId, n.Kind, n.DedupKey, n.CreatedAt }).ToListAsync(ct))
                .Select(n => (n.DueItemId!.Value, n.Kind, StepOf(n.DedupKey), n.CreatedAt)));
        }

        var messages = sent.GroupBy(s => s.DueItemId).ToDictionary(g => g.Key, g => g.DistinctBy(s => (s.Kind, s.Key)).ToList());
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var columns = new List<XColumn>
        {
            new("序号", 6), new("机构代码", 12), new("机构名称", 30), new("文号", 22), new("文件标题", 40), new("条款", 14), new("期次", 24),
            new("到期时间", 17), new("期限依据", 50), new("逾期自然日", 10), new("逾期工作日", 10), new("已发提醒", 9), new("已发催报", 9),
            new("已发升级", 9), new("最近一次提醒时间", 17),
        };

        IEnumerable<IReadOnlyList<XCell>> Body()
        {
            var n = 0;
            foreach (var item in items)
            {
                var dueDay = DateOnly.FromDateTime(ChinaTime.ToChina(item.DueAt).DateTime);
                var mine = messages.GetValueOrDefault(item.Id) ?? [];
                var last = mine.Count == 0 ? (DateTime?)null : mine.Max(m => m.At);
                yield return
                [
                    new(++n, XStyle.Number0), XCell.Text(item.Institution), XCell.Text(item.InstitutionName), XCell.Text(item.DocumentNumber ?? ""),
                    XCell.Text(item.Title), XCell.Text(item.Clause), XCell.Text(PeriodNames.Name(item.PeriodKey, currentYear: today.Year)),
                    new(ChinaTime.ToChina(item.DueAt).DateTime, XStyle.DateTime), XCell.Text(calendar.Marked(item.DueExplanation, item.DueAt)),
                    new(Math.Max(0, today.DayNumber - dueDay.DayNumber), XStyle.Number0),
                    new(calendar.WorkingDaysBetween(dueDay, today), XStyle.Number0),
                    new(mine.Count(m => m.Kind == NotificationKind.Reminder), XStyle.Number0),
                    new(mine.Count(m => m.Kind == NotificationKind.Chase), XStyle.Number0),
                    new(mine.Count(m => m.Kind == NotificationKind.Escalation), XStyle.Number0),
                    last is { } at ? new XCell(ChinaTime.ToChina(at).DateTime, XStyle.DateTime) : XCell.Empty,
                ];
            }
        }

        return new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body(),
            FrozenColumns = 3,
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = "逾期事项清单",
                ["CT_Subtitle"] = $"截至 {ChinaTime.ToChina(now):yyyy-MM-dd HH:mm}，共 {items.Count} 项逾期，涉及 {items.Select(i => i.Institution).Distinct().Count()} 家机构",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(today)}",
                ["CT_Notes"] = "逾期工作日按法定节假日和调休安排计算；提醒、催报、升级按条计数（同一条发给多人计一次）。",
            },
        };
    }

    /// <summary>"Reminder:42:before2:user" → "before2": the step, without the recipient.</summary>
    private static string StepOf(string dedupKey)
    {
        var parts = dedupKey.Split(':');
        return parts.Length >= 3 ? parts[2] : dedupKey;
    }

    private IQueryable<DueItem> Overdue(AccessScope scope)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var visible = scope.Institutions(db).Select(i => i.Id);
        return db.DueItems.Where(d => d.DueAt != null && visible.Contains(d.Obligation.InstitutionId)).Where(DueItemRules.IsOverdue(now));
    }
}
