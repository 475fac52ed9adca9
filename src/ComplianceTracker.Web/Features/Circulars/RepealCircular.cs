using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>废止: from which day a published circular no longer applies, why, and the later circular that says so (if any).</summary>
public sealed record RepealCircularRequest(string? Reason, DateOnly? EffectiveOn, int? ByCircularId);

/// <summary>What a repeal did.</summary>
public sealed record RepealResult(int CircularId, DateOnly EffectiveOn, int DueItemsClosed, int DueItemsRemoved, int DueItemsKept, int PeriodsRemoved, int Notified);

/// <summary>
/// Repeals (废止) a published circular from a day on. Open items whose period or deadline is not finished by then
/// close as 已废止; periods starting on or after that day disappear (due items and report periods nobody has
/// reported or touched; anything with history is closed and kept); what was finished keeps its history, and an
/// item already overdue before that day stays overdue. One transaction; then every bound institution is told once.
/// </summary>
public sealed class RepealCircularHandler(ComplianceDbContext db, CurrentUser currentUser, CircularChangedMessages messages, AuditLog audit, TimeProvider time)
{
    public async Task<RepealResult> HandleAsync(int id, RepealCircularRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var circular = await CircularChanges.LoadForChangeAsync(db, scope, id, "废止", ct);
        CircularChanges.EnsureInForce(circular, "废止");
        var reason = Reasons.Required(request.Reason, "请填写废止原因，机构收到的消息会附上它。", "废止原因");
        var effectiveOn = request.EffectiveOn ?? throw RuleViolationException.For("effectiveOn", "请填写废止生效日期（自该日起不再执行）。");
        if (effectiveOn < CreateCircularHandler.EarliestDate || effectiveOn > CreateCircularHandler.LatestDate)
        {
            throw RuleViolationException.For("effectiveOn", "废止生效日期应在2000年至2100年之间。");
        }

        if ((circular.IssuedOn ?? circular.ValidFrom) is { } issued && effectiveOn < issued)
        {
            throw RuleViolationException.For("effectiveOn", $"废止生效日期（{effectiveOn:yyyy-MM-dd}）不能早于发文日期（{issued:yyyy-MM-dd}），请修改。");
        }

        var by = await CircularChanges.ByCircularAsync(db, scope, id, request.ByCircularId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var effectiveAt = ChinaTime.ToUtc(effectiveOn, TimeOnly.MinValue);
        var lines = new Dictionary<int, (string Name, int Closed, int Removed, int Kept)>();
        int closed = 0, removed = 0, kept = 0, periodsRemoved = 0;

        await CircularChanges.InTransactionAsync(db, async () =>
        {
            var requirementIds = circular.Requirements.Select(r => r.Id).ToList();
            var obligations = await db.Obligations.Include(o => o.DueItems).Include(o => o.Institution)
                .Where(o => requirementIds.Contains(o.RequirementId)).ToListAsync(ct);
            var open = obligations.SelectMany(o => o.DueItems).Where(CircularChanges.IsOpen).ToList();
            var history = await CircularChanges.WithHistoryAsync(db, open.Select(d => d.Id).ToList(), ct);
            foreach (var obligation in obligations)
            {
                var (name, c, r, k) = lines.GetValueOrDefault(obligation.InstitutionId, (obligation.Institution.Name, 0, 0, 0));
                foreach (var item in obligation.DueItems.Where(CircularChanges.IsOpen).ToList())
                {
                    if (item.PeriodStart >= effectiveOn && !history.Contains(item.Id))
                    {
                        db.DueItems.Remove(item);
                        r++;
                    }
                    else if (item.PeriodStart >= effectiveOn || item.DueAt is null || DueItemRules.Deadline(item.DueAt, item.CorrectionDueAt) >= effectiveAt)
                    {
                        CircularChanges.Close(db, item, DueItemStatus.Repealed, $"通知自 {effectiveOn:yyyy-MM-dd} 起废止：{reason}", scope.UserName, now);
                        c++;
                    }
                    else
                    {
                        k++;
                    }
                }

                lines[obligation.InstitutionId] = (name, c, r, k);
            }

            closed = lines.Values.Sum(l => l.Closed);
            removed = lines.Values.Sum(l => l.Removed);
            kept = lines.Values.Sum(l => l.Kept);
            periodsRemoved = await CircularChanges.RemovePeriodsAsync(db, circular.Id, (p, _) => p.Start >= effectiveOn, ct);
            circular.Status = CircularStatus.Repealed;
            circular.RepealedOn = effectiveOn;
            circular.RepealReason = reason;
            CircularChanges.Relate(db, by, circular, CircularRelationKind.Repeals, reason, scope.UserName, now);
            audit.Add(AuditActions.CircularRepealed, CircularChanges.Name(circular),
                $"自 {effectiveOn:yyyy-MM-dd} 起废止；{(by is null ? "手工废止" : $"依据 {CircularChanges.Name(by)}")}；原因：{reason}；关闭 {closed} 项，删除未开始的 {removed} 期");
            await db.SaveChangesAsync(ct);
        }, ct);

        var how = by is null ? "已废止" : $"已被{CircularChanges.Name(by)}废止";
        var notified = await messages.RecordAsync(NotificationKind.CircularRepealed, $"Repealed:{circular.Id}", circular.Id,
            new Dictionary<string, string>
            {
                ["circular"] = CircularChanges.Name(circular),
                ["title"] = circular.Title,
                ["how"] = how,
                ["effectiveOn"] = $"{effectiveOn.Year}年{effectiveOn.Month}月{effectiveOn.Day}日",
                ["reason"] = reason,
            },
            lines.Select(l => new InstitutionChange(l.Key, l.Value.Name, Lines(l.Value.Closed, l.Value.Removed, l.Value.Kept, effectiveOn))).ToList(), ct);
        return new RepealResult(circular.Id, effectiveOn, closed, removed, kept, periodsRemoved, notified);
    }

    private static List<string> Lines(int closed, int removed, int kept, DateOnly effectiveOn)
    {
        var lines = new List<string>();
        if (removed > 0)
        {
            lines.Add($"此后的 {removed} 期不再报送，已从待办中删除");
        }

        if (closed > 0)
        {
            lines.Add($"{closed} 项未完成的事项已关闭（已废止），无需再办理");
        }

        if (kept > 0)
        {
            lines.Add($"{kept} 项在 {effectiveOn.Year}年{effectiveOn.Month}月{effectiveOn.Day}日 前已到期的事项仍须办理");
        }

        if (lines.Count == 0)
        {
            lines.Add("贵机构在本通知下的事项均已办结，无需再办理");
        }

        return lines;
    }
}
