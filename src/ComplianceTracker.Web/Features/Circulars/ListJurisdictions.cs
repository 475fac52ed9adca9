using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>A jurisdiction a circular may be registered in, and whether the caller oversees it (may register and publish there).</summary>
public sealed record JurisdictionChoice(string Code, string Name, string Path, bool Overseen);

/// <summary>The jurisdictions of the caller's circular pages: those it may register circulars in, and the one a circular belongs to.</summary>
public sealed class ListJurisdictionsHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    /// <summary>The caller's jurisdiction and those below it (all for an admin), in path order.</summary>
    public async Task<List<JurisdictionChoice>> HandleAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var home = scope.IsAdmin ? "/" : scope.JurisdictionPath ?? "\u0000";
        var jurisdictions = await db.Jurisdictions.AsNoTracking().Where(j => j.Path.StartsWith(home)).OrderBy(j => j.Path).ToListAsync(ct);
        return jurisdictions.Select(j => Choice(j, scope)).ToList();
    }

    /// <summary>The caller's own jurisdiction's code, the default for a new circular.</summary>
    public async Task<string?> HomeAsync(CancellationToken ct) => (await currentUser.ScopeAsync(ct)).User.Jurisdiction?.Code;

    public async Task<JurisdictionChoice> GetAsync(string code, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var jurisdiction = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == code, ct)
            ?? throw new NotFoundException($"未找到辖区“{code}”。");
        return Choice(jurisdiction, scope);
    }

    private static JurisdictionChoice Choice(Jurisdiction j, AccessScope scope) => new(j.Code, j.Name, j.Path, scope.Oversees(j));
}
