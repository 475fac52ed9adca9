using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>The fields of the create and edit forms, bound as <c>Input.*</c>; errors come back keyed by the request's field names.</summary>
public sealed class InstitutionForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public InstitutionType Type { get; set; }
    public InstitutionCategory? Category { get; set; }
    public string? ParentCode { get; set; }
    public bool IsLegalEntity { get; set; }
    public string? JurisdictionCode { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }

    public SaveInstitutionRequest ToRequest() => new(Name, ShortName, Type, Category, ParentCode, IsLegalEntity, JurisdictionCode, ContactName, ContactPhone, ContactEmail);

    public CreateInstitutionRequest ToCreateRequest() => new(Code, Name, ShortName, Type, Category, ParentCode, IsLegalEntity, JurisdictionCode, ContactName, ContactPhone, ContactEmail);

    public static InstitutionForm From(InstitutionDto i) => new()
    {
        Code = i.Code,
        Name = i.Name,
        ShortName = i.ShortName,
        Type = i.Type,
        Category = i.Category,
        ParentCode = i.ParentCode,
        IsLegalEntity = i.IsLegalEntity,
        JurisdictionCode = i.JurisdictionCode,
        ContactName = i.ContactName,
        ContactPhone = i.ContactPhone,
        ContactEmail = i.ContactEmail,
    };
}

/// <summary>What the form partial needs: the values, the jurisdictions to choose from, the errors by field, and whether the code is editable.</summary>
public sealed record InstitutionFormView(InstitutionForm Input, List<JurisdictionChoice> Jurisdictions, IDictionary<string, string[]> Errors, bool IsNew)
{
    public string[] ErrorsFor(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    public static IDictionary<string, string[]> Of(RuleViolationException e) => e.Errors;
}
