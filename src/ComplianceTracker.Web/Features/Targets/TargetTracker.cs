using System.Text.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>
/// Evaluates tracked targets on the submitted weekly figures: for each institution the target's requirement binds,
/// and for their total (the verdict of a jurisdiction-wide target; for a per-institution target, a summary). Each
/// verdict is stored per as-of period, so history draws a trend. Run with a submission (that institution, saved in its batch) and by
/// <see cref="EvaluateTargetsJob"/> (everyone and the totals).
/// </summary>
public sealed class TargetTracker(ComplianceDbContext db, TimeProvider time, ILogger<TargetTracker> logger) : ISubmittedFiguresListener
{
    private const string TargetRow = "Targets.target";
    private const string IndicatorRow = "Targets.indicator";
    private const string FigureRow = "Targets.figures";
    private const string BaselineRow = "Targets.baseline";
    private const string ResultRow = "Targets.result";

    /// <summary>
    /// What judging the institution's targets of the form reads, as rows of the submit's one query: the targets (with
    /// whether each binds the institution), the form's indicators, the institution's submitted figures so far, its
    /// baselines and the verdicts already stored for it. The figures being submitted come with <see cref="Stage"/>.
    /// </summary>
    public IQueryable<SubmitFact> Facts(SubmittedFigures figures)
    {
        var formId = figures.FormId;
        var institutionId = figures.InstitutionId;
        var today = ChinaTime.Today(time);
        var targets = db.TrackedTargets.Where(t => t.FormId == formId).Select(t => new SubmitFact
        {
            Of = TargetRow, Id = t.Id, Number = t.RequirementId, Key = null, Text = EF.Property<string>(t, nameof(TrackedTarget.Rule)), Value = null, Date = null,
            // FormBinding.BoundBy for a target: its requirement's obligation.
            Flag = db.Obligations.Any(o => o.RequirementId == t.RequirementId && o.InstitutionId == institutionId),
        });
        var indicators = db.Indicators.Where(i => i.FormId == formId).Select(i => new SubmitFact
        {
            Of = IndicatorRow, Id = i.Id, Number = null, Key = i.Code, Text = i.Name, Value = null, Date = null, Flag = false,
        });
        var submitted = db.Submissions
            .Where(s => s.FormId == formId && s.InstitutionId == institutionId && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved) && s.Period.End <= today)
            .Select(s => new SubmitFact { Of = FigureRow, Id = s.Id, Number = null, Key = s.Period.Key, Text = s.ValuesJson, Value = null, Date = s.Period.End, Flag = false });
        var baselines = db.TargetBaselines.Where(b => b.InstitutionId == institutionId).Select(b => new SubmitFact
        {
            Of = BaselineRow, Id = b.Id, Number = b.Year, Key = b.Indicator, Text = null, Value = b.Value, Date = null, Flag = false,
        });
        var stored = db.TargetResults.Where(r => r.InstitutionId == institutionId && db.TrackedTargets.Any(t => t.Id == r.TrackedTargetId && t.FormId == formId))
            .Select(r => new SubmitFact { Of = ResultRow, Id = r.Id, Number = r.TrackedTargetId, Key = r.PeriodKey, Text = null, Value = null, Date = null, Flag = false });
        return targets.Concat(indicators).Concat(submitted).Concat(baselines).Concat(stored);
    }

    /// <summary>
    /// The institution's targets judged on its figures with the new ones, as <see cref="EvaluateAsync"/> judges them
    /// for one institution; the verdicts are added to the DbContext, saved with the submission. Totals follow with the
    /// next evaluation job.
    /// </summary>
    public void Stage(SubmittedFigures figures, IReadOnlyList<SubmitFact> facts)
    {
        var today = ChinaTime.Today(time);
        var institutionId = figures.InstitutionId;
        var indicators = facts.Where(f => f.Of == IndicatorRow).OrderBy(f => f.Id).Select(f => (Code: f.Key!, Name: f.Text!)).ToList();
        var series = facts.Where(f => f.Of == FigureRow).Select(f => new FigurePoint(f.Key!, f.Date!.Value, SubmissionJson.Values(f.Text!)))
            .Concat(figures.PeriodEnd <= today ? [new FigurePoint(figures.PeriodKey, figures.PeriodEnd, new Dictionary<string, decimal?>(figures.Values, StringComparer.Ordinal))] : [])
            .OrderBy(p => p.End).ToList();
        var stored = facts.Where(f => f.Of == ResultRow).ToLookup(f => f.Number!.Value);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var target in facts.Where(f => f.Of == TargetRow && f.Flag).OrderBy(f => f.Id))
        {
            var targetId = (int)target.Id;
            var rule = Named(JsonSerializer.Deserialize<TargetRule>(target.Text!, JsonValueConverter<TargetRule>.Options)!, indicators);
            if (rule.Scope == TargetScope.Jurisdiction)
            {
                continue;
            }

            var year = rule.By?.Year ?? today.Year;
            var baselines = facts.Where(f => f.Of == BaselineRow && f.Number == year).ToDictionary(f => f.Key!, f => f.Value!.Value, StringComparer.Ordinal);
            var rows = stored[targetId].ToDictionary(r => r.Key!, r => r.Id, StringComparer.Ordinal);
            var verdicts = new List<(int? InstitutionId, TargetEvaluation Verdict)>();
            Judge(rule, institutionId, series, baselines, rows.Keys.Select(k => ((int?)institutionId, k)).ToHashSet(), today, verdicts);

            var byKey = new Dictionary<string, TargetResult>(StringComparer.Ordinal);
            foreach (var (_, verdict) in verdicts)
            {
                var period = verdict.AsOf ?? NoPeriod;
                if (!byKey.TryGetValue(period, out var result))
                {
                    result = new TargetResult { TrackedTargetId = targetId, InstitutionId = institutionId, PeriodKey = period, Explanation = "" };
                    if (rows.TryGetValue(period, out var id))
                    {
                        // The stored verdict, replaced without reading it again: every column is written.
                        result.Id = id;
                        db.TargetResults.Attach(result);
                    }
                    else
                    {
                        db.TargetResults.Add(result);
                    }

                    byKey[period] = result;
                }

                Write(result, verdict, now);
                if (result.Id != 0)
                {
                    var entry = db.Entry(result);
                    entry.Property(r => r.Status).IsModified = true;
                    entry.Property(r => r.Actual).IsModified = true;
                    entry.Property(r => r.Required).IsModified = true;
                    entry.Property(r => r.Explanation).IsModified = true;
                    entry.Property(r => r.EvaluatedAt).IsModified = true;
                }
            }
        }
    }

    /// <summary>Evaluates the targets tracked on <paramref name="formId"/> (every form when null), for the given institutions (all when null).</summary>
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
        var rule = Named(target.Rule, indicators.Select(i => (i.Code, i.Name)).ToList());
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
            Judge(rule, institution, series.GetValueOrDefault(institution) ?? [], baselines.GetValueOrDefault(institution) ?? none, stored, today, verdicts);
        }

        if (only is null)
        {
            // The total: the institutions' figures summed per period, and their baselines summed per indicator.
            var total = TargetEvaluator.Aggregate(bound.Select(b => series.GetValueOrDefault(b) ?? []), ratioIndicators);
            var totalBaselines = baselines.Values.SelectMany(b => b).GroupBy(b => b.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(b => b.Value), StringComparer.Ordinal);
            Judge(rule, null, total, totalBaselines, stored, today, verdicts);
        }

        return await StoreAsync(target.Id, verdicts, ct);
    }

    /// <summary>The rule with its indicators named as the form names them (the first indicator of the code), unless it names them itself.</summary>
    private static TargetRule Named(TargetRule rule, IReadOnlyList<(string Code, string Name)> indicators) => rule with
    {
        IndicatorName = rule.IndicatorName ?? indicators.FirstOrDefault(i => i.Code == rule.Indicator).Name,
        ReferenceName = rule.ReferenceName ?? indicators.FirstOrDefault(i => i.Code == rule.Reference).Name,
    };

    /// <summary>
    /// Today's verdict on a subject (an institution, or the total when null), and one as of each earlier period with
    /// figures that has none yet (not in <paramref name="stored"/>), so history has every week.
    /// </summary>
    private static void Judge(
        TargetRule rule, int? institution, IReadOnlyList<FigurePoint> figures, IReadOnlyDictionary<string, decimal> subjectBaselines,
        HashSet<(int? InstitutionId, string PeriodKey)> stored, DateOnly today, List<(int? InstitutionId, TargetEvaluation Verdict)> verdicts)
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

    private static void Write(TargetResult result, TargetEvaluation verdict, DateTime now)
    {
        result.Status = verdict.Status;
        result.Actual = verdict.Actual;
        result.Required = verdict.Required;
        result.Explanation = verdict.Explanation.Length <= 500 ? verdict.Explanation : verdict.Explanation[..500];
        result.EvaluatedAt = now;
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

            Write(result, verdict, now);
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
