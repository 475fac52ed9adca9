using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Pages.Shared;

/// <summary>What the layout shows on every page: who is signed in (by name, with their institution), unread messages, reports waiting for the head, 补报 requests waiting for a supervisor.</summary>
public sealed class LayoutModel(Inbox inbox, CurrentUser currentUser, ListPendingApprovalsHandler approvals, UnlockApplicationQueries applications)
{
    public Task<int> UnreadAsync() => inbox.UnreadAsync(CancellationToken.None);

    /// <summary>The display name, and the institution (or area) the person works for: 王芳 · 中国建设银行长治上党支行.</summary>
    public async Task<(string Name, string? Where)> WhoAsync()
    {
        var scope = await currentUser.TryLoadCurrentAsync(CancellationToken.None);
        if (scope is null)
        {
            return ("", null);
        }

        var name = scope.User.DisplayName is { Length: > 0 } display ? display : scope.UserName;
        return (name, scope.User.Institution?.Name ?? scope.User.Jurisdiction?.Name);
    }

    /// <summary>Reports waiting for a branch head's approval (the 待审核 badge).</summary>
    public Task<int> WaitingApprovalAsync() => approvals.CountAsync(CancellationToken.None);

    /// <summary>补报 requests waiting for a supervisor of the institutions (the 补报申请 badge).</summary>
    public Task<int> WaitingApplicationsAsync() => applications.CountWaitingAsync(CancellationToken.None);
}
