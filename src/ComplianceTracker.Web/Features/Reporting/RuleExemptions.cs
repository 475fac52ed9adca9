using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The API's body: which institution, which check (<c>R03</c> or <c>UNIT_SLIP:LOAN_BAL</c>), and why.</summary>
public sealed record GrantRuleExemptionRequest(string? Institution, string? Rule, string? Reason);

/// <summary>A 例外校验许可 as the API, the form page and the 台账 show it: the check by its key and in words, who, when, why.</summary>
public sealed record RuleExemptionDto(int Id, string InstitutionCode, string Rule, string RuleName, string Reason, string GrantedBy, string GrantedByName, DateTimeOffset GrantedAt);

/// <summary>
/// 例外校验许可: a supervisor of the institution lets its figures for one period pass one named check, with a reason,
/// e.g. a loan balance that really rose tenfold. The check then neither blocks submitting nor asks for a comment
/// (<see cref="ValidateSubmissionHandler"/> leaves it out); the exception is recorded, audited, shown on the form and
/// in the circular's 台账, and the institution's reporters are told.
/// </summary>
public sealed class RuleExemptionsHandler(ComplianceDbContext db, SubmissionContextLoader loader, SubmissionChanges changes, AuditLog audit, ReportMessages messages)
{
    /// <summary>The built-in checks against last period that an exception may set aside, by their key prefix.</summary>
    public static readonly IReadOnlyList<string> ExemptableChecks = [UnitSlipCheck.Code, ChangeLimitCheck.Code];

    /// <summary>The API: the institution is named in the body.</summary>
    public async Task<RuleExemptionDto> GrantAsync(string form, string period, GrantRuleExemptionRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Institution))
        {
            throw RuleViolationException.For("institution", "请填写机构代码。");
        }

        return await GrantAsync(await loader.LoadAsync(form, period, request.Institution.Trim(), ct), request.Rule, request.Reason, ct);
    }

    public async Task<RuleExemptionDto> GrantAsync(SubmissionContext context, string? rule, string? reason, CancellationToken ct)
    {
        if (!SubmissionAccess.MayUnlock(context))
        {
            throw new ForbiddenException($"只有“{context.Institution.Name}”所在辖区的监管员可以许可例外校验。");
        }

        var key = rule?.Trim() ?? "";
        var ruleName = key.Length == 0 ? null : RuleName(context.Form, key);
        var errors = new Dictionary<string, string[]>();
        if (key.Length == 0)
        {
            errors["rule"] = ["请选择要许可例外的校验规则。"];
        }
        else if (ruleName is null)
        {
            errors["rule"] = [$"报表“{context.Form.Name}”没有可许可例外的校验“{key}”。可许可的是表内校验规则（如 R03）、疑似单位错误（{UnitSlipCheck.Code}:指标代码）和异常变动（{ChangeLimitCheck.Code}:指标代码）。"];
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = ["请填写许可原因，说明该数据为何正确。"];
        }
        else if (reason.Trim().Length > Reasons.MaxLength)
        {
            errors["reason"] = [$"许可原因不能超过{Reasons.MaxLength}个字符。"];
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("例外校验许可有误，未保存。", errors);
        }

        if (await db.RuleExemptions.AnyAsync(e => e.PeriodId == context.Period.Id && e.InstitutionId == context.Institution.Id && e.Rule == key, ct))
        {
            throw new ConflictException($"“{context.Institution.Name}”本期的“{ruleName}”已许可例外，无需重复许可。");
        }

        var exemption = new RuleExemption
        {
            PeriodId = context.Period.Id,
            InstitutionId = context.Institution.Id,
            Rule = key,
            Reason = reason!.Trim(),
            GrantedBy = context.Scope.UserName,
            GrantedAt = changes.Now,
        };
        db.RuleExemptions.Add(exemption);
        audit.Add(AuditActions.RuleExemptionGranted, SubmissionChanges.Target(context), $"{ruleName}（{key}）：{exemption.Reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Another supervisor granted the same exception a moment earlier.
            db.ChangeTracker.Clear();
            throw new ConflictException($"“{context.Institution.Name}”本期的“{ruleName}”刚被其他监管员许可例外。");
        }

        await messages.RuleExemptedAsync(exemption.Id, ruleName!, ct);
        return (await ListAsync(context, ct)).Single(e => e.Id == exemption.Id);
    }

    /// <summary>The API: the exceptions of one institution for the period.</summary>
    public async Task<List<RuleExemptionDto>> ListAsync(string form, string period, string? institution, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(institution))
        {
            throw RuleViolationException.For("institution", "请填写机构代码。");
        }

        return await ListAsync(await loader.LoadAsync(form, period, institution.Trim(), ct), ct);
    }

    /// <summary>The exceptions granted for the institution and period, oldest first.</summary>
    public async Task<List<RuleExemptionDto>> ListAsync(SubmissionContext context, CancellationToken ct)
    {
        var rows = await db.RuleExemptions.AsNoTracking()
            .Where(e => e.PeriodId == context.Period.Id && e.InstitutionId == context.Institution.Id)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Rule, e.Reason, e.GrantedBy, e.GrantedAt, Name = db.Users.Where(u => u.UserName == e.GrantedBy).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(e => new RuleExemptionDto(e.Id, context.Institution.Code, e.Rule, RuleName(context.Form, e.Rule) ?? e.Rule, e.Reason, e.GrantedBy,
            string.IsNullOrEmpty(e.Name) ? e.GrantedBy : e.Name, ChinaTime.ToChina(e.GrantedAt))).ToList();
    }

    /// <summary>
    /// The check a key names, in words ("贷款余额不应小于本周新增" or "疑似单位错误：贷款余额"), or null when the form has
    /// no such check that an exception may set aside.
    /// </summary>
    public static string? RuleName(ReportForm form, string key)
    {
        if (form.Rules.FirstOrDefault(r => r.Code == key) is { } rule)
        {
            return rule.Message is { Length: > 0 } message ? $"{rule.Code} {message}" : $"{rule.Code}（{rule.Left} {rule.Operator} {rule.Right}）";
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !ExemptableChecks.Contains(key[..colon]))
        {
            return null;
        }

        var indicator = form.Indicators.FirstOrDefault(i => i.Code == key[(colon + 1)..]);
        return key[..colon] switch
        {
            UnitSlipCheck.Code when indicator is not null && indicator.Unit.Trim() == UnitSlipCheck.Unit => $"疑似单位错误：{indicator.Name}",
            ChangeLimitCheck.Code when indicator is not null => $"异常变动：{indicator.Name}",
            _ => null,
        };
    }
}
