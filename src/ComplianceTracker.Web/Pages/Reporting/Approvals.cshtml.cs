using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>One approve-or-return form of the list, as posted.</summary>
public sealed class ApprovalDecision
{
    [Required(ErrorMessage = "缺少报表代码。")]
    public string Form { get; set; } = "";

    [Required(ErrorMessage = "缺少期次。")]
    public string Period { get; set; } = "";

    [Required(ErrorMessage = "缺少机构代码。")]
    public string Institution { get; set; } = "";

    /// <summary><c>approve</c> or <c>return</c>.</summary>
    [Required(ErrorMessage = "请选择审核通过或退回。")]
    [RegularExpression("approve|return", ErrorMessage = "请选择审核通过或退回。")]
    public string Action { get; set; } = "";

    public string? Reason { get; set; }
}

/// <summary>
/// A branch head's submissions waiting for approval, paged in the database with their number: approve, or return with
/// a reason (the workflow's rules apply).
/// </summary>
public sealed class ApprovalsModel(ListPendingApprovalsHandler pending, SubmissionContextLoader loader, ApproveSubmissionHandler approver, ReturnSubmissionHandler returner, TimeProvider time) : PageModel
{
    public PendingApprovalsPage Pending { get; private set; } = new([], 0);

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    [Display(Name = "页码")]
    [Range(1, 100_000, ErrorMessage = "页码应为1到100000之间的整数。")]
    public int PageNumber { get; set; } = 1;

    /// <summary>Words of the institution's name or code.</summary>
    [FromQuery(Name = "q")]
    [Display(Name = "机构名称或代码")]
    public string? Q { get; set; }

    /// <summary>只看迟报.</summary>
    [FromQuery(Name = "late")]
    [Display(Name = "只看迟报")]
    public bool LateOnly { get; set; }

    public bool IsFiltered => Q is not null || LateOnly;

    /// <summary>The posted decision; its fields keep the names <c>form</c>, <c>period</c>, <c>institution</c>, <c>action</c>, <c>reason</c>.</summary>
    [BindProperty(Name = "")]
    public ApprovalDecision Decision { get; set; } = new();

    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    public int PageSize => ListPendingApprovalsHandler.DefaultPageSize;

    public int PageCount => Math.Max(1, (Pending.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
        }

        await LoadAsync(ct);
    }

    public async Task OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            await LoadAsync(ct);
            return;
        }

        var d = Decision;
        try
        {
            var context = await loader.LoadAsync(d.Form, d.Period, d.Institution, ct);
            if (d.Action == "return")
            {
                await returner.HandleAsync(context, new ReturnRequest(d.Reason), ct);
                Notice = $"已退回{context.Institution.Name}的《{context.Form.Name}》{Named(context)}。";
            }
            else
            {
                await approver.HandleAsync(context, ct);
                Notice = $"已审核通过{context.Institution.Name}的《{context.Form.Name}》{Named(context)}。";
            }
        }
        catch (Exception e) when (e is RuleViolationException or ConflictException or ForbiddenException or NotFoundException)
        {
            Error = e is RuleViolationException r && r.Errors.Count > 0 ? string.Join("；", r.Errors.Values.SelectMany(v => v)) : e.Message;
        }

        await LoadAsync(ct);
    }

    private string Named(SubmissionContext context) => PeriodNames.Name(context.Period.Key, context.Period.Start, context.Period.End, ChinaTime.Today(time).Year);

    /// <summary>This list on another page, with the same filter.</summary>
    public string PageUrl(int page) => QueryHelpers.AddQueryString("/approvals", new KeyValuePair<string, string?>[]
    {
        new("q", Q),
        new("late", LateOnly ? "true" : null),
        new("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null),
    }.Where(p => p.Value is not null));

    private async Task LoadAsync(CancellationToken ct)
    {
        if (PageNumber is < 1 or > 100_000)
        {
            PageNumber = 1;
        }

        Q = Q?.Trim() is { Length: > 0 } q ? q : null;
        ListPendingApprovalsRequest Request() => new(PageNumber, PageSize, Q, LateOnly);
        Pending = await pending.HandleAsync(Request(), ct);
        if (PageNumber > PageCount)
        {
            // Past the last page (approved rows or the filter shrank the list): the last page.
            PageNumber = PageCount;
            Pending = await pending.HandleAsync(Request(), ct);
        }
    }
}
