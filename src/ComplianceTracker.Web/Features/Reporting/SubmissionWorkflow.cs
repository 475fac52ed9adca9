using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The life of a submission: save a draft revision (page, API or Excel), submit, approve, return, and the period
/// lock with its unlocks. Each operation checks who may do it, changes state in one SaveChanges (nothing partial),
/// keeps history rows, and moves the matching due item of the weekly obligation along.
/// </summary>
public sealed class SubmissionWorkflow(ComplianceDbContext db, TimeProvider time, Targets.TargetTracker targets, AuditLog audit, ILogger<SubmissionWorkflow> logger)
{
    public async Task<SubmissionView> SaveAsync(SubmissionContext context, SaveSubmissionRequest request, RevisionSource source, string? idempotencyKey, CancellationToken ct)
    {
        RequireFiller(context);
        var submission = context.Submission;

        // A retried request (same Idempotency-Key) answers with the state it created, and creates nothing.
        if (idempotencyKey is not null && submission is not null
            && await db.SubmissionRevisions.AnyAsync(r => r.SubmissionId == submission.Id && r.IdempotencyKey == idempotencyKey, ct))
        {
            return await ViewAsync(context, ct);
        }

        var values = CheckValues(context.Form, request.Values);
        var comments = request.Comments ?? [];
        var current = submission?.Revision ?? 0;
        if (request.BaseRevision is not { } baseRevision)
        {
            throw RuleViolationException.For("baseRevision", $"请提供 baseRevision（当前版本为 {current}，新建时为 0），以免覆盖他人的修改。");
        }

        if (baseRevision != current)
        {
            throw new ConflictException($"数据已被修改：您基于版本 {baseRevision} 保存，但当前版本为 {current}。请刷新后再修改。");
        }

        if (submission is { Status: SubmissionStatus.Submitted or SubmissionStatus.Approved })
        {
            throw new ConflictException($"该期报表已{Describe(submission.Status)}，不能修改；如需更正，请由机构负责人或监管员退回。");
        }

        await RequireUnlockedAsync(context, ct);
        if (ChinaTime.Today(time) < context.Period.Start)
        {
            throw new ConflictException($"期次 {context.Period.Key} 自 {context.Period.Start:yyyy-MM-dd} 开始，尚不能填报。");
        }

        var now = Now;
        if (submission is null)
        {
            submission = new Submission
            {
                FormId = context.Form.Id,
                PeriodId = context.Period.Id,
                InstitutionId = context.Institution.Id,
                Status = SubmissionStatus.Draft,
            };
            db.Submissions.Add(submission);
        }

        AddRevision(submission, values, comments, source, context.Scope.UserName, idempotencyKey, now);
        await SaveOrConflictAsync(ct);
        return await ViewAsync(context with { Submission = submission }, ct);
    }

