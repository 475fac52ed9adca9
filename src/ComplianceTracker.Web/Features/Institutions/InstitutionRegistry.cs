using System.Net.Mail;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Institutions;

/// <summary>The fields of one institution as a supervisor gives them (a form, a JSON body or a row of the import).</summary>
public sealed record InstitutionInput(
    string Code,
    string Name,
    string? ShortName,
    InstitutionType Type,
    InstitutionCategory? Category,
    string? ParentCode,
    bool IsLegalEntity,
    string JurisdictionCode,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail);

/// <summary>The fields an error can name; the caller maps each to a key (a JSON field, or a cell such as <c>B7</c>).</summary>
public enum InstitutionField
{
    Code,
    Name,
    ShortName,
    Type,
    Category,
    ParentCode,
    IsLegalEntity,
    Jurisdiction,
    ContactName,
    ContactPhone,
    ContactEmail,
}

/// <summary>One row to save, with how its errors are keyed and said (第 7 行 for the import, nothing for a form).</summary>
public sealed record InstitutionChange(InstitutionInput Input, Func<InstitutionField, string> Key, string Where = "");

/// <summary>How a batch must treat codes: the import adds or updates; the form creates only or edits only.</summary>
public enum ChangeMode
{
    CreateOrUpdate,
    CreateOnly,
    UpdateOnly,
}

public sealed record RegistryResult(int Created, int Updated, int Unchanged, int Moved);

/// <summary>
/// Saves a batch of institutions in one unit of work, checked all at once: required and too-long fields, codes twice
/// in the batch, unknown or deactivated parents (neither in the batch nor in the registry), cycles, jurisdictions
/// that do not exist or that the caller may not manage, institutions of another jurisdiction. The materialised
/// <see cref="Institution.Path"/> of every row and of every descendant whose ancestry changed is recomputed. Any
/// error refuses the whole batch. The create and edit forms use it with a batch of one.
/// </summary>
public sealed partial class InstitutionRegistry(ComplianceDbContext db, IBackgroundJobClient jobs)
{
    private sealed record Node(int Id, string Code, string? ParentCode, string Path, bool IsActive, string JurisdictionPath);

