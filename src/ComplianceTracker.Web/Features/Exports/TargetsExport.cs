using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// 目标完成情况 (排名通报): for each tracked target, the jurisdiction's total first, then the institutions ranked best
/// first, with status, the figures that decided it, and why. The same verdicts as <c>GET /api/targets</c>.
/// </summary>
public sealed class TargetsExport(TargetQueries queries, TimeProvider time)
{
    public const string Template = "exports/targets.xlsx";
    public const string Sheet = "目标完成情况";

    public async Task<SheetContent> BuildAsync(int? circularId, CancellationToken ct)
    {
        var rows = await queries.LatestAsync(circularId, null, ct);
        var columns = new List<XColumn>
        {
            new("目标", 40), new("文号", 22), new("条款", 12), new("范围", 10), new("机构代码", 12), new("机构名称", 30), new("排名", 6),
            new("状态", 10), new("实际值", 14), new("要求值", 14), new("截至期次", 14), new("说明", 70),
        };

        IEnumerable<IReadOnlyList<XCell>> Body() => rows.Select(r => (IReadOnlyList<XCell>)
        [
            XCell.Text(r.Description, r.Institution is null ? XStyle.TotalText : XStyle.Text), XCell.Text(r.DocumentNumber ?? ""), XCell.Text(r.Clause),
            XCell.Text(r.Institution is null ? "辖内合计" : "机构"), XCell.Text(r.Institution ?? ""), XCell.Text(r.InstitutionName ?? (r.Institution is null ? "合计" : "")),
            r.Rank is { } rank ? new XCell(rank, XStyle.Number0) : XCell.Empty,
            XCell.Text(r.Status.Label(), Style(r.Status)),
            XCell.Number(r.Actual, 2, total: r.Institution is null), XCell.Number(r.Threshold, 2, total: r.Institution is null),
            XCell.Text(r.AsOf is { } asOf ? PeriodNames.ShortName(asOf) : ""), XCell.Text(r.Explanation),
        ]);

        return new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body(),
            FrozenColumns = 1,
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = "量化目标完成情况及排名",
                ["CT_Subtitle"] = $"共 {rows.Select(r => r.Id).Distinct().Count()} 项目标；达标 {rows.Count(r => r.Status == TargetStatus.Met)}、进度正常 {rows.Count(r => r.Status == TargetStatus.OnTrack)}、存在风险 {rows.Count(r => r.Status == TargetStatus.AtRisk)}、未达标 {rows.Count(r => r.Status == TargetStatus.Missed)}、无数据 {rows.Count(r => r.Status == TargetStatus.NoData)}",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}",
                ["CT_Notes"] = "排名按决定目标的数值，优者在前（“高于/不低于”类目标数值大者在前，“不高于”类数值小者在前）；无数据者不排名。",
            },
        };
    }

    private static XStyle Style(TargetStatus status) => status switch
    {
        TargetStatus.Met or TargetStatus.OnTrack => XStyle.OnTime,
        TargetStatus.AtRisk => XStyle.Late,
        TargetStatus.Missed => XStyle.Missing,
        TargetStatus.NoData => XStyle.Pending,
    };
}
