using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>An upload that cannot be read as a circular; the message says, in Chinese, what to do instead.</summary>
public sealed class UnreadableDocumentException(string message) : Exception(message);

/// <summary>
/// Turns an uploaded circular into the text the extractor reads: a .txt (UTF-8 with or without BOM, else GB18030)
/// or a .docx (the body's paragraphs in order, table cells included, joined by "\n"). Bad bytes are refused with an
/// <see cref="UnreadableDocumentException"/> before any library parses them: size, file signature, zip directory
/// (entry count, declared and actual uncompressed size) and the presence of word/document.xml.
/// </summary>
public static class DocumentText
{
    public const long MaxFileBytes = 10L * 1024 * 1024;
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;
    public const int MaxEntries = 1000;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string Empty = "上传的文件是空的（0 字节）。请选择通知的 Word 文档（.docx）或文本文件（.txt）重新上传。";
    private const string TooLarge = "文件超过 10 MB 的大小上限。通知正文通常只有几十 KB：请删除文中的图片后另存为 .docx，或把正文复制到记事本另存为 .txt 后重新上传。";
    private const string OldWord = "文件是旧版 Word 97-2003 文档（.doc）或设置了打开密码，无法读取。请取消密码，在 Word 或 WPS 中“另存为”Word 文档（*.docx）后重新上传。";
    private const string NotWord = "文件不是 Word 文档（.docx），无法读取。请在 Word 或 WPS 中打开后“另存为”Word 文档（*.docx），或把正文复制到记事本另存为 .txt 后重新上传。";
    private const string ZipNotWord = "文件是压缩包，但不是 Word 文档（可能是改了扩展名的 Excel 表格或其他文件）。请上传通知的 Word 文档（.docx）。";
    private const string Bomb = "文件解压后超过 50 MB 或含有 1000 个以上的部件（疑似压缩炸弹），已拒绝处理。请在 Word 或 WPS 中另存为普通的 Word 文档（.docx）后重新上传。";
    private const string Corrupt = "文件已损坏或不完整（可能下载或上传时中断），无法读取。请在 Word 或 WPS 中打开并重新保存为 .docx 后上传。";
    private const string Binary = "文件不是纯文本（含有二进制内容），无法读取。Word 文档请以 .docx 上传；否则请把正文复制到记事本，另存为 UTF-8 编码的 .txt 后重新上传。";

    static DocumentText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A plain-text upload: strict UTF-8 (BOM optional), else GB18030 (which covers GBK and GB2312).</summary>
    public static string FromTxt(byte[] bytes)
    {
        CheckSize(bytes);
        var span = bytes.AsSpan();
        if (span.StartsWith(CompoundFileSignature))
        {
            throw new UnreadableDocumentException(OldWord);
        }

        if (span.StartsWith(ZipSignature))
        {
            throw new UnreadableDocumentException("文件是 Word 文档（.docx）或其他压缩包，不是纯文本。请以 .docx 上传，或把正文复制到记事本另存为 .txt 后重新上传。");
        }

        if (span.Length >= 2 && (span[0], span[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
        {
            var utf16 = span[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return Normalise(utf16.GetString(bytes, 2, bytes.Length - 2));
        }

        var body = span.StartsWith(Utf8Bom) ? bytes.AsMemory(3) : bytes.AsMemory();
        if (body.IsEmpty)
        {
            throw new UnreadableDocumentException(Empty);
        }

        if (body.Span.Contains((byte)0))
        {
            throw new UnreadableDocumentException(Binary);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.GetEncoding("GB18030").GetString(body.Span);
        }

        return Normalise(text);
    }

    /// <summary>A Word upload: the main body's paragraphs in document order (table cells' too), joined by "\n".</summary>
    public static string FromDocx(byte[] bytes)
    {
        CheckSize(bytes);
        var span = bytes.AsSpan();
        if (span.StartsWith(CompoundFileSignature))
        {
            throw new UnreadableDocumentException(OldWord);
        }

        if (!span.StartsWith(ZipSignature))
        {
            throw new UnreadableDocumentException(NotWord);
        }

        InspectZip(bytes);

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new UnreadableDocumentException(ZipNotWord);
            var paragraphs = new List<string>();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                // A text box is stored twice (the DrawingML choice and the VML fallback): read the choice only.
                if (!paragraph.Ancestors<AlternateContentFallback>().Any())
                {
                    paragraphs.Add(ParagraphText(paragraph));
                }
            }

            return Normalise(string.Join("\n", paragraphs));
        }
        catch (UnreadableDocumentException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new UnreadableDocumentException(Corrupt);
        }
    }

    private static void CheckSize(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0)
        {
            throw new UnreadableDocumentException(Empty);
        }

        if (bytes.Length > MaxFileBytes)
        {
            throw new UnreadableDocumentException(TooLarge);
        }
    }

    /// <summary>Reads the zip directory and counts what actually inflates, so a zip bomb is refused unopened.</summary>
    private static void InspectZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries;
            if (entries.Count > MaxEntries)
            {
                throw new UnreadableDocumentException(Bomb);
            }

            long declared = 0;
            foreach (var entry in entries)
            {
                declared += entry.Length;
                if (declared > MaxUncompressedBytes)
                {
                    throw new UnreadableDocumentException(Bomb);
                }
            }

            if (!entries.Any(e => string.Equals(e.FullName, "word/document.xml", StringComparison.OrdinalIgnoreCase)))
            {
                throw new UnreadableDocumentException(ZipNotWord);
            }

            // Declared sizes can lie: inflate with a counter and stop at the limit.
            long inflated = 0;
            var sink = new byte[81920];
            foreach (var entry in entries)
            {
                using var content = entry.Open();
                int read;
                while ((read = content.Read(sink, 0, sink.Length)) > 0)
                {
                    inflated += read;
                    if (inflated > MaxUncompressedBytes)
                    {
                        throw new UnreadableDocumentException(Bomb);
                    }
                }
            }
        }
        catch (UnreadableDocumentException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new UnreadableDocumentException(Corrupt);
        }
    }

    /// <summary>The paragraph's own text: runs' text, tabs and breaks; a text box's paragraphs are listed on their own.</summary>
    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        Append(paragraph, text);
        return text.ToString();

        static void Append(OpenXmlElement element, StringBuilder text)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Paragraph:
                        continue; // nested (text box) paragraphs come on their own in Descendants<Paragraph>()
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append('\t');
                        break;
                    case Break or CarriageReturn:
                        text.Append('\n');
                        break;
                    case NoBreakHyphen:
                        text.Append('-');
                        break;
                    case DeletedText or FieldCode:
                        break;
                    default:
                        Append(child, text);
                        break;
                }
            }
        }
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
