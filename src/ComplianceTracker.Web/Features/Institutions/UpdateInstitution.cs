using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Institutions;

/// <summary>
/// A supervisor edits an institution of their jurisdiction: names, type and category, contacts, and moves it (another
/// parent and/or jurisdiction), which rewrites the path of it and of every institution below it; a cycle is refused.
/// </summary>
public sealed class UpdateInstitutionHandler(CurrentUser currentUser, InstitutionRegistry registry, ListInstitutionsHandler list, AuditLog audit)
{
    public async Task<InstitutionDto> HandleAsync(string code, SaveInstitutionRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var before = await list.GetAsync(code, ct);
        await registry.ApplyAsync([request.ToChange(before.Code)], ChangeMode.UpdateOnly, scope,
            result => audit.Add(AuditActions.InstitutionUpdated, code, Detail(before, request, result)), ct);
        return await list.GetAsync(code, ct);
    }

    private static string Detail(InstitutionDto before, SaveInstitutionRequest after, RegistryResult result)
    {
        var parts = new List<string>();
        if (before.Name != after.Name?.Trim())
        {
            parts.Add($"名称：{before.Name} → {after.Name?.Trim()}");
        }

        if (before.ParentCode != InstitutionRegistry.Blank(after.ParentCode))
        {
            parts.Add($"上级机构：{before.ParentCode ?? "无"} → {InstitutionRegistry.Blank(after.ParentCode) ?? "无"}");
        }

        if (before.JurisdictionCode != after.JurisdictionCode?.Trim())
        {
            parts.Add($"辖区：{before.JurisdictionName} → {after.JurisdictionCode?.Trim()}");
        }

        return result.Unchanged > 0 ? "未作改动" : parts.Count > 0 ? string.Join("；", parts) : "修改简称、类别或联系人等信息";
    }
}