    public async Task<SubmissionView> SubmitAsync(SubmissionContext context, SubmitRequest request, RevisionSource source, CancellationToken ct)
    {
        RequireFiller(context);
        var submission = context.Submission ?? throw new ConflictException("该期报表尚未填报，请先保存数据再提交。");
        if (submission.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
        {
            throw new ConflictException($"该期报表已{Describe(submission.Status)}，无需重复提交。");
        }

        await RequireUnlockedAsync(context, ct);

        var now = Now;
        var comments = SubmissionJson.Comments(submission.CommentsJson);
        if (request.Comments is { Count: > 0 } added)
        {
            foreach (var (key, text) in added)
            {
                comments[key] = text;
            }

            AddRevision(submission, SubmissionJson.Values(submission.ValuesJson), comments, source, context.Scope.UserName, null, now);
        }

        var findings = await ValidateAsync(context.Form, context.Period, context.Institution.Id, SubmissionJson.Values(submission.ValuesJson), ct);
        var errors = findings.Where(f => f.Severity == RuleSeverity.Error).ToList();
        var unexplained = findings.Where(f => f.Severity == RuleSeverity.Warning && !HasComment(comments, f)).ToList();
        if (errors.Count > 0 || unexplained.Count > 0)
        {
            var problems = errors.Concat(unexplained)
                .GroupBy(f => f.IndicatorCode ?? f.RuleCode ?? "values")
                .ToDictionary(g => g.Key, g => g.Select(f => f.Severity == RuleSeverity.Warning ? $"{f.Message}（提示：请在说明中解释，键为 {f.RuleCode ?? f.IndicatorCode}）" : f.Message).ToArray());
            var detail = errors.Count > 0
                ? $"有 {errors.Count} 项数据未通过校验，请修改后再提交。"
                : $"有 {unexplained.Count} 项提示需要填写说明后才能提交。";
            throw new RuleViolationException(detail, problems);
        }

        var from = submission.Status;
        submission.Status = SubmissionStatus.Submitted;
        submission.SubmittedAt = now;
        submission.FirstSubmittedAt ??= now;
        submission.ReturnReason = null;
        submission.UpdatedAt = now;
        AddEvent(submission, from, context.Scope.UserName, null, now);
        await FollowDueItemAsync(context, DueItemStatus.Submitted, submission.FirstSubmittedAt, context.Scope.UserName, "报表已提交", ct);
        await SaveOrConflictAsync(ct);
        var view = await ViewAsync(context, ct);
        await JudgeTargetsAsync(context, ct);
        return view;
    }

    /// <summary>The institution's targets on the new figures, at once; totals follow with the next evaluation job.</summary>
    private async Task JudgeTargetsAsync(SubmissionContext context, CancellationToken ct)
    {
        try
        {
            await targets.EvaluateAsync(context.Form.Id, [context.Institution.Id], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The submission stands; the half-hourly job judges the targets again.
            logger.LogWarning(e, "Targets of form {Form} not evaluated for institution {Institution}", context.Form.Code, context.Institution.Code);
        }
    }

    public async Task<SubmissionView> ApproveAsync(SubmissionContext context, CancellationToken ct)
    {
        // The head vouches for its own institution's figures (一把手负责制), not for a branch's.
        if (!context.Scope.HasRole(Roles.BranchHead) || context.Scope.User.InstitutionId != context.Institution.Id)
        {
            throw new ForbiddenException("只有本机构负责人可以审核通过本机构的报表。");
        }

        var submission = context.Submission;
        if (submission is not { Status: SubmissionStatus.Submitted })
        {
            throw new ConflictException($"只有已提交的报表可以审核通过，当前状态为“{Describe(submission?.Status ?? SubmissionStatus.NotStarted)}”。");
        }

        var now = Now;
        submission.Status = SubmissionStatus.Approved;
        submission.ApprovedAt = now;
        submission.ApprovedBy = context.Scope.UserName;
        submission.UpdatedAt = now;
        AddEvent(submission, SubmissionStatus.Submitted, context.Scope.UserName, null, now);
        await FollowDueItemAsync(context, DueItemStatus.Done, submission.FirstSubmittedAt, context.Scope.UserName, "负责人审核通过", ct);
        audit.Add(AuditActions.SubmissionApproved, Target(context), $"第 {submission.Revision} 版");
        await SaveOrConflictAsync(ct);
        return await ViewAsync(context, ct);
    }

    public async Task<SubmissionView> ReturnAsync(SubmissionContext context, ReturnRequest request, CancellationToken ct)
    {
        var scope = context.Scope;
        var supervisor = scope.Supervises(context.Institution);
        if (!MayReturn(context))
        {
            throw new ForbiddenException("只有本机构负责人或监管员可以退回报表。");
        }

        // After the lock only a supervisor may reopen a period, and must first let the institution correct it.
        if (!supervisor)
        {
            await RequireUnlockedAsync(context, ct);
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            throw RuleViolationException.For("reason", "请填写退回原因，告诉填报员要改什么。");
        }

        if (reason.Length > 1000)
        {
            throw RuleViolationException.For("reason", "退回原因不能超过1000个字符。");
        }

        var submission = context.Submission;
        if (submission is not { Status: SubmissionStatus.Submitted or SubmissionStatus.Approved })
        {
            throw new ConflictException($"只有已提交或已审核的报表可以退回，当前状态为“{Describe(submission?.Status ?? SubmissionStatus.NotStarted)}”。");
        }

        var now = Now;
        var from = submission.Status;
        submission.Status = SubmissionStatus.Returned;
        submission.ReturnReason = reason;
        submission.ApprovedAt = null;
        submission.ApprovedBy = null;
        submission.UpdatedAt = now;
        AddEvent(submission, from, scope.UserName, reason, now);
        await FollowDueItemAsync(context, DueItemStatus.Open, null, scope.UserName, $"报表被退回：{reason}", ct);
        audit.Add(AuditActions.SubmissionReturned, Target(context), reason);
        await SaveOrConflictAsync(ct);
        return await ViewAsync(context, ct);
    }

    public async Task<PeriodUnlock> GrantUnlockAsync(SubmissionContext context, DateTimeOffset? until, string? reason, CancellationToken ct)
    {
        if (!MayUnlock(context))
        {
            throw new ForbiddenException("只有监管员可以为机构解锁期次。");
        }

        var errors = new Dictionary<string, string[]>();
        var now = Now;
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
        else if (reason.Trim().Length > 1000)
        {
            errors["reason"] = ["解锁原因不能超过1000个字符。"];
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
        audit.Add(AuditActions.UnlockGranted, Target(context), $"至 {ChinaTime.ToChina(unlock.Until):yyyy-MM-dd HH:mm}：{unlock.Reason}");
        await db.SaveChangesAsync(ct);
        return unlock;
    }

    public async Task<SubmissionView> ViewAsync(SubmissionContext context, CancellationToken ct)
    {
        var submission = context.Submission;
        var values = submission is null ? context.Form.Indicators.ToDictionary(i => i.Code, _ => (decimal?)null) : SubmissionJson.Values(submission.ValuesJson);
        var findings = submission is null ? [] : await ValidateAsync(context.Form, context.Period, context.Institution.Id, values, ct);
        var now = Now;
        return new SubmissionView
        {
            FormCode = context.Form.Code,
            PeriodKey = context.Period.Key,
            InstitutionCode = context.Institution.Code,
            Status = submission?.Status ?? SubmissionStatus.NotStarted,
            Revision = submission?.Revision ?? 0,
            Values = values,
            Comments = submission is null ? [] : SubmissionJson.Comments(submission.CommentsJson),
            SubmittedAt = ToChina(submission?.SubmittedAt),
            FirstSubmittedAt = ToChina(submission?.FirstSubmittedAt),
            ApprovedAt = ToChina(submission?.ApprovedAt),
            ReturnReason = submission?.ReturnReason,
            DueAt = ChinaTime.ToChina(context.Period.DueAt),
            LockAt = ChinaTime.ToChina(context.Period.LockAt),
            IsLocked = now > context.Period.LockAt && !await HasUnlockAsync(context, now, ct),
            IsLate = submission?.FirstSubmittedAt is { } first ? first > context.Period.DueAt : now > context.Period.DueAt,
            Validation = findings.Select(f => new FindingDto(f.RuleCode, f.IndicatorCode, f.Severity, f.Message)).ToList(),
        };
    }

    /// <summary>Runs the form's rules on figures, with the same institution's previous period for <c>prev()</c>.</summary>
    public async Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ReportForm form, ReportPeriod period, int institutionId, IReadOnlyDictionary<string, decimal?> values, CancellationToken ct)
    {
        var previousJson = await PreviousFiguresAsync(form.Id, period, institutionId, ct);
        var previous = previousJson is null ? null : SubmissionJson.Values(previousJson);
        return SubmissionValidator.Validate(
            form.Indicators.OrderBy(i => i.Ordinal).Select(i => i.ToInfo()).ToList(),
            form.Rules.OrderBy(r => r.Ordinal).Select(r => r.ToDefinition()).ToList(),
            values,
            previous);
    }

    /// <summary>
    /// The figures of the period just before, as submitted (a draft or a returned report is no baseline); null when
    /// that period was not reported, so that <c>prev()</c> rules are skipped rather than compared with an older week.
    /// </summary>
    public Task<string?> PreviousFiguresAsync(int formId, ReportPeriod period, int institutionId, CancellationToken ct)
    {
        var previousPeriod = db.ReportPeriods.Where(p => p.FormId == formId && p.End < period.Start).OrderByDescending(p => p.End).Select(p => p.Id).Take(1);
        return db.Submissions
            .Where(s => s.InstitutionId == institutionId && previousPeriod.Contains(s.PeriodId)
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => s.ValuesJson)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Only the institution's own reporters and heads fill its forms (save, submit, upload).</summary>
    public static bool MayFill(SubmissionContext context) =>
        (context.Scope.HasRole(Roles.Reporter) || context.Scope.HasRole(Roles.BranchHead)) && context.Scope.ActsFor(context.Institution);

    /// <summary>The institution's own head, or a supervisor of its jurisdiction, may return a submission (the head only before the lock).</summary>
    public static bool MayReturn(SubmissionContext context) =>
        (context.Scope.HasRole(Roles.BranchHead) && context.Scope.User.InstitutionId == context.Institution.Id) || context.Scope.Supervises(context.Institution);

    /// <summary>Only a supervisor of the institution's jurisdiction (or an admin) lets it change a locked period.</summary>
    public static bool MayUnlock(SubmissionContext context) => context.Scope.Supervises(context.Institution);

    public static void RequireFiller(SubmissionContext context)
    {
        if (!MayFill(context))
        {
            throw new ForbiddenException("只有本机构的填报员或负责人可以填报、提交该报表。");
        }
    }

    /// <summary>The unlock that lets the institution change the period now (the one lasting longest), or null.</summary>
    public Task<PeriodUnlock?> ActiveUnlockAsync(SubmissionContext context, CancellationToken ct)
    {
        var now = Now;
        return db.PeriodUnlocks.AsNoTracking()
            .Where(u => u.PeriodId == context.Period.Id && u.InstitutionId == context.Institution.Id && u.Until > now)
            .OrderByDescending(u => u.Until)
            .FirstOrDefaultAsync(ct);
    }

    private async Task RequireUnlockedAsync(SubmissionContext context, CancellationToken ct)
    {
        var now = Now;
        if (now > context.Period.LockAt && !await HasUnlockAsync(context, now, ct))
        {
            throw new ConflictException($"期次 {context.Period.Key} 已于 {ChinaTime.ToChina(context.Period.LockAt):yyyy-MM-dd HH:mm} 锁定，不能再修改或提交；如需更正，请联系监管员为本机构解锁。");
        }
    }

    private Task<bool> HasUnlockAsync(SubmissionContext context, DateTime now, CancellationToken ct) =>
        db.PeriodUnlocks.AnyAsync(u => u.PeriodId == context.Period.Id && u.InstitutionId == context.Institution.Id && u.Until > now, ct);

    /// <summary>The figures of a request: every code must be one of the form's, missing codes are left empty.</summary>
    private static Dictionary<string, decimal?> CheckValues(ReportForm form, Dictionary<string, decimal?>? values)
    {
        if (values is null)
        {
            throw RuleViolationException.For("values", "请提供 values，例如 {\"LOAN_BAL\": 1200.5}。");
        }

        var known = form.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new RuleViolationException(
                $"报表“{form.Name}”中没有以下指标：{string.Join("、", unknown)}。",
                unknown.ToDictionary(k => $"values.{k}", k => new[] { $"报表中没有指标“{k}”，请核对指标代码。" }));
        }

        return form.Indicators.OrderBy(i => i.Ordinal).ToDictionary(i => i.Code, i => values.GetValueOrDefault(i.Code));
    }

    private static void AddRevision(Submission submission, Dictionary<string, decimal?> values, Dictionary<string, string> comments, RevisionSource source, string by, string? idempotencyKey, DateTime now)
    {
        submission.Revision++;
        submission.ValuesJson = SubmissionJson.Write(values);
        submission.CommentsJson = SubmissionJson.Write(comments);
        submission.UpdatedAt = now;
        submission.Revisions.Add(new SubmissionRevision
        {
            Number = submission.Revision,
            CreatedAt = now,
            CreatedBy = by,
            Source = source,
            ValuesJson = submission.ValuesJson,
            CommentsJson = submission.CommentsJson,
            IdempotencyKey = idempotencyKey,
        });
    }

    private static void AddEvent(Submission submission, SubmissionStatus from, string by, string? reason, DateTime now) =>
        submission.Events.Add(new SubmissionEvent { From = from, To = submission.Status, Revision = submission.Revision, At = now, By = by, Reason = reason });

    /// <summary>Moves the period's due item of the weekly obligation to follow the submission.</summary>
    private async Task FollowDueItemAsync(SubmissionContext context, DueItemStatus to, DateTime? completedAt, string by, string reason, CancellationToken ct)
    {
        if (context.Form.RequirementId is not { } requirementId)
        {
            return;
        }

        var item = await db.DueItems.SingleOrDefaultAsync(d =>
            d.Obligation.RequirementId == requirementId && d.Obligation.InstitutionId == context.Institution.Id && d.PeriodKey == context.Period.Key, ct);
        // A supervisor's decision (waived, or confirmed done) stands whatever the submission does afterwards.
        if (item is null || item.Status == to || item.Status == DueItemStatus.Waived)
        {
            return;
        }

        db.DueItemStatusChanges.Add(new DueItemStatusChange { DueItemId = item.Id, From = item.Status, To = to, ChangedAt = Now, ChangedBy = by, Reason = reason });
        item.Status = to;
        item.CompletedAt = completedAt;
    }

    private static string Target(SubmissionContext context) => $"{context.Form.Code} {context.Period.Key} {context.Institution.Code}";

    private async Task SaveOrConflictAsync(CancellationToken ct)
    {
        try
        {
            var revisions = db.ChangeTracker.Entries<SubmissionRevision>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Source).ToList();
            await db.SaveChangesAsync(ct);
            revisions.ForEach(source => Telemetry.Submissions.Add(1, new KeyValuePair<string, object?>("source", source.ToString())));
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // A concurrency token or a unique key caught a concurrent change of the same submission: nothing of ours was written.
            db.ChangeTracker.Clear();
            throw new ConflictException("该报表刚被他人修改，您的操作未生效。请刷新后重试。");
        }
    }

    private static bool HasComment(Dictionary<string, string> comments, ValidationFinding finding) =>
        new[] { finding.RuleCode, finding.IndicatorCode }.OfType<string>().Any(k => comments.TryGetValue(k, out var c) && !string.IsNullOrWhiteSpace(c));

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static DateTimeOffset? ToChina(DateTime? utc) => utc is { } u ? ChinaTime.ToChina(u) : null;

    public static string Describe(SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotStarted => "未填报",
        SubmissionStatus.Draft => "草稿",
        SubmissionStatus.Submitted => "提交",
        SubmissionStatus.Approved => "审核通过",
        SubmissionStatus.Returned => "退回",
        _ => status.ToString(),
    };
}
