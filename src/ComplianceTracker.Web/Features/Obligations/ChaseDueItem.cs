using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

public sealed record ChaseResult(int Sent);

/// <summary>
/// A supervisor's 催报: the institution's reporters get a message now (once per due item and minute). A period that
/// locked unreported cannot be reported without 补报, so chasing it is refused with what to do first.
/// </summary>
public sealed class ChaseDueItemHandler(ComplianceDbContext db, CurrentUser currentUser, DueItemNotifier notifier, TimeProvider time)
{
    public async Task<ChaseResult> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var item = await db.DueItems.Where(d => d.Id == id && visible.Contains(d.Obligation.InstitutionId))
            .Select(d => new { d.Status, d.PeriodStart, Institution = d.Obligation.Institution })
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        var institution = await db.Institutions.Include(i => i.Jurisdiction).SingleAsync(i => i.Id == item.Institution.Id, ct);
        if (!scope.Supervises(institution))
        {
            throw new ForbiddenException("只有本辖区的监管员可以催报。");
        }

        if (item.Status is DueItemStatus.Done or DueItemStatus.Waived or DueItemStatus.Submitted or DueItemStatus.Repealed)
        {
            throw new ConflictException("该事项已报送、完成、豁免或废止，无需催报。");
        }

        if (item.PeriodStart is { } start && start > ChinaTime.Today(time))
        {
            throw new ConflictException($"该期自{start:M月d日}起才开始，机构尚不能报送，不能催报。");
        }

        if (await ListDueItemsHandler.Locked(db, time.GetUtcNow().UtcDateTime).AnyAsync(d => d.Id == id, ct))
        {
            throw new ConflictException("该期已锁定，机构无法直接报送。请先在报表页面准予补报，再催报。");
        }

        var facts = await notifier.Facts(db.DueItems.Where(d => d.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new ConflictException("该事项的期限尚未确定，暂不能催报。");
        var step = $"chase-{ChinaTime.ToChina(time.GetUtcNow().UtcDateTime):yyyyMMddHHmm}";
        return new ChaseResult(await notifier.NotifyAsync([(facts, Audience.Reporters, NotificationKind.Chase, "chase", step, null)], ct));
    }
}
