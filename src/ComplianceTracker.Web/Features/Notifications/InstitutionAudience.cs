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

    /// <summary>The users holding <paramref name="role"/> at the institution, as <see cref="LoadAsync"/> finds them, to compose into a larger query.</summary>
    public static IQueryable<AppUser> Holding(ComplianceDbContext db, int institutionId, string role) =>
        db.Users.Where(u => u.InstitutionId == institutionId
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));

    /// <summary>The institution's enabled group robots, as <see cref="LoadAsync"/> finds them, to compose into a larger query.</summary>
    public static IQueryable<GroupRobot> RobotsOf(ComplianceDbContext db, int institutionId) =>
        db.GroupRobots.Where(r => r.Enabled && r.InstitutionId == institutionId);

    /// <summary>
    /// The supervisors of the closest jurisdiction above the institution (a district's, not also the province's), and
    /// their own group robots: who hears what a bank asks of its supervisor (补报, material handed in).
    /// </summary>
    public static async Task<(List<string> Users, List<int> Robots)> SupervisorsAsync(ComplianceDbContext db, int institutionId, CancellationToken ct)
    {
        var path = await db.Institutions.Where(i => i.Id == institutionId).Select(i => i.Jurisdiction.Path).SingleAsync(ct);
        var supervisors = await (from u in db.Users
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where r.Name == Roles.Supervisor && u.Jurisdiction != null
                                 select new { u.Id, u.Jurisdiction!.Path }).Distinct().ToListAsync(ct);
        var users = NearestSupervisors(supervisors.Where(s => path.StartsWith(s.Path, StringComparison.Ordinal)).Select(s => (s.Id, s.Path))).ToList();
        var robots = await db.GroupRobots.Where(r => r.Enabled && r.UserId != null && users.Contains(r.UserId)).Select(r => r.Id).ToListAsync(ct);
        return (users, robots);
    }

    /// <summary>Of the supervisors whose jurisdictions cover an institution, those of the closest one.</summary>
    public static IEnumerable<string> NearestSupervisors(IEnumerable<(string Id, string Path)> covering)
    {
        var list = covering.ToList();
        var deepest = list.Count == 0 ? 0 : list.Max(p => p.Path.Length);
        return list.Where(p => p.Path.Length == deepest).Select(p => p.Id);
    }

    /// <summary>The reporters and heads of the institutions: who hears what the institution owes.</summary>
    public static readonly string[] Branch = [Roles.Reporter, Roles.BranchHead];
}
