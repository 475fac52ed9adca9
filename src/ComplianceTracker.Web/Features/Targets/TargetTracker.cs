using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>
/// Evaluates tracked targets on the submitted weekly figures: for each institution the target's requirement binds,
/// and for their total (the verdict of a jurisdiction-wide target; for a per-institution target, a summary). Each
/// verdict is stored per as-of period, so history draws a trend. Run after a submission (that institution) and by
/// <see cref="EvaluateTargetsJob"/> (everyone and the totals).
/// </summary>
public sealed class TargetTracker(ComplianceDbContext db, TimeProvider time, ILogger<TargetTracker> logger) : ISubmittedFiguresListener
{
    /// <summary>Evaluates the targets tracked on <paramref name="formId"/> (every form when null), for the given institutions (all when null).</summary>
    /// <summary>The institution's targets on its new figures, at once; totals follow with the next evaluation job.</summary>
    public Task FiguresSubmittedAsync(int formId, int institutionId, CancellationToken ct) => EvaluateAsync(formId, [institutionId], ct);

    public async Task<int> EvaluateAsync(int? formId, IReadOnlyCollection<int>? institutionIds, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var targets = await db.TrackedTargets.AsNoTracking()
            .Where(t => formId == null || t.FormId == formId)
            .ToListAsync(ct);
        var written = 0;
        foreach (var target in targets)
        {
            written += await EvaluateTargetAsync(target, institutionIds, today, ct);
        }

        return written;
    }

