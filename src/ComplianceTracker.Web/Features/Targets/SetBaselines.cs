using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>A supervisor enters year-start figures for the institutions they supervise; all or nothing.</summary>
public sealed class SetBaselinesHandler(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, TargetTracker tracker, TimeProvider time, AuditLog audit)
{
    public async Task<List<BaselineDto>> HandleAsync(SetBaselinesRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        if (request.Year is < 2000 or > 2100)
        {
            throw RuleViolationException.For("year", "年份应在2000年至2100年之间。");
        }

        var institutions = await scope.Institutions(db).Include(i => i.Jurisdiction).ToListAsync(ct);
        var supervised = institutions.Where(scope.Supervises).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var entries = new List<(int InstitutionId, string Code, string Indicator, decimal Value, string Source)>();
        var errors = new Dictionary<string, string[]>();
        if (request.FromPeriod is { Length: > 0 } periodKey)
        {
            var form = await loader.FormAsync(request.Form ?? throw RuleViolationException.For("form", "按期次取年初数时，请指定报表代码（form）。"), ct);
            var period = await loader.PeriodAsync(form, periodKey, ct);
            var ids = supervised.Values.Select(i => i.Id).ToList();
            var figures = await db.Submissions.Where(s => s.PeriodId == period.Id && ids.Contains(s.InstitutionId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
                .Select(s => new { s.InstitutionId, s.ValuesJson }).ToListAsync(ct);
            var codes = supervised.Values.ToDictionary(i => i.Id, i => i.Code);
            entries.AddRange(figures.SelectMany(f => SubmissionJson.Values(f.ValuesJson).Where(v => v.Value is not null)
                .Select(v => (f.InstitutionId, codes[f.InstitutionId], v.Key, v.Value!.Value, $"取自期次 {periodKey}"))));
        }

        foreach (var (entry, index) in (request.Baselines ?? []).Select((e, i) => (e, i)))
        {
            if (entry is null || string.IsNullOrWhiteSpace(entry.Institution) || !supervised.TryGetValue(entry.Institution.Trim(), out var institution))
            {
                errors[$"baselines[{index}].institution"] = [$"机构“{entry?.Institution}”不存在或不在您监管的辖区内。"];
            }
            else if (string.IsNullOrWhiteSpace(entry.Indicator) || entry.Indicator.Length > 40)
            {
                errors[$"baselines[{index}].indicator"] = ["请填写指标代码（如 PHXW_BAL）。"];
            }
            else if (entry.Value < 0)
            {
                errors[$"baselines[{index}].value"] = ["年初数不能为负数。"];
            }
            else
            {
                entries.Add((institution.Id, institution.Code, entry.Indicator.Trim(), entry.Value, "录入"));
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("年初数有误，未保存任何数据。", errors);
        }

        if (entries.Count == 0)
        {
            throw RuleViolationException.For("baselines", "没有可保存的年初数：请列出年初数，或指定已有报送数据的期次。");
        }

        var ids2 = entries.Select(e => e.InstitutionId).Distinct().ToList();
        var existing = await db.TargetBaselines.Where(b => b.Year == request.Year && ids2.Contains(b.InstitutionId)).ToListAsync(ct);
        var byKey = existing.ToDictionary(b => (b.InstitutionId, b.Indicator));
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var e in entries.DistinctBy(e => (e.InstitutionId, e.Indicator)))
        {
            if (!byKey.TryGetValue((e.InstitutionId, e.Indicator), out var baseline))
            {
                baseline = new TargetBaseline { InstitutionId = e.InstitutionId, Year = request.Year, Indicator = e.Indicator, Source = e.Source, EnteredBy = scope.UserName };
                db.TargetBaselines.Add(baseline);
            }

            baseline.Value = e.Value;
            baseline.Source = e.Source;
            baseline.EnteredBy = scope.UserName;
            baseline.EnteredAt = now;
        }

        audit.Add(AuditActions.BaselinesSaved, $"{request.Year} 年", string.Join("；", entries.Select(e => $"{e.Code} {e.Indicator}={e.Value}")));
        await db.SaveChangesAsync(ct);
        await tracker.EvaluateAsync(null, ids2, ct);
        return entries.DistinctBy(e => (e.InstitutionId, e.Indicator)).Select(e => new BaselineDto(e.Code, request.Year, e.Indicator, e.Value, e.Source)).ToList();
    }
}