    /// <param name="changes">The rows, in the order given.</param>
    /// <param name="mode">Whether codes must be new, must exist, or either.</param>
    /// <param name="scope">The caller: jurisdictions it may manage.</param>
    /// <param name="audit">Adds the audit line beside the change, with the counts, just before saving.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <param name="errors">Errors the caller found already (a cell that is not a type, say): reported with these, and any refuses the batch.</param>
    public async Task<RegistryResult> ApplyAsync(IReadOnlyList<InstitutionChange> changes, ChangeMode mode, AccessScope scope, Action<RegistryResult> audit, CancellationToken ct, Dictionary<string, List<string>>? errors = null)
    {
        errors ??= [];
        void Error(InstitutionChange change, InstitutionField field, string message)
        {
            var key = change.Key(field);
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(change.Where + message);
        }

        var jurisdictions = await db.Jurisdictions.AsNoTracking().ToListAsync(ct);
        var jurisdictionByCode = jurisdictions.ToDictionary(j => j.Code, StringComparer.OrdinalIgnoreCase);
        var jurisdictionByName = jurisdictions.GroupBy(j => j.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        var nodes = await db.Institutions.AsNoTracking()
            .Select(i => new Node(i.Id, i.Code, i.Parent != null ? i.Parent.Code : null, i.Path, i.IsActive, i.Jurisdiction.Path))
            .ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, ct);

        // Pass 1: each row by itself, and codes twice in the batch.
        var batch = new Dictionary<string, InstitutionChange>(StringComparer.Ordinal);
        var resolved = new Dictionary<InstitutionChange, Jurisdiction>();
        foreach (var change in changes)
        {
            var input = change.Input;
            CheckText(change, InstitutionField.Code, input.Code, 64, required: true, Error);
            CheckText(change, InstitutionField.Name, input.Name, 200, required: true, Error);
            CheckText(change, InstitutionField.ShortName, input.ShortName, 50, required: false, Error);
            CheckText(change, InstitutionField.ContactName, input.ContactName, 100, required: false, Error);
            CheckText(change, InstitutionField.ContactPhone, input.ContactPhone, 50, required: false, Error);
            CheckText(change, InstitutionField.ContactEmail, input.ContactEmail, 200, required: false, Error);
            if (!string.IsNullOrWhiteSpace(input.Code) && !CodePattern().IsMatch(input.Code))
            {
                Error(change, InstitutionField.Code, $"机构代码“{Quote(input.Code)}”只能由英文字母、数字、短横线“-”和下划线“_”组成。");
            }

            if (!string.IsNullOrWhiteSpace(input.ContactEmail) && !MailAddress.TryCreate(input.ContactEmail.Trim(), out _))
            {
                Error(change, InstitutionField.ContactEmail, $"电子邮箱“{Quote(input.ContactEmail)}”格式不正确，应如 zhangsan@example.com。");
            }

            if (string.IsNullOrWhiteSpace(input.JurisdictionCode))
            {
                Error(change, InstitutionField.Jurisdiction, "请填写所属辖区（辖区代码或辖区名称）。");
            }
            else if (!jurisdictionByCode.TryGetValue(input.JurisdictionCode.Trim(), out var jurisdiction) && !jurisdictionByName.TryGetValue(input.JurisdictionCode.Trim(), out jurisdiction))
            {
                Error(change, InstitutionField.Jurisdiction, $"没有代码或名称为“{Quote(input.JurisdictionCode)}”的辖区。可选：{string.Join("、", jurisdictions.Where(scope.Oversees).Select(j => $"{j.Code}（{j.Name}）"))}。");
            }
            else if (!scope.Oversees(jurisdiction))
            {
                Error(change, InstitutionField.Jurisdiction, $"您无权管理辖区“{jurisdiction.Name}”的机构，只能登记或修改本辖区及下辖辖区的机构。");
            }
            else
            {
                resolved[change] = jurisdiction;
            }

            if (string.IsNullOrWhiteSpace(input.Code))
            {
                continue;
            }

            var code = input.Code.Trim();
            if (batch.TryGetValue(code, out var first))
            {
                Error(change, InstitutionField.Code, $"机构代码“{code}”重复：{(first.Where.Length > 0 ? first.Where.TrimEnd('：') : "前面")}已有此代码，每个代码只能出现一次。");
                continue;
            }

            batch[code] = change;
            var exists = nodes.TryGetValue(code, out var node);
            if (mode == ChangeMode.CreateOnly && exists)
            {
                Error(change, InstitutionField.Code, $"机构代码“{code}”已被使用，请换一个代码。");
            }
            else if (mode == ChangeMode.UpdateOnly && !exists)
            {
                Error(change, InstitutionField.Code, $"没有代码为“{code}”的机构。");
            }
            else if (exists && !(scope.IsAdmin || (scope.IsSupervisor && scope.JurisdictionPath is { } jp && node!.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal))))
            {
                Error(change, InstitutionField.Code, $"机构“{code}”已登记在您管辖范围以外的辖区，您无权修改。");
            }
        }

        // Pass 2: parents and the hierarchy as it will be, with the batch applied over the registry.
        string? ParentOf(string code) => batch.TryGetValue(code, out var c) ? Blank(c.Input.ParentCode) : nodes[code].ParentCode;
        foreach (var (code, change) in batch)
        {
            if (Blank(change.Input.ParentCode) is not { } parent)
            {
                continue;
            }

            if (!batch.ContainsKey(parent) && !nodes.ContainsKey(parent))
            {
                Error(change, InstitutionField.ParentCode, $"上级机构代码“{Quote(parent)}”既不在本次导入的数据中，也未在系统中登记。请先登记上级机构，或把它一并填入。");
            }
            else if (parent == code)
            {
                Error(change, InstitutionField.ParentCode, "上级机构不能是本机构自己。");
            }
            else if (!batch.ContainsKey(parent) && !nodes[parent].IsActive)
            {
                Error(change, InstitutionField.ParentCode, $"上级机构“{parent}”已停用，不能再挂靠新的下级机构。");
            }
        }

