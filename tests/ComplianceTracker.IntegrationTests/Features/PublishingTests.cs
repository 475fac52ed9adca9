using ComplianceTracker.Web.Domain;
namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Publishing turns requirements into obligations and due items exactly once.</summary>
public class PublishingTests(DatabaseProvider provider) : AppFixture(provider)
{
    private Task<int> CircularId(string documentNumberOrKey) =>
        App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == documentNumberOrKey || c.NaturalKey == documentNumberOrKey).Select(c => c.Id).SingleAsync());

    private Task<(int Obligations, int DueItems)> Counts(int circularId) => App.QueryAsync(async db => (
        await db.Obligations.CountAsync(o => o.Requirement.CircularId == circularId),
        await db.DueItems.CountAsync(d => d.Obligation.Requirement.CircularId == circularId)));

    [Test]
    public async Task Publish_Shangdang20_Twice_CreatesNoDuplicates_AndDatesTheWeeksOnceTheIssueDateIsKnown()
    {
        var supervisor = await As("supervisor");
        var id = await CircularId("长上金发〔2022〕20号");

        var first = await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var afterFirst = await Counts(id);
        var second = await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("obligationsCreated").GetInt32(), Is.EqualTo(afterFirst.Obligations).And.GreaterThan(0));
            Assert.That(afterFirst.DueItems, Is.Zero, "the day of issue is unknown, so no week can be dated yet");
            Assert.That(second.GetProperty("obligationsCreated").GetInt32(), Is.Zero);
            Assert.That(second.GetProperty("dueItemsCreated").GetInt32(), Is.Zero);
        });
        Assert.That(await Counts(id), Is.EqualTo(afterFirst));

        // The supervisor fills the date from the paper original; publishing again dates the weekly regime.
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { issuedOn = "2022-05-16" })).ExpectAsync(HttpStatusCode.OK);
        var third = await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var fourth = await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var weeks = await App.QueryAsync(db => db.DueItems
            .Where(d => d.Obligation.Requirement.CircularId == id && d.Obligation.Institution.Code == "SD-ICBC")
            .OrderBy(d => d.PeriodStart).Select(d => d.PeriodKey).ToListAsync());
        var banks = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Jurisdiction.Code == "SX-CZ-SD" && i.Type == InstitutionType.Bank));
        Assert.Multiple(() =>
        {
            Assert.That(weeks, Has.Count.EqualTo(27), "2022-05-16 to 2022-11-15 spans ISO weeks 20 to 46");
            Assert.That(weeks[0], Is.EqualTo("2022-W20"));
            Assert.That(weeks[^1], Is.EqualTo("2022-W46"));
            Assert.That(third.GetProperty("dueItemsCreated").GetInt32(), Is.EqualTo(27 * banks));
            Assert.That(fourth.GetProperty("dueItemsCreated").GetInt32(), Is.Zero);
            Assert.That(fourth.GetProperty("obligationsCreated").GetInt32(), Is.Zero);
        });

        // Once counted from, the date and the validity it gives are fixed.
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { issuedOn = "2022-05-20" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { effectiveFrom = "2022-06-01" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { effectiveTo = "9999-12-31" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var issuedOn = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == id).Select(c => new { c.IssuedOn, c.EffectiveFrom, c.EffectiveTo }).SingleAsync());
        Assert.That(issuedOn, Is.EqualTo(new { IssuedOn = (DateOnly?)new DateOnly(2022, 5, 16), EffectiveFrom = (DateOnly?)null, EffectiveTo = (DateOnly?)null }));
    }

    [Test]
    public async Task Publish_Shanghai2023_24_DatesTheTenDayDeadlineOnTheNextWorkingDay_ForBanksAndInsurers()
    {
        var supervisor = await As("supervisor-sh");
        var id = await CircularId("沪银保监发〔2023〕24号");

        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var items = await (await supervisor.GetAsync($"/api/obligations?circularId={id}&kind=Deadline")).ExpectAsync(HttpStatusCode.OK);
        var bankOnlyForInsurer = await App.QueryAsync(db => db.Obligations.CountAsync(o =>
            o.Requirement.CircularId == id && o.Institution.Code == "SH-PINGAN-LIFE"
            && o.Requirement.AppliesTo.InstitutionTypes == InstitutionTypes.Bank));

        Assert.Multiple(() =>
        {
            Assert.That(items.Strings("institutionCode"), Is.EquivalentTo(new[] { "SH-BOSC", "SH-SRCB", "SH-BOC", "SH-CIB", "SH-PINGAN-LIFE" }));
            Assert.That(items.Strings("dueAt"), Has.All.EqualTo("2023-03-13T23:59:59+08:00"));
            Assert.That(items.Strings("dueExplanation"), Has.All.Contains("顺延至 2023-03-13（星期一）"));
            Assert.That(items.Strings("status"), Has.All.EqualTo("Overdue"));
            Assert.That(bankOnlyForInsurer, Is.Zero, "an insurer is not bound by requirements addressed to banks");
        });
    }

    [Test]
    public async Task Publish_NewsReport_IsRefusedAndCreatesNothing()
    {
        var supervisor = await As("supervisor-sh");
        var id = await CircularId("shcbirc-2022-news-report");

        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        var status = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(await Counts(id), Is.EqualTo((0, 0)));
            Assert.That(status, Is.EqualTo(CircularStatus.Draft));
        });
    }

    [Test]
    public async Task Publish_CircularOfAnotherJurisdiction_Returns404AndChangesNothing()
    {
        var supervisor = await As("supervisor");
        var id = await CircularId("温金融办〔2021〕71号");

        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.That(await Counts(id), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task Publish_ByAReporter_Returns403()
    {
        var reporter = await As("SD-ICBC-reporter");
        var id = await CircularId("demo-shangdang-weekly");

        await (await reporter.PostAsync($"/api/circulars/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task DemoScenario_HasOnTimeLateAndMissingWeeks()
    {
        var supervisor = await As("supervisor");
        var id = await CircularId("demo-shangdang-weekly");

        var items = (await (await supervisor.GetAsync($"/api/obligations?circularId={id}&kind=RecurringReport&pageSize=500")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(items.Where(i => i.GetProperty("status").GetString() == "Done" && !i.GetProperty("isLate").GetBoolean()), Is.Not.Empty, "on time");
            Assert.That(items.Where(i => i.GetProperty("status").GetString() == "Done" && i.GetProperty("isLate").GetBoolean()), Is.Not.Empty, "late");
            Assert.That(items.Where(i => i.GetProperty("status").GetString() == "Overdue"), Is.Not.Empty, "missing");
            Assert.That(items.Where(i => i.GetProperty("status").GetString() == "Open"), Is.Not.Empty, "the current week is still open");
        });
    }
}
