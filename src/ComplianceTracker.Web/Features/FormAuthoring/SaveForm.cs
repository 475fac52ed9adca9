using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>
/// A supervisor creates the form of a recurring-report requirement of a circular in their jurisdiction, or edits it
/// while no institution has reported on it. Everything is checked first and saved in one unit with its audit line;
/// when the circular is already published the periods are generated at once so banks can fill the form.
/// </summary>
public sealed class SaveFormHandler(ComplianceDbContext db, CurrentUser currentUser, AuditLog audit, ReportPeriodGenerator periods, FormCache cache, FormAuthoringQueries queries)
{
    public async Task<FormDefinition> CreateAsync(FormDefinition request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await currentUser.ScopeAsync(ct);
        FormDefinitionRules.Validate(request);
        var requirement = await queries.AuthorRequirementAsync(scope, request.RequirementId!.Value, ct);
        if (await db.ReportForms.AnyAsync(f => f.Code == request.Code, ct))
        {
            throw RuleViolationException.For("code", $"表号“{request.Code}”已被其他报表使用，请换一个表号。");
        }

        if (await db.ReportForms.Where(f => f.RequirementId == requirement.Id).Select(f => f.Name).FirstOrDefaultAsync(ct) is { } existing)
        {
            throw new ConflictException($"该要求已有报表“{existing}”，请在监管文件页面点“编辑报表”修改它。");
        }

        var form = new ReportForm { Code = request.Code!, Name = request.Name!, RequirementId = requirement.Id };
        Apply(form, request, requirement);
        db.ReportForms.Add(form);
        audit.Add(AuditActions.FormCreated, form.Name, Detail(form, requirement));
        await db.SaveChangesAsync(ct);
        await GeneratePeriodsAsync(requirement, ct);
        return (await queries.DefinitionAsync(form.Code, ct)).Form;
    }

    public async Task<FormDefinition> UpdateAsync(string code, FormDefinition request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await currentUser.ScopeAsync(ct);
        var form = await db.ReportForms.Include(f => f.Indicators).Include(f => f.Rules).AsSplitQuery()
            .SingleOrDefaultAsync(f => f.Code == code, ct) ?? throw new NotFoundException($"未找到报表“{code}”。");
        if (form.RequirementId is not { } requirementId)
        {
            throw new ConflictException($"报表“{form.Name}”没有对应的监管要求，不能在此修改。");
        }

        request.Code = form.Code;
        request.RequirementId ??= requirementId;
        FormDefinitionRules.Validate(request);
        var requirement = await queries.AuthorRequirementAsync(scope, requirementId, ct);
        if (request.RequirementId != requirementId)
        {
            throw RuleViolationException.For("requirementId", "报表服务的监管要求不能更改；如要为其他要求收集数据，请在该要求处建立新报表。");
        }

        if (form.LatestVersion > 1)
        {
            throw new ConflictException($"报表“{form.Name}”已发布第{form.LatestVersion}版，不能直接修改；如需调整，请发布新版本。");
        }

        var reported = await db.Submissions.CountAsync(s => s.FormId == form.Id, ct);
        if (reported > 0)
        {
            throw new ConflictException($"报表“{form.Name}”已有 {reported} 份机构报送的数据，不能直接修改，以免改变已报数据的含义。如需调整指标或规则，请发布新版本。");
        }

        db.Indicators.RemoveRange(form.Indicators);
        db.FormRules.RemoveRange(form.Rules);
        form.Indicators = [];
        form.Rules = [];
        var lockChanged = form.LockAfterDays != request.LockAfterDays;
        form.Name = request.Name!;
        Apply(form, request, requirement);
        if (lockChanged)
        {
            foreach (var period in await db.ReportPeriods.Where(p => p.FormId == form.Id).ToListAsync(ct))
            {
                period.LockAt = period.DueAt.AddDays(form.LockAfterDays);
            }
        }

        audit.Add(AuditActions.FormUpdated, form.Name, Detail(form, requirement));
        await db.SaveChangesAsync(ct);
        cache.Forget(form.Code);
        await GeneratePeriodsAsync(requirement, ct);
        return (await queries.DefinitionAsync(form.Code, ct)).Form;
    }

    private async Task GeneratePeriodsAsync(Requirement requirement, CancellationToken ct)
    {
        if (requirement.Circular.Status == CircularStatus.Published)
        {
            await periods.EnsureForCircularAsync(requirement.CircularId, ct);
        }
    }

    /// <summary>Fields, indicators (numbered in section order) and rules; the frequency follows the requirement's due rule.</summary>
    private static void Apply(ReportForm form, FormDefinition request, Requirement requirement)
    {
        form.Frequency = requirement.DueRule!.Frequency;
        form.LockAfterDays = request.LockAfterDays;
        form.Indicators.AddRange(FormRows.Indicators(request, form.LatestVersion));
        form.Rules.AddRange(FormRows.Rules(request, form.LatestVersion));
    }

    private static string Detail(ReportForm form, Requirement requirement) =>
        $"表号 {form.Code}；{form.Frequency.Label()}；{form.Indicators.Count} 个指标、{form.Rules.Count} 条校验规则；"
        + $"服务 {requirement.Circular.DocumentNumber ?? requirement.Circular.Title} 第 {requirement.Clause} 条的要求";
}
