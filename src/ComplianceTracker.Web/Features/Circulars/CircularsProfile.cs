using AutoMapper;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Circulars;

public sealed class CircularsProfile : Profile
{
    public CircularsProfile()
    {
        CreateMap<Circular, CircularSummaryDto>()
            .ForMember(d => d.Issuers, o => o.MapFrom(c => c.Issuers.OrderBy(i => i.Order).Select(i => i.Issuer.Name)))
            .ForMember(d => d.JurisdictionCode, o => o.MapFrom(c => c.Jurisdiction.Code));

        CreateMap<Circular, CircularDetailDto>()
            .ForMember(d => d.Issuers, o => o.MapFrom(c => c.Issuers.OrderBy(i => i.Order).Select(i => i.Issuer.Name)))
            .ForMember(d => d.JurisdictionCode, o => o.MapFrom(c => c.Jurisdiction.Code))
            .ForMember(d => d.Attachments, o => o.MapFrom(c => c.Attachments.OrderBy(a => a.Number).Select(a => a.Title)))
            .ForMember(d => d.Requirements, o => o.MapFrom(c => c.Requirements.OrderBy(r => r.Ordinal)))
            .ForMember(d => d.Relations, o => o.Ignore())
            .ForMember(d => d.EffectiveFrom, o => o.MapFrom(c => c.ValidFrom))
            .ForMember(d => d.EffectiveTo, o => o.MapFrom(c => c.ValidTo))
            .ForMember(d => d.PublishedAt, o => o.MapFrom(c => c.PublishedAt == null ? (DateTimeOffset?)null : ChinaTime.ToChina(c.PublishedAt.Value)));

        CreateMap<Requirement, RequirementDto>();
        CreateMap<Applicability, ApplicabilityDto>()
            .ForMember(d => d.InstitutionTypes, o => o.MapFrom(a => a.Types()));
    }
}
