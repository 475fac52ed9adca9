using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages;

/// <summary>
/// 我的待办 (辖内待办 for supervisors and leaders): the due items the caller sees, through the same handler as
/// <c>GET /api/obligations</c>. Without a status the unfinished items are listed, overdue first, then by due moment.
/// Supervisors and leaders filter by status, institution, circular and kind (the filter lives in the URL, as the
/// API's query does) and page through; supervisors chase (催报) a row and come back to the same filtered view.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TodoModel(
    ListDueItemsHandler handler, ChaseDueItemHandler chase, ListInstitutionsHandler institutions, ListCircularsHandler circulars, IAuthorizationService authorization)
    : PageModel
{
    /// <summary>The status option that lists every item, finished ones too (no status filter at all, as in the API).</summary>
    public const string AllStatuses = "All";

    public static readonly int[] PageSizes = [20, 50, 100, 200];

    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    public DueItemPage Items { get; private set; } = new([], 0);

    public TodoFilter Filter { get; private set; } = new();

    public bool CanChase { get; private set; }

    /// <summary>Supervisors, leaders and admins filter; reporters and branch heads keep their simple list.</summary>
    public bool CanFilter => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Leader) || User.IsInRole(Roles.Admin);

    public List<InstitutionDto> Institutions { get; private set; } = [];

    public List<CircularSummaryDto> Circulars { get; private set; } = [];

    public string Heading => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Leader) ? "辖内待办" : "我的待办";

    public int PageCount => Math.Max(1, (Items.Total + Filter.PageSize - 1) / Filter.PageSize);

    public async Task OnGetAsync(
        [FromQuery] string? status, [FromQuery] string? institution, [FromQuery] string? circularId, [FromQuery] string? kind,
        [FromQuery] string? overdue, [FromQuery(Name = "page")] string? page, [FromQuery] string? pageSize, CancellationToken ct)
    {
        CanChase = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded;
        var (filter, problems) = TodoFilter.Parse(status, institution, circularId, kind, overdue, page, pageSize);
        Filter = filter;
        if (CanFilter)
        {
            Institutions = await institutions.HandleAsync(ct);
            Circulars = await circulars.HandleAsync(ct);
        }

        if (problems.Count > 0)
        {
            Error = string.Join("；", problems);
            return;
        }

        try
        {
            Items = await LoadAsync(filter, ct);
        }
        catch (Exception e) when (e is RuleViolationException or NotFoundException)
        {
            Error = e is RuleViolationException { Errors.Count: > 0 } r ? string.Join("；", r.Errors.Values.SelectMany(v => v).Distinct()) : e.Message;
        }
    }

    /// <summary>催报 one row, then back to the list as it was filtered (the filter travels in the form's query string).</summary>
    public async Task<IActionResult> OnPostChaseAsync(
        int id, [FromQuery] string? status, [FromQuery] string? institution, [FromQuery] string? circularId, [FromQuery] string? kind,
        [FromQuery] string? overdue, [FromQuery(Name = "page")] string? page, [FromQuery] string? pageSize, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            var result = await chase.HandleAsync(id, ct);
            Notice = result.Sent > 0 ? $"已催报，{result.Sent} 位填报员收到通知。" : "本分钟内已催报过，未重复发送。";
        }
        catch (Exception e) when (e is ConflictException or ForbiddenException or NotFoundException)
        {
            Notice = e.Message;
        }

        var (filter, _) = TodoFilter.Parse(status, institution, circularId, kind, overdue, page, pageSize);
        return Redirect(filter.Url("/todo"));
    }

    /// <summary>The action of a row's 催报 form: the filter goes along so the answer shows the same view.</summary>
    public string ChaseUrl(int id) => Filter.Url($"/todo?handler=Chase&id={id.ToString(CultureInfo.InvariantCulture)}");

    public string PageUrl(int page) => (Filter with { Page = page }).Url("/todo");

    private async Task<DueItemPage> LoadAsync(TodoFilter filter, CancellationToken ct)
    {
        var query = new ListDueItemsQuery(filter.EffectiveStatus, filter.Institution, filter.CircularId, filter.Kind, 1, filter.PageSize);
        var offset = (filter.Page - 1) * filter.PageSize;
        if (filter.EffectiveStatus is not null || filter.Status == AllStatuses)
        {
            return await SliceAsync(query, offset, filter.PageSize, ct);
        }

        // Unfinished: the overdue items first, then the open ones by due moment, paged as one list.
        var overdueItems = await SliceAsync(query with { Status = DueItemStatus.Overdue }, offset, filter.PageSize, ct);
        var open = await SliceAsync(query with { Status = DueItemStatus.Open }, Math.Max(0, offset - overdueItems.Total), filter.PageSize - overdueItems.Items.Count, ct);
        return new DueItemPage([.. overdueItems.Items, .. open.Items], overdueItems.Total + open.Total);
    }

    /// <summary><paramref name="count"/> items from <paramref name="offset"/>, read as at most two of the handler's pages.</summary>
    private async Task<DueItemPage> SliceAsync(ListDueItemsQuery query, int offset, int count, CancellationToken ct)
    {
        if (count <= 0)
        {
            return new DueItemPage([], (await handler.HandleAsync(query with { Page = 1, PageSize = 1 }, ct)).Total);
        }

        var size = count;
        var first = await handler.HandleAsync(query with { Page = (offset / size) + 1, PageSize = size }, ct);
        var items = first.Items.Skip(offset % size).ToList();
        if (items.Count < count && offset % size != 0 && first.Total > offset + items.Count)
        {
            items.AddRange((await handler.HandleAsync(query with { Page = (offset / size) + 2, PageSize = size }, ct)).Items);
        }

        return new DueItemPage(items.Take(count).ToList(), first.Total);
    }

    public static string StatusName(DueItemDto item) => item.Status switch
    {
        DueItemStatus.Overdue => $"逾期 {item.DaysOverdue} 天",
        _ => TodoFilter.StatusNames[item.Status],
    };

    public static string KindName(RequirementKind kind) => TodoFilter.KindNames[kind];
}

