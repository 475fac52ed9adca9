using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

/// <summary>The <c>Materials</c> configuration section: what a one-off item's material may be.</summary>
public sealed class MaterialOptions
{
    public const string Section = "Materials";

    /// <summary>The largest file accepted, checked before it is read (default 20 MiB).</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How many files one item may hold.</summary>
    [Range(1, 100)]
    public int MaxFilesPerItem { get; set; } = 20;
}

/// <summary>One file of a one-off item, without its content.</summary>
public sealed record MaterialDto(int Id, string FileName, string ContentType, long Length, string? Note, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>A file read for download.</summary>
public sealed record MaterialFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What a one-off item's material may be: PDF, Word, Excel (and WPS's own formats), JPEG and PNG, recognised by the
/// file's first bytes as well as its name, so a renamed program is refused.
/// </summary>
public static class MaterialTypes
{
    private static readonly byte[] Pdf = "%PDF"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleCompound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Dictionary<string, (string ContentType, byte[] Signature)> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", Pdf),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Zip),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Zip),
        [".doc"] = ("application/msword", OleCompound),
        [".xls"] = ("application/vnd.ms-excel", OleCompound),
        [".wps"] = ("application/vnd.ms-works", OleCompound),
        [".et"] = ("application/vnd.ms-excel", OleCompound),
        [".jpg"] = ("image/jpeg", Jpeg),
        [".jpeg"] = ("image/jpeg", Jpeg),
        [".png"] = ("image/png", Png),
    };

    /// <summary>What the upload form's <c>accept</c> and the refusal name.</summary>
    public const string Accept = ".pdf,.doc,.docx,.xls,.xlsx,.wps,.et,.jpg,.jpeg,.png";

    public const string Described = "PDF、Word（doc、docx、wps）、Excel（xls、xlsx、et）或图片（jpg、png）";

    /// <summary>The content type to store and serve, or null when the name or the first bytes are not an accepted kind.</summary>
    public static string? Recognise(string fileName, ReadOnlySpan<byte> head) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var kind) && head.StartsWith(kind.Signature) ? kind.ContentType : null;
}

