using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>
/// The demo's targets on the demo weekly form, modelled on 沪银保监发〔2023〕24号 and 长上金发〔2022〕20号, with
/// year-start figures chosen so the verdicts differ: some banks on track, some at risk, some missed or met.
/// </summary>
public sealed class DemoTargets(ComplianceDbContext db, TargetTracker tracker, TimeProvider time)
{
    public async Task SeedAsync(string circularKey, string formCode, CancellationToken ct)
    {
        var requirement = await db.Requirements.Where(r => r.Circular.NaturalKey == circularKey && r.Kind == RequirementKind.Target).OrderBy(r => r.Ordinal).FirstAsync(ct);
        var form = await db.ReportForms.SingleAsync(f => f.Code == formCode, ct);
        var today = ChinaTime.Today(time);
        var yearEnd = new DateOnly(today.Year, 12, 31);

        // Figures of the banks' earliest submitted week this year: the year-start figures, adjusted per bank below.
        var first = await db.Submissions.Where(s => s.FormId == form.Id && s.Period.Start.Year == today.Year && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .OrderBy(s => s.Period.Start).Select(s => new { s.InstitutionId, s.Institution.Code, s.ValuesJson, s.Period.Start }).ToListAsync(ct);
        var earliest = first.GroupBy(s => s.InstitutionId).Select(g => g.First()).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        var totalNow = await db.Submissions.Where(s => s.FormId == form.Id && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .GroupBy(s => s.InstitutionId).Select(g => g.OrderByDescending(s => s.Period.End).Select(s => s.ValuesJson).First()).ToListAsync(ct);
        var phxwTotal = totalNow.Sum(v => SubmissionJson.Values(v).GetValueOrDefault("PHXW_BAL") ?? 0);
        var median = earliest.Select(e => SubmissionJson.Values(e.ValuesJson).GetValueOrDefault("PHXW_BAL") ?? 0).Order().ElementAtOrDefault(earliest.Count / 2);

        Add(requirement.Id, form.Id, "受疫情影响严重行业贷款不良率不超过各项贷款不良率3个百分点（演示）",
            new TargetRule { Kind = TargetRuleKind.RatioVsRatio, Indicator = "AFFECTED_NPL_RATIO", Reference = "NPL_RATIO", Comparator = "<=", Margin = 3 });
        Add(requirement.Id, form.Id, "普惠型小微企业贷款增速不低于各项贷款增速（演示）",
            new TargetRule { Kind = TargetRuleKind.GrowthVsGrowth, Indicator = "PHXW_BAL", Reference = "LOAN_BAL", Comparator = ">=", By = yearEnd });
        Add(requirement.Id, form.Id, "普惠型小微企业贷款户数不低于年初（演示）",
            new TargetRule { Kind = TargetRuleKind.CountNotBelowBaseline, Indicator = "PHXW_CNT", Comparator = ">=", By = yearEnd });
        Add(requirement.Id, form.Id, $"普惠型小微企业贷款余额于{ChinaTime.Format(today.AddDays(-14))}前达到{median:N0}万元（演示）",
            new TargetRule { Kind = TargetRuleKind.Threshold, Indicator = "PHXW_BAL", Comparator = ">=", Threshold = median, By = today.AddDays(-14) });
        Add(requirement.Id, form.Id, $"辖内普惠型小微企业贷款余额年末突破{Math.Round(phxwTotal * 1.02m):N0}万元（演示）",
            new TargetRule { Kind = TargetRuleKind.Threshold, Indicator = "PHXW_BAL", Comparator = ">", Threshold = Math.Round(phxwTotal * 1.02m), By = yearEnd, Scope = TargetScope.Jurisdiction });

        // Year-start figures: one bank in three started the year with little 普惠 lending (growth ahead of loans), one
        // with more than it has now (behind), one level with loans; one in four had more 普惠 borrowers in January.
        for (var i = 0; i < earliest.Count; i++)
        {
            var values = SubmissionJson.Values(earliest[i].ValuesJson);
            var (phxw, loan) = (i % 3) switch
            {
                0 => (0.90m, 0.97m),
                1 => (1.20m, 0.97m),
                _ => (0.99m, 0.95m),
            };
            AddBaseline(earliest[i].InstitutionId, today.Year, "PHXW_BAL", (values.GetValueOrDefault("PHXW_BAL") ?? 0) * phxw);
            AddBaseline(earliest[i].InstitutionId, today.Year, "LOAN_BAL", (values.GetValueOrDefault("LOAN_BAL") ?? 0) * loan);
            AddBaseline(earliest[i].InstitutionId, today.Year, "PHXW_CNT", (values.GetValueOrDefault("PHXW_CNT") ?? 0) + (i % 4 == 1 ? 500 : -5));
        }

        await db.SaveChangesAsync(ct);
        await tracker.EvaluateAsync(form.Id, null, ct);
    }

    private void Add(int requirementId, int formId, string description, TargetRule rule)
    {
        if (!db.TrackedTargets.Any(t => t.RequirementId == requirementId && t.Description == description))
        {
            db.TrackedTargets.Add(new TrackedTarget { RequirementId = requirementId, FormId = formId, Description = description, Rule = rule });
        }
    }

    private void AddBaseline(int institutionId, int year, string indicator, decimal value)
    {
        if (!db.TargetBaselines.Any(b => b.InstitutionId == institutionId && b.Year == year && b.Indicator == indicator))
        {
            db.TargetBaselines.Add(new TargetBaseline
            {
                InstitutionId = institutionId, Year = year, Indicator = indicator, Value = Math.Round(Math.Max(0, value), 2), Source = "演示数据", EnteredBy = "demo",
                EnteredAt = time.GetUtcNow().UtcDateTime,
            });
        }
    }
}
