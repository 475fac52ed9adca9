using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Who was expected, who submitted on time or late, who is missing: one period and a range.</summary>
public class CompletenessTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task LastWeek_ShowsTheDemoBanksThatStoppedReportingAsMissing()
    {
        var now = DateTime.UtcNow;
        var period = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == Form && p.DueAt < now).OrderByDescending(p => p.Start).FirstAsync());
        var lateInDb = await App.QueryAsync(db => db.Submissions.CountAsync(s => s.PeriodId == period.Id && s.FirstSubmittedAt > period.DueAt));

        var body = await (await (await As("supervisor")).GetAsync($"/api/forms/{Form}/periods/{period.Key}/completeness")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("expected").GetInt32(), Is.EqualTo(7), "the seven banks of 上党区");
            Assert.That(body.GetProperty("missing").EnumerateArray().Select(m => m.GetString()), Is.EquivalentTo(new[] { "SD-CCB", "SD-ICBC", "SD-RCB-HQ" }));
            Assert.That(body.GetProperty("submitted").GetInt32(), Is.EqualTo(4));
            Assert.That(body.GetProperty("late").GetInt32(), Is.EqualTo(lateInDb));
            Assert.That(body.GetProperty("onTime").GetInt32() + body.GetProperty("late").GetInt32(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Range_GivesEveryBankACellPerPeriod_WithPendingForWeeksNotYetDue()
    {
        var body = await (await (await As("leader")).GetAsync($"/api/forms/{Form}/completeness")).ExpectAsync(HttpStatusCode.OK);
        var periods = body.GetProperty("periods").GetArrayLength();
        var rows = body.GetProperty("institutions").EnumerateArray().ToList();
        var cells = rows.SelectMany(r => r.GetProperty("cells").EnumerateArray().Select(c => c.GetString())).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(7));
            Assert.That(rows.Select(r => r.GetProperty("cells").GetArrayLength()), Has.All.EqualTo(periods));
            Assert.That(cells, Does.Contain("OnTime").And.Contain("Late").And.Contain("Missing").And.Contain("Pending"));
            Assert.That(body.GetProperty("rates").GetArrayLength(), Is.EqualTo(periods));
        });
    }

    [Test]
    public async Task Range_WithAnUnknownPeriod_Returns400()
    {
        await (await (await As("leader")).GetAsync($"/api/forms/{Form}/completeness?from=1999-W01")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
