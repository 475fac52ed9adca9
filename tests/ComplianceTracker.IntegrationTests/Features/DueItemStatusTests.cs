using ComplianceTracker.Web.Domain;
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
    public async Task Leader_CannotChangeAnyStatus()
    {
        var leader = await As("leader");
        var item = await DemoDeadlineOf("SD-RCB", leader);
        var id = item.GetProperty("id").GetInt32();

        foreach (var status in new[] { "Submitted", "Done", "Waived" })
        {
            await (await leader.PostAsJsonAsync($"/api/obligations/{id}/status", new { status, reason = "领导操作" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.That(await App.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == id && h.ChangedBy == "leader")), Is.Zero);
    }

    [Test]
    public async Task Status_GivenAsANumber_IsRefused()
    {
        var reporter = await As("SD-RCB-reporter");
        var item = await DemoDeadlineOf("SD-RCB", reporter);
        var id = item.GetProperty("id").GetInt32();

        await (await reporter.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = 5 })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(await App.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == id)), Is.Zero);
    }

    [Test]
    public async Task DistrictSupervisor_CannotWaiveAnObligationOfACityCircular()
    {
        var admin = await As("admin");
        var created = await (await admin.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = "长市金发〔2026〕3号",
            title = "关于报送贯彻落实措施的通知",
            issuers = new[] { "长治市金融工作办公室" },
            issuedOn = "2026-10-12",
            jurisdictionCode = "SX-CZ",
            text = "各银行机构：请于文发之后十日内报送贯彻落实措施。",
            requirements = new[]
            {
                new
                {
                    clause = "正文",
                    text = "请于文发之后十日内报送贯彻落实措施。",
                    kind = "Deadline",
                    dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var circularId = created.GetProperty("id").GetInt32();
        await (await admin.PostAsync($"/api/circulars/{circularId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var supervisor = await As("supervisor");
        var item = (await (await supervisor.GetAsync($"/api/obligations?circularId={circularId}&institution=SD-BOC")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single();

        await (await supervisor.PostAsJsonAsync($"/api/obligations/{item.GetProperty("id").GetInt32()}/status", new { status = "Waived", reason = "区里豁免" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Waive_WithoutReason_Returns400AndChangesNothing()
    {
        var supervisor = await As("supervisor");
        var item = await DemoDeadlineOf("SD-RCB", supervisor);
        var id = item.GetProperty("id").GetInt32();

        var problem = await (await supervisor.PostAsJsonAsync($"/api/obligations/{id}/status", new { status = "Waived" })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var changes = await App.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == id && h.ChangedBy == "supervisor" && h.To == DueItemStatus.Waived));
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