        var finalPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        var tooDeep = new HashSet<string>(StringComparer.Ordinal);
        string? PathOf(string code, List<string> visiting)
        {
            if (finalPaths.TryGetValue(code, out var known))
            {
                return known;
            }

            if (inCycle.Contains(code))
            {
                return null;
            }

            var seen = visiting.IndexOf(code);
            if (seen >= 0)
            {
                inCycle.UnionWith(visiting.Skip(seen)); // only the loop itself, not the branches hanging from it
                return null;
            }

            if (visiting.Count > 200)
            {
                tooDeep.Add(visiting[0]); // no real hierarchy is this deep (paths hold 400 characters); stop before the stack does
                return null;
            }

            visiting.Add(code);
            var parent = ParentOf(code);
            string? path;
            if (parent is null)
            {
                path = $"/{code}/";
            }
            else if (!batch.ContainsKey(parent) && !nodes.ContainsKey(parent))
            {
                path = null; // reported above
            }
            else
            {
                path = PathOf(parent, visiting) is { } parentPath ? $"{parentPath}{code}/" : null;
            }

            visiting.RemoveAt(visiting.Count - 1);
            if (path is not null)
            {
                finalPaths[code] = path;
            }

            return path;
        }

        foreach (var (code, change) in batch)
        {
            var path = PathOf(code, []);
            if (inCycle.Contains(code))
            {
                Error(change, InstitutionField.ParentCode, $"上级机构“{change.Input.ParentCode?.Trim()}”会使机构层级形成循环（某机构成了自己的上级的上级）。请检查上级机构代码。");
            }
            else if (path is { Length: > 400 } || tooDeep.Contains(code))
            {
                Error(change, InstitutionField.ParentCode, "机构层级过深（代码路径超过 400 个字符），请检查上级机构。");
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(
                changes.Count > 1 ? $"有 {errors.Count} 处错误，未保存任何数据。请逐一修改后重新导入。" : "信息有误，未保存。",
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        return await SaveAsync(batch, resolved, nodes, finalPaths, audit, ct);
    }

    private async Task<RegistryResult> SaveAsync(
        Dictionary<string, InstitutionChange> batch,
        Dictionary<InstitutionChange, Jurisdiction> jurisdictions,
        Dictionary<string, Node> nodes,
        Dictionary<string, string> finalPaths,
        Action<RegistryResult> audit,
        CancellationToken ct)
    {
        // Existing rows of the batch, and registry rows whose path changes because an ancestor moved.
        var descendantsMoved = new List<string>();
        foreach (var node in nodes.Values.Where(n => !batch.ContainsKey(n.Code)))
        {
            if (PathAfter(node) is { } path && path != node.Path)
            {
                descendantsMoved.Add(node.Code);
            }
        }

        string? PathAfter(Node node)
        {
            // A node outside the batch keeps its parent; its path changes when an ancestor in the batch moved.
            var segments = node.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = segments.Length - 2; i >= 0; i--)
            {
                if (batch.ContainsKey(segments[i]) && finalPaths.TryGetValue(segments[i], out var ancestorPath))
                {
                    return ancestorPath + string.Concat(segments.Skip(i + 1).Select(s => s + "/"));
                }
            }

            return node.Path;
        }

        var ids = batch.Keys.Where(nodes.ContainsKey).Concat(descendantsMoved).Select(c => nodes[c].Id).ToList();
        var tracked = new Dictionary<string, Institution>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(5000))
        {
            foreach (var institution in await db.Institutions.Where(i => chunk.Contains(i.Id)).ToListAsync(ct))
            {
                tracked[institution.Code] = institution;
            }
        }

        int created = 0, updated = 0, unchanged = 0, moved = 0;
        var added = new Dictionary<string, Institution>(StringComparer.Ordinal);
        foreach (var (code, change) in batch)
        {
            var input = change.Input;
            var jurisdiction = jurisdictions[change];
            var parent = Blank(input.ParentCode);
            if (!tracked.TryGetValue(code, out var institution))
            {
                institution = new Institution { Code = code, Name = "", Path = finalPaths[code] };
                added[code] = institution;
                db.Institutions.Add(institution);
                created++;
            }
            else if (Same(institution, input, parent, nodes[code].ParentCode, jurisdiction.Id))
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
                if (institution.JurisdictionId != jurisdiction.Id || nodes[code].ParentCode != parent)
                {
                    moved++;
                }
            }

            institution.Name = input.Name.Trim();
            institution.ShortName = Blank(input.ShortName);
            institution.Type = input.Type;
            institution.Category = input.Category;
            institution.IsLegalEntity = input.IsLegalEntity;
            institution.JurisdictionId = jurisdiction.Id;
            institution.ContactName = Blank(input.ContactName);
            institution.ContactPhone = Blank(input.ContactPhone);
            institution.ContactEmail = Blank(input.ContactEmail);
            institution.Path = finalPaths[code];
        }

