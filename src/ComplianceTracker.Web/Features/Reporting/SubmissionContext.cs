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
public sealed record SubmissionContext(AccessScope Scope, ReportForm Form, ReportPeriod Period, Institution Institution, Submission? Submission)
{
    /// <summary>
    /// What the operations would otherwise each read again, read with the context in the same query (null when the
    /// context was built without it; each operation then reads what it needs).
    /// </summary>
    public SubmissionFacts? Facts { get; init; }
}

/// <summary>
/// Read with a <see cref="SubmissionContext"/>: the validation's <paramref name="Baseline"/>, whether an unlock lets the
/// institution change the period (<paramref name="Unlocked"/>, as of the load), the note of the last submit
/// (<paramref name="SubmitNote"/>), and the weekly obligation's due item for the period (<paramref name="DueItem"/>, tracked).
/// </summary>
public sealed record SubmissionFacts(ValidationBaseline Baseline, bool Unlocked, string? SubmitNote, DueItem? DueItem);

public sealed class SubmissionContextLoader(ComplianceDbContext db, CurrentUser currentUser, FormCache cache, TimeProvider time)
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
    /// and the institution owes the form. What the caller may do with it is checked by each operation. One query
    /// (the form is cached) reads them with the <see cref="SubmissionFacts"/> the operations need; only when it finds
    /// nothing are the steps read one by one, to say which is missing.
    /// </summary>
    public async Task<SubmissionContext> LoadAsync(string formCode, string periodKey, string institutionCode, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var form = await FormAsync(formCode, ct);
        var formId = form.Id;
        var requirementId = form.RequirementId;
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await (
            from p in db.ReportPeriods.Where(p => p.FormId == formId && p.Key == periodKey)
            from i in scope.Institutions(db).Where(i => i.Code == institutionCode)
            from s in db.Submissions.Where(s => s.PeriodId == p.Id && s.InstitutionId == i.Id).DefaultIfEmpty()
            // Plain joins through the obligation: a join on "due items of the requirement" made the databases
            // read every due item of the requirement (520,000 at 20,000 banks × 26 weeks) inside the write lock.
            from o in db.Obligations.Where(o => o.RequirementId == requirementId && o.InstitutionId == i.Id).DefaultIfEmpty()
            from d in db.DueItems.Where(d => d.ObligationId == o.Id && d.PeriodKey == p.Key).DefaultIfEmpty()
            select new
            {
                Period = p,
                Institution = i,
                i.Jurisdiction,
                Submission = s,
                DueItem = d,
                Owes = requirementId == null || o != null,
                Unlocked = db.PeriodUnlocks.Any(u => u.PeriodId == p.Id && u.InstitutionId == i.Id && u.Until > now),
                // As ValidateSubmissionHandler reads them: the week just before as submitted, and the last week reported.
                Previous = db.Submissions
                    .Where(x => x.InstitutionId == i.Id && (x.Status == SubmissionStatus.Submitted || x.Status == SubmissionStatus.Approved)
                        && x.PeriodId == db.ReportPeriods.Where(q => q.FormId == formId && q.End < p.Start).OrderByDescending(q => q.End).Select(q => q.Id).FirstOrDefault())
                    .Select(x => x.ValuesJson).FirstOrDefault(),
                Last = db.Submissions
                    .Where(x => x.FormId == formId && x.InstitutionId == i.Id && x.Period.End < p.Start && (x.Status == SubmissionStatus.Submitted || x.Status == SubmissionStatus.Approved))
                    .OrderByDescending(x => x.Period.End).Select(x => x.ValuesJson).FirstOrDefault(),
                Exempted = db.RuleExemptions.Where(e => e.PeriodId == p.Id && e.InstitutionId == i.Id).Select(e => e.Rule).ToList(),
                SubmitNote = db.SubmissionEvents.Where(e => e.SubmissionId == s.Id && e.To == SubmissionStatus.Submitted)
                    .OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefault(),
            }).Take(1).ToListAsync(ct);
        if (rows is not [var row])
        {
            return await LoadStepByStepAsync(scope, form, periodKey, institutionCode, ct);
        }

        if (!row.Owes)
        {
            throw new NotFoundException($"机构“{row.Institution.Name}”无需报送“{form.Name}”。");
        }

        var facts = new SubmissionFacts(new ValidationBaseline(row.Previous, row.Last, row.Exempted), row.Unlocked, row.SubmitNote, row.DueItem);
        return new SubmissionContext(scope, form.AtVersion(row.Period.Version), row.Period, row.Institution, row.Submission) { Facts = facts };
    }

    /// <summary>The period, the institution and the obligation read one by one, to name the one that is missing.</summary>
    private async Task<SubmissionContext> LoadStepByStepAsync(AccessScope scope, ReportForm form, string periodKey, string institutionCode, CancellationToken ct)
    {
        var period = await PeriodAsync(form, periodKey, ct);
        var institution = await scope.Institutions(db).Include(i => i.Jurisdiction).SingleOrDefaultAsync(i => i.Code == institutionCode, ct)
            ?? throw new NotFoundException($"未找到机构“{institutionCode}”，或您无权查看该机构。");
        if (form.RequirementId is { } requirementId
            && !await db.Obligations.AnyAsync(o => o.RequirementId == requirementId && o.InstitutionId == institution.Id, ct))
        {
            throw new NotFoundException($"机构“{institution.Name}”无需报送“{form.Name}”。");
        }

        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.PeriodId == period.Id && s.InstitutionId == institution.Id, ct);
        return new SubmissionContext(scope, form.AtVersion(period.Version), period, institution, submission);
    }
}
