using System.IO.Compression;
using System.Text;
using ComplianceTracker.Web.Features.Circulars.Extraction;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>Uploads turned into text: real .docx built here, UTF-8 and GBK text, and every kind of bad bytes refused in Chinese.</summary>
public class DocumentTextTests
{
    private const string ChineseMessage = "[\u4e00-\u9fff]{4}";

    [OneTimeSetUp]
    public void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // ------------------------------------------------------------------ .docx

    [Test]
    public void Docx_ParagraphsAndTableCells_InDocumentOrder()
    {
        var bytes = Docx(body =>
        {
            body.Append(Para("上海银保监局关于做好金融服务工作的通知"));
            body.Append(Para("沪银保监发〔2023〕24号"));
            body.Append(new Paragraph(new Run(new Text("辖内各银行")), new Run(new Text("保险机构："))));
            body.Append(new Table(
                new TableRow(Cell("机构名称"), Cell("贷款余额")),
                new TableRow(Cell("某某银行"), Cell("100"))));
            body.Append(Para("特此通知。"));
        });

        var text = DocumentText.FromDocx(bytes);

        Assert.That(text, Is.EqualTo(
            "上海银保监局关于做好金融服务工作的通知\n沪银保监发〔2023〕24号\n辖内各银行保险机构：\n机构名称\n贷款余额\n某某银行\n100\n特此通知。"));
    }

