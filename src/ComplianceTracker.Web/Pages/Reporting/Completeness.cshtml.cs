using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>
/// The completeness matrix for supervisors and leaders: institutions × the last weeks, 按时 / 迟报 / 未报 / 未到期,
/// each cell opening that submission; the same handler as <c>GET /api/forms/{form}/completeness</c>. Without a form it
/// opens on the form being reported. Filtered (辖区 and below, 机构类型, state in the last week, name or code), sorted
/// and paged in SQL, 50 institutions a page; the rates per week count every institution that matches.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class CompletenessModel(FormQueries forms, GetReportedFormHandler reported, GetCompletenessHandler completeness, ListJurisdictionsHandler jurisdictions) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "form")]
    [Display(Name = "报表")]
    public string? Form { get; set; }

    [BindProperty(SupportsGet = true, Name = "weeks")]
    [Display(Name = "周数")]
    [Range(1, 52, ErrorMessage = "周数应为1到52之间的整数。")]
    public int Weeks { get; set; } = 8;

    [BindProperty(SupportsGet = true, Name = "jurisdiction")]
    [Display(Name = "辖区")]
    public string? Jurisdiction { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    [Display(Name = "机构类型")]
    public InstitutionType? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    [Display(Name = "状态")]
    public CellState? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    [Display(Name = "名称或代码")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    [Display(Name = "排序")]
    public CompletenessSort? Sort { get; set; }

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    [Display(Name = "页码")]
    [Range(1, 100_000, ErrorMessage = "页码应为1到100000之间的整数。")]
    public int PageNumber { get; set; } = 1;

    public List<FormSummaryDto> Forms { get; private set; } = [];
    public List<JurisdictionChoice> Jurisdictions { get; private set; } = [];
    public CompletenessMatrixDto? Matrix { get; private set; }
    public string? Error { get; private set; }
    public int PageCount => Matrix is { } m ? Math.Max(1, (m.Total + PageSize - 1) / PageSize) : 1;
    public bool IsFiltered => Jurisdiction is not null || Type is not null || Status is not null || Q is { Length: > 0 };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Forms = await forms.ListAsync(ct);
        Jurisdictions = await jurisdictions.HandleAsync(ct);
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            Weeks = Math.Clamp(Weeks, 1, 52);
            PageNumber = Math.Max(1, PageNumber);
        }

        // A jurisdiction the caller does not oversee is not offered; asked for anyway, the filter is dropped.
        if (Jurisdiction is { Length: > 0 } && Jurisdictions.All(j => j.Code != Jurisdiction))
        {
            Jurisdiction = null;
        }

        Jurisdiction = Jurisdiction is { Length: > 0 } ? Jurisdiction : null;
        Q = Q?.Trim() is { Length: > 0 } q ? q : null;
        Form = Form is { Length: > 0 } asked ? asked.Trim() : await reported.HandleAsync(ct);
        if (Form is null)
        {
            return Page();
        }

        try
        {
            Matrix = await completeness.ForLatestAsync(Form, Weeks, Query(PageNumber), ct);
            if (Matrix is not null && PageNumber > PageCount)
            {
                // Past the last page (the filter shrank the list): the last page.
                PageNumber = PageCount;
                Matrix = await completeness.ForLatestAsync(Form, Weeks, Query(PageNumber), ct);
            }
        }
        catch (NotFoundException e)
        {
            Error = e.Message;
        }
        catch (RuleViolationException e)
        {
            Error = e.Message;
        }

        return Page();
    }

    private CompletenessQuery Query(int page) => new(Jurisdiction: Jurisdiction, Type: Type, Status: Status, Q: Q, Sort: Sort, Page: page, PageSize: PageSize);

    /// <summary>This page with the same filters, on another page or in another order.</summary>
    public string LinkTo(int? page = null, CompletenessSort? sort = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["form"] = Form,
            ["weeks"] = Weeks == 8 ? null : Weeks.ToString(CultureInfo.InvariantCulture),
            ["jurisdiction"] = Jurisdiction,
            ["type"] = Type?.ToString(),
            ["status"] = Status?.ToString(),
            ["q"] = Q,
            ["sort"] = (sort ?? Sort)?.ToString(),
            ["page"] = (page ?? 1) == 1 ? null : (page ?? 1).ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/completeness", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>The column's sort link: the other way round when the rows are already in its order.</summary>
    public (string Url, string Mark) SortLink(CompletenessSort ascending, CompletenessSort descending, bool descendingFirst = false)
    {
        var current = Sort ?? CompletenessSort.Code;
        var next = current == ascending ? descending : current == descending ? ascending : descendingFirst ? descending : ascending;
        var mark = current == ascending ? "↑" : current == descending ? "↓" : "";
        return (LinkTo(sort: next), mark);
    }

    public static string StatusName(CellState state) => Cell(state).Text;

    public static string SortName(CompletenessSort sort) => sort switch
    {
        CompletenessSort.Code => "按机构代码",
        CompletenessSort.CodeDesc => "按机构代码（倒序）",
        CompletenessSort.Name => "按名称",
        CompletenessSort.NameDesc => "按名称（倒序）",
        CompletenessSort.OnTimeRate => "按时率从低到高",
        _ => "按时率从高到低",
    };

    public static (string Text, string Css) Cell(CellState state) => state switch
    {
        CellState.OnTime => ("按时", "Done"),
        CellState.Late => ("迟报", "Open"),
        CellState.Missing => ("未报", "Overdue"),
        _ => ("未到期", "Waived"),
    };
}
