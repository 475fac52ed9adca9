using ComplianceTracker.Web.Features.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages;

/// <summary>The caller's inbox, through the same <see cref="Inbox"/> as <c>/api/notifications</c>; marking read is a form post with antiforgery.</summary>
public sealed class NotificationsModel(Inbox inbox) : PageModel
{
    public List<NotificationDto> Items { get; private set; } = [];
    public int Unread { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Unread = await inbox.UnreadAsync(ct);
        Items = await inbox.ListAsync(unreadOnly: false, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await inbox.MarkReadAsync(id, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await inbox.MarkReadAsync(null, ct);
        return RedirectToPage();
    }
}
