using System.Text.RegularExpressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

public sealed record CreateJurisdictionRequest(string? Code, string? Name, string? ParentCode);

public sealed record JurisdictionDto(string Code, string Name, string? ParentCode, string Path);

/// <summary>
/// Adds an area under one the caller oversees (a district under its city, 长治市 → 长治市潞州区), so that a district
/// outside the shipped list can register its institutions and supervisors without anyone editing seed files. Admins
/// add anywhere below 全国; supervisors below their own jurisdiction.
/// </summary>
public sealed partial class CreateJurisdictionHandler(ComplianceDbContext db, CurrentUser currentUser, AuditLog audit)
{
    public async Task<JurisdictionDto> HandleAsync(CreateJurisdictionRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var code = request.Code?.Trim() ?? "";
        var name = request.Name?.Trim() ?? "";
        var parentCode = request.ParentCode?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = ["辖区代码请用 1–64 个大写字母、数字或短横线，如 SX-CZ-LZ。"];
        }
        else if (await db.Jurisdictions.AnyAsync(j => j.Code == code, ct))
        {
            errors["code"] = [$"辖区代码“{code}”已被使用，请换一个。"];
        }

        if (name.Length is 0 or > 200)
        {
            errors["name"] = [name.Length == 0 ? "请填写辖区名称，如 长治市潞州区。" : "辖区名称不能超过200个字符。"];
        }

        var parent = parentCode.Length == 0 ? null : await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == parentCode, ct);
        if (parent is null)
        {
            errors["parentCode"] = [parentCode.Length == 0 ? "请选择上级辖区。" : $"上级辖区“{parentCode}”不存在。"];
        }
        else if (!scope.Oversees(parent))
        {
            errors["parentCode"] = [$"您只能在本辖区（{scope.User.Jurisdiction?.Name}）及其下级辖区下增设辖区。"];
        }
        else if (name.Length > 0 && await db.Jurisdictions.AnyAsync(j => j.ParentId == parent.Id && j.Name == name, ct))
        {
            errors["name"] = [$"“{parent.Name}”下已有名为“{name}”的辖区。"];
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("辖区信息有误，未保存。", errors);
        }

        var jurisdiction = new Jurisdiction { Code = code, Name = name, ParentId = parent!.Id, Path = $"{parent.Path}{code}/" };
        db.Jurisdictions.Add(jurisdiction);
        audit.Add(AuditActions.JurisdictionCreated, code, $"{name}（上级：{parent.Name}）");
        await db.SaveChangesAsync(ct);
        return new JurisdictionDto(code, name, parent.Code, jurisdiction.Path);
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,63}$")]
    private static partial Regex CodePattern();
}
