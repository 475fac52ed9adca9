using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record FormSummaryDto(string Code, string Name, DueFrequency Frequency, int? CircularId);

/// <summary>One indicator of a form as the API shows it.</summary>
/// <param name="Code">The indicator's code in values and rules.</param>
/// <param name="Name">Its Chinese name.</param>
/// <param name="Unit">万元, 户, % …</param>
/// <param name="Decimals">Decimals allowed.</param>
/// <param name="Required">An empty value blocks submitting.</param>
/// <param name="Section">The section heading it is under.</param>
/// <param name="Headline">A 重点指标 the dashboard charts.</param>
/// <param name="Note">口径: what exactly to report.</param>
/// <param name="ChangeLimit">异常变动: the largest rise and fall against last period, in per cent, and what crossing it is.</param>
public sealed record IndicatorDto(string Code, string Name, string Unit, int Decimals, bool Required, string Section, bool Headline, string? Note = null, ChangeLimit? ChangeLimit = null);

public sealed record RuleDto(string Code, string Left, string Operator, string Right, RuleSeverity Severity, string? Message);

/// <summary>A form as it is now: its latest <paramref name="Version"/> (earlier periods may be on earlier ones; see <c>GET /api/forms/{form}/versions</c>).</summary>
/// <param name="Code">The form's code (表号).</param>
/// <param name="Name">Its Chinese name.</param>
/// <param name="Frequency">Weekly, monthly…, from the requirement's due rule.</param>
/// <param name="CircularId">The circular that demands it.</param>
/// <param name="LockAfterDays">Days after the due moment until a period locks.</param>
/// <param name="Indicators">The latest version's indicators in order.</param>
/// <param name="Rules">The latest version's rules.</param>
/// <param name="Version">The latest version's number.</param>
public sealed record FormDto(string Code, string Name, DueFrequency Frequency, int? CircularId, int LockAfterDays, List<IndicatorDto> Indicators, List<RuleDto> Rules, int Version = 1);

public sealed record PeriodDto(string Key, DateOnly Start, DateOnly End, DateTimeOffset DueAt, DateTimeOffset LockAt, string DueExplanation, int Version = 1);

/// <summary>Forms are reference data: any signed-in user may read them.</summary>
public sealed class FormQueries(ComplianceDbContext db, SubmissionContextLoader loader)
{
    public Task<List<FormSummaryDto>> ListAsync(CancellationToken ct) =>
        db.ReportForms.OrderBy(f => f.Code)
            .Select(f => new FormSummaryDto(f.Code, f.Name, f.Frequency, f.Requirement != null ? f.Requirement.CircularId : null))
            .ToListAsync(ct);

    public async Task<FormDto> GetAsync(string code, CancellationToken ct)
    {
        var form = await loader.FormAsync(code, ct);
        var circularId = form.RequirementId is { } r ? await db.Requirements.Where(x => x.Id == r).Select(x => (int?)x.CircularId).SingleAsync(ct) : null;
        return new FormDto(
            form.Code, form.Name, form.Frequency, circularId, form.LockAfterDays,
            form.Indicators.OrderBy(i => i.Ordinal).Select(i => new IndicatorDto(i.Code, i.Name, i.Unit, i.Decimals, i.Required, i.Section, i.Headline, i.Note, i.ChangeLimit)).ToList(),
            form.Rules.OrderBy(x => x.Ordinal).Select(x => new RuleDto(x.Code, x.Left, x.Operator, x.Right, x.Severity, x.Message)).ToList(),
            form.Version);
    }

    public async Task<List<PeriodDto>> PeriodsAsync(string code, CancellationToken ct)
    {
        var form = await loader.FormAsync(code, ct);
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).ToListAsync(ct);
        return periods.Select(p => new PeriodDto(p.Key, p.Start, p.End, ChinaTime.ToChina(p.DueAt), ChinaTime.ToChina(p.LockAt), p.DueExplanation, p.Version)).ToList();
    }

    public async Task<List<RevisionView>> RevisionsAsync(SubmissionContext context, CancellationToken ct)
    {
        if (context.Submission is null)
        {
            return [];
        }

        var revisions = await db.SubmissionRevisions.Where(r => r.SubmissionId == context.Submission.Id).OrderBy(r => r.Number).ToListAsync(ct);
        return revisions.Select(r => new RevisionView(r.Number, ChinaTime.ToChina(r.CreatedAt), r.CreatedBy, r.Source, SubmissionJson.Values(r.ValuesJson), SubmissionJson.Comments(r.CommentsJson))).ToList();
    }

    /// <summary>Every status change of the submission (submitted, approved, returned with its reason), oldest first.</summary>
    public async Task<List<SubmissionEventView>> EventsAsync(SubmissionContext context, CancellationToken ct)
    {
        if (context.Submission is null)
        {
            return [];
        }

        var events = await db.SubmissionEvents.Where(e => e.SubmissionId == context.Submission.Id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return events.Select(e => new SubmissionEventView(e.From, e.To, e.Revision, ChinaTime.ToChina(e.At), e.By, e.Reason)).ToList();
    }
}
