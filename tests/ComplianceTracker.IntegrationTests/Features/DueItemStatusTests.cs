namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>A one-off deadline moves Open/Overdue → Submitted (institution) → Done (supervisor), with history.</summary>
public class DueItemStatusTests(DatabaseProvider provider) : AppFixture(provider)
{
    private async Task<JsonElement> DemoDeadlineOf(string institution, HttpClient client)
    {
        var demoId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var items = await (await client.GetAsync($"/api/obligations?circularId={demoId}&kind=Deadline&institution={institution}")).ExpectAsync(HttpStatusCode.OK);
        return items.EnumerateArray().Single();
    }

    [Test]
    public async Task OverdueDeadline_SubmittedByReporterThenDoneBySupervisor_KeepsEveryChange()
    {
        var reporter = await As("SD-CCB-reporter");
        var supervisor = await As("supervisor");
        var item = await DemoDeadlineOf("SD-CCB", reporter);
        var id = item.GetProperty("id").GetInt32();
        Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("Overdue"), "the demo leaves SD-CCB's measures unsent");

        await (await reporter.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Submitted", reason = "已报送贯彻落实措施" })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Done" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Done", reason = "已收到" })).ExpectAsync(HttpStatusCode.OK);

        var after = await DemoDeadlineOf("SD-CCB", reporter);
        var history = await (await reporter.GetAsync($"/api/obligations/{id}/history")).ExpectAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("status").GetString(), Is.EqualTo("Done"));
            Assert.That(after.GetProperty("isLate").GetBoolean(), Is.True);
            Assert.That(history.Strings("to"), Is.EqualTo(new[] { "Submitted", "Done" }));
            Assert.That(history.Strings("from"), Is.EqualTo(new[] { "Overdue", "Submitted" }));
            Assert.That(history.Strings("changedBy"), Is.EqualTo(new[] { "SD-CCB-reporter", "supervisor" }));
        });
    }

    [Test]
    public async Task Waive_WithoutReason_Returns400AndChangesNothing()
    {
        var supervisor = await As("supervisor");
        var item = await DemoDeadlineOf("SD-RCB", supervisor);
        var id = item.GetProperty("id").GetInt32();

        var problem = await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Waived" })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var changes = await App.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == id && h.ChangedBy == "supervisor" && h.To == ComplianceTracker.Web.Features.Obligations.DueItemStatus.Waived));
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("原因"));
            Assert.That(changes, Is.Zero);
        });
    }

    [Test]
    public async Task WeeklyPeriod_CannotBeMarkedSubmittedByHand()
    {
        var reporter = await As("SD-ABC-reporter");
        var item = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-ABC" && d.PeriodKey != "once").OrderByDescending(d => d.DueAt).FirstAsync());

        await (await reporter.PostAsJsonAsync($"/api/obligations/{item.Id}/status", new { status = "Submitted" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task OverdueFilter_ReturnsOnlyOverdueItems_MostOverdueFirst()
    {
        var supervisor = await As("supervisor");

        var response = await supervisor.GetAsync("/api/obligations?status=Overdue&pageSize=500");
        var items = (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var days = items.Select(i => i.GetProperty("daysOverdue").GetInt32()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(items, Is.Not.Empty);
            Assert.That(items.Select(i => i.GetProperty("status").GetString()), Has.All.EqualTo("Overdue"));
            Assert.That(days, Is.Ordered.Descending);
            Assert.That(response.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo(items.Count.ToString()));
        });
    }
}
