using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Pages.Shared;

/// <summary>What the layout shows on every page: the signed-in user's unread notifications.</summary>
public sealed class LayoutModel(ComplianceDbContext db, CurrentUser currentUser)
{
    public async Task<int> UnreadAsync()
    {
        var scope = await currentUser.ScopeAsync();
        return await db.Notifications.CountAsync(n => n.UserId == scope.User.Id && n.ReadAt == null);
    }
}