/// <summary>
/// Material of a one-off item (the 贯彻落实措施 asked by "十日内报送"): the institution's reporter or head uploads files
/// with a note while the item is open (and may remove them before 报送); the institution and its supervisors list and
/// download them. Files live in the database, so any server serves them. The size is checked before the file is read;
/// a refused file costs nothing.
/// </summary>
public sealed class DueItemMaterialsHandler(ComplianceDbContext db, CurrentUser currentUser, MaterialOptions options, AuditLog audit, TimeProvider time)
{
    public async Task<MaterialDto> UploadAsync(int dueItemId, IFormFile? file, string? note, CancellationToken ct)
    {
        var (item, scope) = await LoadAsync(dueItemId, ct);
        RequireFiller(item, scope);
        RequireOpen(item);
        if (file is null || file.Length == 0)
        {
            throw RuleViolationException.For("file", $"请选择要上传的文件：{MaterialTypes.Described}。");
        }

        if (file.Length > options.MaxFileBytes)
        {
            throw RuleViolationException.For("file", $"文件“{file.FileName}”有 {Megabytes(file.Length)}，超过上限 {Megabytes(options.MaxFileBytes)}。请压缩或拆分后再上传。");
        }

        var text = note?.Trim();
        if (text is { Length: > 1000 })
        {
            throw RuleViolationException.For("note", "说明不能超过1000个字符。");
        }

        if (await db.DueItemAttachments.CountAsync(a => a.DueItemId == dueItemId, ct) >= options.MaxFilesPerItem)
        {
            throw RuleViolationException.For("file", $"每个事项最多上传 {options.MaxFilesPerItem} 个文件，请先删除不需要的文件。");
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        var contentType = MaterialTypes.Recognise(name, content)
            ?? throw RuleViolationException.For("file", $"文件“{name}”不是可接受的类型。请上传{MaterialTypes.Described}。");
        if (name.Length > 200)
        {
            name = string.Concat(name.AsSpan(0, 190), Path.GetExtension(name));
        }

        var attachment = new DueItemAttachment
        {
            DueItemId = dueItemId,
            FileName = name,
            ContentType = contentType,
            Length = content.Length,
            Content = content,
            Note = string.IsNullOrEmpty(text) ? null : text,
            UploadedBy = scope.UserName,
            UploadedAt = time.GetUtcNow().UtcDateTime,
        };
        db.DueItemAttachments.Add(attachment);
        audit.Add(AuditActions.MaterialUploaded, Target(item), $"{name}（{Megabytes(content.Length)}）");
        await db.SaveChangesAsync(ct);
        return (await ListAsync(dueItemId, ct)).Single(m => m.Id == attachment.Id);
    }

    /// <summary>Removes a file uploaded by mistake, before the item is 报送.</summary>
    public async Task RemoveAsync(int dueItemId, int attachmentId, CancellationToken ct)
    {
        var (item, scope) = await LoadAsync(dueItemId, ct);
        RequireFiller(item, scope);
        RequireOpen(item);
        var attachment = await db.DueItemAttachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.DueItemId == dueItemId, ct)
            ?? throw new NotFoundException("未找到该文件，可能已被删除。");
        db.DueItemAttachments.Remove(attachment);
        audit.Add(AuditActions.MaterialUploaded, Target(item), $"删除 {attachment.FileName}");
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<MaterialDto>> ListAsync(int dueItemId, CancellationToken ct)
    {
        await LoadAsync(dueItemId, ct);
        var rows = await db.DueItemAttachments.Where(a => a.DueItemId == dueItemId).OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id,
                a.FileName,
                a.ContentType,
                a.Length,
                a.Note,
                a.UploadedAt,
                By = db.Users.Where(u => u.UserName == a.UploadedBy).Select(u => u.DisplayName).FirstOrDefault() ?? a.UploadedBy,
            })
            .ToListAsync(ct);
        return rows.Select(a => new MaterialDto(a.Id, a.FileName, a.ContentType, a.Length, a.Note, string.IsNullOrEmpty(a.By) ? "" : a.By, ChinaTime.ToChina(a.UploadedAt))).ToList();
    }

    public async Task<MaterialFile> ReadAsync(int dueItemId, int attachmentId, CancellationToken ct)
    {
        await LoadAsync(dueItemId, ct);
        return await db.DueItemAttachments.Where(a => a.Id == attachmentId && a.DueItemId == dueItemId)
                   .Select(a => new MaterialFile(a.FileName, a.ContentType, a.Content)).SingleOrDefaultAsync(ct)
               ?? throw new NotFoundException("未找到该文件，可能已被删除。");
    }

    /// <summary>"3.2 MB", for messages.</summary>
    public static string Megabytes(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024:0.#} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    private static string Target(DueItem item) => $"{item.Obligation.Requirement.Circular.DocumentNumber} {item.Obligation.Requirement.Clause} {item.PeriodKey}（事项 {item.Id}）";

    private static void RequireFiller(DueItem item, AccessScope scope)
    {
        if (!(scope.HasRole(Roles.Reporter) || scope.HasRole(Roles.BranchHead)) || !scope.ActsFor(item.Obligation.Institution))
        {
            throw new ForbiddenException("只有本机构的填报员或负责人可以上传材料。");
        }
    }

    private void RequireOpen(DueItem item)
    {
        if (item.Obligation.Requirement.Kind == RequirementKind.RecurringReport)
        {
            throw new ConflictException("定期报表请在报表页面填报，不在此上传材料。");
        }

        var status = DueItemRules.EffectiveStatus(item.Status, DueItemRules.Deadline(item.DueAt, item.CorrectionDueAt), time.GetUtcNow().UtcDateTime);
        if (status is not (DueItemStatus.Open or DueItemStatus.Overdue))
        {
            throw new ConflictException($"该事项已{status.Label()}，材料不能再修改；如需更正，请联系监管员退回。");
        }
    }

    /// <summary>The item, when the caller sees its institution (a 404 otherwise: an item of another bank is not said to exist).</summary>
    private async Task<(DueItem Item, AccessScope Scope)> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var item = await db.DueItems
            .Include(d => d.Obligation).ThenInclude(o => o.Requirement).ThenInclude(r => r.Circular)
            .Include(d => d.Obligation).ThenInclude(o => o.Institution).ThenInclude(i => i.Jurisdiction)
            .SingleOrDefaultAsync(d => d.Id == id && visible.Contains(d.Obligation.InstitutionId), ct)
            ?? throw new NotFoundException($"未找到编号为 {id} 的待办事项，或您无权查看。");
        return (item, scope);
    }
}