        // Parents last: a new parent may come after its children in the batch.
        foreach (var (code, change) in batch)
        {
            var parent = Blank(change.Input.ParentCode);
            var institution = added.TryGetValue(code, out var fresh) ? fresh : tracked[code];
            if (parent is null)
            {
                institution.ParentId = null;
                institution.Parent = null;
            }
            else if (added.TryGetValue(parent, out var newParent))
            {
                institution.Parent = newParent;
            }
            else if (nodes[parent].Id != institution.ParentId)
            {
                institution.ParentId = nodes[parent].Id;
            }
        }

        foreach (var code in descendantsMoved)
        {
            tracked[code].Path = PathAfter(nodes[code])!;
        }

        var result = new RegistryResult(created, updated, unchanged, moved);
        audit(result);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("保存时机构代码已被其他操作占用或机构已被修改，未保存任何数据。请刷新后重试。");
        }

        if (created + moved > 0)
        {
            // New and moved institutions take on the circulars already published where they now sit: the nightly
            // refresh, queued now. At 20,000 new banks under a weekly regime that is a million due items, not for
            // the request to wait on.
            jobs.Enqueue<RefreshSchedulesJob>(job => job.RunAsync(CancellationToken.None));
        }

        return result;
    }

    private static bool Same(Institution i, InstitutionInput input, string? parent, string? currentParent, int jurisdictionId) =>
        i.Name == input.Name.Trim()
        && i.ShortName == Blank(input.ShortName)
        && i.Type == input.Type
        && i.Category == input.Category
        && i.IsLegalEntity == input.IsLegalEntity
        && i.JurisdictionId == jurisdictionId
        && currentParent == parent
        && i.ContactName == Blank(input.ContactName)
        && i.ContactPhone == Blank(input.ContactPhone)
        && i.ContactEmail == Blank(input.ContactEmail);

    private static void CheckText(InstitutionChange change, InstitutionField field, string? value, int max, bool required, Action<InstitutionChange, InstitutionField, string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                error(change, field, $"{FieldName(field)}不能为空。");
            }
        }
        else if (value.Trim().Length > max)
        {
            error(change, field, $"{FieldName(field)}最多 {max} 个字，现有 {value.Trim().Length} 个字。");
        }
    }

    public static string FieldName(InstitutionField field) => field switch
    {
        InstitutionField.Code => "机构代码",
        InstitutionField.Name => "机构名称",
        InstitutionField.ShortName => "简称",
        InstitutionField.Type => "机构类型",
        InstitutionField.Category => "机构类别",
        InstitutionField.ParentCode => "上级机构代码",
        InstitutionField.IsLegalEntity => "是否法人",
        InstitutionField.Jurisdiction => "所属辖区",
        InstitutionField.ContactName => "联系人",
        InstitutionField.ContactPhone => "联系电话",
        InstitutionField.ContactEmail => "电子邮箱",
    };

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Quote(string text) => Infrastructure.Excel.ExcelText.Quote(text.Trim());

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
