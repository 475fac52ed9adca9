using AutoMapper;
using AutoMapper.QueryableExtensions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

public sealed class ListCircularsHandler(ComplianceDbContext db, CurrentUser currentUser, IMapper mapper)
{
    public async Task<List<CircularSummaryDto>> HandleAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var rows = await db.Visible(scope)
            .OrderBy(c => c.IssuedOn == null).ThenByDescending(c => c.IssuedOn).ThenBy(c => c.Id)
            .ProjectTo<CircularSummaryDto>(mapper.ConfigurationProvider)
            .ToListAsync(ct);
        return rows.Select(r => r.WithDerivedValidity()).ToList();
    }
}
