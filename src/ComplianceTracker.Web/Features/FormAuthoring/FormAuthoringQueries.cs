using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>The requirement a form is authored for, as the builder page shows it.</summary>
public sealed record AuthoredRequirement(int Id, int CircularId, string Circular, string Clause, string Text, DueFrequency Frequency);

/// <summary>
/// A form as its author edits it (its latest version), with whether it may still be edited in place (no institution
/// has reported on it and no second version exists); otherwise a change is published as version <c>Version + 1</c>.
/// </summary>
public sealed record AuthoredForm(FormDefinition Form, AuthoredRequirement? Requirement, bool Editable, int Version = 1);

/// <summary>A period a new version may start from (not yet begun), as people say it.</summary>
public sealed record UpcomingPeriod(string Key, string Name);

/// <summary>A requirement's form on the circular page: 编辑报表 while <c>Editable</c>.</summary>
public sealed record RequirementForm(int RequirementId, string Code, string Name, bool Editable);

public sealed class FormAuthoringQueries(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    /// <summary>
    /// The requirement, when the caller may author its form: 404 unless they see the circular, 403 unless it is in
    /// their jurisdiction, 400 unless it is a recurring report with a period (周报、月报…).
    /// </summary>
    public async Task<Requirement> AuthorRequirementAsync(AccessScope scope, int requirementId, CancellationToken ct)
    {
        var requirement = await db.Requirements.Include(r => r.Circular).ThenInclude(c => c.Jurisdiction)
            .SingleOrDefaultAsync(r => r.Id == requirementId, ct)
            ?? throw RuleViolationException.For("requirementId", $"未找到编号为 {requirementId} 的监管要求。");
        await db.EnsureVisibleAsync(scope, requirement.CircularId, ct);
        if (!scope.Oversees(requirement.Circular.Jurisdiction))
        {
            throw new ForbiddenException($"“{requirement.Circular.DocumentNumber ?? requirement.Circular.Title}”是辖区“{requirement.Circular.Jurisdiction.Name}”的监管文件，您无权为它建立或修改报表。");
        }

        if (requirement.Kind != RequirementKind.RecurringReport || requirement.DueRule is not { Frequency: not DueFrequency.Once })
        {
            throw RuleViolationException.For("requirementId", $"第 {requirement.Clause} 条不是定期报送要求（如周报、月报），不需要报表。请选择要求按期报送数据的条款。");
        }

        return requirement;
    }

    /// <summary>The requirement for the builder page (same checks as saving).</summary>
    public async Task<AuthoredRequirement> RequirementAsync(int requirementId, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return Describe(await AuthorRequirementAsync(scope, requirementId, ct));
    }

    /// <summary>The form as authored, grouped into its sections in order.</summary>
    public async Task<AuthoredForm> DefinitionAsync(string code, CancellationToken ct)
    {
        var form = await db.ReportForms.AsNoTracking()
            .Include(f => f.Indicators).Include(f => f.Rules).Include(f => f.Requirement!).ThenInclude(r => r.Circular)
            .AsSplitQuery()
            .SingleOrDefaultAsync(f => f.Code == code, ct) ?? throw new NotFoundException($"未找到报表“{code}”。");
        form = form.AtLatest();
        var definition = new FormDefinition
        {
            Code = form.Code,
            Name = form.Name,
            RequirementId = form.RequirementId,
            LockAfterDays = form.LockAfterDays,
            Sections = form.Indicators.OrderBy(i => i.Ordinal)
                .GroupBy(i => i.Section)
                .Select(g => new SectionDefinition
                {
                    Name = g.Key,
                    Indicators = g.Select(i => new IndicatorDefinition
                    {
                        Code = i.Code,
                        Name = i.Name,
                        Unit = i.Unit,
                        Decimals = i.Decimals,
                        Required = i.Required,
                        Note = i.Note,
                        Headline = i.Headline,
                        ChangeLimit = i.ChangeLimit is { } l ? new ChangeLimitInput { UpPercent = l.UpPercent, DownPercent = l.DownPercent, Severity = l.Severity } : null,
                    }).ToList(),
                }).ToList(),
            Rules = form.Rules.OrderBy(r => r.Ordinal).Select(r => new RuleInput
            {
                Code = r.Code, Left = r.Left, Operator = r.Operator, Right = r.Right, Severity = r.Severity, Message = r.Message,
            }).ToList(),
        };
        var editable = form.LatestVersion == 1 && !await db.Submissions.AnyAsync(s => s.FormId == form.Id, ct);
        return new AuthoredForm(definition, form.Requirement is { } r ? Describe(r) : null, editable, form.LatestVersion);
    }

    /// <summary>The forms of a circular's requirements, by requirement.</summary>
    public async Task<Dictionary<int, RequirementForm>> ForCircularAsync(int circularId, CancellationToken ct)
    {
        var forms = await db.ReportForms.Where(f => f.Requirement != null && f.Requirement.CircularId == circularId)
            .Select(f => new RequirementForm(f.RequirementId!.Value, f.Code, f.Name, f.LatestVersion == 1 && !db.Submissions.Any(s => s.FormId == f.Id)))
            .ToListAsync(ct);
        return forms.GroupBy(f => f.RequirementId).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The form's periods that have not begun, the ones a new version may start from, soonest first.</summary>
    public async Task<List<UpcomingPeriod>> UpcomingPeriodsAsync(string code, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var periods = await db.ReportPeriods.Where(p => p.Form.Code == code && p.Start > today).OrderBy(p => p.Start)
            .Select(p => new { p.Key, p.Start, p.End }).Take(60).ToListAsync(ct);
        return periods.Select(p => new UpcomingPeriod(p.Key, PeriodNames.Name(p.Key, p.Start, p.End, today.Year))).ToList();
    }

    private static AuthoredRequirement Describe(Requirement r) =>
        new(r.Id, r.CircularId, r.Circular.DocumentNumber ?? r.Circular.Title, r.Clause, r.Text, r.DueRule?.Frequency ?? DueFrequency.Once);
}
