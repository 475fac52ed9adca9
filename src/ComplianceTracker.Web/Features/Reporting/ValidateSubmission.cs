using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The form's rules on a set of figures, with the same institution's previous period for <c>prev()</c>: what the
/// view shows, what blocks a submit, what the page checks as the reporter types, and what an Excel upload must pass.
/// A check set aside by a 例外校验许可 for the institution and period is left out. Saves nothing.
/// </summary>
public sealed class ValidateSubmissionHandler(ComplianceDbContext db)
{
    public async Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ReportForm form, ReportPeriod period, int institutionId, IReadOnlyDictionary<string, decimal?> values, CancellationToken ct)
    {
        var previousJson = await PreviousFiguresAsync(form.Id, period, institutionId, ct);
        var previous = previousJson is null ? null : SubmissionJson.Values(previousJson);
        var indicators = form.Indicators.OrderBy(i => i.Ordinal).Select(i => i.ToInfo()).ToList();
        var findings = SubmissionValidator.Validate(indicators, form.Rules.OrderBy(r => r.Ordinal).Select(r => r.ToDefinition()).ToList(), values, previous).ToList();
        var last = await LastReportedAsync(form.Id, period, institutionId, ct);
        var lastValues = last is null ? null : SubmissionJson.Values(last.ValuesJson);
        findings.AddRange(UnitSlipCheck.Find(indicators, values, lastValues));
        findings.AddRange(ChangeLimitCheck.Find(indicators, values, lastValues));

        // 例外校验许可: a check a supervisor set aside for this institution and period neither blocks nor asks for a comment.
        var exempted = await db.RuleExemptions.Where(e => e.PeriodId == period.Id && e.InstitutionId == institutionId).Select(e => e.Rule).ToListAsync(ct);
        return exempted.Count == 0 ? findings : findings.Where(f => f.ExemptionKey is not { } key || !exempted.Contains(key)).ToList();
    }

    /// <summary>The institution's last reported period before <paramref name="period"/> (submitted or approved), with its figures; null when none.</summary>
    public Task<LastReported?> LastReportedAsync(int formId, ReportPeriod period, int institutionId, CancellationToken ct) =>
        db.Submissions
            .Where(s => s.FormId == formId && s.InstitutionId == institutionId && s.Period.End < period.Start
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .OrderByDescending(s => s.Period.End)
            .Select(s => new LastReported(s.Period.Key, s.Period.Start, s.Period.End, s.ValuesJson))
            .FirstOrDefaultAsync(ct);

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
}

/// <summary>A period an institution reported, and the figures it reported.</summary>
public sealed record LastReported(string PeriodKey, DateOnly Start, DateOnly End, string ValuesJson);
