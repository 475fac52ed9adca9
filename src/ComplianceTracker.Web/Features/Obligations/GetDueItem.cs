using AutoMapper;
using AutoMapper.QueryableExtensions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

/// <summary>One due item of an institution the caller sees, as the list shows it (404 otherwise, never saying it exists).</summary>
public sealed class GetDueItemHandler(ComplianceDbContext db, CurrentUser currentUser, IMapper mapper, TimeProvider time)
{
    public async Task<DueItemDto> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db);
        var rows = await db.DueItems
            .Where(d => d.Id == id && visible.Select(i => i.Id).Contains(d.Obligation.InstitutionId))
            .ProjectTo<DueItemRow>(mapper.ConfigurationProvider)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        }

        return (await DueItemRow.ToDtosAsync(db, rows, time.GetUtcNow().UtcDateTime, ChinaTime.Today(time), ct))[0];
    }
}
