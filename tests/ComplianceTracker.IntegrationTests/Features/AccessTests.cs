namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Each role sees exactly what it may: a reporter of bank A gets nothing of bank B.</summary>
public class AccessTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task Institutions_Reporter_SeesOnlyItsOwnInstitution()
    {
        var client = await As("SD-ICBC-reporter");

        var body = await (await client.GetAsync("/api/institutions")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(body.Strings("code"), Is.EqualTo(new[] { "SD-ICBC" }));
    }

    [Test]
    public async Task Institutions_LegalEntityReporter_AlsoSeesItsBranches()
    {
        var client = await As("SD-RCB-reporter");

        var body = await (await client.GetAsync("/api/institutions")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(body.Strings("code"), Is.EquivalentTo(new[] { "SD-RCB", "SD-RCB-HQ" }));
    }

    [TestCase("supervisor", "SD-", 8)]
    [TestCase("leader", "SD-", 8)]
    [TestCase("supervisor-sh", "SH-", 5)]
    public async Task Institutions_SupervisorAndLeader_SeeTheirJurisdictionOnly(string user, string prefix, int count)
    {
        var client = await As(user);

        var codes = (await (await client.GetAsync("/api/institutions")).ExpectAsync(HttpStatusCode.OK)).Strings("code");

        Assert.Multiple(() =>
        {
            Assert.That(codes, Has.Count.EqualTo(count));
            Assert.That(codes, Has.All.StartsWith(prefix));
        });
    }

    [Test]
    public async Task Institutions_Admin_SeesEveryInstitution()
    {
        var client = await As("admin");
        var expected = await App.QueryAsync(db => db.Institutions.CountAsync());

        var codes = (await (await client.GetAsync("/api/institutions")).ExpectAsync(HttpStatusCode.OK)).Strings("code");

        Assert.That(codes, Has.Count.EqualTo(expected));
    }

    [Test]
    public async Task Obligations_Reporter_GetsOnlyItsInstitutionsDueItems()
    {
        var client = await As("SD-ICBC-reporter");

        var response = await client.GetAsync("/api/obligations?pageSize=500");
        var items = await response.ExpectAsync(HttpStatusCode.OK);
        var expected = await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Institution.Code == "SD-ICBC"));

        Assert.Multiple(() =>
        {
            Assert.That(items.Strings("institutionCode"), Is.Not.Empty.And.All.EqualTo("SD-ICBC"));
            Assert.That(items.GetArrayLength(), Is.EqualTo(expected));
            Assert.That(response.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo(expected.ToString()));
        });
    }

    [Test]
    public async Task Obligations_ReporterAskingForAnotherBank_Gets404()
    {
        var client = await As("SD-ICBC-reporter");

        await (await client.GetAsync("/api/obligations?institution=SD-BOC")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DueItem_OfAnotherBank_CanBeNeitherReadNorChanged()
    {
        var client = await As("SD-ICBC-reporter");
        var other = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-BOC").OrderBy(d => d.Id).FirstAsync());

        await (await client.GetAsync($"/api/obligations/{other.Id}/history")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/obligations/{other.Id}/status", new { status = "Submitted" })).ExpectProblemAsync(HttpStatusCode.NotFound);

        var after = await App.QueryAsync(db => db.DueItems.AsNoTracking().SingleAsync(d => d.Id == other.Id));
        var history = await App.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == other.Id && h.ChangedBy == "SD-ICBC-reporter"));
        Assert.Multiple(() =>
        {
            Assert.That(after.Status, Is.EqualTo(other.Status));
            Assert.That(history, Is.Zero);
        });
    }

    [Test]
    public async Task Obligations_Supervisor_SeesTheJurisdictionsDueItemsOnly()
    {
        var client = await As("supervisor-sh");
        var shanghai = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == "沪银保监发〔2023〕24号").Select(c => c.Id).SingleAsync());
        await (await client.PostAsync($"/api/circulars/{shanghai}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var items = await (await client.GetAsync("/api/obligations?pageSize=500")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(items.Strings("institutionCode").Distinct(), Is.EquivalentTo(new[] { "SH-BOSC", "SH-SRCB", "SH-BOC", "SH-CIB", "SH-PINGAN-LIFE" }));
    }

    [Test]
    public async Task Circulars_Drafts_AreHiddenFromReportersAndOtherJurisdictions()
    {
        var draftId = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == "长上金发〔2022〕20号").Select(c => c.Id).SingleAsync());

        var reporter = (await (await (await As("SD-ICBC-reporter")).GetAsync("/api/circulars")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var supervisor = (await (await (await As("supervisor")).GetAsync("/api/circulars")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var shanghai = await As("supervisor-sh");

        Assert.Multiple(() =>
        {
            Assert.That(reporter.Select(c => c.GetProperty("status").GetString()), Has.None.EqualTo("Draft"));
            Assert.That(reporter.Select(c => c.GetProperty("isDemo").GetBoolean()), Has.Some.True, "the published demo circular binds the reporter's bank");
            Assert.That(supervisor.Select(c => c.GetProperty("id").GetInt32()), Does.Contain(draftId));
        });
        await (await shanghai.GetAsync($"/api/circulars/{draftId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Me_Reporter_ReturnsRolesAndInstitution()
    {
        var me = await (await (await As("SD-ICBC-head")).GetAsync("/api/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo("SD-ICBC-head"));
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "BranchHead" }));
            Assert.That(me.GetProperty("institutionCode").GetString(), Is.EqualTo("SD-ICBC"));
        });
    }

    [TestCase("/api/institutions")]
    [TestCase("/api/circulars")]
    [TestCase("/api/obligations")]
    [TestCase("/api/me")]
    public async Task Api_WithoutSignIn_Returns401InChinese(string path)
    {
        using var anonymous = App.CreateClient();

        await (await anonymous.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/scalar/v1")]
    public async Task OperationalEndpoints_AreOpenWithoutSignIn(string path)
    {
        using var anonymous = App.CreateClient();

        await (await anonymous.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task CreateCircular_Reporter_Gets403()
    {
        var client = await As("SD-ICBC-reporter");

        await (await client.PostAsJsonAsync("/api/circulars", new { title = "通知", text = "全文", issuers = new[] { "某局" } })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
