using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Features.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Notifications;

/// <summary>
/// The caller's inbox, through the same <see cref="Inbox"/> as <c>/api/notifications</c>, newest first, paged in the
/// database with the number of notifications; marking read is a form post with antiforgery.
/// </summary>
public sealed class IndexModel(Inbox inbox) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    [Display(Name = "页码")]
    [Range(1, 100_000, ErrorMessage = "页码应为1到100000之间的整数。")]
    public int PageNumber { get; set; } = 1;

    public List<NotificationDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Unread { get; private set; }
    public string? Error { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            PageNumber = 1;
        }

        Unread = await inbox.UnreadAsync(ct);
        (Items, Total) = await inbox.PageAsync(PageNumber, PageSize, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await inbox.MarkReadAsync(id, ct);
        return Redirect(PageUrl(PageNumber));
    }

    /// <summary>Opens a message: marked read, then the page where to act (a page of this site only).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct) =>
        await inbox.OpenAsync(id, ct) is { } link && Url.IsLocalUrl(link) ? LocalRedirect(link) : Redirect(PageUrl(PageNumber));

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await inbox.MarkReadAsync(null, ct);
        return Redirect(PageUrl(1));
    }

    /// <summary>The action of a row's 标为已读 form: back to the same page of the inbox afterwards.</summary>
    public string ReadUrl(long id) => HandlerUrl("Read", id);

    public string OpenUrl(long id) => HandlerUrl("Open", id);

    private string HandlerUrl(string handler, long id) =>
        $"/notifications?handler={handler}&id={id.ToString(CultureInfo.InvariantCulture)}" + (PageNumber > 1 ? $"&page={PageNumber.ToString(CultureInfo.InvariantCulture)}" : "");

    public static string PageUrl(int page) => page > 1 ? $"/notifications?page={page.ToString(CultureInfo.InvariantCulture)}" : "/notifications";
}
