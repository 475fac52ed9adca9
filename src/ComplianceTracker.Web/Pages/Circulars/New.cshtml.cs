using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Circulars.Extraction;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// 新建通知: paste the text (or upload a .docx/.txt), 识别 runs the same extractor as <c>POST /api/circulars/extract</c>,
/// the proposal comes back as an editable form with the words each value was read from, and 保存草稿 goes to the same
/// handler as <c>POST /api/circulars</c>. Nothing is stored until then, and nothing when a field is refused: the
/// form comes back as typed with the messages beside the fields.
/// </summary>
[Authorize(Policy = Policies.Supervisor)]
[RequestSizeLimit(ExtractionInput.MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(ValueCountLimit = 20_000, MultipartBodyLengthLimit = ExtractionInput.MaxFileBytes + (1024 * 1024))]
public sealed class NewModel(CreateCircularHandler creator, EditDraftHandler drafts, GetCircularHandler reader, ListJurisdictionsHandler jurisdictions, PreviewDueDatesHandler dueDates) : PageModel
{
    /// <summary>Null while the text is being pasted; the form to review once it has been read.</summary>
    public CircularInput? Input { get; private set; }

    public string? Pasted { get; private set; }
    public List<JurisdictionChoice> Jurisdictions { get; private set; } = [];

    /// <summary>Messages by field ("title", "requirements[2].kind", "" for the whole form).</summary>
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public string? Notice { get; private set; }

    /// <summary>The paste step, or with <paramref name="edit"/> a saved draft's form to edit (编辑 on the draft's page).</summary>
    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        if (edit is { } id)
        {
            CircularDetailDto draft;
            try
            {
                draft = await reader.HandleAsync(id, ct);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }

            if (draft.Status != CircularStatus.Draft)
            {
                return Redirect($"/circulars/{id}");
            }

            Input = CircularInput.FromDraft(draft);
            Notice = "正在编辑草稿：修改后点“保存草稿”，保存前不会写入任何数据。";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostExtractAsync([FromForm] string? text, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        Pasted = text;
        try
        {
            var proposal = CircularExtractor.Extract(await ExtractionInput.ReadAsync(Request, ct));
            Input = CircularInput.From(proposal, await DefaultJurisdictionAsync(ct));
            Notice = $"已识别：{proposal.Requirements.Count} 项要求。请逐项核对、修改后保存草稿；保存前不会写入任何数据。";
        }
        catch (RuleViolationException e)
        {
            Errors = new Dictionary<string, string[]>(e.Errors);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([FromForm] CircularInput input, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        Input = input;
        var (request, errors) = input.ToRequest();
        if (errors.Count > 0)
        {
            // Also what the handler would say about the rest, so everything to fix shows at once.
            foreach (var (key, messages) in CreateCircularHandler.Validate(request))
            {
                errors.TryAdd(key, messages);
            }

            errors[""] = ["有内容需要修改，未保存。请按各处提示修改后重新保存。"];
            Errors = errors;
            return Page();
        }

        try
        {
            var saved = input.EditId is { } id ? await drafts.UpdateAsync(id, request, ct) : await creator.HandleAsync(request, ct);
            return Redirect($"/circulars/{saved.Id}");
        }
        catch (RuleViolationException e)
        {
            Errors = new Dictionary<string, string[]>(e.Errors) { [""] = [$"{e.Message}（未保存）"] };
        }
        catch (ConflictException e)
        {
            Errors = new() { ["documentNumber"] = [e.Message], [""] = [$"{e.Message}（未保存）"] };
        }
        catch (ForbiddenException e)
        {
            Errors = new() { ["jurisdictionCode"] = [e.Message], [""] = [$"{e.Message}（未保存）"] };
        }
        catch (NotFoundException e)
        {
            Errors = new() { [""] = [$"{e.Message}（未保存）"] };
        }

        return Page();
    }

    /// <summary>预览截止日期: the form comes back as typed with each requirement's first due dates counted again.</summary>
    public async Task OnPostPreviewAsync([FromForm] CircularInput input, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        Input = input;
        var errors = new Dictionary<string, string[]>();
        input.ReadExtraDays(errors);
        Errors = errors;
        Notice = errors.Count == 0 ? "已按当前填写的期限规则重新计算各项要求的前三个截止日期（未保存）。" : null;
    }

    /// <summary>
    /// The first three due dates of a row, from its due-rule fields as typed and the circular's dates and own days; a
    /// message instead when a field does not read.
    /// </summary>
    public DuePreviewDto PreviewOf(RequirementRow row)
    {
        var errors = new Dictionary<string, string[]>();
        var rule = row.DueRule("row", errors);
        var dates = new Dictionary<string, string[]>();
        var request = new PreviewDueRequest
        {
            DueRule = rule,
            IssuedOn = CircularInput.ParseDate(Input?.IssuedOn, "issuedOn", "发文日期", dates),
            ValidFrom = CircularInput.ParseDate(Input?.EffectiveFrom, "effectiveFrom", "生效日期", dates),
            EffectiveTo = CircularInput.ParseDate(Input?.EffectiveTo, "effectiveTo", "失效日期", dates),
            ValidityMonths = CircularInput.ParseInt(Input?.ValidityMonths, "validityMonths", "执行期月数", dates),
            ExtraDays = Input?.ReadExtraDays(),
        };
        return errors.Count > 0
            ? new DuePreviewDto([], [], 0, "期限规则有误，改正后点“预览截止日期”。")
            : dueDates.Handle(request);
    }

    /// <summary>添加一条要求 without script: the form comes back with an empty row at the end.</summary>
    public async Task OnPostAddAsync([FromForm] CircularInput input, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        input.Requirements.Add(RequirementRow.Blank());
        Input = input;
        Notice = "已在末尾添加一条空白要求，请填写。";
    }

    public async Task OnPostRemoveAsync([FromForm] CircularInput input, int row, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        if (row >= 0 && row < input.Requirements.Count)
        {
            Notice = $"已删除第 {row + 1} 条要求（{input.Requirements[row].Clause}）。";
            input.Requirements.RemoveAt(row);
        }

        Input = input;
    }

    /// <summary>统一设置适用对象: the same institution types and level for every requirement.</summary>
    public async Task OnPostApplyAllAsync([FromForm] CircularInput input, [FromForm] List<string> allTypes, [FromForm] bool allLegalEntitiesOnly, CancellationToken ct)
    {
        await LoadJurisdictionsAsync(ct);
        Input = input;
        if (allTypes.Count == 0)
        {
            Errors = new() { ["allTypes"] = ["请至少选择一种机构类型后再统一设置。"] };
            return;
        }

        foreach (var row in input.Requirements)
        {
            row.Types = [.. allTypes];
            row.LegalEntitiesOnly = allLegalEntitiesOnly;
        }

        Notice = $"已将 {input.Requirements.Count} 条要求的适用对象设为：{string.Join("、", allTypes.Select(t => Enum.TryParse<InstitutionType>(t, out var type) ? type.Label() : t))}{(allLegalEntitiesOnly ? "（仅法人机构）" : "（含分支机构）")}。";
    }

    /// <summary>The evidence is worth showing beside the text only when it says something else (not just other spacing).</summary>
    public static bool SameWords(string a, string? b) =>
        string.Concat(a.Where(c => !char.IsWhiteSpace(c))) == string.Concat((b ?? "").Where(c => !char.IsWhiteSpace(c)));

    public string[] ErrorsFor(string key) => Errors.GetValueOrDefault(key) ?? [];

    /// <summary>Messages of a group of fields of one row ("requirements[2].dueRule" and below).</summary>
    public IEnumerable<string> ErrorsUnder(string prefix) =>
        Errors.Where(e => e.Key == prefix || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).SelectMany(e => e.Value).Distinct();

    private async Task LoadJurisdictionsAsync(CancellationToken ct)
    {
        Jurisdictions = await jurisdictions.HandleAsync(ct);
    }

    private async Task<string?> DefaultJurisdictionAsync(CancellationToken ct) =>
        await jurisdictions.HomeAsync(ct) ?? Jurisdictions.FirstOrDefault()?.Code;
}
