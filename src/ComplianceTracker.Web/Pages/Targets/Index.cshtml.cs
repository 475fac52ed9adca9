using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>
/// 目标: each target with how many institutions stand in each status and its total's verdict, and its institutions
/// ranked, through the same query as <c>GET /api/targets?page=</c> (and so the same scoping): filtered (circular,
/// status, name or code), ranked and paged in SQL, 50 a page. Without a chosen target each target shows its first
/// page and links to the rest; with one (<c>target</c>), that target pages through all its institutions.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class IndexModel(TargetQueries queries, ListCircularsHandler circulars, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "circularId")]
    [Display(Name = "通知文件编号")]
    public int? CircularId { get; set; }

    [BindProperty(SupportsGet = true, Name = "target")]
    [Display(Name = "目标")]
    public int? TargetId { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    [Display(Name = "状态")]
    public TargetStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    [Display(Name = "机构名称或代码")]
    public string? Q { get; set; }

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    [Display(Name = "页码")]
    [Range(1, 100_000, ErrorMessage = "页码应为1到100000之间的整数。")]
    public int PageNumber { get; set; } = 1;

    public TargetRankingPage Ranking { get; private set; } = new([], [], 1, PageSize);
    public List<(int Id, string Name)> Circulars { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEnterBaselines { get; private set; }
    public bool IsFiltered => Status is not null || Q is not null;

    /// <summary>The statuses in the order the filter offers them.</summary>
    public static readonly TargetStatus[] Statuses = [TargetStatus.Missed, TargetStatus.AtRisk, TargetStatus.OnTrack, TargetStatus.Met, TargetStatus.NoData];

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanEnterBaselines = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded;
        var names = (await circulars.HandleAsync(ct)).ToDictionary(c => c.Id, c => c.DocumentNumber ?? c.Title);
        Circulars = (await queries.CircularIdsAsync(ct)).Where(names.ContainsKey).Select(id => (id, names[id])).ToList();
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            (CircularId, TargetId, Status, PageNumber) = (null, null, null, 1);
        }

        if (Status is { } asked && !Enum.IsDefined(asked))
        {
            Status = null;
        }

        Q = Q?.Trim() is { Length: > 0 } q ? q : null;
        TargetRankingQuery Query() => new(CircularId, TargetId, Status is { } s ? [s] : null, Q, PageNumber, PageSize);
        Ranking = await queries.RankingAsync(Query(), ct);
        if (TargetId is not null && PageNumber > PageCount(TargetId.Value))
        {
            // Past the last page (the filter shrank the list): the last page.
            PageNumber = PageCount(TargetId.Value);
            Ranking = await queries.RankingAsync(Query(), ct);
        }
    }

    public TargetRanking? RankingOf(int target) => Ranking.Rankings.FirstOrDefault(r => r.TargetId == target);

    public int PageCount(int target) => Math.Max(1, ((RankingOf(target)?.Total ?? 0) + PageSize - 1) / PageSize);

    public string ExportUrl => CircularId is { } id ? $"/api/exports/targets.xlsx?circularId={id.ToString(CultureInfo.InvariantCulture)}" : "/api/exports/targets.xlsx";

    /// <summary>This page with the same filters, for one target (null: every target) and a page of it.</summary>
    public string LinkTo(int? target, int page = 1) => QueryHelpers.AddQueryString("/targets", new KeyValuePair<string, string?>[]
    {
        new("circularId", CircularId?.ToString(CultureInfo.InvariantCulture)),
        new("target", target?.ToString(CultureInfo.InvariantCulture)),
        new("status", Status?.ToString()),
        new("q", Q),
        new("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null),
    }.Where(p => p.Value is not null));

    public static string HistoryUrl(TargetStatusDto row) =>
        row.Institution is { } code ? $"/targets/{row.Id.ToString(CultureInfo.InvariantCulture)}?institution={Uri.EscapeDataString(code)}" : $"/targets/{row.Id.ToString(CultureInfo.InvariantCulture)}";
}
