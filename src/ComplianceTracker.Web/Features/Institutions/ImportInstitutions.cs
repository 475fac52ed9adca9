using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

public sealed record ImportInstitutionsResult(int Created, int Updated, int Unchanged);

/// <summary>
/// A supervisor or admin imports the registry from the template (.xlsx) or a CSV: all or nothing. Every bad cell is
/// named at once (B7: 第 7 行…); rows equal to the registry count as unchanged, so importing the same file twice
/// changes nothing. New institutions then take on the circulars already published where they sit.
/// </summary>
public sealed class ImportInstitutionsHandler(CurrentUser currentUser, InstitutionRegistry registry, AuditLog audit, InstitutionImportOptions options)
{
    public async Task<ImportInstitutionsResult> HandleAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            throw RuleViolationException.For(InstitutionSheet.FileKey, "请选择要导入的机构名录文件（.xlsx 或 .csv）。");
        }

        await using var stream = file.OpenReadStream();
        return await HandleAsync(stream, file.FileName, ct);
    }

    public async Task<ImportInstitutionsResult> HandleAsync(Stream upload, string? fileName, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        if (!scope.IsSupervisor)
        {
            throw new ForbiddenException("只有监管人员和系统管理员可以导入机构名录。");
        }

        var sheet = InstitutionSheet.Read(upload, fileName, options);
        if (sheet.Rows.Count == 0 || sheet.Errors.ContainsKey(InstitutionSheet.FileKey))
        {
            throw Refused(sheet.Errors);
        }

        var errors = sheet.Errors;
        var changes = sheet.Rows.Select(row => ToChange(row, sheet.Columns, errors)).ToList();
        var result = await registry.ApplyAsync(
            changes,
            ChangeMode.CreateOrUpdate,
            scope,
            r => audit.Add(AuditActions.InstitutionsImported, fileName, $"新增 {r.Created} 家，更新 {r.Updated} 家，未变 {r.Unchanged} 家"),
            ct,
            errors);
        return new ImportInstitutionsResult(result.Created, result.Updated, result.Unchanged);
    }

    private static RuleViolationException Refused(Dictionary<string, List<string>> errors) =>
        new($"文件有 {errors.Values.Sum(e => e.Count)} 处错误，未导入任何数据。", errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    private static InstitutionChange ToChange(SheetRow row, Dictionary<InstitutionField, string> columns, Dictionary<string, List<string>> errors)
    {
        string Key(InstitutionField field) => $"{columns[field]}{row.Number}";
        var where = $"第 {row.Number} 行：";
        string Cell(InstitutionField field) => row.Cells.GetValueOrDefault(field, "");

        var typeText = Cell(InstitutionField.Type);
        var type = InstitutionValues.ParseType(typeText);
        if (type is null)
        {
            InstitutionSheet.Add(errors, Key(InstitutionField.Type), where + (typeText.Length == 0
                ? "机构类型不能为空。"
                : $"机构类型“{ExcelText.Quote(typeText)}”无法识别，可选：{string.Join("、", Enum.GetValues<InstitutionType>().Select(t => t.Label()))}。"));
        }

        var categoryText = Cell(InstitutionField.Category);
        var category = InstitutionValues.ParseCategory(categoryText);
        if (categoryText.Length > 0 && category is null)
        {
            InstitutionSheet.Add(errors, Key(InstitutionField.Category), where + $"机构类别“{ExcelText.Quote(categoryText)}”无法识别，可选：{string.Join("、", Enum.GetValues<InstitutionCategory>().Select(c => c.Label()))}。");
        }

        var legalText = Cell(InstitutionField.IsLegalEntity);
        var legal = InstitutionValues.ParseYesNo(legalText);
        if (legal is null)
        {
            InstitutionSheet.Add(errors, Key(InstitutionField.IsLegalEntity), where + $"是否法人“{ExcelText.Quote(legalText)}”无法识别，请填写“是”或“否”。");
        }

        var input = new InstitutionInput(
            Cell(InstitutionField.Code),
            Cell(InstitutionField.Name),
            Cell(InstitutionField.ShortName),
            type ?? InstitutionType.Bank,
            category,
            Cell(InstitutionField.ParentCode),
            legal ?? false,
            Cell(InstitutionField.Jurisdiction),
            Cell(InstitutionField.ContactName),
            Cell(InstitutionField.ContactPhone),
            Cell(InstitutionField.ContactEmail));
        return new InstitutionChange(input, Key, where);
    }
}

/// <summary>The template to fill in, with the jurisdictions of the whole registry on its 填写说明 sheet.</summary>
public sealed class InstitutionTemplateHandler(ComplianceDbContext db)
{
    public const string FileName = "机构名录导入模板.xlsx";

    public async Task<byte[]> HandleAsync(CancellationToken ct) =>
        InstitutionSheet.Template(await db.Jurisdictions.AsNoTracking().ToListAsync(ct));
}

/// <summary>The words people write for types, categories and yes/no, besides the labels themselves.</summary>
public static class InstitutionValues
{
    private static readonly Dictionary<string, InstitutionCategory> CategoryAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["国有大型商业银行"] = InstitutionCategory.LargeStateOwnedBank,
        ["国有大行"] = InstitutionCategory.LargeStateOwnedBank,
        ["国有大型银行"] = InstitutionCategory.LargeStateOwnedBank,
        ["股份制"] = InstitutionCategory.JointStockBank,
        ["股份制银行"] = InstitutionCategory.JointStockBank,
        ["城商行"] = InstitutionCategory.CityCommercialBank,
        ["农商行"] = InstitutionCategory.RuralCommercialBank,
        ["农信社"] = InstitutionCategory.RuralCooperative,
        ["农村信用社"] = InstitutionCategory.RuralCooperative,
        ["村镇银行"] = InstitutionCategory.VillageBank,
        ["民营银行"] = InstitutionCategory.PrivateBank,
        ["外资"] = InstitutionCategory.ForeignBank,
        ["外资银行"] = InstitutionCategory.ForeignBank,
        ["政策性"] = InstitutionCategory.PolicyBank,
        ["政策性银行"] = InstitutionCategory.PolicyBank,
        ["保险"] = InstitutionCategory.Insurer,
        ["保险公司"] = InstitutionCategory.Insurer,
        ["地方金融组织"] = InstitutionCategory.LocalFinancialOrganisation,
    };

    public static InstitutionType? ParseType(string text)
    {
        text = text.Trim();
        foreach (var type in Enum.GetValues<InstitutionType>())
        {
            if (text == type.Label() || string.Equals(text, type.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return text switch
        {
            "保险" or "保险公司" => InstitutionType.Insurer,
            _ => null,
        };
    }

    public static InstitutionCategory? ParseCategory(string text)
    {
        text = text.Trim();
        foreach (var category in Enum.GetValues<InstitutionCategory>())
        {
            if (text == category.Label() || string.Equals(text, category.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        return CategoryAliases.TryGetValue(text, out var alias) ? alias : null;
    }

    /// <summary>是 / 否 and their usual spellings; blank is 否.</summary>
    public static bool? ParseYesNo(string text) => text.Trim().ToUpperInvariant() switch
    {
        "" or "否" or "N" or "NO" or "FALSE" or "0" or "非法人" => false,
        "是" or "Y" or "YES" or "TRUE" or "1" or "法人" => true,
        _ => null,
    };
}
