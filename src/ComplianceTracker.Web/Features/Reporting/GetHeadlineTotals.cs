using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record GetHeadlineTotalsRequest(string Form, IReadOnlyList<string> Periods);

/// <summary>One headline indicator's total per period; amounts in 万元 are given in 亿元.</summary>
public sealed record HeadlineTotalDto(string Code, string Name, string Unit, List<decimal> Values);

/// <summary>
/// The weekly totals of a form's headline indicators (<see cref="Indicator.Headline"/>), over the figures submitted or
/// approved by the institutions the caller sees, in the order of the form.
/// </summary>
public sealed class GetHeadlineTotalsHandler(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader)
{
    public async Task<List<HeadlineTotalDto>> HandleAsync(GetHeadlineTotalsRequest request, CancellationToken ct)
    {
        var form = await loader.FormAsync(request.Form, ct);
        var headlines = form.Indicators.Where(i => i.Headline).OrderBy(i => i.Ordinal).ToList();
        if (headlines.Count == 0 || request.Periods.Count == 0)
        {
            return [];
        }

        var visible = (await currentUser.ScopeAsync(ct)).Institutions(db).Select(i => i.Id);
        var periods = request.Periods.ToList();
        var rows = await db.Submissions
            .Where(s => s.FormId == form.Id && periods.Contains(s.Period.Key) && visible.Contains(s.InstitutionId)
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.Period.Key, s.ValuesJson })
            .ToListAsync(ct);
        var figures = rows.Select(r => (r.Key, Values: SubmissionJson.Values(r.ValuesJson))).ToList();
        return headlines.Select(i =>
        {
            var (unit, divisor) = i.Unit == "万元" ? ("亿元", 10000m) : (i.Unit, 1m);
            var values = periods.Select(p => figures.Where(f => f.Key == p).Sum(f => f.Values.GetValueOrDefault(i.Code) ?? 0) / divisor).ToList();
            return new HeadlineTotalDto(i.Code, i.Name, unit, values);
        }).ToList();
    }
}
