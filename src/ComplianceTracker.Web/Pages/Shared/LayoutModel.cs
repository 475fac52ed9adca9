using ComplianceTracker.Web.Features.Notifications;

namespace ComplianceTracker.Web.Pages.Shared;

/// <summary>What the layout shows on every page: the signed-in user's unread notifications.</summary>
public sealed class LayoutModel(Inbox inbox)
{
    public Task<int> UnreadAsync() => inbox.UnreadAsync(CancellationToken.None);
}