    private async Task<int> EvaluateTargetAsync(TrackedTarget target, IReadOnlyCollection<int>? only, DateOnly today, CancellationToken ct)
    {
        // The job judges every institution the target binds (no caller, so within all institutions).
        var bound = await db.Institutions.BoundBy(db, target.RequirementId, target.FormId).Select(i => i.Id).ToListAsync(ct);
        var indicators = await db.Indicators.Where(i => i.FormId == target.FormId).Select(i => new { i.Code, i.Name, i.Unit }).ToListAsync(ct);
        var ratioIndicators = indicators.Where(i => i.Unit == "%").Select(i => i.Code).ToHashSet(StringComparer.Ordinal);

        // The explanation names the indicators as the form does.
        var rule = target.Rule with
        {
            IndicatorName = target.Rule.IndicatorName ?? indicators.FirstOrDefault(i => i.Code == target.Rule.Indicator)?.Name,
            ReferenceName = target.Rule.ReferenceName ?? indicators.FirstOrDefault(i => i.Code == target.Rule.Reference)?.Name,
        };
        var rows = await db.Submissions
            .Where(s => s.FormId == target.FormId && bound.Contains(s.InstitutionId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved) && s.Period.End <= today)
            .Select(s => new { s.InstitutionId, s.Period.Key, s.Period.End, s.ValuesJson })
            .ToListAsync(ct);
        var series = rows.GroupBy(r => r.InstitutionId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<FigurePoint>)g.OrderBy(r => r.End).Select(r => new FigurePoint(r.Key, r.End, SubmissionJson.Values(r.ValuesJson))).ToList());
        var year = target.Rule.By?.Year ?? today.Year;
        var baselines = (await db.TargetBaselines.Where(b => b.Year == year && bound.Contains(b.InstitutionId)).ToListAsync(ct))
            .GroupBy(b => b.InstitutionId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)g.ToDictionary(b => b.Indicator, b => b.Value, StringComparer.Ordinal));
        var none = new Dictionary<string, decimal>(StringComparer.Ordinal);

        // A jurisdiction-wide target ("辖内…突破") is judged on the total only; one bank against it means nothing.
        var stored = await StoredPeriodsAsync(target.Id, only, ct);
        var verdicts = new List<(int? InstitutionId, TargetEvaluation Verdict)>();
        foreach (var institution in rule.Scope == TargetScope.Jurisdiction ? [] : only is null ? bound : bound.Intersect(only))
        {
            Judge(institution, series.GetValueOrDefault(institution) ?? [], baselines.GetValueOrDefault(institution) ?? none);
        }

        if (only is null)
        {
            // The total: the institutions' figures summed per period, and their baselines summed per indicator.
            var total = TargetEvaluator.Aggregate(bound.Select(b => series.GetValueOrDefault(b) ?? []), ratioIndicators);
            var totalBaselines = baselines.Values.SelectMany(b => b).GroupBy(b => b.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(b => b.Value), StringComparer.Ordinal);
            Judge(null, total, totalBaselines);
        }

        return await StoreAsync(target.Id, verdicts, ct);

        // Today's verdict, and one as of each earlier period with figures that has none yet, so history has every week.
        void Judge(int? institution, IReadOnlyList<FigurePoint> figures, IReadOnlyDictionary<string, decimal> subjectBaselines)
        {
            var now = TargetEvaluator.Evaluate(rule, figures, subjectBaselines, today);
            verdicts.Add((institution, now));
            foreach (var point in figures.OrderByDescending(p => p.End).Take(HistoryPeriods))
            {
                if (point.PeriodKey != now.AsOf && stored.Add((institution, point.PeriodKey))
                    && TargetEvaluator.Evaluate(rule, figures, subjectBaselines, point.End) is { } then && then.AsOf == point.PeriodKey)
                {
                    verdicts.Add((institution, then));
                }
            }
        }
    }

    /// <summary>The (institution, period) verdicts already stored for a target: only the missing ones are judged again as history.</summary>
    private async Task<HashSet<(int? InstitutionId, string PeriodKey)>> StoredPeriodsAsync(int targetId, IReadOnlyCollection<int>? only, CancellationToken ct)
    {
        var results = db.TargetResults.Where(r => r.TrackedTargetId == targetId);
        if (only is not null)
        {
            results = results.Where(r => r.InstitutionId != null && only.Contains(r.InstitutionId.Value));
        }

        return (await results.Select(r => new { r.InstitutionId, r.PeriodKey }).ToListAsync(ct)).Select(r => (r.InstitutionId, r.PeriodKey)).ToHashSet();
    }

    /// <summary>One row per (target, institution, as-of period): a new verdict for the same period replaces it.</summary>
    private async Task<int> StoreAsync(int targetId, List<(int? InstitutionId, TargetEvaluation Verdict)> verdicts, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var periods = verdicts.Select(v => v.Verdict.AsOf ?? NoPeriod).Distinct().ToList();
        var existing = await db.TargetResults.Where(r => r.TrackedTargetId == targetId && periods.Contains(r.PeriodKey)).ToListAsync(ct);
        var byKey = existing.ToDictionary(r => (r.InstitutionId, r.PeriodKey));
        foreach (var (institutionId, verdict) in verdicts)
        {
            var key = (institutionId, verdict.AsOf ?? NoPeriod);
            if (!byKey.TryGetValue(key, out var result))
            {
                result = new TargetResult { TrackedTargetId = targetId, InstitutionId = institutionId, PeriodKey = key.Item2, Explanation = "" };
                db.TargetResults.Add(result);
                byKey[key] = result;
            }

            result.Status = verdict.Status;
            result.Actual = verdict.Actual;
            result.Required = verdict.Required;
            result.Explanation = verdict.Explanation.Length <= 500 ? verdict.Explanation : verdict.Explanation[..500];
            result.EvaluatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // Another server stored the same verdicts at the same moment; theirs stand until the next evaluation.
            logger.LogInformation("Target {Target}: verdicts stored concurrently by another server", targetId);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return verdicts.Count;
    }

    /// <summary>The period key of a verdict with no figures at all.</summary>
    public const string NoPeriod = "-";

    /// <summary>How many of a subject's latest periods get a verdict of their own when history has none yet.</summary>
    public const int HistoryPeriods = 26;
}

/// <summary>Every 30 minutes and on Monday morning before the digest: every target, every institution, every total.</summary>
public sealed class EvaluateTargetsJob(TargetTracker tracker)
{
    public Task<int> RunAsync(CancellationToken ct) => tracker.EvaluateAsync(null, null, ct);
}
