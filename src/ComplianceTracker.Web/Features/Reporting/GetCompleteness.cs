using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record CompletenessDto(string PeriodKey, int Expected, int Submitted, int OnTime, int Late, List<string> Missing, int Version = 1);

public enum CellState
{
    OnTime,
    Late,
    Missing,
    Pending,
}

public sealed record CompletenessMatrixDto(List<string> Periods, List<CompletenessRowDto> Institutions, List<PeriodRateDto> Rates);

public sealed record CompletenessRowDto(string Code, string Name, List<CellState> Cells, decimal OnTimeRate);

public sealed record PeriodRateDto(string PeriodKey, int Expected, int Submitted, int OnTime, decimal SubmittedRate, decimal OnTimeRate, int Version = 1);

/// <summary>
/// Who was expected to report, who did, on time or late, and who is missing — for one period or institutions ×
/// periods. Expected institutions are those the form's requirement binds, within what the caller sees. Counted
/// as submitted: a submission that is submitted or approved; on time when its first submission beat the due moment.
/// </summary>
public sealed class GetCompletenessHandler(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, TimeProvider time)
{
    public async Task<CompletenessDto> ForPeriodAsync(string formCode, string periodKey, CancellationToken ct)
    {
        var form = await loader.FormAsync(formCode, ct);
        var period = await loader.PeriodAsync(form, periodKey, ct);
        var expected = await ExpectedAsync(form, period.Start, ct);
        var submitted = await SubmittedAsync([period.Id], ct);
        var onTime = submitted.Count(s => s.FirstSubmittedAt <= period.DueAt && expected.ContainsKey(s.InstitutionId));
        var done = submitted.Where(s => expected.ContainsKey(s.InstitutionId)).Select(s => s.InstitutionId).ToHashSet();
        return new CompletenessDto(
            period.Key,
            expected.Count,
            done.Count,
            onTime,
            done.Count - onTime,
            expected.Where(e => !done.Contains(e.Key)).Select(e => e.Value.Code).Order(StringComparer.Ordinal).ToList(),
            period.Version);
    }

    /// <summary>The matrix over the form's last <paramref name="count"/> periods that have started (the dashboard's and the page's view); null when none has.</summary>
    public async Task<CompletenessMatrixDto?> ForLatestAsync(string formCode, int count, CancellationToken ct)
    {
        var form = await loader.FormAsync(formCode, ct);
        var today = ChinaTime.Today(time);
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start <= today).OrderByDescending(p => p.Start).Select(p => p.Key).Take(Math.Clamp(count, 1, 52)).ToListAsync(ct);
        return periods.Count == 0 ? null : await ForRangeAsync(formCode, periods[^1], periods[0], ct);
    }

    public async Task<CompletenessMatrixDto> ForRangeAsync(string formCode, string? from, string? to, CancellationToken ct)
    {
        var form = await loader.FormAsync(formCode, ct);
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).ToListAsync(ct);
        var first = from is null ? 0 : periods.FindIndex(p => p.Key == from);
        var last = to is null ? periods.Count - 1 : periods.FindIndex(p => p.Key == to);
        if (first < 0 || last < 0)
        {
            throw RuleViolationException.For(first < 0 ? "from" : "to", $"报表“{form.Name}”没有期次“{(first < 0 ? from : to)}”。");
        }

        if (last < first)
        {
            throw RuleViolationException.For("to", "结束期次不能早于开始期次。");
        }

        periods = periods.GetRange(first, last - first + 1);
        var expected = await ExpectedAsync(form, periods[0].Start, ct);
        var submitted = (await SubmittedAsync(periods.Select(p => p.Id).ToList(), ct)).ToDictionary(s => (s.PeriodId, s.InstitutionId), s => s.FirstSubmittedAt);
        var now = time.GetUtcNow().UtcDateTime;

        CellState State(ReportPeriod p, int institutionId) =>
            submitted.TryGetValue((p.Id, institutionId), out var at) ? (at <= p.DueAt ? CellState.OnTime : CellState.Late)
            : now <= p.DueAt ? CellState.Pending : CellState.Missing;

        var rows = expected.Values.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i =>
        {
            var cells = periods.Select(p => State(p, i.Id)).ToList();
            var due = cells.Count(c => c != CellState.Pending);
            return new CompletenessRowDto(i.Code, i.Name, cells, Rate(cells.Count(c => c == CellState.OnTime), due));
        }).ToList();
        var rates = periods.Select((p, index) =>
        {
            var column = rows.Select(r => r.Cells[index]).ToList();
            var done = column.Count(c => c is CellState.OnTime or CellState.Late);
            var onTime = column.Count(c => c == CellState.OnTime);
            return new PeriodRateDto(p.Key, column.Count, done, onTime, Rate(done, column.Count), Rate(onTime, column.Count), p.Version);
        }).ToList();
        return new CompletenessMatrixDto(periods.Select(p => p.Key).ToList(), rows, rates);
    }

    /// <summary>Bound institutions, less those deactivated before <paramref name="from"/> began (their history before stays counted).</summary>
    private async Task<Dictionary<int, (int Id, string Code, string Name)>> ExpectedAsync(ReportForm form, DateOnly from, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var start = ChinaTime.ToUtc(from, TimeOnly.MinValue);
        var rows = await scope.Institutions(db).Where(i => i.IsActive || i.DeactivatedAt >= start).BoundBy(db, form).Select(i => new { i.Id, i.Code, i.Name }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Id, r.Code, r.Name));
    }

    private async Task<List<(int PeriodId, int InstitutionId, DateTime FirstSubmittedAt)>> SubmittedAsync(List<int> periodIds, CancellationToken ct)
    {
        var rows = await db.Submissions
            .Where(s => periodIds.Contains(s.PeriodId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved) && s.FirstSubmittedAt != null)
            .Select(s => new { s.PeriodId, s.InstitutionId, s.FirstSubmittedAt })
            .ToListAsync(ct);
        return rows.Select(r => (r.PeriodId, r.InstitutionId, r.FirstSubmittedAt!.Value)).ToList();
    }

    private static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);
}
