using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Circulars.Extraction;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// One circular: particulars, the clause tree read from its text, the requirements, and once published the
/// obligations per institution and their due items; 发布 (with a confirmation step) and 台账导出. The same handlers
/// and rules as <c>GET /api/circulars/{id}</c>, <c>POST /api/circulars/{id}/publish</c> and <c>GET /api/obligations</c>.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DetailModel(
    GetCircularHandler reader,
    PublishCircularHandler publisher,
    UpdateCircularDatesHandler dates,
    ListDueItemsHandler dueItems,
    GetCircularProgressHandler progress,
    PreviewPublicationHandler preview,
    ListJurisdictionsHandler jurisdictions,
    EditDraftHandler drafts,
    IAuthorizationService authorization) : PageModel
{
    private const int ItemsPerPage = 100;

    public CircularDetailDto Circular { get; private set; } = null!;
    public string JurisdictionName { get; private set; } = "";
    public List<ClauseNode> Clauses { get; private set; } = [];

    /// <summary>Clause paths that carry at least one requirement, to mark them in the tree.</summary>
    public HashSet<string> RequirementClauses { get; private set; } = [];

    /// <summary>One page of 各机构落实情况, with the number of institutions and the sums by status over every match.</summary>
    public CircularProgressPage Progress { get; private set; } = new([], 0, [], 0, 1, GetCircularProgressHandler.DefaultPageSize);

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    public int ProgressPageNumber { get; set; } = 1;

    /// <summary>Words of an institution's name or code, filtering 各机构落实情况.</summary>
    [FromQuery(Name = "q")]
    public string? ProgressQ { get; set; }

    /// <summary>只看有逾期的机构.</summary>
    [FromQuery(Name = "overdue")]
    public bool ProgressOverdueOnly { get; set; }

    public int ProgressPageCount => Math.Max(1, (Progress.Total + Progress.PageSize - 1) / Progress.PageSize);
    public DueItemPage Items { get; private set; } = new([], 0);
    public DueItemStatus? StatusFilter { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Items.Total + ItemsPerPage - 1) / ItemsPerPage);

    /// <summary>The confirmation step of 发布: who it will bind.</summary>
    public List<BoundInstitution>? Preview { get; private set; }

    /// <summary>Before publishing: how many of the due dates to be created fall in a year whose holidays are not entered.</summary>
    public List<string> PreviewWarnings { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>补录日期 as typed, and the messages beside its fields, when it was refused.</summary>
    public Dictionary<string, string?> TypedDates { get; } = [];

    public Dictionary<string, string[]> DateErrors { get; private set; } = [];

    /// <summary>Dates the text did not give can be filled in (a draft's freely, a published one's only while unknown).</summary>
    public bool MissingDates => Circular.IssuedOn is null || Circular.EffectiveTo is null;
    public bool CanPublish { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, DueItemStatus? status, int p = 1, bool confirm = false, int? published = null, int? obligations = null, int? dated = null, string? changed = null, CancellationToken ct = default)
    {
        try
        {
            await LoadAsync(id, status, p, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (published is { } count)
        {
            Notice = $"已发布：{count} 家机构承担本文件的要求，新建义务 {obligations ?? 0} 项。";
        }

        if (dated is { } n)
        {
            Notice = Circular.Status == CircularStatus.Draft ? "日期已保存。" : $"日期已保存，并已重新计算：{n} 项到期事项有了到期时间。";
        }

        Notice = changed switch
        {
            "amended" => "已修订：未完成的事项已按新规则调整，相关机构已收到消息。",
            "repealed" => $"已废止：自 {Circular.RepealedOn:yyyy-MM-dd} 起不再执行，未完成的事项已关闭，此后各期已删除，相关机构已收到消息。",
            _ => Notice,
        };

        if (confirm && CanPublish && Circular.Status == CircularStatus.Draft)
        {
            Preview = await preview.HandleAsync(id, ct);
            PreviewWarnings = await preview.UnconfirmedYearWarningsAsync(id, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct)
    {
        // The policy of POST /api/circulars/{id}/publish, checked before anything is read.
        return await SupervisorActsAsync(id, "未发布", async () =>
        {
            var result = await publisher.HandleAsync(id, ct);
            return Redirect($"/circulars/{id}?published={result.Institutions}&obligations={result.ObligationsCreated}");
        }, ct);
    }

    /// <summary>删除 a draft through the handler of <c>DELETE /api/circulars/{id}</c>; a published one stays, with the reason.</summary>
    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) => SupervisorActsAsync(id, "未删除", async () =>
    {
        await drafts.DeleteAsync(id, ct);
        return Redirect("/circulars?deleted=true");
    }, ct);

    /// <summary>A supervisor's action on the circular: 404/403 as the API answers, a conflict shown on the page with <paramref name="refused"/>.</summary>
    private async Task<IActionResult> SupervisorActsAsync(int id, string refused, Func<Task<IActionResult>> act, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            return await act();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, null, 1, ct);
            Notice = $"{refused}：{e.Message}";
            return Page();
        }
    }

    /// <summary>
    /// 补录日期 through the handler of <c>PATCH /api/circulars/{id}</c>; a published circular is then published again,
    /// as the API's callers do, so that the due items waiting for the date get it.
    /// </summary>
    public async Task<IActionResult> OnPostDatesAsync(int id, string? issuedOn, string? effectiveFrom, string? effectiveTo, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded)
        {
            return Forbid();
        }

        (TypedDates["issuedOn"], TypedDates["effectiveFrom"], TypedDates["effectiveTo"]) = (issuedOn, effectiveFrom, effectiveTo);
        var errors = new Dictionary<string, string[]>();
        var request = new UpdateCircularDatesRequest(
            CircularInput.ParseDate(issuedOn, "issuedOn", "发文日期", errors),
            CircularInput.ParseDate(effectiveFrom, "effectiveFrom", "生效日期", errors),
            CircularInput.ParseDate(effectiveTo, "effectiveTo", "失效日期", errors));
        try
        {
            if (errors.Count == 0)
            {
                var updated = await dates.HandleAsync(id, request, ct);
                if (updated.Status != CircularStatus.Draft)
                {
                    var result = await publisher.HandleAsync(id, ct);
                    return Redirect($"/circulars/{id}?dated={result.DueItemsDated + result.DueItemsCreated}");
                }

                return Redirect($"/circulars/{id}?dated=0");
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (RuleViolationException e)
        {
            errors = new Dictionary<string, string[]>(e.Errors);
        }
        catch (ConflictException e)
        {
            errors[""] = [e.Message];
        }

        await LoadAsync(id, null, 1, ct);
        DateErrors = errors;
        Notice = "日期未保存，请按提示修改。";
        return Page();
    }

    private async Task LoadAsync(int id, DueItemStatus? status, int page, CancellationToken ct)
    {
        Circular = await reader.HandleAsync(id, ct);
        var jurisdiction = await jurisdictions.GetAsync(Circular.JurisdictionCode, ct);
        JurisdictionName = jurisdiction.Name;
        CanPublish = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded && jurisdiction.Overseen
            && Circular.DocumentKind == DocumentKind.Notice;
        Clauses = ClauseParser.Parse(Circular.Text);
        RequirementClauses = Circular.Requirements.Select(r => r.Clause).ToHashSet(StringComparer.Ordinal);

        StatusFilter = status;
        PageNumber = Math.Max(1, page);
        Items = await dueItems.HandleAsync(new ListDueItemsQuery(status, null, id, null, PageNumber, ItemsPerPage), ct);
        ProgressQ = ProgressQ?.Trim() is { Length: > 0 } q ? q : null;
        ProgressPageNumber = Math.Clamp(ProgressPageNumber, 1, 100_000);
        CircularProgressQuery Query() => new(ProgressQ, ProgressOverdueOnly, ProgressPageNumber);
        Progress = await progress.HandleAsync(id, Query(), ct);
        if (ProgressPageNumber > ProgressPageCount)
        {
            // Past the last page (the filter shrank the list): the last page.
            ProgressPageNumber = ProgressPageCount;
            Progress = await progress.HandleAsync(id, Query(), ct);
        }
    }

    public string PageLink(int page) =>
        QueryHelpers.AddQueryString($"/circulars/{Circular.Id.ToString(CultureInfo.InvariantCulture)}", ProgressFilter(ProgressPageNumber).Append(new("status", StatusFilter?.ToString())).Append(new("p", page.ToString(CultureInfo.InvariantCulture))).Where(v => v.Value is not null)) + "#due-items";

    /// <summary>This page on another page of 各机构落实情况, with the same filters (the due items' filter and page kept).</summary>
    public string ProgressLink(int page) =>
        QueryHelpers.AddQueryString(
            $"/circulars/{Circular.Id.ToString(CultureInfo.InvariantCulture)}",
            ProgressFilter(page).Append(new("status", StatusFilter?.ToString())).Append(new("p", PageNumber > 1 ? PageNumber.ToString(CultureInfo.InvariantCulture) : null)).Where(v => v.Value is not null)) + "#progress-heading";

    private IEnumerable<KeyValuePair<string, string?>> ProgressFilter(int page) =>
    [
        new("q", ProgressQ),
        new("overdue", ProgressOverdueOnly ? "true" : null),
        new("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null),
    ];

    /// <summary>The first words of a clause's own text, for the tree.</summary>
    public string Excerpt(ClauseNode node)
    {
        if (node.Heading is { Length: > 0 } heading)
        {
            return heading;
        }

        var start = Math.Clamp(node.Start, 0, Circular.Text.Length);
        var body = Circular.Text.Substring(start, Math.Clamp(node.Length, 0, Circular.Text.Length - start)).Trim();
        return body.Length > 60 ? body[..60] + "…" : body;
    }
}
