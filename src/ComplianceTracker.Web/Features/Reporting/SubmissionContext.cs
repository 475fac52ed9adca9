using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// Form definitions are read on every save and submit but change rarely: each is kept for a minute, so a change made
/// in the database shows within that time on every server.
/// </summary>
public sealed class FormCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ReportForm Form, DateTimeOffset LoadedAt)> forms = new(StringComparer.Ordinal);

    public async Task<ReportForm?> GetAsync(string code, Func<Task<ReportForm?>> load)
    {
        var now = time.GetUtcNow();
        if (forms.TryGetValue(code, out var cached) && now - cached.LoadedAt < Lifetime)
        {
            return cached.Form;
        }

        var form = await load();
        if (form is not null)
        {
            forms[code] = (form, now);
        }

        return form;
    }

    /// <summary>Drops a form that was just changed, so the next request loads it again.</summary>
    public void Forget(string code) => forms.TryRemove(code, out _);
}

/// <summary>Everything one submission's operations need, loaded once and checked against the caller's scope.</summary>
public sealed record SubmissionContext(AccessScope Scope, ReportForm Form, ReportPeriod Period, Institution Institution, Submission? Submission);

public sealed class SubmissionContextLoader(ComplianceDbContext db, CurrentUser currentUser, FormCache cache)
{
    /// <summary>
    /// The form as it is now (its latest version's indicators and rules; read-only, the rows of every version shared
    /// between requests for a minute). <see cref="ReportForm.AtVersion"/> on it gives an earlier version.
    /// </summary>
    public async Task<ReportForm> FormAsync(string formCode, CancellationToken ct) =>
        (await cache.GetAsync(formCode, () => db.ReportForms.AsNoTracking()
            .Include(f => f.Indicators.OrderBy(i => i.Ordinal))
            .Include(f => f.Rules.OrderBy(r => r.Ordinal))
            .Include(f => f.Versions)
            .AsSplitQuery()
            .SingleOrDefaultAsync(f => f.Code == formCode, ct))
        ?? throw new NotFoundException($"未找到报表“{formCode}”。")).AtLatest();

    /// <summary>The form as the period <paramref name="periodKey"/> is reported on (that period's version), and the period.</summary>
    public async Task<(ReportForm Form, ReportPeriod Period)> FormForPeriodAsync(string formCode, string periodKey, CancellationToken ct)
    {
        var form = await FormAsync(formCode, ct);
        var period = await PeriodAsync(form, periodKey, ct);
        return (form.AtVersion(period.Version), period);
    }

    public async Task<ReportPeriod> PeriodAsync(ReportForm form, string periodKey, CancellationToken ct) =>
        await db.ReportPeriods.SingleOrDefaultAsync(p => p.FormId == form.Id && p.Key == periodKey, ct)
        ?? throw new NotFoundException($"报表“{form.Name}”没有期次“{periodKey}”。期次格式如 2022-W45（周）、2022-11（月）、2022-Q4（季）。");

    /// <summary>
    /// Loads form, period, institution and the submission (tracked) after checking the caller may see the institution
    /// and the institution owes the form. What the caller may do with it is checked by each operation.
    /// </summary>
    public async Task<SubmissionContext> LoadAsync(string formCode, string periodKey, string institutionCode, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var (form, period) = await FormForPeriodAsync(formCode, periodKey, ct);
        var institution = await scope.Institutions(db).Include(i => i.Jurisdiction).SingleOrDefaultAsync(i => i.Code == institutionCode, ct)
            ?? throw new NotFoundException($"未找到机构“{institutionCode}”，或您无权查看该机构。");
        if (form.RequirementId is { } requirementId
            && !await db.Obligations.AnyAsync(o => o.RequirementId == requirementId && o.InstitutionId == institution.Id, ct))
        {
            throw new NotFoundException($"机构“{institution.Name}”无需报送“{form.Name}”。");
        }

        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.PeriodId == period.Id && s.InstitutionId == institution.Id, ct);
        return new SubmissionContext(scope, form, period, institution, submission);
    }
}
