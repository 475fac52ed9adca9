using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// 报送完整性: institutions × periods, each cell 按时 / 迟报 / 未报 / 未到期 in its colour, each institution's on-time
/// rate, and per period the submitted and on-time rates. The same figures as the completeness API.
/// </summary>
public sealed class CompletenessExport(GetCompletenessHandler completeness, SubmissionContextLoader loader, TimeProvider time)
{
    public const string Template = "exports/completeness.xlsx";
    public const string Sheet = "报送完整性";

    public async Task<SheetContent> BuildAsync(string formCode, string? from, string? to, CancellationToken ct)
    {
        var form = await loader.FormAsync(formCode, ct);
        var matrix = await completeness.ForRangeAsync(formCode, from, to, ct);
        var columns = new List<XColumn> { new("序号", 6), new("机构代码", 12), new("机构名称", 30) };
        var year = ChinaTime.Today(time).Year;
        // A form changed by a new version says on each period's column which version it was reported on.
        var versioned = matrix.Rates.Select(r => r.Version).Distinct().Count() > 1;
        columns.AddRange(matrix.Periods.Select((p, i) => new XColumn(versioned ? $"{PeriodNames.ShortName(p, year)}（第{matrix.Rates[i].Version}版）" : PeriodNames.ShortName(p, year), versioned ? 16 : 12)));
        columns.Add(new XColumn("按时率（%）", 10));

        IEnumerable<IReadOnlyList<XCell>> Body()
        {
            var n = 0;
            foreach (var row in matrix.Institutions)
            {
                var cells = new List<XCell>(columns.Count) { new(++n, XStyle.Number0), XCell.Text(row.Code), XCell.Text(row.Name) };
                cells.AddRange(row.Cells.Select(Cell));
                cells.Add(XCell.Number(row.OnTimeRate, 1));
                yield return cells;
            }

            var submitted = new List<XCell> { XCell.Text("合计", XStyle.TotalText), XCell.Text("", XStyle.TotalText), XCell.Text("报送率（%）", XStyle.TotalText) };
            submitted.AddRange(matrix.Rates.Select(r => XCell.Number(r.SubmittedRate, 1, total: true)));
            submitted.Add(XCell.Text("", XStyle.TotalText));
            yield return submitted;

            var onTime = new List<XCell> { XCell.Text("", XStyle.TotalText), XCell.Text("", XStyle.TotalText), XCell.Text("按时率（%）", XStyle.TotalText) };
            onTime.AddRange(matrix.Rates.Select(r => XCell.Number(r.OnTimeRate, 1, total: true)));
            onTime.Add(XCell.Text("", XStyle.TotalText));
            yield return onTime;
        }

        return new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body(),
            FrozenColumns = 3,
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = $"{form.Name}报送完整性",
                ["CT_Subtitle"] = matrix.Periods.Count == 0 ? "所选范围内没有期次" : $"{PeriodNames.Name(matrix.Periods[0])} 至 {PeriodNames.Name(matrix.Periods[^1])}，{matrix.Institutions.Count} 家机构",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}",
                ["CT_Notes"] = "按时：首次提交早于截止时间；迟报：截止后提交；未报：截止后仍未提交；未到期：尚未到截止时间。",
            },
        };
    }

    private static XCell Cell(CellState state) => state switch
    {
        CellState.OnTime => XCell.Text("按时", XStyle.OnTime),
        CellState.Late => XCell.Text("迟报", XStyle.Late),
        CellState.Missing => XCell.Text("未报", XStyle.Missing),
        _ => XCell.Text("未到期", XStyle.Pending),
    };
}
