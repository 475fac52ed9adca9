using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>The people of institutions who hear of them (by role), and the institutions' group robots.</summary>
public sealed record InstitutionAudience(ILookup<int, string> Users, ILookup<int, int> Robots)
{
    /// <summary>The users holding one of <paramref name="roles"/> at <paramref name="institutionIds"/>, and those institutions' enabled robots, in two queries.</summary>
    public static async Task<InstitutionAudience> LoadAsync(ComplianceDbContext db, IReadOnlyCollection<int> institutionIds, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var users = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.InstitutionId != null && institutionIds.Contains(u.InstitutionId.Value) && roles.Contains(r.Name!)
                           select new { u.Id, InstitutionId = u.InstitutionId!.Value }).Distinct().ToListAsync(ct);
        var robots = await db.GroupRobots.Where(r => r.Enabled && r.InstitutionId != null && institutionIds.Contains(r.InstitutionId.Value))
            .Select(r => new { r.Id, InstitutionId = r.InstitutionId!.Value }).ToListAsync(ct);
        return new InstitutionAudience(users.ToLookup(u => u.InstitutionId, u => u.Id), robots.ToLookup(r => r.InstitutionId, r => r.Id));
    }

    /// <summary>The reporters and heads of the institutions: who hears what the institution owes.</summary>
    public static readonly string[] Branch = [Roles.Reporter, Roles.BranchHead];
}
