using System.Net.Http.Headers;
using ClosedXML.Excel;
using ComplianceTracker.UnitTests.Reporting.Excel;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Download the form, fill it in Excel, upload it: a good file round-trips exactly, a bad one saves nothing.</summary>
public class ExcelRoundTripTests(DatabaseProvider provider) : AppFixture(provider)
{
    // SD-RCB-HQ has no submission for the week under way in the demo.
    private const string Bank = "SD-RCB-HQ";

    private async Task<(HttpClient Reporter, string Period, byte[] Blank)> DownloadAsync()
    {
        var reporter = await As($"{Bank}-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var response = await reporter.GetAsync($"/api/forms/{Form}/periods/{period}/template.xlsx?institution={Bank}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        return (reporter, period, await response.Content.ReadAsByteArrayAsync());
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] file, string name = "周报.xlsx", int? baseRevision = null)
    {
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(part, "file", name);
        if (baseRevision is { } revision)
        {
            content.Add(new StringContent(revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), "baseRevision");
        }

        return await client.PostAsync(url, content);
    }

    internal static byte[] Fill(byte[] blank, IReadOnlyDictionary<string, decimal?> values) =>
        values.Any(v => v.Value is not null)
            ? BadWorkbooks.WithInputValues(blank, values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Key, v.Value!.Value)))
            : blank;

    [Test]
    public async Task Download_IsTheInstitutionsFormForThePeriod()
    {
        var (_, period, blank) = await DownloadAsync();

        using var workbook = new XLWorkbook(new MemoryStream(blank));
        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "周报", "填报说明" }));
            Assert.That(workbook.NamedRange("CT_INSTITUTION").Ranges.First().FirstCell().GetString(), Is.EqualTo(Bank));
            Assert.That(workbook.NamedRange("CT_PERIOD").Ranges.First().FirstCell().GetString(), Is.EqualTo(Web.Domain.PeriodNames.Name(period)), "the week as people say it");
            Assert.That(workbook.NamedRange("CT_FORM").Ranges.First().FirstCell().GetString(), Is.EqualTo(Form));
            Assert.That(workbook.Worksheet("周报").IsProtected, Is.True);
        });
    }

    [Test]
    public async Task Upload_AGoodFile_BecomesADraftRevisionWithExactlyItsFigures()
    {
        var (reporter, period, blank) = await DownloadAsync();
        var url = SubmissionUrl(period, Bank);
        var figures = await GoodFiguresAsync(App, 6);
        var before = await RevisionCountAsync(App, period, Bank);

        var view = await (await UploadAsync(reporter, $"{url}/import", Fill(blank, figures))).ExpectAsync(HttpStatusCode.OK);

        var revisions = await (await reporter.GetAsync($"{url}/revisions")).ExpectAsync(HttpStatusCode.OK);
        var values = view.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (decimal?)null : p.Value.GetDecimal());
        Assert.Multiple(async () =>
        {
            Assert.That(values, Is.EquivalentTo(figures));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Draft"));
            Assert.That(await RevisionCountAsync(App, period, Bank), Is.EqualTo(before + 1));
            Assert.That(revisions.Strings("source").Last(), Is.EqualTo("Excel"));
        });

        // Downloaded again, the form carries the saved figures, and uploading it unchanged round-trips exactly.
        var again = await (await reporter.GetAsync($"/api/forms/{Form}/periods/{period}/template.xlsx?institution={Bank}")).Content.ReadAsByteArrayAsync();
        var second = await (await UploadAsync(reporter, $"{url}/import", again)).ExpectAsync(HttpStatusCode.OK);
        Assert.That(second.GetProperty("values").ToString(), Is.EqualTo(view.GetProperty("values").ToString()));
    }

    public static IEnumerable<TestCaseData> BadFiles()
    {
        TestCaseData Case(string name, Func<byte[], byte[]> craft, string key) => new TestCaseData(craft, key).SetArgDisplayNames(name);

        yield return Case("empty file", _ => BadWorkbooks.Empty(), "file");
        yield return Case("not a zip", _ => BadWorkbooks.NotAZip(), "file");
        yield return Case("truncated zip", BadWorkbooks.Truncated, "file");
        yield return Case("zip bomb", _ => BadWorkbooks.ZipBomb(), "file");
        yield return Case("huge file", good => BadWorkbooks.Oversized(good, (5 * 1024 * 1024) + (512 * 1024)), "file");
        yield return Case("wrong template", _ => BadWorkbooks.ForeignWorkbook("周报"), "file");
        yield return Case("wrong institution", good => BadWorkbooks.WrongInstitution(good, "SD-ICBC"), "file");
        yield return Case("wrong period", good => BadWorkbooks.WrongPeriod(good, "2022-W45"), "file");
        yield return Case("wrong form", good => BadWorkbooks.WrongForm(good, "SD-WEEKLY"), "file");
        yield return Case("hidden extra sheet", good => BadWorkbooks.WithHiddenSheet(good), "file");
        yield return Case("legacy xls", _ => BadWorkbooks.LegacyXls(), "file");
        yield return Case("text in a number cell", good => BadWorkbooks.WithInputText(good, "FIRST_CNT", "十二"), "cell:FIRST_CNT");
        yield return Case("formula", good => BadWorkbooks.WithInputFormula(good, "LOAN_NEW", "1+1"), "cell:LOAN_NEW");
        yield return Case("negative count", good => BadWorkbooks.WithInputValue(good, "FIRST_CNT", -3), "cell:FIRST_CNT");
        yield return Case("new above balance", good => BadWorkbooks.WithInputValue(good, "PHXW_NEW", 99_999_999), "cell:PHXW_NEW");
    }

    [TestCaseSource(nameof(BadFiles))]
    public async Task Upload_ABadFile_IsRefusedWithWhatToFix_AndSavesNothing(Func<byte[], byte[]> craft, string key)
    {
        var (reporter, period, blank) = await DownloadAsync();
        var good = Fill(blank, await GoodFiguresAsync(App, 6));
        var bad = craft(good);
        var expectedKey = key.StartsWith("cell:", StringComparison.Ordinal) ? $"周报!{BadWorkbooks.InputCell(good, key[5..])}" : key;
        var before = await StoredAsync(App, period, Bank);

        var problem = await (await UploadAsync(reporter, $"{SubmissionUrl(period, Bank)}/import", bad)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var after = await StoredAsync(App, period, Bank);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Does.Contain(expectedKey), problem.ToString());
            Assert.That(after?.Revision, Is.EqualTo(before?.Revision));
            Assert.That(after?.ValuesJson, Is.EqualTo(before?.ValuesJson));
        });
    }

    /// <summary>
    /// A file downloaded before the last save is refused (409) as older than the current revision, whether the revision
    /// it was based on is posted with it or only carried in the file; nothing is saved.
    /// </summary>
    [TestCase(true, 4, TestName = "Upload_OfAFormDownloadedBeforeTheLastSave_WithItsBaseRevision_IsRefusedAsOlder")]
    [TestCase(false, 9, TestName = "Upload_OfAFormDownloadedBeforeTheLastSave_ByTheRevisionItCarries_IsRefusedAsOlder")]
    public async Task Upload_OfAFormDownloadedBeforeTheLastSave_IsRefusedAsOlder(bool postBaseRevision, int savedSeed)
    {
        var (reporter, period, downloaded) = await DownloadAsync();
        var url = SubmissionUrl(period, Bank);
        var current = (await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("revision").GetInt32();
        await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, savedSeed), baseRevision = current })).ExpectAsync(HttpStatusCode.OK);
        var before = await StoredAsync(App, period, Bank);

        var file = Fill(downloaded, await GoodFiguresAsync(App, 6));
        var problem = await (await UploadAsync(reporter, $"{url}/import", file, baseRevision: postBaseRevision ? current : null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        var after = await StoredAsync(App, period, Bank);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain($"比当前的第 {current + 1} 版旧"));
            Assert.That(after?.Revision, Is.EqualTo(before?.Revision));
            Assert.That(after?.ValuesJson, Is.EqualTo(before?.ValuesJson));
        });
    }

    [Test]
    public async Task Upload_WithoutAFile_Returns400()
    {
        var (reporter, period, _) = await DownloadAsync();

        using var content = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await reporter.PostAsync($"{SubmissionUrl(period, Bank)}/import", content)).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
