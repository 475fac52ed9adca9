using System.Security.Claims;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Infrastructure.Security;

/// <summary>
/// What the caller may see. Admins see everything; supervisors and leaders the institutions of their
/// jurisdiction and below; reporters and branch heads their institution and, for a legal entity, its branches.
/// Every query over institution data goes through <see cref="Institutions"/>.
/// </summary>
public sealed class AccessScope
{
    private AccessScope(AppUser user, IReadOnlyCollection<string> roles, string? institutionPath, string? jurisdictionPath)
    {
        User = user;
        Roles = roles;
        InstitutionPath = institutionPath;
        JurisdictionPath = jurisdictionPath;
    }

    public AppUser User { get; }
    public IReadOnlyCollection<string> Roles { get; }
    public string? InstitutionPath { get; }
    public string? JurisdictionPath { get; }

    public string UserName => User.UserName ?? User.Id;
    public bool IsAdmin => Roles.Contains(Domain.Roles.Admin);
    public bool IsSupervisor => IsAdmin || Roles.Contains(Domain.Roles.Supervisor);
    public bool SeesJurisdiction => IsAdmin || Roles.Contains(Domain.Roles.Supervisor) || Roles.Contains(Domain.Roles.Leader);

    /// <summary>The institutions the caller may see.</summary>
    public IQueryable<Institution> Institutions(ComplianceDbContext db)
    {
        if (IsAdmin)
        {
            return db.Institutions;
        }

        var jurisdictionPath = SeesJurisdiction ? JurisdictionPath : null;
        var institutionPath = InstitutionPath;
        return (jurisdictionPath, institutionPath) switch
        {
            (null, null) => db.Institutions.Where(_ => false),
            ({ } jp, null) => db.Institutions.Where(i => i.Jurisdiction.Path.StartsWith(jp)),
            (null, { } ip) => db.Institutions.Where(i => i.Path.StartsWith(ip)),
            ({ } jp, { } ip) => db.Institutions.Where(i => i.Jurisdiction.Path.StartsWith(jp) || i.Path.StartsWith(ip)),
        };
    }

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>The caller works for the institution (its own, or a branch of its legal entity).</summary>
    public bool ActsFor(Institution institution) =>
        InstitutionPath is { } ip && institution.Path.StartsWith(ip, StringComparison.Ordinal);

    /// <summary>The caller supervises the institution (admins everything, supervisors their jurisdiction).</summary>
    public bool Supervises(Institution institution) =>
        IsAdmin || (Roles.Contains(Domain.Roles.Supervisor) && JurisdictionPath is { } jp
            && institution.Jurisdiction.Path.StartsWith(jp, StringComparison.Ordinal));

    /// <summary>Jurisdictions the caller oversees (for circulars it may register and publish).</summary>
    public bool Oversees(Jurisdiction jurisdiction) =>
        IsAdmin || (IsSupervisor && JurisdictionPath is { } jp && jurisdiction.Path.StartsWith(jp, StringComparison.Ordinal));

    public static async Task<AccessScope> LoadAsync(ComplianceDbContext db, ClaimsPrincipal principal, CancellationToken ct) =>
        await TryLoadAsync(db, principal, ct) ?? throw new ForbiddenException("无法识别当前用户，或该用户已不存在，请重新登录。");

    public static async Task<AccessScope?> TryLoadAsync(ComplianceDbContext db, ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        // One query: the user with its institution, jurisdiction and roles. Each role is a test on the user's own
        // role rows: a list of role names would be a join on every account's roles, which SQLite builds in full for
        // each request (40,000 rows at 20,000 banks).
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                User = u,
                u.Institution,
                InstitutionJurisdiction = u.Institution!.Jurisdiction,
                u.Jurisdiction,
                Reporter = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Domain.Roles.Reporter)),
                BranchHead = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Domain.Roles.BranchHead)),
                Supervisor = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Domain.Roles.Supervisor)),
                Leader = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Domain.Roles.Leader)),
                Admin = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Domain.Roles.Admin)),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var user = found.User;
        var roles = new[] { (found.Reporter, Domain.Roles.Reporter), (found.BranchHead, Domain.Roles.BranchHead), (found.Supervisor, Domain.Roles.Supervisor), (found.Leader, Domain.Roles.Leader), (found.Admin, Domain.Roles.Admin) }
            .Where(x => x.Item1).Select(x => x.Item2).ToList();
        user.Institution = found.Institution;
        user.Jurisdiction = found.Jurisdiction;
        if (found.Institution is { } institution)
        {
            institution.Jurisdiction = found.InstitutionJurisdiction!;
        }

        return new AccessScope(user, roles, user.Institution?.Path, user.Jurisdiction?.Path);
    }
}

/// <summary>Loads the caller's <see cref="AccessScope"/> once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, ComplianceDbContext db)
{
    private AccessScope? scope;

    public async Task<AccessScope> ScopeAsync(CancellationToken ct = default) =>
        scope ??= await AccessScope.LoadAsync(db, http.HttpContext?.User ?? new ClaimsPrincipal(), ct);

    /// <summary>The caller's scope, or null when the request's user is unknown (signed out, or deleted meanwhile).</summary>
    public async Task<AccessScope?> TryLoadCurrentAsync(CancellationToken ct = default) =>
        scope ??= await AccessScope.TryLoadAsync(db, http.HttpContext?.User ?? new ClaimsPrincipal(), ct);

    /// <summary>Drops a scope loaded for a principal whose authentication then failed.</summary>
    public void Forget() => scope = null;

    /// <summary>Loads the scope for a principal being authenticated, and keeps it for the rest of the request.</summary>
    public async Task<AccessScope?> TryLoadAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        scope = await AccessScope.TryLoadAsync(db, principal, ct);
}
