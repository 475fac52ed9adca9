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
            context.Submission is null ? new Dictionary<string, decimal?>() : SubmissionJson.Values(context.Submission.ValuesJson));
        using var output = new MemoryStream();
        writers.For(TemplateFile).Write(request, output);
        return output.ToArray();
    }

    /// <summary>
    /// A good file becomes a new draft revision (source Excel); a bad one is refused with errors keyed by cell and
    /// nothing is saved. The revision must be based on the current one, like any save.
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
        var expected = new ImportExpectation(context.Form.Code, context.Form.SheetName, context.Period.Key, context.Institution.Code, Indicators(context.Form));
        var result = new FormWorkbookReader(limits).Read(buffer, expected);
        if (!result.Succeeded)
        {
            throw new RuleViolationException($"上传的文件有 {result.Errors.Count} 处问题，未保存任何数据。请按提示修改后重新上传。", result.Errors.ToDictionary(e => e.Key, e => e.Value));
        }

        var values = result.Values.ToDictionary(v => v.Key, v => v.Value);

        // A file whose figures break an error rule (a negative count, a new amount above its balance) is refused
        // with the cell to fix, like a malformed one; warnings are left for the reporter to explain on submit.
        var errors = (await validator.ValidateAsync(context.Form, context.Period, context.Institution.Id, values, ct))
            .Where(f => f.Severity == RuleSeverity.Error && f.IndicatorCode is not null && !(f.RuleCode is null && f.Message.StartsWith("请填写", StringComparison.Ordinal)))
            .GroupBy(f => result.Cells.GetValueOrDefault(f.IndicatorCode!, f.IndicatorCode!))
            .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray());
        if (errors.Count > 0)
        {
            throw new RuleViolationException($"上传的文件有 {errors.Count} 处数据未通过校验，未保存任何数据。请按提示修改后重新上传。", errors);
        }

        var comments = context.Submission is null ? [] : SubmissionJson.Comments(context.Submission.CommentsJson);
        // With baseRevision (the revision the form was downloaded at) a stale file is refused like a stale save.
        return await saver.HandleAsync(context, new SaveSubmissionRequest(values, comments, baseRevision ?? context.Submission?.Revision ?? 0), RevisionSource.Excel, idempotencyKey, ct);
    }

    private static List<FormSheetIndicator> Indicators(ReportForm form) =>
        form.Indicators.OrderBy(i => i.Ordinal).Select(i => new FormSheetIndicator(i.Code, i.Name, i.Section, i.Unit, i.Decimals, i.Required)).ToList();
}
