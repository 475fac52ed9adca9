using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Obligations;

/// <summary>
/// One item of 我的待办 that is not a form to fill (a one-off "十日内报送贯彻落实措施"): the requirement's words, its
/// clause and circular, the period, the due moment and how it was counted, the material handed in, and what has
/// happened to it. The institution uploads files with a note and marks the item 报送; its supervisor opens the files
/// and accepts (办结) or returns them with a reason. The same handlers as <c>/api/obligations/{id}</c>; an item of
/// another institution is a 404, an action the caller may not take a 403 with the reason on the page.
/// </summary>
/// <remarks>The page accepts bodies as large as the API's upload with the default <c>Materials:MaxFileBytes</c>.</remarks>
[RequestSizeLimit(UploadRequestLimit)]
[Authorize(Policy = Policies.SignedIn)]
public sealed class ItemModel(
    GetDueItemHandler items, GetDueItemHistoryHandler history, DueItemMaterialsHandler materials, ChangeDueItemStatusHandler changer, CurrentUser currentUser) : PageModel
{
    public const long UploadRequestLimit = (20 * 1024 * 1024) + (1024 * 1024);

    public DueItemDto Item { get; private set; } = null!;

    public List<DueItemStatusChangeDto> History { get; private set; } = [];

    public List<MaterialDto> Materials { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>Errors by form: <c>upload</c>, <c>submit</c>, <c>decide</c>.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The institution's reporter or head, on a one-off item still open: uploads and 报送.</summary>
    public bool CanHandIn { get; private set; }

    /// <summary>A supervisor, on a one-off item not finished: 办结 (with a note when nothing was handed in).</summary>
    public bool CanAccept { get; private set; }

    /// <summary>A supervisor, on a one-off item handed in or 办结: 退回 with a reason (the institution corrects).</summary>
    public bool CanReturn { get; private set; }

    /// <summary>A supervisor, on a one-off item not finished: 豁免 with a reason.</summary>
    public bool CanWaive { get; private set; }

    /// <summary>A supervisor, on a waived one-off item: 重新打开 with a reason.</summary>
    public bool CanReopen { get; private set; }

    public bool IsOneOff => Item.FormCode is null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await ShowAsync(id, ct);

    /// <summary>Upload one file with a note (the API's <c>attachments</c>).</summary>
    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? file, string? note, CancellationToken ct) =>
        await ActAsync(id, "upload", async () =>
        {
            var material = await materials.UploadAsync(id, file, note, ct);
            Notice = $"已上传“{material.FileName}”。材料齐全后请点“报送”。";
        }, ct);

    public async Task<IActionResult> OnPostRemoveAsync(int id, int attachment, CancellationToken ct) =>
        await ActAsync(id, "upload", async () =>
        {
            await materials.RemoveAsync(id, attachment, ct);
            Notice = "已删除该文件。";
        }, ct);

    /// <summary>报送: the institution says the item is done, with a note; the supervisors are told.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(int id, string? note, CancellationToken ct) =>
        await ActAsync(id, "submit", async () =>
        {
            await changer.HandleAsync(id, new ChangeDueItemStatusRequest(DueItemStatus.Submitted, note), ct);
            Notice = "已报送，监管员查看后会办结或退回，您会收到消息。";
        }, ct);

    /// <summary>办结: the supervisor accepts what was handed in, or closes an item met otherwise (with a note).</summary>
    public async Task<IActionResult> OnPostAcceptAsync(int id, string? reason, CancellationToken ct) =>
        await ActAsync(id, "decide", async () =>
        {
            await changer.AcceptAsync(id, reason, ct);
            Notice = "已办结，机构会收到消息。";
        }, ct);

    /// <summary>豁免 with a reason: the institution no longer owes the item.</summary>
    public async Task<IActionResult> OnPostWaiveAsync(int id, string? reason, CancellationToken ct) =>
        await ActAsync(id, "decide", async () =>
        {
            await changer.HandleAsync(id, new ChangeDueItemStatusRequest(DueItemStatus.Waived, reason), ct);
            Notice = "已豁免，机构会收到消息和豁免原因。";
        }, ct);

    /// <summary>重新打开 a waived item with a reason: the institution owes it again.</summary>
    public async Task<IActionResult> OnPostReopenAsync(int id, string? reason, CancellationToken ct) =>
        await ActAsync(id, "decide", async () =>
        {
            await changer.HandleAsync(id, new ChangeDueItemStatusRequest(DueItemStatus.Open, reason), ct);
            Notice = "已重新打开，机构会收到消息。";
        }, ct);

    /// <summary>退回 with a reason: the institution corrects and hands in again.</summary>
    public async Task<IActionResult> OnPostReturnAsync(int id, string? reason, CancellationToken ct) =>
        await ActAsync(id, "decide", async () =>
        {
            await changer.ReturnAsync(id, reason, ct);
            Notice = "已退回，机构会收到消息和退回原因。";
        }, ct);

    /// <summary>A file of the material, for the institution and its supervisors.</summary>
    public async Task<IActionResult> OnGetFileAsync(int id, int attachment, CancellationToken ct)
    {
        try
        {
            var file = await materials.ReadAsync(id, attachment, ct);
            return File(file.Content, file.ContentType, file.FileName);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public static string Size(long bytes) => DueItemMaterialsHandler.Megabytes(bytes);

    private async Task<IActionResult> ActAsync(int id, string form, Func<Task> act, CancellationToken ct)
    {
        try
        {
            await act();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException e)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Errors[form] = e.Message;
        }
        catch (Exception e) when (e is RuleViolationException or ConflictException)
        {
            Errors[form] = e is RuleViolationException r && r.Errors.Count > 0 ? string.Join("；", r.Errors.Values.SelectMany(v => v)) : e.Message;
        }

        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken ct)
    {
        try
        {
            Item = await items.HandleAsync(id, ct);
            History = await history.HandleAsync(id, ct);
            Materials = IsOneOff ? await materials.ListAsync(id, ct) : [];
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        var scope = await currentUser.ScopeAsync(ct);
        var filler = scope.HasRole(Roles.Reporter) || scope.HasRole(Roles.BranchHead);
        CanHandIn = IsOneOff && filler && scope.User.InstitutionId is not null && Item.Status is DueItemStatus.Open or DueItemStatus.Overdue;
        var supervising = IsOneOff && scope.HasRole(Roles.Supervisor);
        var unfinished = Item.Status is DueItemStatus.Open or DueItemStatus.Overdue or DueItemStatus.Submitted;
        CanAccept = supervising && unfinished;
        CanWaive = supervising && unfinished;
        CanReturn = supervising && Item.Status is DueItemStatus.Submitted or DueItemStatus.Done;
        CanReopen = supervising && Item.Status == DueItemStatus.Waived;
        return Page();
    }
}
