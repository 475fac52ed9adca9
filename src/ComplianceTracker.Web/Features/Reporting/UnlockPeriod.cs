using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The API's body: which institution, until when, and why.</summary>
public sealed record UnlockRequest(string? Institution, DateTimeOffset? Until, string? Reason);

/// <summary>
/// A supervisor lets one institution change a locked period until a moment (at most 31 days), with a reason. A 补报
/// request waiting for that period and institution is granted by it, in the same save.
/// </summary>
public sealed class UnlockPeriodHandler(ComplianceDbContext db, SubmissionContextLoader loader, SubmissionChanges changes, AuditLog audit, ReportMessages messages)
{
    /// <summary>The API: the institution is named in the body.</summary>
    public async Task<PeriodUnlock> HandleAsync(string form, string period, UnlockRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Institution))
        {
            throw RuleViolationException.For("institution", "请填写要解锁的机构代码。");
        }

        return await HandleAsync(await loader.LoadAsync(form, period, request.Institution, ct), request.Until, request.Reason, ct);
    }

    public async Task<PeriodUnlock> HandleAsync(SubmissionContext context, DateTimeOffset? until, string? reason, CancellationToken ct)
    {
        if (!SubmissionAccess.MayUnlock(context))
        {
            throw new ForbiddenException("只有监管员可以为机构解锁期次。");
        }

        var errors = new Dictionary<string, string[]>();
        var now = changes.Now;
        if (until is null || until.Value.UtcDateTime <= now)
        {
            errors["until"] = ["请填写解锁截止时间，且应晚于当前时间。"];
        }
        else if (until.Value.UtcDateTime > now.AddDays(31))
        {
            errors["until"] = ["解锁期限最长31天。"];
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = ["请填写解锁原因。"];
        }
        else if (reason.Trim().Length > Reasons.MaxLength)
        {
            errors["reason"] = [$"解锁原因不能超过{Reasons.MaxLength}个字符。"];
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("解锁申请有误。", errors);
        }

        var unlock = new PeriodUnlock
        {
            PeriodId = context.Period.Id,
            InstitutionId = context.Institution.Id,
            Until = until!.Value.UtcDateTime,
            Reason = reason!.Trim(),
            GrantedBy = context.Scope.UserName,
            GrantedAt = now,
        };
        db.PeriodUnlocks.Add(unlock);
        var waiting = await db.UnlockApplications
            .Where(a => a.PeriodId == unlock.PeriodId && a.InstitutionId == unlock.InstitutionId && a.Status == UnlockApplicationStatus.Pending)
            .ToListAsync(ct);
        foreach (var application in waiting)
        {
            application.Status = UnlockApplicationStatus.Granted;
            application.DecidedBy = unlock.GrantedBy;
            application.DecidedAt = now;
            application.GrantedUntil = unlock.Until;
        }

        audit.Add(AuditActions.UnlockGranted, SubmissionChanges.Target(context), $"至 {ChinaTime.ToChina(unlock.Until):yyyy-MM-dd HH:mm}：{unlock.Reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another supervisor answered the same request first: nothing of this grant was written.
            db.ChangeTracker.Clear();
            throw new ConflictException("该补报申请刚被其他监管员处理，请刷新后查看。");
        }

        await messages.UnlockGrantedAsync(unlock.Id, ct);
        return unlock;
    }
}
