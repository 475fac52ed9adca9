using System.IO.Compression;

namespace ComplianceTracker.Web.Infrastructure.Excel;

/// <summary>
/// Checks an upload as bytes and as a zip before any spreadsheet library sees it: size, file signature, zip
/// structure, entry count, declared and actual uncompressed size, compression ratio. Inflating is counted and
/// stopped at the limit, so a zip bomb is refused without being unpacked.
/// </summary>
internal static class UploadInspector
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Reads the upload into memory, one byte past the limit at most. Null with a message when refused.</summary>
    public static byte[]? ReadLimited(Stream upload, ImportLimits limits, out string? error)
    {
        error = null;
        try
        {
            if (upload.CanSeek && upload.Length - upload.Position > limits.MaxFileBytes)
            {
                error = TooLarge(limits);
                return null;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = upload.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxFileBytes)
                {
                    error = TooLarge(limits);
                    return null;
                }
            }

            if (buffer.Length == 0)
            {
                error = "上传的文件是空的（0 字节），请选择填好的报表文件（.xlsx）重新上传。";
                return null;
            }

            return buffer.ToArray();
        }
        catch (IOException)
        {
            error = "文件上传不完整，读取时中断，请重新上传。";
            return null;
        }
    }

    /// <summary>The reason to refuse the bytes, or null when they are a plausible, safe .xlsx package.</summary>
    public static string? Inspect(byte[] bytes, ImportLimits limits)
    {
        if (bytes.AsSpan().StartsWith(CompoundFileSignature))
        {
            return "文件是旧版 Excel 97-2003 工作簿（.xls）或设置了打开密码。请取消密码，在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后重新上传。";
        }

        if (!bytes.AsSpan().StartsWith(ZipSignature))
        {
            return "文件不是 Excel 工作簿（.xlsx）。请上传从本系统下载并填好的报表文件；用 WPS 填写的，请保存为 .xlsx 格式。";
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries;
            if (entries.Count > limits.MaxEntries)
            {
                return $"文件内含 {entries.Count} 个部件，超过 {limits.MaxEntries} 个的上限，不是本系统的报表文件，已拒绝处理。请下载模板后填报。";
            }

            long declared = 0;
            foreach (var entry in entries)
            {
                declared += entry.Length;
                if (declared > limits.MaxUncompressedBytes)
                {
                    return Bomb(limits);
                }

                if (entry.Length >= limits.RatioCheckMinBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    return $"文件内的部件“{entry.FullName}”压缩比异常（约 {entry.Length / Math.Max(1, entry.CompressedLength)}:1，疑似压缩炸弹），已拒绝处理。请下载模板后填报。";
                }
            }

            if (!entries.Any(entry => entry.FullName == "[Content_Types].xml")
                || !entries.Any(entry => entry.FullName.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)))
            {
                return "文件是压缩包，但不是 Excel 工作簿（.xlsx）。请上传从本系统下载并填好的报表文件。";
            }

            // Declared sizes can lie; count what actually inflates and stop at the limit.
            long inflated = 0;
            var sink = new byte[81920];
            foreach (var entry in entries)
            {
                using var content = entry.Open();
                int read;
                while ((read = content.Read(sink, 0, sink.Length)) > 0)
                {
                    inflated += read;
                    if (inflated > limits.MaxUncompressedBytes)
                    {
                        return Bomb(limits);
                    }
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return "文件已损坏或不完整（可能下载或上传时中断），无法读取。请在 Excel 或 WPS 中打开并重新保存为 .xlsx 后上传。";
        }
    }

    private static string TooLarge(ImportLimits limits) =>
        $"文件超过 {Size(limits.MaxFileBytes)} 的大小上限。报表文件通常只有几十 KB，请确认上传的是本系统下载的报表，且没有插入图片或其他内容。";

    private static string Bomb(ImportLimits limits) =>
        $"文件解压后超过 {Size(limits.MaxUncompressedBytes)} 的上限（疑似压缩炸弹），已拒绝处理。请下载模板后填报。";

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} 字节",
    };
}
