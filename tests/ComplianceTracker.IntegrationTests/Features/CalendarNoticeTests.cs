using System.Text;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Features.Calendar;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// A State Council notice pasted into <c>POST /api/calendar/parse-notice</c>: read into the year's days and stored
/// nowhere; an amending notice read on top of the stored year; a text that is not a notice refused saying what is
/// missing. The CSV upload takes the Chinese headers and kinds, and the templates read back through the upload.
/// </summary>
public class CalendarNoticeTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static string Notice(string file) => File.ReadAllText(Path.Combine(SeedFiles.Default().Folder, "calendar", "notices", file));

    private static List<string> Lines(JsonElement days) =>
        days.EnumerateArray().Select(d => $"{d.GetProperty("date").GetString()} {d.GetProperty("kind").GetString()} {d.GetProperty("name").GetString()}").ToList();

    private async Task<List<string>> StoredAsync(int year) => Lines(await (await (await As("admin")).GetAsync($"/api/calendar/{year}")).ExpectAsync(HttpStatusCode.OK));

    [Test]
    public async Task ParseNotice_The2026Notice_ReturnsTheStoredDays_AndStoresNothing()
    {
        var stored = await StoredAsync(2026);
        var audits = await App.QueryAsync(db => db.AuditEntries.CountAsync());

        var parsed = await (await (await As("admin")).PostAsJsonAsync("/api/calendar/parse-notice", new { text = Notice("2026.txt") })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That(parsed.GetProperty("year").GetInt32(), Is.EqualTo(2026));
            Assert.That(parsed.GetProperty("amends").GetBoolean(), Is.False);
            Assert.That(Lines(parsed.GetProperty("days")), Is.EqualTo(stored));
            Assert.That(parsed.GetProperty("notes").GetArrayLength(), Is.Zero);
            Assert.That(await App.QueryAsync(db => db.AuditEntries.CountAsync()), Is.EqualTo(audits), "reading stores nothing");
        });
    }

    [Test]
    public async Task ParseNotice_TheExtension_IsAppliedToTheStoredYear()
    {
        var stored = await StoredAsync(2020);

        var parsed = await (await (await As("admin")).PostAsJsonAsync("/api/calendar/parse-notice", new { text = Notice("2020-extension.txt") })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.GetProperty("amends").GetBoolean(), Is.True);
            Assert.That(Lines(parsed.GetProperty("days")), Is.EqualTo(stored), "the stored 2020 already holds the extension");
        });
    }

    [TestCase("各省、自治区、直辖市人民政府：现将元旦放假安排通知如下。", "没有找到通知所属的年份")]
    [TestCase("国务院办公厅关于2027年部分节假日安排的通知\n各省、自治区、直辖市人民政府：", "没有找到 2027 年的节日安排")]
    [TestCase("", "请粘贴")]
    public async Task ParseNotice_NotANotice_Returns400SayingWhatIsMissing(string text, string message)
    {
        var problem = await (await (await As("admin")).PostAsJsonAsync("/api/calendar/parse-notice", new { text })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").GetProperty("text")[0].GetString(), Does.Contain(message));
    }

    [Test]
    public async Task ParseNotice_ByASupervisor_Returns403() =>
        await (await (await As("supervisor")).PostAsJsonAsync("/api/calendar/parse-notice", new { text = Notice("2026.txt") })).ExpectProblemAsync(HttpStatusCode.Forbidden);

    [Test]
    public async Task Put_CsvWithChineseHeadersAndKinds_ReplacesTheYear()
    {
        var csv = "\uFEFF日期,类型,名称\n2033-01-01,放假,元旦\n2033/1/29,调休上班,春节调休上班\n";

        await (await (await As("admin")).PutAsync("/api/calendar/2033", new StringContent(csv, Encoding.UTF8, "text/csv"))).ExpectAsync(HttpStatusCode.OK);

        Assert.That(await StoredAsync(2033), Is.EqualTo(new[] { "2033-01-01 Holiday 元旦", "2033-01-29 Workday 春节调休上班" }));
    }

    [Test]
    public async Task Templates_ReadBackThroughTheUploadReaders()
    {
        var admin = await As("admin");
        var xlsx = await admin.GetAsync("/api/calendar/template.xlsx");
        var csv = await admin.GetAsync("/api/calendar/template.csv");
        var fromXlsx = CalendarWorkbook.Read(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var fromCsv = await CalendarApi.ReadCsvAsync(new MemoryStream(await csv.Content.ReadAsByteArrayAsync()), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(xlsx.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(fromXlsx.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind} {d.Name}"), Is.EqualTo(new[]
            {
                "2026-01-01 Holiday 元旦", "2026-01-02 Holiday 元旦", "2026-01-03 Holiday 元旦", "2026-01-04 Workday 元旦调休上班",
            }));
            Assert.That(fromCsv, Is.EqualTo(fromXlsx));
        });
    }
}
