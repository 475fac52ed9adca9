using System.Text;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Bad input gets a Chinese ProblemDetails that says what to fix, and changes nothing.</summary>
public class BadInputTests(DatabaseProvider provider) : AppFixture(provider)
{
    private Task<int> CircularCount() => App.QueryAsync(db => db.Circulars.CountAsync());

    private static object ValidCircular(string documentNumber) => new
    {
        documentNumber,
        title = "关于报送贯彻落实措施的通知",
        issuers = new[] { "长治市上党区政府金融工作中心" },
        issuedOn = "2026-11-02",
        text = "各银行机构：请于文发之后十日内报送贯彻落实措施。",
        requirements = new[]
        {
            new
            {
                clause = "正文",
                text = "请于文发之后十日内报送贯彻落实措施。",
                kind = "Deadline",
                dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays", source = "于文发之后十日内" },
                appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false, text = "各银行机构" },
            },
        },
    };

    [Test]
    public async Task CreateCircular_Valid_IsStoredAsADraftWithItsRule()
    {
        var supervisor = await As("supervisor");

        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", ValidCircular("长上金发〔2026〕1号"))).ExpectAsync(HttpStatusCode.Created);
        var read = await (await supervisor.GetAsync($"/api/circulars/{created.GetProperty("id").GetInt32()}")).ExpectAsync(HttpStatusCode.OK);
        var requirement = read.GetProperty("requirements")[0];

        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("status").GetString(), Is.EqualTo("Draft"));
            Assert.That(read.GetProperty("jurisdictionCode").GetString(), Is.EqualTo("SX-CZ-SD"));
            Assert.That(requirement.GetProperty("dueRule").GetProperty("offset").GetInt32(), Is.EqualTo(10));
            Assert.That(requirement.GetProperty("appliesTo").GetProperty("institutionTypes")[0].GetString(), Is.EqualTo("Bank"));
        });
    }

    [Test]
    public async Task CreateCircular_MalformedJson_Returns400AndStoresNothing()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();

        var response = await supervisor.PostAsync("/api/circulars", new StringContent("{\"title\": \"通知\", \"text\": ", Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("JSON"));
            Assert.That(await CircularCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task CreateCircular_MissingFields_Returns400NamingEachField()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();

        var response = await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            title = "",
            issuers = Array.Empty<string>(),
            text = "全文",
            requirements = new[] { new { clause = "一、", text = "十日内报送", kind = "Deadline" } },
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(fields, Does.Contain("title").IgnoreCase);
            Assert.That(fields, Does.Contain("issuers").IgnoreCase);
            Assert.That(await CircularCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task CreateCircular_DeadlineWithoutRule_Returns400AndStoresNothing()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();

        var response = await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            title = "通知",
            issuers = new[] { "某局" },
            text = "全文",
            requirements = new[] { new { clause = "一、", text = "十日内报送", kind = "Deadline" } },
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("requirements[0].dueRule")[0].GetString(), Does.Contain("期限规则"));
            Assert.That(await CircularCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task CreateCircular_UnknownJurisdiction_Returns400()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();
        var body = JsonSerializer.SerializeToNode(ValidCircular("长上金发〔2026〕9号"))!;
        body["jurisdictionCode"] = "NOWHERE";

        var problem = await (await supervisor.PostAsJsonAsync("/api/circulars", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("jurisdictionCode")[0].GetString(), Does.Contain("NOWHERE"));
            Assert.That(await CircularCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task CreateCircular_ForAnotherJurisdiction_Returns403()
    {
        var supervisor = await As("supervisor");
        var body = JsonSerializer.SerializeToNode(ValidCircular("沪银保监发〔2026〕99号"))!;
        body["jurisdictionCode"] = "SH";

        await (await supervisor.PostAsJsonAsync("/api/circulars", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task CreateCircular_DuplicateDocumentNumber_Returns409()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();

        await (await supervisor.PostAsJsonAsync("/api/circulars", ValidCircular("长上金发〔2022〕20号"))).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.That(await CircularCount(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreateCircular_OversizeBody_Returns413AndStoresNothing()
    {
        var supervisor = await As("supervisor");
        var before = await CircularCount();
        var body = JsonSerializer.SerializeToNode(ValidCircular("长上金发〔2026〕2号"))!;
        body["text"] = new string('文', 100_000);

        await (await supervisor.PostAsJsonAsync("/api/circulars", body)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.That(await CircularCount(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreateCircular_NotJson_Returns415()
    {
        var supervisor = await As("supervisor");

        await (await supervisor.PostAsync("/api/circulars", new StringContent("标题", Encoding.UTF8, "text/plain"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task GetCircular_Unknown_Returns404()
    {
        var supervisor = await As("supervisor");

        await (await supervisor.GetAsync("/api/circulars/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCase("/api/obligations?status=Late")]
    [TestCase("/api/obligations?pageSize=0")]
    [TestCase("/api/obligations?kind=Rule")]
    public async Task ListObligations_BadQuery_Returns400(string path)
    {
        var supervisor = await As("supervisor");

        await (await supervisor.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Token_WrongPassword_Returns401_AndRepeatedFailuresLockTheAccount()
    {
        using var client = App.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "SD-PSBC-head", password = "wrong-password" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The third failure reaches the limit configured for the tests; from then on even the right password is refused.
        await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "SD-PSBC-head", password = "wrong-password" })).ExpectProblemAsync(HttpStatusCode.Locked);
        var locked = await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "SD-PSBC-head", password = ComplianceApp.DemoPassword })).ExpectProblemAsync(HttpStatusCode.Locked);

        Assert.That(locked.GetProperty("detail").GetString(), Does.Contain("锁定"));
    }

    [Test]
    public async Task Token_UnknownUser_Returns401()
    {
        using var client = App.CreateClient();

        await (await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "whatever-1" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
