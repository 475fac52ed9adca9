using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// 周报汇总表: one row per institution the form binds (within what the caller sees), the form's indicators in
/// order, a 合计 row, and for the key indicators the change against the previous period and the rank. Late and
/// missing institutions are marked. Figures are those submitted or approved; drafts are not reported.
/// </summary>
public sealed class WeeklySummaryExport(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, TimeProvider time)
{
    public const string Template = "exports/weekly-summary.xlsx";
    public const string Sheet = "周报汇总";

    /// <summary>Units whose figures add up across institutions; a rate or a ratio is not summed.</summary>
    private static readonly HashSet<string> Additive = new(StringComparer.Ordinal) { "亿元", "万元", "元", "户", "家", "笔", "个", "人", "万人", "项", "次", "件" };

    public async Task<int> CountRowsAsync(string formCode, CancellationToken ct)
    {
        var form = await loader.FormAsync(formCode, ct);
        return await Expected(form, await currentUser.ScopeAsync(ct)).CountAsync(ct);
    }

    public async Task<SheetContent> BuildAsync(string formCode, string periodKey, string? keys, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var (form, period) = await loader.FormForPeriodAsync(formCode, periodKey, ct);
        var indicators = form.Indicators.OrderBy(i => i.Ordinal).ToList();
        var keyCodes = KeyIndicators(keys, indicators);
        var previous = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.End < period.Start).OrderByDescending(p => p.End).FirstOrDefaultAsync(ct);
        var institutions = await Expected(form, scope).OrderBy(i => i.Code).Select(i => new { i.Id, i.Code, i.Name }).ToListAsync(ct);
        var current = await FiguresAsync(form.Id, period.Id, ct);
        var before = previous is null ? [] : await FiguresAsync(form.Id, previous.Id, ct);
        var issuer = await db.Circulars.Where(c => c.Requirements.Any(r => r.Id == form.RequirementId))
            .Select(c => c.Issuers.OrderBy(i => i.Order).Select(i => i.Issuer.Name).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;

        var rows = institutions.Select(i => (i.Code, i.Name, Figures: current.GetValueOrDefault(i.Id), Before: before.GetValueOrDefault(i.Id))).ToList();
        var ranks = keyCodes.ToDictionary(k => k, k => Ranks(rows.Select(r => r.Figures?.Values.GetValueOrDefault(k)).ToList()), StringComparer.Ordinal);

        var columns = new List<XColumn> { new("序号", 6), new("机构代码", 12), new("机构名称", 30), new("报送情况", 10), new("首次报送时间", 17) };
        foreach (var indicator in indicators)
        {
            columns.Add(new XColumn(Header(indicator)));
            if (keyCodes.Contains(indicator.Code))
            {
                columns.Add(new XColumn($"{indicator.Name}较上期", 12));
                columns.Add(new XColumn($"{indicator.Name}排名", 8));
            }
        }

        columns.Add(new XColumn("填报说明", 40));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        IEnumerable<IReadOnlyList<XCell>> Body()
        {
            for (var n = 0; n < rows.Count; n++)
            {
                var (code, name, figures, previousFigures) = rows[n];
                var (state, style) = State(figures, period.DueAt, now);
                counts[state] = counts.GetValueOrDefault(state) + 1;
                var cells = new List<XCell>(columns.Count)
                {
                    new(n + 1, XStyle.Number0), XCell.Text(code), XCell.Text(name), XCell.Text(state, style),
                    figures?.FirstSubmittedAt is { } at ? new XCell(ChinaTime.ToChina(at).DateTime, XStyle.DateTime) : XCell.Empty,
                };
                foreach (var indicator in indicators)
                {
                    var value = figures?.Values.GetValueOrDefault(indicator.Code);
                    cells.Add(XCell.Number(value, indicator.Decimals));
                    if (keyCodes.Contains(indicator.Code))
                    {
                        var last = previousFigures?.Values.GetValueOrDefault(indicator.Code);
                        cells.Add(XCell.Number(value is { } v && last is { } l ? v - l : null, indicator.Decimals));
                        cells.Add(ranks[indicator.Code][n] is { } rank ? new XCell(rank, XStyle.Number0) : XCell.Empty);
                    }
                }

                // What the branch typed, as text: a "=HYPERLINK(…)" stays words, never a formula.
                cells.Add(XCell.Text(figures is null ? "" : string.Join("；", figures.Comments.Select(c => $"{c.Key}：{c.Value}"))));
                yield return cells;
            }

            var total = new List<XCell>(columns.Count) { XCell.Text("合计", XStyle.TotalText), XCell.Text("", XStyle.TotalText), XCell.Text($"{rows.Count} 家机构", XStyle.TotalText), XCell.Text($"已报 {rows.Count(r => r.Figures is not null)} 家", XStyle.TotalText), XCell.Text("", XStyle.TotalText) };
            foreach (var indicator in indicators)
            {
                var additive = Additive.Contains(indicator.Unit);
                total.Add(additive ? XCell.Number(rows.Sum(r => r.Figures?.Values.GetValueOrDefault(indicator.Code) ?? 0), indicator.Decimals, total: true) : XCell.Text("", XStyle.TotalText));
                if (keyCodes.Contains(indicator.Code))
                {
                    total.Add(additive
                        ? XCell.Number(rows.Sum(r => r.Figures?.Values.GetValueOrDefault(indicator.Code) is { } v && r.Before?.Values.GetValueOrDefault(indicator.Code) is { } l ? v - l : 0), indicator.Decimals, total: true)
                        : XCell.Text("", XStyle.TotalText));
                    total.Add(XCell.Text("", XStyle.TotalText));
                }
            }

            total.Add(XCell.Text("", XStyle.TotalText));
            yield return total;
        }

        var late = rows.Count(r => r.Figures is { FirstSubmittedAt: { } at } && at > period.DueAt);
        var missing = rows.Count(r => r.Figures is null && now > period.DueAt);
        return new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body(),
            FrozenColumns = 3,
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = $"{form.Name}汇总表",
                ["CT_Subtitle"] = $"{PeriodNames.Name(period.Key, period.Start, period.End)}{form.VersionSuffix(period.Version)}{(issuer is null ? "" : $"　发文机关：{issuer}")}",
                ["CT_Units"] = "金额、户数等单位见各列标题",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}",
                ["CT_Notes"] = $"应报 {rows.Count} 家，按时 {rows.Count(r => r.Figures is { FirstSubmittedAt: { } at } && at <= period.DueAt)} 家，迟报 {late} 家，未报 {missing} 家；截止时间 {ChinaTime.ToChina(period.DueAt):yyyy-MM-dd HH:mm}。",
            },
        };
    }

    private static string Header(Indicator indicator) => indicator.Unit is { Length: > 0 } unit ? $"{indicator.Name}（{unit}）" : indicator.Name;

    /// <summary>The indicators to rank: the ones asked for, else the first three additive ones of the form.</summary>
    private static HashSet<string> KeyIndicators(string? keys, List<Indicator> indicators)
    {
        if (string.IsNullOrWhiteSpace(keys))
        {
            return indicators.Where(i => Additive.Contains(i.Unit)).Take(3).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        }

        var asked = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = asked.Where(k => indicators.All(i => i.Code != k)).ToList();
        return unknown.Count > 0
            ? throw RuleViolationException.For("keys", $"报表中没有指标 {string.Join("、", unknown)}，请从报表的指标代码中选择排名指标。")
            : asked.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Competition ranking, highest first (1, 2, 2, 4); no figure, no rank.</summary>
    private static List<int?> Ranks(List<decimal?> values) =>
        values.Select(v => v is { } x ? (int?)(values.Count(o => o > x) + 1) : null).ToList();

    private static (string State, XStyle Style) State(Figures? figures, DateTime dueAt, DateTime now) => figures switch
    {
        { FirstSubmittedAt: { } at } when at <= dueAt => ("按时", XStyle.OnTime),
        { FirstSubmittedAt: not null } => ("迟报", XStyle.Late),
        _ when now <= dueAt => ("未到期", XStyle.Pending),
        _ => ("未报", XStyle.Missing),
    };

    private IQueryable<Institution> Expected(ReportForm form, AccessScope scope) => scope.Institutions(db).BoundBy(db, form);

    private sealed record Figures(Dictionary<string, decimal?> Values, Dictionary<string, string> Comments, DateTime? FirstSubmittedAt);

    private async Task<Dictionary<int, Figures>> FiguresAsync(int formId, int periodId, CancellationToken ct)
    {
        var rows = await db.Submissions
            .Where(s => s.FormId == formId && s.PeriodId == periodId && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.InstitutionId, s.ValuesJson, s.CommentsJson, s.FirstSubmittedAt })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.InstitutionId, r => new Figures(SubmissionJson.Values(r.ValuesJson), SubmissionJson.Comments(r.CommentsJson), r.FirstSubmittedAt));
    }
}
