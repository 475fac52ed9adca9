using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// What the database says the leader's dashboard must show for the demo form, worked out here from the tables
/// (not through the app's handlers): the latest period that is due, who was expected, who reported and on time, who
/// has not, the headline indicators' totals over the banks that reported both that period and the one before, and the
/// chart's total of that period: what was reported plus each late bank's latest earlier figure in the chart's 12 weeks.
/// </summary>
public sealed record DashboardFacts(
    string Period, string PeriodName, string Previous, int Expected, int Submitted, int OnTime, List<string> Missing, List<string> MissingCodes,
    int Comparable, List<(string Name, decimal Current, decimal Previous, decimal AllCurrent, decimal AllPrevious)> Totals, List<string> NotYetDue,
    List<decimal> CarriedTotals, int CarriedForward)
{
    public static Task<DashboardFacts> ForAsync(ComplianceApp app, string userName) => app.QueryAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var path = await db.Users.Where(u => u.UserName == userName).Select(u => u.Jurisdiction!.Path).SingleAsync();
        var form = await db.ReportForms.Include(f => f.Indicators).SingleAsync(f => f.Code == DemoSeeder.DemoFormCode);
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).ToListAsync();
        var due = periods.Where(p => p.DueAt < now).ToList();
        var (current, previous) = (due[^1], due[^2]);
        var banks = await db.Institutions
            .Where(i => i.Jurisdiction.Path.StartsWith(path) && i.IsActive && db.Obligations.Any(o => o.RequirementId == form.RequirementId && o.InstitutionId == i.Id))
            .Select(i => new { i.Id, i.Code, Name = i.ShortName ?? i.Name }).ToListAsync();
        var ids = banks.Select(b => b.Id).ToList();
        var reported = await db.Submissions
            .Where(s => (s.PeriodId == current.Id || s.PeriodId == previous.Id) && ids.Contains(s.InstitutionId)
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.PeriodId, s.InstitutionId, s.FirstSubmittedAt, s.ValuesJson }).ToListAsync();
        var now1 = reported.Where(r => r.PeriodId == current.Id).ToList();
        var before = reported.Where(r => r.PeriodId == previous.Id).ToList();
        var both = now1.Select(r => r.InstitutionId).Intersect(before.Select(r => r.InstitutionId)).ToHashSet();
        var missing = banks.Where(b => now1.All(r => r.InstitutionId != b.Id)).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();

        var today = DateOnly.FromDateTime(now.AddHours(8));
        var window = periods.Where(p => p.Start <= today).TakeLast(12).Where(p => p.Start < current.Start).Select(p => p.Id).ToList();
        var missingIds = missing.Select(m => m.Id).ToList();
        var earlier = (await db.Submissions
                .Where(s => window.Contains(s.PeriodId) && missingIds.Contains(s.InstitutionId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
                .Select(s => new { s.InstitutionId, s.Period.Start, s.ValuesJson }).ToListAsync())
            .GroupBy(s => s.InstitutionId).Select(g => g.OrderBy(s => s.Start).Last().ValuesJson).ToList();

        decimal Sum(IEnumerable<string> json, Indicator i) =>
            json.Sum(j => JsonSerializer.Deserialize<Dictionary<string, decimal?>>(j)!.GetValueOrDefault(i.Code) ?? 0) / (i.Unit == "万元" ? 10000m : 1m);

        var totals = form.Indicators.Where(i => i.Headline).OrderBy(i => i.Ordinal).Select(i => (
            i.Name,
            Math.Round(Sum(now1.Where(r => both.Contains(r.InstitutionId)).Select(r => r.ValuesJson), i), 2),
            Math.Round(Sum(before.Where(r => both.Contains(r.InstitutionId)).Select(r => r.ValuesJson), i), 2),
            Sum(now1.Select(r => r.ValuesJson), i),
            Sum(before.Select(r => r.ValuesJson), i))).ToList();
        return new DashboardFacts(
            current.Key, PeriodNames.Name(current.Key, current.Start, current.End, DateTime.UtcNow.AddHours(8).Year), previous.Key, banks.Count, now1.Count,
            now1.Count(r => r.FirstSubmittedAt <= current.DueAt), missing.Select(m => m.Name).ToList(), missing.Select(m => m.Code).ToList(),
            both.Count, totals, periods.Where(p => p.DueAt >= now && p.Start <= today).Select(p => p.Key).ToList(),
            form.Indicators.Where(i => i.Headline).OrderBy(i => i.Ordinal).Select(i => Math.Round(Sum(now1.Select(r => r.ValuesJson).Concat(earlier), i), 2)).ToList(), earlier.Count);
    });
}