    [Test]
    public void Docx_TheTextReadsAsACircular()
    {
        var bytes = Docx(body =>
        {
            foreach (var line in new[] { "上海银保监局关于做好金融服务工作的通知", "沪银保监发〔2023〕24号", "辖内各银行保险机构：", "现将有关事项通知如下。", "上海银保监局", "2023年3月1日" })
            {
                body.Append(Para(line));
            }
        });

        var metadata = MetadataExtractor.Extract(DocumentText.FromDocx(bytes));

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Title?.Value, Is.EqualTo("上海银保监局关于做好金融服务工作的通知"));
            Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo("沪银保监发〔2023〕24号"));
            Assert.That(metadata.IssuedOn?.Value, Is.EqualTo(new DateOnly(2023, 3, 1)));
        });
    }

    [Test]
    public void Docx_TabsAndLineBreaksInsideAParagraph_AreKept()
    {
        var bytes = Docx(body => body.Append(new Paragraph(new Run(new Text("联系人："), new TabChar(), new Text("张三"), new Break(), new Text("联系电话：021-12345678")))));

        Assert.That(DocumentText.FromDocx(bytes), Is.EqualTo("联系人：\t张三\n联系电话：021-12345678"));
    }

    [Test]
    public void Docx_Empty_IsRefused() => AssertRefused(() => DocumentText.FromDocx([]));

    [Test]
    public void Docx_OverTenMegabytes_IsRefused()
    {
        var bytes = new byte[10 * 1024 * 1024 + 1];
        bytes[0] = 0x50;
        bytes[1] = 0x4B;
        bytes[2] = 0x03;
        bytes[3] = 0x04;

        AssertRefused(() => DocumentText.FromDocx(bytes));
    }

    [Test]
    public void Docx_NotAZip_IsRefused() => AssertRefused(() => DocumentText.FromDocx(Encoding.UTF8.GetBytes("关于做好金融服务工作的通知")));

    [Test]
    public void Docx_OldWordOrEncrypted_IsRefused()
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);

        var message = AssertRefused(() => DocumentText.FromDocx(bytes));
        Assert.That(message, Does.Contain(".doc"));
    }

    [Test]
    public void Docx_AnXlsxRenamed_IsRefused()
    {
        var bytes = Zip(zip =>
        {
            Entry(zip, "[Content_Types].xml", "<Types/>");
            Entry(zip, "xl/workbook.xml", "<workbook/>");
        });

        var message = AssertRefused(() => DocumentText.FromDocx(bytes));
        Assert.That(message, Does.Contain("不是 Word 文档"));
    }

    [Test]
    public void Docx_TooManyEntries_IsRefusedAsAZipBomb()
    {
        var bytes = Zip(zip =>
        {
            Entry(zip, "word/document.xml", "<w:document/>");
            for (var i = 0; i < 1001; i++)
            {
                Entry(zip, $"word/media/{i}.txt", "x");
            }
        });

        var message = AssertRefused(() => DocumentText.FromDocx(bytes));
        Assert.That(message, Does.Contain("压缩炸弹"));
    }

    [Test]
    public void Docx_HugeWhenInflated_IsRefusedAsAZipBomb()
    {
        var bytes = Zip(zip =>
        {
            Entry(zip, "word/document.xml", "<w:document/>");
            using var stream = zip.CreateEntry("word/media/zeros.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 51; i++)
            {
                stream.Write(zeros);
            }
        });

        Assert.That(bytes, Has.Length.LessThan(1024 * 1024), "the bomb itself is small");
        var message = AssertRefused(() => DocumentText.FromDocx(bytes));
        Assert.That(message, Does.Contain("压缩炸弹"));
    }

    [Test]
    public void Docx_TruncatedOrWithBrokenXml_IsRefused()
    {
        var good = Docx(body => body.Append(Para("关于做好金融服务工作的通知")));
        var broken = Zip(zip =>
        {
            Entry(zip, "[Content_Types].xml", "<Types");
            Entry(zip, "word/document.xml", "<w:document><w:body>");
        });

        Assert.Multiple(() =>
        {
            AssertRefused(() => DocumentText.FromDocx(good[..(good.Length / 2)]));
            AssertRefused(() => DocumentText.FromDocx(broken));
        });
    }

    [Test]
    public void Docx_RandomBytesAfterAZipSignature_OnlyEverGiveTheChineseRefusal()
    {
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[random.Next(4, 3000)];
            random.NextBytes(bytes);
            new byte[] { 0x50, 0x4B, 0x03, 0x04 }.CopyTo(bytes, 0);

            AssertRefused(() => DocumentText.FromDocx(bytes));
        }
    }

    // ------------------------------------------------------------------ .txt

    [Test]
    public void Txt_Utf8_WithAndWithoutBom()
    {
        const string text = "上海银保监局关于进一步完善金融服务的通知\n沪银保监发〔2023〕24号";
        var plain = Encoding.UTF8.GetBytes(text);
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(plain).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(DocumentText.FromTxt(plain), Is.EqualTo(text));
            Assert.That(DocumentText.FromTxt(withBom), Is.EqualTo(text));
        });
    }

    [Test]
    public void Txt_GbkBytes_AreDecoded()
    {
        const string text = "温州市人民政府金融工作办公室\n温金融办〔2021〕71号\n全市各金融机构，地方金融组织：";
        var gbk = Encoding.GetEncoding(936).GetBytes(text);

        Assert.That(DocumentText.FromTxt(gbk), Is.EqualTo(text));
    }

    [Test]
    public void Txt_Empty_Oversized_Binary_OldWordAndDocx_AreRefused()
    {
        var docx = Docx(body => body.Append(Para("通知")));
        var oldWord = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 };
        var binary = new byte[] { 0x41, 0x00, 0x42, 0x00, 0x01 };

        Assert.Multiple(() =>
        {
            AssertRefused(() => DocumentText.FromTxt([]));
            AssertRefused(() => DocumentText.FromTxt([0xEF, 0xBB, 0xBF]));
            AssertRefused(() => DocumentText.FromTxt(new byte[10 * 1024 * 1024 + 1]));
            AssertRefused(() => DocumentText.FromTxt(binary));
            AssertRefused(() => DocumentText.FromTxt(oldWord));
            AssertRefused(() => DocumentText.FromTxt(docx));
        });
    }

    // ------------------------------------------------------------------ helpers

    private static string AssertRefused(Action read)
    {
        var refusal = Assert.Throws<UnreadableDocumentException>(read);
        Assert.That(refusal!.Message, Does.Match(ChineseMessage));
        return refusal.Message;
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text)));

    private static TableCell Cell(string text) => new(Para(text));

    private static byte[] Docx(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return stream.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
