using AutoMapper;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
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
        return mapper.Map<CircularDetailDto>(circular) with { Relations = await RelationsAsync(scope, id, ct) };
    }

    /// <summary>The relations both ways, naming only circulars the caller may see.</summary>
    private async Task<List<CircularRelationDto>> RelationsAsync(AccessScope scope, int id, CancellationToken ct)
    {
        var visible = db.Visible(scope).Select(c => c.Id);
        var rows = await db.CircularRelations.AsNoTracking()
            .Where(r => (r.ToCircularId == id && visible.Contains(r.FromCircularId)) || (r.FromCircularId == id && visible.Contains(r.ToCircularId)))
            .Select(r => new
            {
                r.Kind,
                ChangedBy = r.ToCircularId == id,
                Other = r.ToCircularId == id ? new { r.From.Id, r.From.DocumentNumber, r.From.Title } : new { r.To.Id, r.To.DocumentNumber, r.To.Title },
                r.Reason,
                r.CreatedAt,
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.CreatedAt).Select(r =>
        {
            var other = r.Other.DocumentNumber ?? $"《{r.Other.Title}》";
            return new CircularRelationDto
            {
                Kind = r.Kind,
                Direction = r.ChangedBy ? "ChangedBy" : "Changes",
                CircularId = r.Other.Id,
                DocumentNumber = r.Other.DocumentNumber,
                Title = r.Other.Title,
                Reason = r.Reason,
                CreatedAt = ChinaTime.ToChina(r.CreatedAt),
                Text = r.ChangedBy ? $"本通知已被 {other} {r.Kind.Label()}" : $"本通知{r.Kind.Label()}了 {other}",
            };
        }).ToList();
    }
}
