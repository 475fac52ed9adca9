using AutoMapper;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

public sealed class GetCircularHandler(ComplianceDbContext db, CurrentUser currentUser, IMapper mapper)
{
    public async Task<CircularDetailDto> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, id, ct);
        var circular = await db.Circulars.AsNoTracking().AsSplitQuery()
            .Include(c => c.Jurisdiction)
            .Include(c => c.Issuers).ThenInclude(i => i.Issuer)
            .Include(c => c.Attachments)
            .Include(c => c.Requirements)
            .SingleAsync(c => c.Id == id, ct);
        return mapper.Map<CircularDetailDto>(circular);
    }
}
