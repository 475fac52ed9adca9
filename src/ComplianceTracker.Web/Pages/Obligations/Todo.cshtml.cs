using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Pages.Obligations;

/// <summary>
/// 我的待办 (辖内待办 for supervisors and leaders): the due items the caller sees, through the same handler as
/// <c>GET /api/obligations</c>. Without a status the unfinished items are listed, overdue first, then by due moment.
/// Supervisors and leaders filter by status, institution, circular and kind (the filter lives in the URL, with the
/// API's query names, bound by model binding) and page through; supervisors chase (催报) a row and come back to the
/// same filtered view.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TodoModel(
    ListDueItemsHandler handler, ChaseDueItemHandler chase, ListInstitutionsHandler institutions, ListCircularsHandler circulars, IAuthorizationService authorization, TimeProvider time)
    : PageModel
{
    /// <summary>The status option that lists every item, finished ones too (no status filter at all, as in the API).</summary>
    public const string AllStatuses = "All";

    public const int DefaultPageSize = 50;

    public static readonly int[] PageSizes = [20, 50, 100, 200];

    /// <summary>The statuses in the order the filter offers them.</summary>
    public static readonly DueItemStatus[] Statuses = [DueItemStatus.Overdue, DueItemStatus.Open, DueItemStatus.Submitted, DueItemStatus.Done, DueItemStatus.Waived, DueItemStatus.Repealed];

    /// <summary>"" (unfinished), <see cref="AllStatuses"/>, or a <see cref="DueItemStatus"/> name.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    [Display(Name = "状态")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "institution")]
    [Display(Name = "机构")]
    public string? Institution { get; set; }

    /// <summary>Words of the institution's name, short name or code (the filter when the institutions are too many for a list).</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    [Display(Name = "机构名称或代码")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "circularId")]
    [Display(Name = "通知文件编号")]
    public int? CircularId { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    [Display(Name = "要求类型")]
    public RequirementKind? Kind { get; set; }

    /// <summary>只看逾期.</summary>
    [BindProperty(SupportsGet = true, Name = "overdue")]
    [Display(Name = "只看逾期")]
    public bool OverdueOnly { get; set; }

    /// <summary>显示以后各期: the unfinished list without its horizon (<see cref="Horizon"/>: what is due by the end of this week).</summary>
    [BindProperty(SupportsGet = true, Name = "later")]
    [Display(Name = "显示以后各期")]
    public bool ShowLater { get; set; }

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    [Display(Name = "页码")]
    [Range(1, 100_000, ErrorMessage = "页码应为1到100000之间的整数。")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "pageSize")]
    [Display(Name = "每页条数")]
    [Range(1, ListDueItemsHandler.MaxPageSize, ErrorMessage = "每页条数应为1到500之间的整数。")]
    public int PageSize { get; set; } = DefaultPageSize;

    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    public DueItemPage Items { get; private set; } = new([], 0);

    public bool CanChase { get; private set; }

    /// <summary>Supervisors, leaders and admins filter; reporters and branch heads keep their simple list.</summary>
    public bool CanFilter => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Leader) || User.IsInRole(Roles.Admin);

    /// <summary>The institutions offered in the filter's list; empty when there are more than <see cref="MaxListedInstitutions"/> (words are typed instead).</summary>
    public List<InstitutionDto> Institutions { get; private set; } = [];

    /// <summary>Up to this many institutions the filter offers a list; above, a box for words of the name or code.</summary>
    public const int MaxListedInstitutions = 200;

    /// <summary>The caller sees more institutions than the list offers.</summary>
    public bool ManyInstitutions { get; private set; }

    public List<CircularSummaryDto> Circulars { get; private set; } = [];

    public string Heading => User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Leader) ? "辖内待办" : "我的待办";

    public int PageCount => Math.Max(1, (Items.Total + PageSize - 1) / PageSize);

    /// <summary>The status the handler filters on: 只看逾期 wins; "" and <see cref="AllStatuses"/> filter none.</summary>
    public DueItemStatus? EffectiveStatus =>
        OverdueOnly ? DueItemStatus.Overdue : Status is { Length: > 0 } s && s != AllStatuses && Enum.TryParse<DueItemStatus>(s, out var status) ? status : null;

    public bool IsUnfinishedList => EffectiveStatus is null && string.IsNullOrEmpty(Status);

    public bool IsFiltered => !string.IsNullOrEmpty(Status) || Institution is { Length: > 0 } || Q is { Length: > 0 } || CircularId is not null || Kind is not null || OverdueOnly;

    /// <summary>Where a row is acted on: the period's form for a recurring report, the item's page otherwise.</summary>
    public static string ActUrl(DueItemDto item) => PageLinks.DueItem(item.Id, item.FormCode, item.PeriodKey, item.InstitutionCode);

    /// <summary>
    /// The button's word: 去填报 for a form still to fill (申请补报 once locked), 查看报表 for one done; 上传材料 for a
    /// one-off item still open (its page holds the requirement and the upload), 查看要求 once handed in. A supervisor
    /// reads 审阅材料 on a one-off item handed in and 办理 on the others (办结, 豁免, 重新打开 are on its page).
    /// </summary>
    public static string ActLabel(DueItemDto item, bool supervising = false) => (item.FormCode, item.Status, supervising) switch
    {
        (not null, _, true) => "查看报表",
        (not null, DueItemStatus.Open or DueItemStatus.Overdue, _) when item.IsLocked => "申请补报",
        (not null, DueItemStatus.Open or DueItemStatus.Overdue, _) => "去填报",
        (not null, _, _) => "查看报表",
        (null, DueItemStatus.Submitted, true) => "审阅材料",
        (null, _, true) => "办理",
        (null, DueItemStatus.Open or DueItemStatus.Overdue, _) => "上传材料",
        (null, _, _) => "查看要求",
    };

    /// <summary>What the requirement asks, in one line for the list (the whole text is on the item's page).</summary>
    public static string OneLine(string text, int length = 60) => Requirement.OneLine(text, length);

    /// <summary>A branch's 我的待办 opens on what is overdue and due within this many days (this week's report is due next Monday).</summary>
    public const int BranchHorizonDays = 14;

    /// <summary>
    /// Where the unfinished list stops (later items are folded): 辖内待办 opens on what is overdue and due this week (to
    /// Sunday night); a branch's 我的待办 on the next <see cref="BranchHorizonDays"/> days.
    /// </summary>
    public static DateTime Horizon(TimeProvider time, bool supervising) => supervising
        ? ChinaTime.EndOfDayUtc(ChinaTime.WeekEnd(ChinaTime.Today(time)))
        : time.GetUtcNow().UtcDateTime.AddDays(BranchHorizonDays);

    /// <summary>How the folded list's opening is said: 本周 or N 天内 (到期).</summary>
    public string HorizonText => CanFilter ? "本周" : $" {BranchHorizonDays} 天内";

    /// <summary>How the folded items are said: 本周以后 or N 天后 (到期).</summary>
    public string LaterText => CanFilter ? "本周以后" : $" {BranchHorizonDays} 天后";

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanChase = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded;
        CheckFilter();
        if (CanFilter)
        {
            var first = await institutions.HandleAsync(new InstitutionQuery(Page: 1, PageSize: MaxListedInstitutions), ct);
            ManyInstitutions = first.Total > MaxListedInstitutions;
            Institutions = ManyInstitutions ? [] : first.Items;
            Circulars = await circulars.HandleAsync(ct);
        }

        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            return;
        }

        try
        {
            var horizon = IsUnfinishedList && !ShowLater ? Horizon(time, CanFilter) : (DateTime?)null;
            ListDueItemsQuery Query() => new(EffectiveStatus, Institution?.Trim(), CircularId, Kind, PageNumber, PageSize, UnfinishedOnly: IsUnfinishedList, DueBefore: horizon, Q: Q);
            Items = await handler.HandleAsync(Query(), ct);
            if (PageNumber > PageCount)
            {
                // Past the last page (the filter shrank the list): the last page.
                PageNumber = PageCount;
                Items = await handler.HandleAsync(Query(), ct);
            }
        }
        catch (Exception e) when (e is RuleViolationException or NotFoundException)
        {
            Error = e is RuleViolationException { Errors.Count: > 0 } r ? string.Join("；", r.Errors.Values.SelectMany(v => v).Distinct()) : e.Message;
        }
    }

    /// <summary>催报 one row, then back to the list as it was filtered (the filter travels in the form's query string).</summary>
    public async Task<IActionResult> OnPostChaseAsync(int id, CancellationToken ct)
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

        CheckFilter();
        return Redirect(FilterUrl("/todo"));
    }

    /// <summary>The action of a row's 催报 form: the filter goes along so the answer shows the same view.</summary>
    public string ChaseUrl(int id) => FilterUrl($"/todo?handler=Chase&id={id.ToString(CultureInfo.InvariantCulture)}");

    public string PageUrl(int page) => FilterUrl("/todo", page);

    /// <summary>显示以后各期: the same list with the later periods unfolded.</summary>
    public string LaterUrl => QueryHelpers.AddQueryString(FilterUrl("/todo", 1), "later", "true");

    public static string StatusName(DueItemDto item) =>
        item.Status == DueItemStatus.Overdue ? $"{item.Status.Label()} {item.DaysOverdue} 天" : item.Status.Label();

    /// <summary>A status that is neither a <see cref="DueItemStatus"/> name nor <see cref="AllStatuses"/> is refused; a refused value falls back to its default.</summary>
    private void CheckFilter()
    {
        Q = Q?.Trim() is { Length: > 0 } words ? words : null;
        if (Status is { Length: > 0 } s && s != AllStatuses && !(Enum.TryParse<DueItemStatus>(s, out var status) && Enum.IsDefined(status) && !int.TryParse(s, out _)))
        {
            ModelState.AddModelError("status", $"状态“{s}”无法识别，请从“状态”列表中选择。");
            Status = null;
        }

        if (ModelState.GetFieldValidationState("page") == ModelValidationState.Invalid || PageNumber is < 1 or > 100_000)
        {
            PageNumber = 1;
        }

        if (ModelState.GetFieldValidationState("pageSize") == ModelValidationState.Invalid || PageSize is < 1 or > ListDueItemsHandler.MaxPageSize)
        {
            PageSize = DefaultPageSize;
        }
    }

    /// <summary>The filter appended to <paramref name="path"/> as a query string; defaults are left out.</summary>
    private string FilterUrl(string path, int? page = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (value is { Length: > 0 })
            {
                parts.Add(new(key, value));
            }
        }

        var number = page ?? PageNumber;
        Add("status", Status);
        Add("institution", Institution?.Trim());
        Add("q", Q?.Trim());
        Add("circularId", CircularId?.ToString(CultureInfo.InvariantCulture));
        Add("kind", Kind?.ToString());
        Add("overdue", OverdueOnly ? "true" : null);
        Add("later", ShowLater ? "true" : null);
        Add("page", number > 1 ? number.ToString(CultureInfo.InvariantCulture) : null);
        Add("pageSize", PageSize != DefaultPageSize ? PageSize.ToString(CultureInfo.InvariantCulture) : null);
        return QueryHelpers.AddQueryString(path, parts);
    }
}
