using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

public sealed record ChangeDueItemStatusRequest(DueItemStatus? Status, string? Reason);

public sealed record DueItemStatusChangeDto(DueItemStatus? From, DueItemStatus To, DateTimeOffset ChangedAt, string ChangedBy, string Reason);

/// <summary>
/// Moves a due item through its life: the institution reports a one-off deadline as met (<c>Submitted</c>); a
/// supervisor confirms it (<c>Done</c>), waives it (<c>Waived</c>) or reopens it (<c>Open</c>). Every change is a
/// history row with who, when and why. Weekly report periods follow their submissions instead.
/// </summary>
public sealed class ChangeDueItemStatusHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time, AuditLog audit)
{
    public async Task<DueItemStatusChangeDto> HandleAsync(int id, ChangeDueItemStatusRequest request, CancellationToken ct)
    {
        if (request.Status is not { } target)
        {
            throw RuleViolationException.For("status", "请填写目标状态：Submitted、Done、Waived 或 Open。");
        }

        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db);
        var item = await db.DueItems
            .Include(d => d.Obligation).ThenInclude(o => o.Requirement).ThenInclude(r => r.Circular).ThenInclude(c => c.Jurisdiction)
            .Include(d => d.Obligation).ThenInclude(o => o.Institution).ThenInclude(i => i.Jurisdiction)
            .SingleOrDefaultAsync(d => d.Id == id && visible.Select(i => i.Id).Contains(d.Obligation.InstitutionId), ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");

        var now = time.GetUtcNow().UtcDateTime;
        var current = DueItemRules.EffectiveStatus(item.Status, item.DueAt, now);
        var reason = request.Reason?.Trim() ?? "";

        if (target == current)
        {
            throw new ConflictException($"待办事项已是“{current.Label()}”状态，无需变更。");
        }

        var institution = item.Obligation.Institution;
        if (target is DueItemStatus.Done or DueItemStatus.Waived or DueItemStatus.Open)
        {
            // Closing, waiving or reopening is the issuing side's call: a supervisor of the circular's jurisdiction.
            if (!scope.Supervises(institution) || !scope.Oversees(item.Obligation.Requirement.Circular.Jurisdiction))
            {
                throw new ForbiddenException($"只有发文辖区的监管员可以将待办事项设为“{target.Label()}”。");
            }
        }
        else if (target is DueItemStatus.Submitted)
        {
            if (!(scope.HasRole(Roles.Reporter) || scope.HasRole(Roles.BranchHead)) || !scope.ActsFor(institution))
            {
                throw new ForbiddenException("只有本机构的填报员或负责人可以报送。");
            }
        }

        switch (target)
        {
            case DueItemStatus.Overdue:
                throw RuleViolationException.For("status", "逾期状态由系统按期限自动判定，不能手工设置。");
            case DueItemStatus.Submitted when item.Obligation.Requirement.Kind == RequirementKind.RecurringReport:
                throw new ConflictException("定期报表的期次随报表报送状态变化，请通过报表报送。");
            case DueItemStatus.Submitted when current is not (DueItemStatus.Open or DueItemStatus.Overdue):
                throw new ConflictException($"待办事项当前为“{current.Label()}”，不能再次报送。");
            case DueItemStatus.Waived or DueItemStatus.Open when reason.Length == 0:
                throw RuleViolationException.For("reason", $"设为“{target.Label()}”须填写原因。");
        }

        if (reason.Length > 1000)
        {
            throw RuleViolationException.For("reason", "原因不能超过1000个字符。");
        }

        var change = new DueItemStatusChange
        {
            DueItemId = item.Id,
            From = current,
            To = target,
            ChangedAt = now,
            ChangedBy = scope.UserName,
            Reason = reason.Length > 0 ? reason : $"设为{target.Label()}",
        };
        item.Status = target;
        item.CompletedAt = target switch
        {
            DueItemStatus.Submitted or DueItemStatus.Done => item.CompletedAt ?? now,
            DueItemStatus.Open => null,
            DueItemStatus.Overdue or DueItemStatus.Waived => item.CompletedAt,
        };
        db.DueItemStatusChanges.Add(change);
        audit.Add(AuditActions.DueItemStatusChanged, $"{item.Obligation.Requirement.Circular.DocumentNumber} {item.Obligation.Requirement.Clause} {item.PeriodKey}（事项 {item.Id}）", $"{change.From} → {change.To}：{change.Reason}");
        await db.SaveChangesAsync(ct);
        return new DueItemStatusChangeDto(change.From, change.To, ChinaTime.ToChina(change.ChangedAt), change.ChangedBy, change.Reason);
    }

}

public sealed class GetDueItemHistoryHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    public async Task<List<DueItemStatusChangeDto>> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db);
        if (!await db.DueItems.AnyAsync(d => d.Id == id && visible.Select(i => i.Id).Contains(d.Obligation.InstitutionId), ct))
        {
            throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        }

        var rows = await db.DueItemStatusChanges.Where(h => h.DueItemId == id).OrderBy(h => h.Id).ToListAsync(ct);
        return rows.Select(h => new DueItemStatusChangeDto(h.From, h.To, ChinaTime.ToChina(h.ChangedAt), h.ChangedBy, h.Reason)).ToList();
    }
}
