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
/// order, a 合计 row, and for the key indicators the change against the previous period and the rank. Late, missing
/// and returned (已退回) institutions are marked. Figures are those submitted or approved; drafts and returned ones
/// are not reported. The 较上期 合计 compares like for like: only institutions that reported in both periods (可比机构).
/// Printed, it spreads over A4 landscape pages by groups of indicator columns, each page repeating the title block,
/// the header and the institution's name.
/// </summary>
public sealed class WeeklySummaryExport(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, ExportNames names, TimeProvider time)
{
    public const string Template = "exports/weekly-summary.xlsx";
    public const string Sheet = "周报汇总";

    /// <summary>Width of an indicator's column (a 万元 total of 20,000 banks fits); its header wraps.</summary>
    private const double IndicatorWidth = 15;

    /// <summary>序号, 机构代码, 机构名称: kept in view when scrolling and repeated on every printed page.</summary>
    private const int NameColumns = 3;

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
        var current = await FiguresAsync(form.Id, period.Id, indicators, withComments: true, ct);
        var before = previous is null ? [] : await FiguresAsync(form.Id, previous.Id, indicators, withComments: false, ct);
        var returned = await ReturnedAsync(form.Id, period.Id, ct);
        var issuer = await db.Circulars.Where(c => c.Requirements.Any(r => r.Id == form.RequirementId))
            .Select(c => c.Issuers.OrderBy(i => i.Order).Select(i => i.Issuer.Name).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var preparedBy = await names.PreparedByAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;

        var rows = institutions.Select(i => new Row(i.Code, i.Name, current.GetValueOrDefault(i.Id), before.GetValueOrDefault(i.Id), returned.TryGetValue(i.Id, out var reason) ? reason ?? "" : null)).ToList();
        var ranks = indicators.Select((indicator, at) => keyCodes.Contains(indicator.Code) ? Ranks(rows.Select(r => r.Figures?.Values[at]).ToList()) : null).ToList();
        var comparable = rows.Count(r => r.Figures is not null && r.Before is not null);

        var columns = new List<XColumn> { new("序号", 6), new("机构代码", 12), new("机构名称", 30), new("报送情况", 10), new("首次报送时间", 17) };
        var groupStarts = new HashSet<int>();
        foreach (var indicator in indicators)
        {
            groupStarts.Add(columns.Count);
            columns.Add(new XColumn(Header(indicator), IndicatorWidth));
            if (keyCodes.Contains(indicator.Code))
            {
                columns.Add(new XColumn($"{indicator.Name}较上期", 13));
                columns.Add(new XColumn($"{indicator.Name}排名", 8));
            }
        }

        groupStarts.Add(columns.Count);
        columns.Add(new XColumn("填报说明", 40, Wrap: true));

        IEnumerable<IReadOnlyList<XCell>> Body()
        {
            for (var n = 0; n < rows.Count; n++)
            {
                var row = rows[n];
                var (state, style) = State(row, period.DueAt, now);
                var cells = new List<XCell>(columns.Count)
                {
                    new(n + 1, XStyle.Number0), XCell.Text(row.Code), XCell.Text(row.Name), XCell.Text(state, style),
                    row.Figures?.FirstSubmittedAt is { } at ? new XCell(ChinaTime.ToChina(at).DateTime, XStyle.DateTime) : XCell.Empty,
                };
                for (var i = 0; i < indicators.Count; i++)
                {
                    var value = row.Figures?.Values[i];
                    cells.Add(XCell.Number(value, indicators[i].Decimals));
                    if (ranks[i] is { } rank)
                    {
                        var last = row.Before?.Values[i];
                        cells.Add(XCell.Number(value is { } v && last is { } l ? v - l : null, indicators[i].Decimals));
                        cells.Add(rank[n] is { } r ? new XCell(r, XStyle.Number0) : XCell.Empty);
                    }
                }

                // What the branch typed, as text: a "=HYPERLINK(…)" stays words, never a formula.
                cells.Add(XCell.Text(row.ReturnReason is { } why ? $"已退回{(why.Length > 0 ? $"：{why}" : "")}" : row.Figures?.Comments ?? ""));
                yield return cells;
            }

            var total = new List<XCell>(columns.Count)
            {
                XCell.Text("合计", XStyle.TotalText), XCell.Text("", XStyle.TotalText), XCell.Text($"{rows.Count} 家机构", XStyle.TotalText),
                XCell.Text($"已报 {rows.Count(r => r.Figures is not null)} 家", XStyle.TotalText), XCell.Text($"可比机构 {comparable} 家", XStyle.TotalText),
            };
            for (var i = 0; i < indicators.Count; i++)
            {
                var additive = Additive.Contains(indicators[i].Unit);
                total.Add(additive ? XCell.Number(rows.Sum(r => r.Figures?.Values[i] ?? 0), indicators[i].Decimals, total: true) : XCell.Text("", XStyle.TotalText));
                if (ranks[i] is not null)
                {
                    total.Add(additive ? XCell.Number(LikeForLike(rows, i), indicators[i].Decimals, total: true) : XCell.Text("", XStyle.TotalText));
                    total.Add(XCell.Text("", XStyle.TotalText));
                }
            }

            total.Add(XCell.Text("", XStyle.TotalText));
            yield return total;
        }

        var late = rows.Count(r => r.Figures is { FirstSubmittedAt: { } at } && at > period.DueAt);
        var missing = rows.Count(r => r.Figures is null && r.ReturnReason is null && now > period.DueAt);
        return new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body(),
            FrozenColumns = NameColumns,
            PrintTitleColumns = NameColumns,
            PageBreaksBefore = TemplateWriter.PageBreaks(columns, NameColumns, groupStarts),
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = $"{form.Name}汇总表",
                ["CT_Subtitle"] = $"{PeriodNames.Name(period.Key, period.Start, period.End)}{form.VersionSuffix(period.Version)}{(issuer is null ? "" : $"　发文机关：{issuer}")}",
                ["CT_Units"] = "金额、户数等单位见各列标题",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}　{preparedBy}",
                ["CT_Notes"] = $"应报 {rows.Count} 家，按时 {rows.Count(r => r.Figures is { FirstSubmittedAt: { } at } && at <= period.DueAt)} 家，迟报 {late} 家，"
                    + $"未报 {missing} 家，已退回 {returned.Count} 家；截止时间 {ChinaTime.ToChina(period.DueAt):yyyy-MM-dd HH:mm}。"
                    + (previous is null ? "" : $"较上期合计只比较两期都已报送的机构（可比机构 {comparable} 家）。"),
            },
        };
    }

    /// <summary>One institution's line: this period's figures, last period's, and the reason when its report was returned (null when not).</summary>
    private sealed record Row(string Code, string Name, Figures? Figures, Figures? Before, string? ReturnReason);

    /// <summary>The 较上期 合计: the change summed over the institutions with a figure in both periods only.</summary>
    private static decimal LikeForLike(List<Row> rows, int indicator) =>
        rows.Sum(r => r.Figures?.Values[indicator] is { } v && r.Before?.Values[indicator] is { } l ? v - l : 0);

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

    /// <summary>Competition ranking, highest first (1, 2, 2, 4); no figure, no rank. Sorted once: 20,000 institutions are ordinary.</summary>
    private static int?[] Ranks(List<decimal?> values)
    {
        var sorted = values.Where(v => v.HasValue).Select(v => v!.Value).Order().ToArray();
        return values.Select(v => v is { } x ? (int?)(sorted.Length - UpperBound(sorted, x) + 1) : null).ToArray();
    }

    /// <summary>The index of the first value greater than <paramref name="x"/> in ascending <paramref name="sorted"/>.</summary>
    private static int UpperBound(decimal[] sorted, decimal x)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] <= x ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static (string State, XStyle Style) State(Row row, DateTime dueAt, DateTime now) => row switch
    {
        { ReturnReason: not null } => ("已退回", XStyle.Warning),
        { Figures.FirstSubmittedAt: { } at } when at <= dueAt => ("按时", XStyle.OnTime),
        { Figures.FirstSubmittedAt: not null } => ("迟报", XStyle.Late),
        _ when now <= dueAt => ("未到期", XStyle.Pending),
        _ => ("未报", XStyle.Missing),
    };

    private IQueryable<Institution> Expected(ReportForm form, AccessScope scope) => scope.Institutions(db).BoundBy(db, form);

    /// <summary>An institution's figures in indicator order, its comments as one text, and when it first submitted.</summary>
    private sealed record Figures(decimal?[] Values, string Comments, DateTime? FirstSubmittedAt);

    /// <summary>
    /// The period's submitted and approved figures by institution, read one submission at a time: each one's JSON is
    /// read into an array in indicator order and dropped (no list of every submission's JSON is held).
    /// </summary>
    private async Task<Dictionary<int, Figures>> FiguresAsync(int formId, int periodId, List<Indicator> indicators, bool withComments, CancellationToken ct)
    {
        var positions = indicators.Select((indicator, at) => (indicator.Code, at)).ToDictionary(p => p.Code, p => p.at, StringComparer.Ordinal);
        var figures = new Dictionary<int, Figures>();
        var submissions = db.Submissions.AsNoTracking()
            .Where(s => s.FormId == formId && s.PeriodId == periodId && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => new { s.InstitutionId, s.ValuesJson, CommentsJson = withComments ? s.CommentsJson : null, s.FirstSubmittedAt })
            .AsAsyncEnumerable();
        await foreach (var submission in submissions.WithCancellation(ct))
        {
            var values = new decimal?[indicators.Count];
            SubmissionJson.ReadValues(submission.ValuesJson, positions, values);

            var comments = submission.CommentsJson is null ? "" : string.Join("；", SubmissionJson.Comments(submission.CommentsJson).Select(c => $"{c.Key}：{c.Value}"));
            figures[submission.InstitutionId] = new Figures(values, comments, submission.FirstSubmittedAt);
        }

        return figures;
    }

    /// <summary>The institutions whose report of the period a supervisor returned, with the reason given (empty when none).</summary>
    private async Task<Dictionary<int, string?>> ReturnedAsync(int formId, int periodId, CancellationToken ct) =>
        await db.Submissions.Where(s => s.FormId == formId && s.PeriodId == periodId && s.Status == SubmissionStatus.Returned)
            .Select(s => new { s.InstitutionId, Reason = s.Events.Where(e => e.To == SubmissionStatus.Returned).OrderByDescending(e => e.At).Select(e => e.Reason).FirstOrDefault() })
            .ToDictionaryAsync(s => s.InstitutionId, s => s.Reason, ct);
}
