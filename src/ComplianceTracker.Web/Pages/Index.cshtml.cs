using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages;

/// <summary>
/// 首页: what the signed-in person has to do, each with the button that does it. For a branch (reporter and head):
/// what is overdue and due this week, what was returned and why, what locked unreported and needs 补报, the open
/// one-off items, reports waiting for the head, unread messages. For supervisors and leaders: what is overdue in
/// their area and where to look. Every list is read through the handlers the API uses, within what the caller sees.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(
    ListDueItemsHandler dueItems,
    ListReturnedSubmissionsHandler returned,
    ListLockedPeriodsHandler locked,
    ListPendingApprovalsHandler approvals,
    UnlockApplicationQueries applications,
    Inbox inbox,
    CurrentUser currentUser,
    TimeProvider time) : PageModel
{
    /// <summary>How many rows each list shows; the rest are a link away.</summary>
    public const int Shown = 10;

    public string DisplayName { get; private set; } = "";
    public string? Where { get; private set; }
    public bool IsBranch { get; private set; }
    public bool IsHead { get; private set; }
    public bool IsAdmin { get; private set; }

    /// <summary>Sunday of this week, China time: "本周" ends with it.</summary>
    public DateOnly WeekEnd { get; private set; }

    public DueItemPage ThisWeek { get; private set; } = new([], 0);
    public DueItemPage OneOffs { get; private set; } = new([], 0);
    public (List<ReturnedSubmissionDto> Items, int Total) Returned { get; private set; } = ([], 0);
    public (List<LockedPeriodDto> Items, int Total) Locked { get; private set; } = ([], 0);
    public PendingApprovalsPage Waiting { get; private set; } = new([], 0);
    public List<NotificationDto> Unread { get; private set; } = [];
    public int UnreadTotal { get; private set; }

    /// <summary>Supervisors and leaders: the overdue items of their area.</summary>
    public int OverdueTotal { get; private set; }

    /// <summary>Supervisors: the 补报 requests of their area waiting for an answer.</summary>
    public int WaitingApplications { get; private set; }

    public bool IsSupervisor { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        DisplayName = scope.User.DisplayName is { Length: > 0 } name ? name : scope.UserName;
        Where = scope.User.Institution?.Name ?? scope.User.Jurisdiction?.Name;
        IsBranch = !scope.SeesJurisdiction;
        IsHead = scope.HasRole(Roles.BranchHead);
        IsAdmin = scope.IsAdmin;
        IsSupervisor = scope.HasRole(Roles.Supervisor);

        var today = ChinaTime.Today(time);
        WeekEnd = ChinaTime.WeekEnd(today);
        var weekEndUtc = ChinaTime.EndOfDayUtc(WeekEnd);

        UnreadTotal = await inbox.UnreadAsync(ct);
        Unread = await inbox.ListAsync(unreadOnly: true, ct, take: 5);
        if (IsBranch)
        {
            // What locked unreported is listed under 已锁定 (申请补报), not again as due this week.
            ThisWeek = await dueItems.HandleAsync(new ListDueItemsQuery(null, null, null, null, 1, Shown, UnfinishedOnly: true, DueBefore: weekEndUtc, ExcludeLocked: true), ct);
            OneOffs = await dueItems.HandleAsync(new ListDueItemsQuery(null, null, null, RequirementKind.Deadline, 1, Shown, UnfinishedOnly: true), ct);
            Returned = await returned.HandleAsync(Shown, ct);
            Locked = await locked.HandleAsync(Shown, ct);
            if (IsHead)
            {
                Waiting = await approvals.HandleAsync(new ListPendingApprovalsRequest(1, Shown), ct);
            }
        }
        else
        {
            // Two figures, each one COUNT in SQL: no rows are read for them.
            OverdueTotal = await dueItems.CountAsync(new ListDueItemsQuery(DueItemStatus.Overdue, null, null, null), ct);
            ThisWeek = new([], await dueItems.CountAsync(new ListDueItemsQuery(null, null, null, null, UnfinishedOnly: true, DueBefore: weekEndUtc), ct));
            WaitingApplications = IsSupervisor ? await applications.CountWaitingAsync(ct) : 0;
        }
    }

    /// <summary>When a due moment falls, as people say it: 今天 17:00, 明天 17:00, 周五（12月4日）17:00, 12月14日 17:00.</summary>
    public string When(DateTimeOffset? due)
    {
        if (due is not { } at)
        {
            return "日期待定";
        }

        var day = DateOnly.FromDateTime(at.DateTime);
        var today = ChinaTime.Today(time);
        var clock = at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return (day.DayNumber - today.DayNumber) switch
        {
            0 => $"今天 {clock}",
            1 => $"明天 {clock}",
            > 1 and < 7 when day <= WeekEnd => $"{ChinaTime.WeekdayName(day)}（{day.Month}月{day.Day}日）{clock}",
            _ when day.Year == today.Year => $"{day.Month}月{day.Day}日 {clock}",
            _ => $"{day.Year}年{day.Month}月{day.Day}日 {clock}",
        };
    }

    public static string FormUrl(string form, string period, string institution) => PageLinks.Form(form, period, institution);
}
