using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Obligations;

public sealed record CountOverdueByInstitutionRequest(int Top = 10);

public sealed record InstitutionOverdueDto(string Code, string Name, int Count);

/// <summary>Every overdue item counted: how many, at how many institutions, and the institutions with most.</summary>
public sealed record OverdueByInstitutionDto(int Total, int Institutions, List<InstitutionOverdueDto> Top);

/// <summary>
/// Overdue items (<see cref="DueItemRules.IsOverdue"/>) of the institutions the caller sees, counted per institution
/// in the database, so every item counts however many there are.
/// </summary>
public sealed class CountOverdueByInstitutionHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<OverdueByInstitutionDto> HandleAsync(CountOverdueByInstitutionRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var now = time.GetUtcNow().UtcDateTime;
        var overdue = db.DueItems.Where(DueItemRules.IsOverdue(now)).Where(d => visible.Contains(d.Obligation.InstitutionId));
        // One pass, counted per institution (at most one row per institution the caller sees); the total, the number of
        // institutions and the top are taken from it (three queries over every overdue item took 1.5 s on PostgreSQL).
        var perInstitution = await overdue
            .GroupBy(d => new { d.Obligation.Institution.Code, d.Obligation.Institution.Name })
            .Select(g => new { g.Key.Code, g.Key.Name, Count = g.Count() })
            .ToListAsync(ct);
        var total = perInstitution.Sum(g => g.Count);
        var institutions = perInstitution.Count;
        var top = perInstitution.OrderByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal).Take(Math.Clamp(request.Top, 1, 100)).ToList();
        return new OverdueByInstitutionDto(total, institutions, top.Select(t => new InstitutionOverdueDto(t.Code, t.Name, t.Count)).ToList());
    }
}
