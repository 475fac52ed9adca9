using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Targets judged on the weekly figures: varied verdicts on the demo, totals that add up, baselines, the ranked export.</summary>
public class TargetsTests(DatabaseProvider provider) : AppFixture(provider)
{
    private async Task<int> DemoCircularAsync() =>
        await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());

    [Test]
    public async Task DemoTargets_ShowOnTrackAtRiskAndMissedOrMet_WithTheFiguresThatDecided()
    {
        var targets = await (await (await As("supervisor")).GetAsync($"/api/targets?circularId={await DemoCircularAsync()}")).ExpectAsync(HttpStatusCode.OK);
        var statuses = targets.EnumerateArray().Select(t => t.GetProperty("status").GetString()).ToList();
        var judged = targets.EnumerateArray().First(t => t.GetProperty("status").GetString() is "OnTrack" or "AtRisk" && t.GetProperty("institution").ValueKind == JsonValueKind.String);

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Does.Contain("OnTrack").And.Contain("AtRisk"));
            Assert.That(statuses.Any(s => s is "Missed" or "Met"), Is.True, string.Join(",", statuses));
            Assert.That(judged.GetProperty("actual").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(judged.GetProperty("threshold").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(judged.GetProperty("asOf").GetString(), Does.Match(@"^\d{4}-W\d{2}$"));
            Assert.That(judged.GetProperty("explanation").GetString(), Does.Match("[\u4e00-\u9fff]"));
        });
    }

    [Test]
    public async Task JurisdictionTotal_SumsExactlyTheInstitutionsOfTheJurisdiction()
    {
        var targets = await (await (await As("supervisor")).GetAsync($"/api/targets?circularId={await DemoCircularAsync()}")).ExpectAsync(HttpStatusCode.OK);
        var total = targets.EnumerateArray().Single(t => t.GetProperty("scope").GetString() == "Jurisdiction" && t.GetProperty("institution").ValueKind == JsonValueKind.Null);
        var period = total.GetProperty("asOf").GetString()!;

        // The same sum computed here from the stored figures: each bank of 上党 at its figure of that week, or at its
        // latest earlier one when it has not reported that week (a late bank does not lower the total).
        var (expected, late) = await App.QueryAsync(async db =>
        {
            var end = await db.ReportPeriods.Where(p => p.Form.Code == Form && p.Key == period).Select(p => p.End).SingleAsync();
            var rows = await db.Submissions.Where(s => s.Form.Code == Form && s.Period.End <= end
                    && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved)
                    && s.Institution.Jurisdiction.Code == "SX-CZ-SD")
                .Select(s => new { s.InstitutionId, s.Period.Key, s.Period.End, s.ValuesJson }).ToListAsync();
            var latest = rows.GroupBy(r => r.InstitutionId).Select(g => g.OrderBy(r => r.End).Last()).ToList();
            return (latest.Sum(r => Web.Features.Reporting.SubmissionJson.Values(r.ValuesJson).GetValueOrDefault("PHXW_BAL") ?? 0), latest.Count(r => r.Key != period));
        });
        var outside = await App.QueryAsync(db => db.Submissions.CountAsync(s => s.Form.Code == Form && s.Institution.Jurisdiction.Code != "SX-CZ-SD"));

        Assert.Multiple(() =>
        {
            Assert.That(total.GetProperty("actual").GetDecimal(), Is.EqualTo(expected));
            Assert.That(late, Is.GreaterThan(0), "the demo has banks late that week, counted at their latest figure");
            Assert.That(outside, Is.Zero, "no institution outside the jurisdiction reports the form");
        });
    }

    [Test]
    public async Task History_HasAVerdictForEveryWeekWithFigures()
    {
        var supervisor = await As("supervisor");
        var targets = await (await supervisor.GetAsync($"/api/targets?circularId={await DemoCircularAsync()}")).ExpectAsync(HttpStatusCode.OK);
        var total = targets.EnumerateArray().First(t => t.GetProperty("institution").ValueKind == JsonValueKind.Null);
        var bank = targets.EnumerateArray().First(t => t.GetProperty("institution").ValueKind == JsonValueKind.String);
        var code = bank.GetProperty("institution").GetString()!;
        var today = TodayInChina;
        var (weeks, bankWeeks) = await App.QueryAsync(async db =>
        {
            var reported = db.Submissions.Where(s => s.Form.Code == Form && s.Period.End <= today && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved));
            return (await reported.Select(s => s.Period.Key).Distinct().CountAsync(), await reported.Where(s => s.Institution.Code == code).Select(s => s.Period.Key).Distinct().CountAsync());
        });

        var totalHistory = await (await supervisor.GetAsync($"/api/targets/{total.GetProperty("id").GetInt32()}/history")).ExpectAsync(HttpStatusCode.OK);
        var bankHistory = await (await supervisor.GetAsync($"/api/targets/{bank.GetProperty("id").GetInt32()}/history?institution={code}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(weeks, Is.GreaterThan(4), "the demo has weeks of figures");
            Assert.That(totalHistory.GetArrayLength(), Is.EqualTo(weeks), "the total: one verdict per week with figures");
            Assert.That(bankHistory.GetArrayLength(), Is.EqualTo(bankWeeks), "a bank: one verdict per week it reported");
            Assert.That(totalHistory.EnumerateArray().Select(p => p.GetProperty("asOf").GetString()), Is.Ordered.And.Unique);
        });
    }

    [Test]
    public async Task Baselines_AreEnteredBySupervisors_AndBadOnesRefusedInChinese()
    {
        var supervisor = await As("supervisor");
        var year = TodayInChina.Year;

        var saved = await (await supervisor.PutAsJsonAsync("/api/targets/baselines", new { year, baselines = new[] { new { institution = "SD-BOC", indicator = "PHXW_CNT", value = 123m } } })).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await supervisor.GetAsync($"/api/targets/baselines?year={year}")).ExpectAsync(HttpStatusCode.OK);
        var foreign = await (await supervisor.PutAsJsonAsync("/api/targets/baselines", new { year, baselines = new[] { new { institution = "SH-BOSC", indicator = "PHXW_CNT", value = 1m } } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var reporter = await (await As("SD-BOC-reporter")).PutAsJsonAsync("/api/targets/baselines", new { year, baselines = new[] { new { institution = "SD-BOC", indicator = "PHXW_CNT", value = 1m } } });

        Assert.Multiple(() =>
        {
            Assert.That(saved.GetArrayLength(), Is.EqualTo(1));
            Assert.That(listed.EnumerateArray().Any(b => b.GetProperty("institution").GetString() == "SD-BOC" && b.GetProperty("indicator").GetString() == "PHXW_CNT" && b.GetProperty("value").GetDecimal() == 123m), Is.True);
            Assert.That(foreign.GetProperty("errors").GetProperty("baselines[0].institution")[0].GetString(), Does.Contain("不在您监管的辖区"));
            Assert.That(reporter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task TargetsExport_ReopensWithTheRankingRight()
    {
        var response = await (await As("supervisor")).GetAsync($"/api/exports/targets.xlsx?circularId={await DemoCircularAsync()}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("目标完成情况");
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "排名"));
        var columns = header.CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).ToList();
        var growth = rows.Where(r => r.Cell(columns["目标"]).GetString().StartsWith("普惠型小微企业贷款增速") && !r.Cell(columns["排名"]).IsEmpty()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(growth, Has.Count.GreaterThan(2));
            var ranks = growth.Select(r => (int)r.Cell(columns["排名"]).GetDouble()).ToList();
            var actuals = growth.Select(r => r.Cell(columns["实际值"]).GetDouble()).ToList();
            Assert.That(ranks, Is.Ordered, "listed best first");
            Assert.That(actuals, Is.Ordered.Descending, "a higher growth ranks first");
            for (var i = 0; i < ranks.Count; i++)
            {
                Assert.That(ranks[i], Is.EqualTo(actuals.Count(a => a > actuals[i]) + 1), "competition ranking");
            }

            Assert.That(rows.Select(r => r.Cell(columns["范围"]).GetString()), Does.Contain("辖内合计"));
        });
    }

    [Test]
    public async Task AReporter_SeesItsOwnVerdictsOnly()
    {
        var targets = await (await (await As("SD-ICBC-reporter")).GetAsync("/api/targets")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(targets.EnumerateArray().Select(t => t.GetProperty("institution").GetString()).Distinct(), Is.EqualTo(new[] { "SD-ICBC" }));
    }
}
