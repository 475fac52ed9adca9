using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>An institution publishing would bind, for the confirmation step.</summary>
public sealed record BoundInstitution(string Code, string Name, InstitutionType Type, bool IsLegalEntity, int Requirements);

/// <summary>Who publishing the circular would bind, by the publisher's own rule (<see cref="CircularBinding"/>); changes nothing.</summary>
public sealed class PreviewPublicationHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    public async Task<List<BoundInstitution>> HandleAsync(int circularId, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, circularId, ct);
        var circular = await db.Circulars.AsNoTracking()
            .Include(c => c.Jurisdiction)
            .Include(c => c.Requirements)
            .SingleAsync(c => c.Id == circularId, ct);
        if (!scope.Oversees(circular.Jurisdiction))
        {
            throw new ForbiddenException($"您无权发布辖区“{circular.Jurisdiction.Name}”的监管文件。");
        }

        var bound = await CircularBinding.BoundAsync(db, circular.Jurisdiction.Path, circular.Requirements, ct);
        return bound.Select(b => new BoundInstitution(b.Code, b.Name, b.Type, b.IsLegalEntity, b.Requirements.Count)).ToList();
    }
}
