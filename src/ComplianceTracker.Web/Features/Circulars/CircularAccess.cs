using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>
/// Which circulars a caller may read. Circulars are public documents once published, but each user sees those
/// addressed to their area (or an area above it) and those that bind an institution they see; drafts only the
/// supervisors and leaders of the circular's jurisdiction see.
/// </summary>
public static class CircularAccess
{
    public static IQueryable<Circular> Visible(this ComplianceDbContext db, AccessScope scope)
    {
        if (scope.IsAdmin)
        {
            return db.Circulars;
        }

        var homePath = scope.SeesJurisdiction ? scope.JurisdictionPath : null;
        if (homePath is not null)
        {
            var ancestors = Ancestors(homePath);
            return db.Circulars.Where(c =>
                c.Jurisdiction.Path.StartsWith(homePath)
                || (c.Status != CircularStatus.Draft && ancestors.Contains(c.Jurisdiction.Path)));
        }

        // Reporters and branch heads: published circulars that bind their institutions or that are addressed to
        // the area their institution is in.
        var areas = Ancestors(scope.User.Institution?.Jurisdiction?.Path);
        var visibleInstitutionIds = scope.Institutions(db).Select(i => i.Id);
        return db.Circulars.Where(c => c.Status != CircularStatus.Draft
            && (areas.Contains(c.Jurisdiction.Path)
                || db.Obligations.Any(o => o.Requirement.CircularId == c.Id && visibleInstitutionIds.Contains(o.InstitutionId))));
    }

    /// <summary>404 unless the caller may see the circular (never telling that an invisible one exists).</summary>
    public static async Task EnsureVisibleAsync(this ComplianceDbContext db, AccessScope scope, int id, CancellationToken ct)
    {
        if (!await db.Visible(scope).AnyAsync(c => c.Id == id, ct))
        {
            throw NotFound(id);
        }
    }

    public static NotFoundException NotFound(int id) => new($"未找到编号为 {id} 的监管文件，或您无权查看。");

    /// <summary><c>/CN/SX/CZ/</c> → <c>/CN/</c>, <c>/CN/SX/</c>, <c>/CN/SX/CZ/</c>.</summary>
    internal static List<string> Ancestors(string? path)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(path))
        {
            return result;
        }

        for (var i = path.IndexOf('/', 1); i > 0; i = path.IndexOf('/', i + 1))
        {
            result.Add(path[..(i + 1)]);
        }

        return result;
    }
}
