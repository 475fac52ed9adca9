using ComplianceTracker.Web.Data.Seeding;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The review flow: a supervisor pastes a circular (or uploads its .docx), reads the proposal, edits it, saves a
/// draft and publishes it. Extraction stores nothing; bad input is a Chinese 400.
/// </summary>
public class CircularExtractionTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static string SeedText(string key)
    {
        var seeds = SeedFiles.Default();
        return seeds.CircularText(seeds.Circulars().Single(c => c.Key == key));
    }

    [Test]
    public async Task Extract_ThenEditAndSave_ThenPublish_CreatesObligations_AndExtractStoresNothing()
    {
        var supervisor = await As("supervisor-sh");
        var before = await App.QueryAsync(db => db.Circulars.CountAsync());

        var proposal = await (await supervisor.PostAsJsonAsync("/api/circulars/extract", new { text = SeedText("shcbirc-2023-24") })).ExpectAsync(HttpStatusCode.OK);
        var afterExtract = await App.QueryAsync(db => db.Circulars.CountAsync());

        // The supervisor edits the draft: a number of their own (the seeded circular already holds the real one).
        var draft = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(proposal.GetProperty("draft").GetRawText())!;
        draft["documentNumber"] = JsonSerializer.SerializeToElement("沪银保监发〔2023〕924号");
        draft["jurisdictionCode"] = JsonSerializer.SerializeToElement("SH");
        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", draft)).ExpectAsync(HttpStatusCode.Created);
        var published = await (await supervisor.PostAsync($"/api/circulars/{created.GetProperty("id").GetInt32()}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var evidence = proposal.GetProperty("metadata").GetProperty("documentNumber").GetProperty("evidence");
        var text = proposal.GetProperty("text").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(afterExtract, Is.EqualTo(before), "extracting stores nothing");
            Assert.That(proposal.GetProperty("metadata").GetProperty("documentNumber").GetProperty("value").GetString(), Is.EqualTo("沪银保监发〔2023〕24号"));
            Assert.That(text.Substring(evidence.GetProperty("start").GetInt32(), evidence.GetProperty("length").GetInt32()), Is.EqualTo(evidence.GetProperty("text").GetString()));
            Assert.That(proposal.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("kind").GetString()), Does.Contain("Deadline").And.Contain("Target"));
            Assert.That(created.GetProperty("requirements").GetArrayLength(), Is.EqualTo(proposal.GetProperty("requirements").GetArrayLength()));
            Assert.That(published.GetProperty("obligationsCreated").GetInt32(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Extract_ANewsReport_FindsNoRequirements_AndSaysSo()
    {
        var proposal = await (await (await As("supervisor-sh")).PostAsJsonAsync("/api/circulars/extract", new { text = SeedText("shcbirc-2022-news-report") })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(proposal.GetProperty("requirements").GetArrayLength(), Is.Zero);
            Assert.That(proposal.GetProperty("documentKind").GetString(), Is.EqualTo("NewsReport"));
            Assert.That(proposal.GetProperty("notes").EnumerateArray().Select(n => n.GetString()), Has.Some.Contains("未发现监管要求"));
        });
    }

    [Test]
    public async Task Extract_AnUploadedDocx_ReadsItsParagraphs()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(SeedText("shcbirc-2023-24").Split('\n').Select(line => new Paragraph(new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve })))));
            main.Document.Save();
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(stream.ToArray()), "file", "沪银保监发〔2023〕24号.docx" } };
        var proposal = await (await (await As("supervisor-sh")).PostAsync("/api/circulars/extract", form)).ExpectAsync(HttpStatusCode.OK);

        Assert.That(proposal.GetProperty("metadata").GetProperty("documentNumber").GetProperty("value").GetString(), Is.EqualTo("沪银保监发〔2023〕24号"));
    }

    [Test]
    public async Task Extract_BadInput_IsAChinese400()
    {
        var supervisor = await As("supervisor-sh");
        using var fakeDocx = new MultipartFormDataContent { { new ByteArrayContent("PK\u0003\u0004 not really a zip"u8.ToArray()), "file", "通知.docx" } };
        using var xlsxAsDocx = new MultipartFormDataContent { { new ByteArrayContent(AnXlsx()), "file", "通知.docx" } };

        var empty = await (await supervisor.PostAsJsonAsync("/api/circulars/extract", new { text = "   " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var huge = await (await supervisor.PostAsJsonAsync("/api/circulars/extract", new { text = new string('通', 5 * 1024 * 1024 / 3) })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var broken = await (await supervisor.PostAsync("/api/circulars/extract", fakeDocx)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var wrongZip = await (await supervisor.PostAsync("/api/circulars/extract", xlsxAsDocx)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(empty.GetProperty("errors").GetProperty("text")[0].GetString(), Does.Contain("文本为空"));
            Assert.That(huge.GetProperty("errors").GetProperty("text")[0].GetString(), Does.Contain("文本过长"));
            Assert.That(broken.GetProperty("errors").TryGetProperty("file", out _), Is.True, broken.ToString());
            Assert.That(wrongZip.GetProperty("errors").TryGetProperty("file", out _), Is.True, wrongZip.ToString());
        });
    }

    [Test]
    public async Task Extract_IsForSupervisors()
    {
        foreach (var user in new[] { "SD-ICBC-reporter", "SD-ICBC-head", "leader" })
        {
            var response = await (await As(user)).PostAsJsonAsync("/api/circulars/extract", new { text = "关于开展测试的通知" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), user);
        }
    }

    private static byte[] AnXlsx()
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        workbook.AddWorksheet("Sheet1").Cell(1, 1).Value = "不是通知";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
