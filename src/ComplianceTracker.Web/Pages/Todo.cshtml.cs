using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Obligations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages;

/// <summary>
/// 我的待办 (辖内待办 for supervisors and leaders): the due items the caller sees, through the same handler as
/// <c>GET /api/obligations</c>; overdue first, then by due moment, done and waived ones left out.
/// </summary>
public sealed class TodoModel(ListDueItemsHandler handler, Features.Notifications.ChaseDueItemHandler chase) : PageModel
{
    public string? Notice { get; private set; }

    /// <summary>Supervisors chase (催报) from here; the handler checks the jurisdiction.</summary>
    public bool CanChase => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Admin);

    public async Task OnPostChaseAsync(int id, CancellationToken ct)
    {
        try
        {
            var result = await chase.HandleAsync(id, ct);
            Notice = result.Sent > 0 ? $"已催报，{result.Sent} 位填报员收到通知。" : "本分钟内已催报过，未重复发送。";
        }
        catch (Exception e) when (e is Infrastructure.ConflictException or Infrastructure.ForbiddenException or Infrastructure.NotFoundException)
        {
            Notice = e.Message;
        }

        await OnGetAsync(ct);
    }

    public DueItemPage Items { get; private set; } = new([], 0);

    public string Heading => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Leader) ? "辖内待办" : "我的待办";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var overdue = await handler.HandleAsync(new ListDueItemsQuery(DueItemStatus.Overdue, null, null, null, 1, 100), ct);
        var open = await handler.HandleAsync(new ListDueItemsQuery(DueItemStatus.Open, null, null, null, 1, 100), ct);
        Items = new DueItemPage(overdue.Items.Concat(open.Items.OrderBy(i => i.DueAt)).Take(150).ToList(), overdue.Total + open.Total);
    }

    public string StatusName(DueItemDto item) => item.Status switch
    {
        DueItemStatus.Overdue => $"逾期 {item.DaysOverdue} 天",
        DueItemStatus.Open => "待办",
        DueItemStatus.Submitted => "已报送",
        DueItemStatus.Done => "已完成",
        _ => "豁免",
    };
}
