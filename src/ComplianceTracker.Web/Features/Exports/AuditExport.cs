using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>审计日志: sign-ins and privileged actions in a date range (China time), oldest first, for the auditors.</summary>
public sealed class AuditExport(ListAuditHandler audit, TimeProvider time)
{
    public const string Template = "exports/audit.xlsx";
    public const string Sheet = "审计日志";

    public Task<int> CountRowsAsync(DateOnly? from, DateOnly? to, CancellationToken ct) => audit.Query(from, to, null, null).CountAsync(ct);

    public Task<SheetContent> BuildAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var columns = new List<XColumn>
        {
            new("序号", 6), new("时间", 17), new("账号", 18), new("动作", 16), new("对象", 30), new("详情", 50), new("结果", 8), new("来源地址", 16), new("请求编号", 22),
        };

        // Streamed from the database: the log can be long.
        async IAsyncEnumerable<IReadOnlyList<XCell>> Body()
        {
            var n = 0;
            await foreach (var a in audit.Query(from, to, null, null).OrderBy(a => a.At).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
            {
                yield return
                [
                    new(++n, XStyle.Number0), new(ChinaTime.ToChina(a.At).DateTime, XStyle.DateTime), XCell.Text(a.UserName ?? ""), XCell.Text(AuditActions.Chinese(a.Action)),
                    XCell.Text(a.Target ?? ""), XCell.Text(a.Detail ?? ""), XCell.Text(a.Succeeded ? "成功" : "失败"), XCell.Text(a.Address ?? ""), XCell.Text(a.RequestId ?? ""),
                ];
            }
        }

        var range = (from, to) switch
        {
            (null, null) => "全部",
            _ => $"{(from is { } f ? ChinaTime.Format(f) : "最早")} 至 {(to is { } t ? ChinaTime.Format(t) : "今天")}",
        };
        return Task.FromResult(new SheetContent
        {
            Sheet = Sheet,
            Columns = columns,
            Rows = Body().ToBlockingEnumerable(ct),
            FrozenColumns = 2,
            Fields = new Dictionary<string, string>
            {
                ["CT_Title"] = "审计日志",
                ["CT_Subtitle"] = $"范围：{range}（北京时间）",
                ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}",
                ["CT_Notes"] = "记录登录（含失败和被拒）与特权操作：账号、通知发布、节假日、群机器人、审核退回、解锁、事项状态、目标基数、数据导出。",
            },
        });
    }
}
