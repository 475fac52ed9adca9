using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

public sealed record InstitutionDto(
    string Code,
    string Name,
    InstitutionType Type,
    string? ParentCode,
    bool IsLegalEntity,
    string JurisdictionCode,
    string JurisdictionName,
    string? ShortName = null,
    string DisplayShortName = "",
    string TypeName = "",
    InstitutionCategory? Category = null,
    string? CategoryName = null,
    string? ParentName = null,
    bool IsActive = true,
    DateTime? DeactivatedAt = null,
    string? ContactName = null,
    string? ContactPhone = null,
    string? ContactEmail = null);

/// <summary>
/// Filters of the registry list: words of the name, short name or code; type; category; jurisdiction (and those
/// below it); active or deactivated. <see cref="Page"/> null means every match (the list's original contract).
/// </summary>
public sealed record InstitutionQuery(
    string? Q = null,
    InstitutionType? Type = null,
    InstitutionCategory? Category = null,
    string? Jurisdiction = null,
    bool? Active = null,
    int? Page = null,
    int? PageSize = null);

public sealed record InstitutionPage(List<InstitutionDto> Items, int Total, int Page, int PageSize);

/// <summary>The institutions the caller may see, in hierarchy order; filtered and paged in SQL.</summary>
public sealed class ListInstitutionsHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Every institution the caller may see.</summary>
    public async Task<List<InstitutionDto>> HandleAsync(CancellationToken ct) => (await HandleAsync(new InstitutionQuery(), ct)).Items;

    public async Task<InstitutionPage> HandleAsync(InstitutionQuery query, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var institutions = scope.Institutions(db).AsNoTracking();
        if (query.Q?.Trim() is { Length: > 0 } q)
        {
            institutions = institutions.Where(i => i.Name.Contains(q) || i.Code.Contains(q) || (i.ShortName != null && i.ShortName.Contains(q)));
        }

        if (query.Type is { } type)
        {
            institutions = institutions.Where(i => i.Type == type);
        }

        if (query.Category is { } category)
        {
            institutions = institutions.Where(i => i.Category == category);
        }

        if (query.Jurisdiction?.Trim() is { Length: > 0 } code)
        {
            var path = await db.Jurisdictions.Where(j => j.Code == code).Select(j => j.Path).SingleOrDefaultAsync(ct)
                ?? throw RuleViolationException.For("jurisdiction", $"没有代码为“{code}”的辖区。");
            institutions = institutions.Where(i => i.Jurisdiction.Path.StartsWith(path));
        }

        if (query.Active is { } active)
        {
            institutions = institutions.Where(i => i.IsActive == active);
        }

        var ordered = institutions.OrderBy(i => i.Path);
        if (query.Page is null && query.PageSize is null)
        {
            var all = await Project(ordered).ToListAsync(ct);
            return new InstitutionPage(all.Select(Labelled).ToList(), all.Count, 1, all.Count);
        }

        var page = Math.Max(1, query.Page ?? 1);
        var size = Math.Clamp(query.PageSize ?? DefaultPageSize, 1, MaxPageSize);
        var total = await institutions.CountAsync(ct);
        var items = await Project(ordered.Skip((page - 1) * size).Take(size)).ToListAsync(ct);
        return new InstitutionPage(items.Select(Labelled).ToList(), total, page, size);
    }

    /// <summary>One institution the caller may see, for the edit page.</summary>
    public async Task<InstitutionDto> GetAsync(string code, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var found = await Project(scope.Institutions(db).AsNoTracking().Where(i => i.Code == code)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到代码为“{code}”的机构，或您无权查看。");
        return Labelled(found);
    }

    private static IQueryable<InstitutionDto> Project(IQueryable<Institution> institutions) => institutions.Select(i => new InstitutionDto(
        i.Code,
        i.Name,
        i.Type,
        i.Parent != null ? i.Parent.Code : null,
        i.IsLegalEntity,
        i.Jurisdiction.Code,
        i.Jurisdiction.Name,
        i.ShortName,
        i.ShortName ?? i.Name,
        "",
        i.Category,
        null,
        i.Parent != null ? i.Parent.Name : null,
        i.IsActive,
        i.DeactivatedAt,
        i.ContactName,
        i.ContactPhone,
        i.ContactEmail));

    private static InstitutionDto Labelled(InstitutionDto dto) => dto with { TypeName = dto.Type.Label(), CategoryName = dto.Category?.Label() };
}
