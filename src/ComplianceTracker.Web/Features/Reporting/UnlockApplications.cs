using System.Linq.Expressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The API's body of 申请补报: which institution, and why.</summary>
public sealed record ApplyForUnlockRequest(string? Institution, string? Reason);

/// <summary>The API's body of a grant: until when (default: the end of the next working day, China time).</summary>
public sealed record GrantUnlockRequest(DateTimeOffset? Until);

/// <summary>The API's body of a refusal: why.</summary>
public sealed record RefuseUnlockRequest(string? Reason);

/// <summary>A 补报 request as the reporter and the supervisor read it: names, the period as people say it, the answer.</summary>
public sealed record UnlockApplicationDto(
    int Id, string Form, string FormName, string Period, string PeriodName, string Institution, string InstitutionName,
    string Reason, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset LockedAt,
    UnlockApplicationStatus Status, string StatusName, string? DecidedBy, DateTimeOffset? DecidedAt, string? Answer, DateTimeOffset? GrantedUntil);

/// <summary>
/// 申请补报: a reporter or head of the institution asks to change a period that locked, with a reason. Only a locked
/// period with no 补报 window open, and one request waiting at a time. The supervisors of the institution are told.
/// </summary>
public sealed class ApplyForUnlockHandler(ComplianceDbContext db, SubmissionContextLoader loader, SubmissionChanges changes, AuditLog audit, ReportMessages messages, UnlockApplicationQueries queries)
{
    /// <summary>The API: the institution is named in the body.</summary>
    public async Task<UnlockApplicationDto> HandleAsync(string form, string period, ApplyForUnlockRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Institution))
        {
            throw RuleViolationException.For("institution", "请填写申请补报的机构代码。");
        }

        return await HandleAsync(await loader.LoadAsync(form, period, request.Institution, ct), request.Reason, ct);
    }

    public async Task<UnlockApplicationDto> HandleAsync(SubmissionContext context, string? reason, CancellationToken ct)
    {
        if (!SubmissionAccess.MayFill(context))
        {
            throw new ForbiddenException("只有本机构的填报员或负责人可以申请补报。");
        }

        var text = Reasons.Required(reason, "请填写申请补报的原因，例如漏报或数据有误需要更正。", "申请原因");

        var now = changes.Now;
        if (now <= context.Period.LockAt)
        {
            throw new ConflictException($"本期尚未锁定（将于 {ChinaTime.ToChina(context.Period.LockAt):yyyy-MM-dd HH:mm} 锁定），可以直接填报，无需申请补报。");
        }

        if (await changes.HasUnlockAsync(context, now, ct))
        {
            throw new ConflictException("本期已获准补报，可以直接修改并报送。");
        }

        var waiting = await db.UnlockApplications.Where(a => a.PeriodId == context.Period.Id && a.InstitutionId == context.Institution.Id && a.Status == UnlockApplicationStatus.Pending)
            .Select(a => (DateTime?)a.RequestedAt).FirstOrDefaultAsync(ct);
        if (waiting is { } at)
        {
            throw new ConflictException($"本机构已于 {ChinaTime.ToChina(at):yyyy-MM-dd HH:mm} 申请补报本期，正在等待监管员处理。");
        }

        var application = new UnlockApplication
        {
            PeriodId = context.Period.Id,
            InstitutionId = context.Institution.Id,
            Reason = text,
            RequestedBy = context.Scope.UserName,
            RequestedAt = now,
            Status = UnlockApplicationStatus.Pending,
        };
        db.UnlockApplications.Add(application);
        audit.Add(AuditActions.UnlockRequested, SubmissionChanges.Target(context), text);
        await db.SaveChangesAsync(ct);
        await messages.UnlockRequestedAsync(application.Id, ct);
        return await queries.GetAsync(application.Id, ct);
    }
}

