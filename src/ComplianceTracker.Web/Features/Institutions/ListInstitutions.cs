using AutoMapper;
using AutoMapper.QueryableExtensions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

public sealed record InstitutionDto(string Code, string Name, InstitutionType Type, string? ParentCode, bool IsLegalEntity, string JurisdictionCode, string JurisdictionName);

/// <summary>The institutions the caller may see, in hierarchy order.</summary>
public sealed class ListInstitutionsHandler(ComplianceDbContext db, CurrentUser currentUser, IMapper mapper)
{
    public async Task<List<InstitutionDto>> HandleAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return await scope.Institutions(db)
            .OrderBy(i => i.Path)
            .ProjectTo<InstitutionDto>(mapper.ConfigurationProvider)
            .ToListAsync(ct);
    }
}

public sealed class InstitutionsProfile : Profile
{
    public InstitutionsProfile()
    {
        CreateMap<Institution, InstitutionDto>()
            .ForCtorParam(nameof(InstitutionDto.ParentCode), o => o.MapFrom(i => i.Parent != null ? i.Parent.Code : null))
            .ForCtorParam(nameof(InstitutionDto.JurisdictionCode), o => o.MapFrom(i => i.Jurisdiction.Code))
            .ForCtorParam(nameof(InstitutionDto.JurisdictionName), o => o.MapFrom(i => i.Jurisdiction.Name));
    }
}