/// <summary>The list's filter as it appears in the URL: the API's query names, plus 只看逾期 (<c>overdue=true</c>).</summary>
public sealed record TodoFilter
{
    public static readonly Dictionary<DueItemStatus, string> StatusNames = new()
    {
        [DueItemStatus.Overdue] = "逾期",
        [DueItemStatus.Open] = "待办",
        [DueItemStatus.Submitted] = "已报送",
        [DueItemStatus.Done] = "已完成",
        [DueItemStatus.Waived] = "豁免",
    };

    public static readonly Dictionary<RequirementKind, string> KindNames = new()
    {
        [RequirementKind.Deadline] = "期限事项",
        [RequirementKind.RecurringReport] = "定期报送",
        [RequirementKind.Target] = "量化目标",
        [RequirementKind.Prohibition] = "禁止性规定",
        [RequirementKind.Principle] = "原则性要求",
    };

    /// <summary>"" (unfinished), <see cref="TodoModel.AllStatuses"/>, or a <see cref="DueItemStatus"/> name.</summary>
    public string Status { get; init; } = "";
    public string? Institution { get; init; }
    public int? CircularId { get; init; }
    public RequirementKind? Kind { get; init; }
    public bool OverdueOnly { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public DueItemStatus? EffectiveStatus =>
        OverdueOnly ? DueItemStatus.Overdue : Enum.TryParse<DueItemStatus>(Status, out var s) && Status != TodoModel.AllStatuses ? s : null;

    public bool IsFiltered => Status.Length > 0 || Institution is not null || CircularId is not null || Kind is not null || OverdueOnly;

    public static (TodoFilter Filter, List<string> Problems) Parse(
        string? status, string? institution, string? circularId, string? kind, string? overdue, string? page, string? pageSize)
    {
        var problems = new List<string>();
        var filter = new TodoFilter();
        if (status is { Length: > 0 })
        {
            if (status == TodoModel.AllStatuses || (Enum.TryParse<DueItemStatus>(status, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)))
            {
                filter = filter with { Status = status };
            }
            else
            {
                problems.Add($"状态“{status}”无法识别，请从“状态”列表中选择。");
            }
        }

        if (institution is { Length: > 0 })
        {
            filter = filter with { Institution = institution.Trim() };
        }

        if (circularId is { Length: > 0 })
        {
            if (int.TryParse(circularId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                filter = filter with { CircularId = id };
            }
            else
            {
                problems.Add($"通知文件编号“{circularId}”无效，请从“通知文件”列表中选择。");
            }
        }

        if (kind is { Length: > 0 })
        {
            if (Enum.TryParse<RequirementKind>(kind, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _))
            {
                filter = filter with { Kind = k };
            }
            else
            {
                problems.Add($"要求类型“{kind}”无法识别，请从“要求类型”列表中选择。");
            }
        }

        filter = filter with { OverdueOnly = overdue is "true" or "on" or "1" };
        if (page is { Length: > 0 })
        {
            if (int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 100_000)
            {
                filter = filter with { Page = p };
            }
            else
            {
                problems.Add("页码应为1到100000之间的整数。");
            }
        }

        if (pageSize is { Length: > 0 })
        {
            if (int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= ListDueItemsHandler.MaxPageSize)
            {
                filter = filter with { PageSize = size };
            }
            else
            {
                problems.Add($"每页条数应为1到{ListDueItemsHandler.MaxPageSize}之间的整数。");
            }
        }

        return (filter, problems);
    }

    /// <summary>The filter appended to <paramref name="path"/> as a query string; defaults are left out.</summary>
    public string Url(string path)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (value is { Length: > 0 })
            {
                parts.Add(new(key, value));
            }
        }

        Add("status", Status);
        Add("institution", Institution);
        Add("circularId", CircularId?.ToString(CultureInfo.InvariantCulture));
        Add("kind", Kind?.ToString());
        Add("overdue", OverdueOnly ? "true" : null);
        Add("page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        Add("pageSize", PageSize != 50 ? PageSize.ToString(CultureInfo.InvariantCulture) : null);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, parts);
    }
}