/// <summary>
/// A supervisor of the institution answers 申请补报: grants it (a <see cref="PeriodUnlock"/> until the moment given,
/// by default the end of the next working day, China time) or refuses it with a reason. The reporters are told.
/// A request the caller may not see is a 404; one already answered a 409.
/// </summary>
public sealed class AnswerUnlockApplicationHandler(
    ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, UnlockPeriodHandler unlocker, IWorkingDayCalendar calendar,
    AuditLog audit, ReportMessages messages, UnlockApplicationQueries queries, TimeProvider time)
{
    public async Task<UnlockApplicationDto> GrantAsync(int id, DateTimeOffset? until, CancellationToken ct)
    {
        var application = await PendingAsync(id, ct);
        var context = await loader.LoadAsync(application.Form, application.Period, application.Institution, ct);
        var end = until ?? new DateTimeOffset(calendar.EndOfNextWorkingDay(time.GetUtcNow().UtcDateTime), TimeSpan.Zero);

        // The unlock marks the waiting request granted, in the same save.
        await unlocker.HandleAsync(context, end, $"同意补报申请：{application.Reason}", ct);
        return await queries.GetAsync(id, ct);
    }

    public async Task<UnlockApplicationDto> RefuseAsync(int id, string? reason, CancellationToken ct)
    {
        var pending = await PendingAsync(id, ct);
        var scope = await currentUser.ScopeAsync(ct);
        var institution = await db.Institutions.Include(i => i.Jurisdiction).SingleAsync(i => i.Code == pending.Institution, ct);
        if (!scope.Supervises(institution))
        {
            throw new ForbiddenException("只有本辖区的监管员可以处理补报申请。");
        }

        var text = Reasons.Required(reason, "请填写不同意补报的原因，机构会看到它。");

        var application = await db.UnlockApplications.SingleAsync(a => a.Id == id, ct);
        application.Status = UnlockApplicationStatus.Refused;
        application.Answer = text;
        application.DecidedBy = scope.UserName;
        application.DecidedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.UnlockRefused, $"{pending.Form} {pending.Period} {pending.Institution}", text);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("该补报申请刚被其他监管员处理，请刷新后查看。");
        }

        await messages.UnlockRefusedAsync(id, ct);
        return await queries.GetAsync(id, ct);
    }

    private async Task<UnlockApplicationDto> PendingAsync(int id, CancellationToken ct)
    {
        var application = await queries.GetAsync(id, ct);
        if (application.Status != UnlockApplicationStatus.Pending)
        {
            throw new ConflictException($"该补报申请{application.StatusName}，无需再处理。");
        }

        return application;
    }
}

/// <summary>The 补报 requests of the institutions the caller sees: one, or the list (waiting first, then the latest answered).</summary>
public sealed class UnlockApplicationQueries(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<UnlockApplicationDto> GetAsync(int id, CancellationToken ct) =>
        (await QueryAsync(a => a.Id == id, 1, ct)).SingleOrDefault() ?? throw new NotFoundException($"未找到编号为 {id} 的补报申请，或您无权查看。");

    public Task<List<UnlockApplicationDto>> ListAsync(UnlockApplicationStatus? status, int take, CancellationToken ct) =>
        status is { } s ? QueryAsync(a => a.Status == s, take, ct) : QueryAsync(a => true, take, ct);

    /// <summary>How many requests of the visible institutions wait for an answer.</summary>
    public async Task<int> CountWaitingAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        return await db.UnlockApplications.CountAsync(a => a.Status == UnlockApplicationStatus.Pending && visible.Contains(a.InstitutionId), ct);
    }

    /// <summary>The request waiting for one institution's period, else its latest answered one (the form page's 补报 box).</summary>
    public async Task<UnlockApplicationDto?> LatestAsync(int periodId, int institutionId, CancellationToken ct) =>
        (await QueryAsync(a => a.PeriodId == periodId && a.InstitutionId == institutionId, 1, ct)).FirstOrDefault();

    private async Task<List<UnlockApplicationDto>> QueryAsync(Expression<Func<UnlockApplication, bool>> filter, int take, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var applications = db.UnlockApplications.Where(a => visible.Contains(a.InstitutionId)).Where(filter);
        var rows = await (from a in applications
                          join p in db.ReportPeriods on a.PeriodId equals p.Id
                          join i in db.Institutions on a.InstitutionId equals i.Id
                          orderby a.Status == UnlockApplicationStatus.Pending descending, a.RequestedAt descending
                          select new
                          {
                              a,
                              Form = p.Form.Code,
                              FormName = p.Form.Name,
                              p.Key,
                              p.Start,
                              p.End,
                              p.LockAt,
                              Institution = i.Code,
                              InstitutionName = i.Name,
                              RequestedBy = db.Users.Where(u => u.UserName == a.RequestedBy).Select(u => u.DisplayName).FirstOrDefault(),
                              DecidedBy = db.Users.Where(u => u.UserName == a.DecidedBy).Select(u => u.DisplayName).FirstOrDefault(),
                          }).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        var year = ChinaTime.Today(time).Year;
        return rows.Select(r => new UnlockApplicationDto(
            r.a.Id, r.Form, r.FormName, r.Key, PeriodNames.Name(r.Key, r.Start, r.End, year), r.Institution, r.InstitutionName,
            r.a.Reason, string.IsNullOrEmpty(r.RequestedBy) ? r.a.RequestedBy : r.RequestedBy, ChinaTime.ToChina(r.a.RequestedAt), ChinaTime.ToChina(r.LockAt),
            r.a.Status, r.a.Status.Label(), r.a.DecidedBy is null ? null : string.IsNullOrEmpty(r.DecidedBy) ? r.a.DecidedBy : r.DecidedBy,
            r.a.DecidedAt is { } d ? ChinaTime.ToChina(d) : null, r.a.Answer, r.a.GrantedUntil is { } g ? ChinaTime.ToChina(g) : null)).ToList();
    }
}
