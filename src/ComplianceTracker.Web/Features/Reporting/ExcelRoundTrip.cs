using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>The <c>Excel</c> configuration section.</summary>
public sealed class ExcelOptions
{
    public const string Section = "Excel";

    /// <summary>Folder of the Excel templates; defaults to <c>templates/</c> beside the app.</summary>
    public string? TemplatesFolder { get; set; }

    [Range(1024, 1L << 30)]
    public long MaxUploadBytes { get; set; } = 5 * 1024 * 1024;
    [Range(1024, 1L << 32)]
    public long MaxUncompressedBytes { get; set; } = 50 * 1024 * 1024;

    public string TemplatePath(string file) => Path.Combine(TemplatesFolder ?? Path.Combine(AppContext.BaseDirectory, "templates"), file);
}

/// <summary>Download the form as Excel for an institution and period, and upload it back as a draft revision.</summary>
/// <summary>One checked writer per template file, shared: reading and checking a template takes longer than filling it.</summary>
public sealed class FormWriters(ExcelOptions options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<FormWorkbookWriter>> writers = new(StringComparer.Ordinal);

    public FormWorkbookWriter For(string templateFile) =>
        writers.GetOrAdd(options.TemplatePath(templateFile), path => new Lazy<FormWorkbookWriter>(() => new FormWorkbookWriter(path))).Value;
}

public sealed class ExcelRoundTripHandler(ValidateSubmissionHandler validator, SaveSubmissionHandler saver, ExcelOptions options, FormWriters writers)
{
    public const string TemplateFile = "report-form.xlsx";

    public async Task<byte[]> DownloadAsync(SubmissionContext context, CancellationToken ct)
    {
        var previous = await validator.PreviousFiguresAsync(context.Form.Id, context.Period, context.Institution.Id, ct);
        var request = new FormWorkbookRequest(
            context.Form.Code, context.Form.Name, context.Form.SheetName,
            context.Period.Key, context.Period.Start, context.Period.End, ChinaTime.ToChina(context.Period.DueAt),
            context.Institution.Code, context.Institution.Name,
            Indicators(context.Form),
            previous is null ? new Dictionary<string, decimal?>() : SubmissionJson.Values(previous),
            context.Submission is null ? new Dictionary<string, decimal?>() : SubmissionJson.Values(context.Submission.ValuesJson),
            context.Submission?.Revision ?? 0);
        using var output = new MemoryStream();
        writers.For(TemplateFile).Write(request, output);
        return output.ToArray();
    }

    /// <summary>
    /// A good file becomes a new draft revision (source Excel); a bad one is refused with errors keyed by cell (every
    /// cell that cannot be read and every cell whose figure breaks an error rule, at once) and nothing is saved. A
    /// file downloaded before the current revision was saved is refused as stale, with the two revisions; a file
    /// that carries no revision must be based on the posted one, like any save.
    /// </summary>
    public async Task<SubmissionView> ImportAsync(SubmissionContext context, IFormFile? file, int? baseRevision, string? idempotencyKey, CancellationToken ct)
    {
        if (file is null)
        {
            throw RuleViolationException.For("file", "请以 multipart/form-data 上传名为 file 的 Excel 文件（.xlsx）。");
        }

        var limits = new ImportLimits { MaxFileBytes = options.MaxUploadBytes, MaxUncompressedBytes = options.MaxUncompressedBytes };
        if (file.Length > limits.MaxFileBytes)
        {
            throw RuleViolationException.For("file", $"文件大小 {file.Length / 1024} KB 超过上限 {limits.MaxFileBytes / 1024} KB，请只上传本期报表。");
        }

        await using var upload = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var expected = new ImportExpectation(context.Form.Code, context.Form.SheetName, context.Period.Key, context.Institution.Code, Indicators(context.Form), context.Period.Start, context.Period.End);
        var result = new FormWorkbookReader(limits).Read(buffer, expected);
        if (result.Errors.ContainsKey(FormWorkbookLayout.FileErrorKey))
        {
            throw new RuleViolationException($"上传的文件有 {result.Errors.Count} 处问题，未保存任何数据。请按提示修改后重新上传。", result.Errors.ToDictionary(e => e.Key, e => e.Value));
        }

        // A stale file first: its cells are not worth fixing. A retried upload (same Idempotency-Key) is answered by the save.
        var current = context.Submission?.Revision ?? 0;
        if (result.Revision is { } downloaded && downloaded < current && !await saver.IsRetryAsync(context, idempotencyKey, ct))
        {
            throw new ConflictException(Stale(downloaded, current));
        }

        // The form's error rules on the figures that could be read (a negative count, a new amount above its
        // balance), keyed by cell like a cell that could not be read; warnings are left for the reporter to explain
        // on submit, and an empty required figure for the submit to ask for.
        var errors = result.Errors.ToDictionary(e => e.Key, e => e.Value);
        foreach (var rule in (await validator.ValidateAsync(context.Form, context.Period, context.Institution.Id, result.Readable, ct))
            .Where(f => f.Severity == RuleSeverity.Error && f.IndicatorCode is not null && !(f.RuleCode is null && f.Message.StartsWith("请填写", StringComparison.Ordinal)))
            .GroupBy(f => result.Cells.GetValueOrDefault(f.IndicatorCode!, f.IndicatorCode!))
            .Where(g => !result.Errors.ContainsKey(g.Key)))
        {
            errors[rule.Key] = rule.Select(f => f.Message).ToArray();
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(result.Succeeded
                ? $"上传的文件有 {errors.Count} 处数据未通过校验，未保存任何数据。请按提示修改后重新上传。"
                : $"上传的文件有 {errors.Count} 处问题，未保存任何数据。请按提示修改后重新上传。", errors);
        }

        var comments = context.Submission is null ? [] : SubmissionJson.Comments(context.Submission.CommentsJson);
        return await saver.HandleAsync(context, new SaveSubmissionRequest(result.Values.ToDictionary(v => v.Key, v => v.Value), comments, result.Revision ?? baseRevision ?? current),
            RevisionSource.Excel, idempotencyKey, ct);
    }

    /// <summary>Why a file downloaded at an earlier revision is refused, and what to do.</summary>
    private static string Stale(int downloaded, int current) =>
        $"上传的文件是{(downloaded == 0 ? "在本期保存数据之前" : $"按第 {downloaded} 版数据")}下载的，比当前的第 {current} 版旧，上传会覆盖之后保存的修改。"
        + $"请重新下载 Excel 填报表（其中已有第 {current} 版的数据），在新表中修改后上传。";

    private static List<FormSheetIndicator> Indicators(ReportForm form) =>
        form.Indicators.OrderBy(i => i.Ordinal).Select(i => new FormSheetIndicator(i.Code, i.Name, i.Section, i.Unit, i.Decimals, i.Required, i.Note)).ToList();
}
