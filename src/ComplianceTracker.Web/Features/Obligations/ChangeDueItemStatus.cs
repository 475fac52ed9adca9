using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

public sealed record ChangeDueItemStatusRequest(DueItemStatus? Status, string? Reason);

/// <summary>One status change: <c>ChangedBy</c> is the login name (the API's), <c>ChangedByName</c> what a person reads (the display name, or 系统).</summary>
public sealed record DueItemStatusChangeDto(DueItemStatus? From, DueItemStatus To, DateTimeOffset ChangedAt, string ChangedBy, string Reason, string? ChangedByName = null);

/// <summary>
/// Moves a due item through its life: the institution reports a one-off deadline as met (<c>Submitted</c>); a
/// supervisor confirms it (<c>Done</c>), waives it (<c>Waived</c>) or reopens it (<c>Open</c>). Every change is a
/// history row with who, when and why. Weekly report periods follow their submissions instead.
/// Reopening what was 报送 or 办结 is a return: the institution gets until the end of the next working day to correct
/// when the due moment has passed (it is not late meanwhile). For a one-off item the people concerned are told: 报送 →
/// the supervisors, 办结 and returns → the reporters.
/// </summary>
public sealed class ChangeDueItemStatusHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time, AuditLog audit, IWorkingDayCalendar calendar, ReportMessages messages)
{
    /// <summary>退回: a supervisor sends what the institution handed in back, with a reason (only what was 报送 or 办结).</summary>
    public async Task<DueItemStatusChangeDto> ReturnAsync(int id, string? reason, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var status = await db.DueItems.Where(d => d.Id == id && visible.Contains(d.Obligation.InstitutionId)).Select(d => (DueItemStatus?)d.Status).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        if (status is not (DueItemStatus.Submitted or DueItemStatus.Done))
        {
            throw new ConflictException($"只有已报送或已完成的事项可以退回，该事项当前为“{status.Label()}”。");
        }

        _ = Reasons.Required(reason, "请填写退回原因，告诉机构要补充或修改什么。");

        return await HandleAsync(id, new ChangeDueItemStatusRequest(DueItemStatus.Open, reason), ct);
    }

    /// <summary>
    /// 办结: a supervisor accepts what the institution handed in, or closes an item the institution has not handed in
    /// here (met by other means), which needs a note saying so.
    /// </summary>
    public async Task<DueItemStatusChangeDto> AcceptAsync(int id, string? note, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var status = await db.DueItems.Where(d => d.Id == id && visible.Contains(d.Obligation.InstitutionId)).Select(d => (DueItemStatus?)d.Status).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        var handedIn = status == DueItemStatus.Submitted;
        var reason = handedIn ? Reasons.Optional(note) : Reasons.Required(note, "机构尚未报送材料，直接办结须写明办结说明（例如：已通过其他方式报送）。");
        return await HandleAsync(id, new ChangeDueItemStatusRequest(DueItemStatus.Done, reason is { Length: > 0 } ? reason : "材料已审阅，办结"), ct);
    }

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
        var current = DueItemRules.EffectiveStatus(item.Status, DueItemRules.Deadline(item.DueAt, item.CorrectionDueAt), now);
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
            case DueItemStatus.Repealed:
                throw RuleViolationException.For("status", "“已废止”由通知废止自动设置，不能手工设置；如需废止，请在通知页面办理废止。");
            case var _ when current == DueItemStatus.Repealed:
                throw new ConflictException("该事项所属通知已废止，事项已关闭，不能再变更状态。");
            case DueItemStatus.Submitted when item.Obligation.Requirement.Kind == RequirementKind.RecurringReport:
                throw new ConflictException("定期报表的期次随报表报送状态变化，请通过报表报送。");
            case DueItemStatus.Submitted when current is not (DueItemStatus.Open or DueItemStatus.Overdue):
                throw new ConflictException($"待办事项当前为“{current.Label()}”，不能再次报送。");
            case DueItemStatus.Waived or DueItemStatus.Open when reason.Length == 0:
                throw RuleViolationException.For("reason", $"设为“{target.Label()}”须填写原因。");
        }

        _ = Reasons.Optional(reason);

        var change = new DueItemStatusChange
        {
            DueItemId = item.Id,
            From = current,
            To = target,
            ChangedAt = now,
            ChangedBy = scope.UserName,
            Reason = reason.Length > 0 ? reason : DueItemStatusChange.DefaultReason(target),
        };
        var returned = target == DueItemStatus.Open && (current is DueItemStatus.Submitted or DueItemStatus.Done);
        if (returned)
        {
            item.CorrectionDueAt = DueItemRules.CorrectionDeadline(item.DueAt, calendar.EndOfNextWorkingDay(now));
        }

        item.Status = target;
        item.CompletedAt = target switch
        {
            DueItemStatus.Submitted or DueItemStatus.Done => item.CompletedAt ?? now,
            DueItemStatus.Open => null,
            DueItemStatus.Overdue or DueItemStatus.Waived or DueItemStatus.Repealed => item.CompletedAt,
        };
        db.DueItemStatusChanges.Add(change);
        audit.Add(AuditActions.DueItemStatusChanged, $"{item.Obligation.Requirement.Circular.DocumentNumber} {item.Obligation.Requirement.Clause} {item.PeriodKey}（事项 {item.Id}）", $"{change.From} → {change.To}：{change.Reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone (or the overdue sweep) changed the item first: nothing of ours was written.
            db.ChangeTracker.Clear();
            throw new ConflictException("该事项刚被他人处理，您的操作未生效。请刷新后查看。");
        }

        if (item.Obligation.Requirement.Kind != RequirementKind.RecurringReport)
        {
            await messages.DueItemMovedAsync(change.Id, ct);
        }

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

        // Who, by name: the person's display name, or 系统 for the overdue sweep.
        var rows = await db.DueItemStatusChanges.Where(h => h.DueItemId == id).OrderBy(h => h.Id)
            .Select(h => new { h.From, h.To, h.ChangedAt, h.ChangedBy, h.Reason, Name = db.Users.Where(u => u.UserName == h.ChangedBy).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(h => new DueItemStatusChangeDto(h.From, h.To, ChinaTime.ToChina(h.ChangedAt), h.ChangedBy, h.Reason,
            h.ChangedBy == MarkOverdueJob.ChangedBy ? "系统" : string.IsNullOrEmpty(h.Name) ? h.ChangedBy : h.Name)).ToList();
    }
}
