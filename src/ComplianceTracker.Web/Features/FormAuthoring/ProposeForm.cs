using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>
/// <c>POST /api/forms/propose</c>: a form proposed from an uploaded statistics table, for the author to review in the
/// builder. Stores nothing. The upload is bounded by the same <c>Excel</c> limits as a form upload.
/// </summary>
public sealed class ProposeFormHandler(ExcelOptions options)
{
    public async Task<FormProposal> HandleAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            throw RuleViolationException.For("file", "请选择监管文件所附的统计表（Excel .xlsx 文件）后上传。");
        }

        var limits = new ImportLimits { MaxFileBytes = options.MaxUploadBytes, MaxUncompressedBytes = options.MaxUncompressedBytes };
        if (file.Length > limits.MaxFileBytes)
        {
            throw RuleViolationException.For("file", $"文件大小 {file.Length / 1024} KB 超过上限 {limits.MaxFileBytes / 1024} KB。统计表通常只有几十 KB，请确认上传的是统计表本身。");
        }

        await using var upload = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return new StatisticsTableReader(limits).Read(buffer);
    }
}
