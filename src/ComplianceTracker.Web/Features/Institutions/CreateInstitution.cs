using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Institutions;

public sealed record SaveInstitutionRequest(
    string? Name,
    string? ShortName,
    InstitutionType Type,
    InstitutionCategory? Category,
    string? ParentCode,
    bool IsLegalEntity,
    string? JurisdictionCode,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail)
{
    public InstitutionChange ToChange(string code) => new(
        new InstitutionInput(code, Name ?? "", ShortName, Type, Category, ParentCode, IsLegalEntity, JurisdictionCode ?? "", ContactName, ContactPhone, ContactEmail),
        FieldKey);

    /// <summary>Errors of a form or JSON body are keyed by the request's field names.</summary>
    public static string FieldKey(InstitutionField field) => field switch
    {
        InstitutionField.Jurisdiction => "jurisdictionCode",
        _ => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..],
    };
}

public sealed record CreateInstitutionRequest(
    string? Code,
    string? Name,
    string? ShortName,
    InstitutionType Type,
    InstitutionCategory? Category,
    string? ParentCode,
    bool IsLegalEntity,
    string? JurisdictionCode,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail)
{
    public SaveInstitutionRequest Fields => new(Name, ShortName, Type, Category, ParentCode, IsLegalEntity, JurisdictionCode, ContactName, ContactPhone, ContactEmail);
}

/// <summary>A supervisor registers an institution of their jurisdiction; it takes on the circulars already published there.</summary>
public sealed class CreateInstitutionHandler(CurrentUser currentUser, InstitutionRegistry registry, ListInstitutionsHandler list, AuditLog audit)
{
    public async Task<InstitutionDto> HandleAsync(CreateInstitutionRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var code = request.Code?.Trim() ?? "";
        await registry.ApplyAsync([request.Fields.ToChange(code)], ChangeMode.CreateOnly, scope,
            _ => audit.Add(AuditActions.InstitutionCreated, code, request.Name?.Trim()), ct);
        return await list.GetAsync(code, ct);
    }
}
