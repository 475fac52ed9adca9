using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>An institution a circular binds, and the requirements it binds it to.</summary>
public sealed record BindingCandidate(int Id, string Code, string Name, string Path, InstitutionType Type, bool IsLegalEntity)
{
    public List<Requirement> Requirements { get; } = [];
}

/// <summary>
/// Which institutions a circular binds, in one place: those of the circular's jurisdiction and below that a
/// requirement's applicability includes (type, and legal entities only where it says so); deactivated institutions
/// are bound to nothing new. The publisher creates
/// obligations by it, and the publish preview shows it, so the two cannot disagree.
/// </summary>
public static class CircularBinding
{
    /// <summary>The institutions bound by at least one of <paramref name="requirements"/>, in path order.</summary>
    public static async Task<List<BindingCandidate>> BoundAsync(ComplianceDbContext db, string jurisdictionPath, IReadOnlyCollection<Requirement> requirements, CancellationToken ct)
    {
        var institutions = await db.Institutions.AsNoTracking()
            .Where(i => i.IsActive && i.Jurisdiction.Path.StartsWith(jurisdictionPath))
            .OrderBy(i => i.Path)
            .Select(i => new BindingCandidate(i.Id, i.Code, i.Name, i.Path, i.Type, i.IsLegalEntity))
            .ToListAsync(ct);
        foreach (var institution in institutions)
        {
            institution.Requirements.AddRange(requirements.Where(r => r.AppliesTo.Includes(institution.Type, institution.IsLegalEntity)));
        }

        return institutions.Where(i => i.Requirements.Count > 0).ToList();
    }
}
