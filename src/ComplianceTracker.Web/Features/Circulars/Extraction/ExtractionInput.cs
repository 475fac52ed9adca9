using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>The text to read: <c>{"text": "…"}</c>, or a form with a <c>file</c> (.txt or .docx) or a <c>text</c> field.</summary>
public sealed record ExtractRequest(string? Text);

public static class ExtractionInput
{
    /// <summary>A .docx or .txt up to this size; the request may be 1 MiB larger for the multipart envelope.</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                return form["text"].ToString() is { Length: > 0 } pasted
                    ? pasted
                    : throw RuleViolationException.For("file", "请上传通知文件（.docx 或 .txt），或粘贴通知全文。");
            }

            if (file.Length > MaxFileBytes)
            {
                throw RuleViolationException.For("file", $"文件过大（{file.Length / 1024 / 1024} MB），上限 {MaxFileBytes / 1024 / 1024} MB。");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            try
            {
                return IsDocx(file.FileName, bytes) ? DocumentText.FromDocx(bytes) : DocumentText.FromTxt(bytes);
            }
            catch (UnreadableDocumentException e)
            {
                throw RuleViolationException.For("file", e.Message);
            }
        }

        var body = await request.ReadFromJsonAsync<ExtractRequest>(ct);
        return body?.Text ?? throw RuleViolationException.For("text", "请提供要读取的通知全文（text）。");
    }

    /// <summary>By name, or by the zip signature of a .docx whatever it is called; anything else is read as text.</summary>
    private static bool IsDocx(string fileName, byte[] bytes) =>
        fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".doc", StringComparison.OrdinalIgnoreCase)
        || bytes.AsSpan().StartsWith("PK\u0003\u0004"u8);
}
