using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

/// <summary>
/// A supervisor deactivates an institution (撤并、注销): its history stays, but publishing and the nightly refresh
/// bind it to no new obligations. Refused while an active institution still sits below it.
/// </summary>
public sealed class DeactivateInstitutionHandler(ComplianceDbContext db, CurrentUser currentUser, ListInstitutionsHandler list, AuditLog audit, TimeProvider time)
{
    public async Task<InstitutionDto> HandleAsync(string code, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var institution = await scope.Institutions(db).Include(i => i.Jurisdiction).SingleOrDefaultAsync(i => i.Code == code, ct)
            ?? throw new NotFoundException($"未找到代码为“{code}”的机构，或您无权查看。");
        if (!scope.Supervises(institution))
        {
            throw new ForbiddenException($"机构“{institution.Name}”不在您管辖的辖区内，您无权停用。");
        }

        if (!institution.IsActive)
        {
            return await list.GetAsync(code, ct);
        }

        var activeChildren = await db.Institutions.Where(i => i.ParentId == institution.Id && i.IsActive).OrderBy(i => i.Code).Select(i => i.Name).Take(4).ToListAsync(ct);
        if (activeChildren.Count > 0)
        {
            throw new ConflictException($"“{institution.Name}”下还有未停用的下级机构（{string.Join("、", activeChildren.Take(3))}{(activeChildren.Count > 3 ? " 等" : "")}），请先停用或迁移这些机构。");
        }

        institution.IsActive = false;
        institution.DeactivatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.InstitutionDeactivated, code, institution.Name);
        await db.SaveChangesAsync(ct);
        return await list.GetAsync(code, ct);
    }
}
