namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Forms people author: proposed from a statistics table, created, edited until reported, rules checked as typed.</summary>
public class FormAuthoringTests(DatabaseProvider provider) : AppFixture(provider)
{
    /// <summary>A published circular of the 上党 district with one weekly requirement and no form yet: (circular, requirement).</summary>
    private async Task<(int Circular, int Requirement)> PublishedWeeklyCircularAsync()
    {
        var id = await StatisticsTables.PublishWeeklyCircularAsync(await As("supervisor"), $"长上金发〔2026〕{Random.Shared.Next(100, 9_999_999)}号");
        var requirement = await App.QueryAsync(db => db.Requirements.Where(r => r.CircularId == id).Select(r => r.Id).SingleAsync());
        return (id, requirement);
    }

    private async Task<JsonElement> ProposeAsync(byte[] table)
    {
        var supervisor = await As("supervisor");
        return await (await supervisor.PostAsync("/api/forms/propose", StatisticsTables.Upload(table))).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>The proposal as the body of POST /api/forms: the author adds the code, the requirement and rules.</summary>
    private static Dictionary<string, object?> Definition(JsonElement proposal, string code, int requirementId, params object[] rules) => new()
    {
        ["code"] = code,
        ["name"] = proposal.GetProperty("name").GetString(),
        ["requirementId"] = requirementId,
        ["lockAfterDays"] = 3,
        ["sections"] = proposal.GetProperty("sections"),
        ["rules"] = rules,
    };

    private Task<int> FormCount() => App.QueryAsync(db => db.ReportForms.CountAsync());

    [Test]
    public async Task ShangdangWeekly_BuiltFromItsStatisticsTable_MatchesTheSeededForm_AndBanksCanFillItAtOnce()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var supervisor = await As("supervisor");
        var code = $"SD-W{Random.Shared.Next(1000, 99999)}";

        var proposal = await ProposeAsync(StatisticsTables.Shangdang());
        var body = Definition(proposal, code, requirement, new { code = "R01", left = "A02", @operator = "<=", right = "A01", severity = "Error", message = "本周各项贷款新发放额不应大于各项贷款余额" });
        await (await supervisor.PostAsJsonAsync("/api/forms", body)).ExpectAsync(HttpStatusCode.Created);

        var built = await (await supervisor.GetAsync($"/api/forms/{code}")).ExpectAsync(HttpStatusCode.OK);
        var seeded = await (await supervisor.GetAsync("/api/forms/SD-WEEKLY")).ExpectAsync(HttpStatusCode.OK);
        static List<(string?, string?, int, string?)> Shape(JsonElement form) => form.GetProperty("indicators").EnumerateArray()
            .Select(i => (i.GetProperty("name").GetString(), i.GetProperty("unit").GetString(), i.GetProperty("decimals").GetInt32(), i.GetProperty("section").GetString())).ToList();
        var periods = await (await supervisor.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK);
        var seed = StatisticsTables.ShangdangSeed();

        Assert.Multiple(async () =>
        {
            Assert.That(Shape(built), Is.EqualTo(Shape(seeded)));
            Assert.That(Shape(built), Has.Count.EqualTo(25));
            Assert.That(built.GetProperty("name").GetString(), Is.EqualTo(seeded.GetProperty("name").GetString()));
            Assert.That(built.GetProperty("frequency").GetString(), Is.EqualTo("Weekly"));
            Assert.That(built.GetProperty("rules")[0].GetProperty("right").GetString(), Is.EqualTo("A01"));
            Assert.That(periods.GetArrayLength(), Is.GreaterThan(20), "the circular is published, so the form's weeks exist at once");
            Assert.That(await App.QueryAsync(db => db.Indicators.Where(i => db.ReportForms.Any(f => f.Id == i.FormId && f.Code == code) && i.Name == "各项贷款余额").Select(i => i.Note).SingleAsync()),
                Is.EqualTo(seed.Sections[0].Indicators[0].Note), "the 填报说明 column becomes the 口径");
            Assert.That(await App.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "FormCreated" && a.Detail!.Contains(code))), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Propose_TableWithoutIndicators_Returns400SayingWhatWasLookedFor()
    {
        var supervisor = await As("supervisor");

        var problem = await (await supervisor.PostAsync("/api/forms/propose", StatisticsTables.Upload(StatisticsTables.WithoutIndicators()))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("未能在上传的表格中识别出指标").And.Contain("指标名称"));
    }

    [Test]
    public async Task RulesCheck_BadExpression_GivesChineseMessageAndPosition()
    {
        var supervisor = await As("supervisor");

        var bad = await (await supervisor.PostAsJsonAsync("/api/forms/rules/check", new { expression = "A02 <= A01 * (1 +", indicators = new[] { "A01", "A02" } })).ExpectAsync(HttpStatusCode.OK);
        var unknown = await (await supervisor.PostAsJsonAsync("/api/forms/rules/check", new { expression = "A02 <= B09", indicators = new[] { "A01", "A02" } })).ExpectAsync(HttpStatusCode.OK);
        var good = await (await supervisor.PostAsJsonAsync("/api/forms/rules/check", new { expression = "A02 <= A01", indicators = new[] { "A01", "A02" } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(bad.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(bad.GetProperty("message").GetString(), Does.StartWith("右边：").And.Contain("结尾处"));
            Assert.That(bad.GetProperty("position").GetInt32(), Is.EqualTo("A02 <= A01 * (1 +".Length));
            Assert.That(unknown.GetProperty("message").GetString(), Does.Contain("“B09”不是本报表的指标"));
            Assert.That(unknown.GetProperty("position").GetInt32(), Is.EqualTo(7));
            Assert.That(good.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(good.GetProperty("operator").GetString(), Is.EqualTo("<="));
        });
    }

    [Test]
    public async Task Create_BadDefinition_Returns400KeyedByFieldAndSavesNothing()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var supervisor = await As("supervisor");
        var before = await FormCount();
        var body = new
        {
            code = "bad code",
            name = "测试表",
            requirementId = requirement,
            sections = new[] { new { name = "一、贷款", indicators = new object[] { new { code = "A01", name = "贷款余额", unit = "", decimals = 2 }, new { code = "A01", name = "贷款户数", unit = "户", decimals = 2 } } } },
            rules = new[] { new { code = "R01", left = "A01 +", @operator = "<=", right = "A09", severity = "Error" } },
        };

        var problem = await (await supervisor.PostAsJsonAsync("/api/forms", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");

        Assert.Multiple(async () =>
        {
            Assert.That(errors.GetProperty("code")[0].GetString(), Does.Contain("表号"));
            Assert.That(errors.GetProperty("sections[0].indicators[0].unit")[0].GetString(), Does.Contain("缺少单位"));
            Assert.That(errors.GetProperty("sections[0].indicators[1].code")[0].GetString(), Does.Contain("重复"));
            Assert.That(errors.GetProperty("sections[0].indicators[1].decimals")[0].GetString(), Does.Contain("应为整数"));
            Assert.That(errors.GetProperty("rules[0].left")[0].GetString(), Does.Contain("结尾处"));
            Assert.That(errors.GetProperty("rules[0].right")[0].GetString(), Does.Contain("A09"));
            Assert.That(await FormCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Update_FormWithSubmissions_Returns409AskingForANewVersion()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var supervisor = await As("supervisor");
        var code = $"SD-S{Random.Shared.Next(1000, 99999)}";
        var proposal = await ProposeAsync(StatisticsTables.Shangdang());
        await (await supervisor.PostAsJsonAsync("/api/forms", Definition(proposal, code, requirement))).ExpectAsync(HttpStatusCode.Created);
        var now = DateTimeOffset.UtcNow;
        var openWeek = (await (await supervisor.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .First(p => p.GetProperty("lockAt").GetDateTimeOffset() > now && p.GetProperty("start").GetDateTime() <= now.UtcDateTime.AddHours(8)).GetProperty("key").GetString();
        var reporter = await As("SD-ICBC-reporter");
        await (await reporter.PutAsJsonAsync($"/api/forms/{code}/periods/{openWeek}/submissions/SD-ICBC", new { values = new Dictionary<string, decimal?> { ["A01"] = 1000m }, baseRevision = 0 }))
            .ExpectAsync(HttpStatusCode.OK);
        var before = await (await supervisor.GetAsync($"/api/forms/{code}")).ExpectAsync(HttpStatusCode.OK);
        var body = new
        {
            name = "改过的名称",
            requirementId = requirement,
            sections = new[] { new { name = "一、贷款", indicators = new[] { new { code = "A01", name = "各项贷款余额", unit = "万元", decimals = 2 } } } },
        };

        var problem = await (await supervisor.PutAsJsonAsync($"/api/forms/{code}", body)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var after = await (await supervisor.GetAsync($"/api/forms/{code}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("已有 1 份机构报送的数据").And.Contain("新版本"));
            Assert.That(after.GetProperty("name").GetString(), Is.EqualTo(before.GetProperty("name").GetString()));
            Assert.That(after.GetProperty("indicators").GetArrayLength(), Is.EqualTo(25));
        });
    }

    [Test]
    public async Task Update_FormWithoutSubmissions_ReplacesIndicatorsAndKeepsItsPeriods()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var supervisor = await As("supervisor");
        var code = $"SD-E{Random.Shared.Next(1000, 99999)}";
        var proposal = await ProposeAsync(StatisticsTables.Shangdang());
        await (await supervisor.PostAsJsonAsync("/api/forms", Definition(proposal, code, requirement))).ExpectAsync(HttpStatusCode.Created);
        var body = new
        {
            name = "改过的周报",
            requirementId = requirement,
            lockAfterDays = 5,
            sections = new[]
            {
                new { name = "一、贷款", indicators = new object[]
                {
                    new { code = "A01", name = "各项贷款余额", unit = "万元", decimals = 2, headline = true, note = "期末余额", changeLimit = new { upPercent = 50, downPercent = 30, severity = "Warning" } },
                } },
            },
        };

        var updated = await (await supervisor.PutAsJsonAsync($"/api/forms/{code}", body)).ExpectAsync(HttpStatusCode.OK);
        var stored = await App.QueryAsync(db => db.Indicators.Where(i => db.ReportForms.Any(f => f.Id == i.FormId && f.Code == code)).ToListAsync());
        var locks = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == code).Select(p => new { p.DueAt, p.LockAt }).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(updated.GetProperty("name").GetString(), Is.EqualTo("改过的周报"));
            Assert.That(stored.Select(i => (i.Code, i.Note, i.ChangeLimitUpPercent, i.ChangeLimitDownPercent)), Is.EqualTo(new[] { ("A01", (string?)"期末余额", (decimal?)50m, (decimal?)30m) }));
            Assert.That(locks, Is.Not.Empty);
            Assert.That(locks.All(p => p.LockAt == p.DueAt.AddDays(5)), Is.True);
        });
    }

    [Test]
    public async Task ChangeLimit_RiseBeyondItAgainstLastReportedWeek_NeedsACommentToSubmit()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var supervisor = await As("supervisor");
        var reporter = await As("SD-ICBC-reporter");
        var code = $"SD-L{Random.Shared.Next(1000, 99999)}";
        var body = new
        {
            code,
            name = "贷款余额周报",
            requirementId = requirement,
            sections = new[]
            {
                new { name = "一、贷款", indicators = new[] { new { code = "A01", name = "各项贷款余额", unit = "万元", decimals = 2, required = true, changeLimit = new { upPercent = 50, severity = "Warning" } } } },
            },
        };
        await (await supervisor.PostAsJsonAsync("/api/forms", body)).ExpectAsync(HttpStatusCode.Created);
        var now = DateTimeOffset.UtcNow;
        var periods = (await (await supervisor.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var open = periods.FindIndex(p => p.GetProperty("lockAt").GetDateTimeOffset() > now && p.GetProperty("start").GetDateTime() <= now.UtcDateTime.AddHours(8));
        var (lastWeek, thisWeek) = (periods[open - 1].GetProperty("key").GetString(), periods[open].GetProperty("key").GetString());
        await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/periods/{lastWeek}/unlocks", new { institution = "SD-ICBC", until = now.AddDays(1), reason = "补报上周数据" })).ExpectAsync(HttpStatusCode.Created);
        async Task SaveAsync(string? week, decimal value) =>
            await (await reporter.PutAsJsonAsync($"/api/forms/{code}/periods/{week}/submissions/SD-ICBC", new { values = new Dictionary<string, decimal?> { ["A01"] = value }, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await SaveAsync(lastWeek, 1000m);
        await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{lastWeek}/submissions/SD-ICBC/submit", new { })).ExpectAsync(HttpStatusCode.OK);
        await SaveAsync(thisWeek, 1652m);

        var refused = await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/submit", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var explained = await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/submit",
            new { comments = new Dictionary<string, string> { ["A01"] = "本周新发放一笔重点项目贷款" } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(refused.GetProperty("errors").GetProperty("A01")[0].GetString(),
                Does.StartWith("“各项贷款余额”较上期增长 65.2%，超过异常变动上限 50%，请核实或填写说明"));
            Assert.That(explained.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
        });
    }

    [Test]
    public async Task Create_BySupervisorOfAnotherJurisdiction_IsRefusedAndSavesNothing()
    {
        var (_, requirement) = await PublishedWeeklyCircularAsync();
        var proposal = await ProposeAsync(StatisticsTables.Shangdang());
        var before = await FormCount();
        var shanghai = await As("supervisor-sh");

        var response = await shanghai.PostAsJsonAsync("/api/forms", Definition(proposal, $"SH-X{Random.Shared.Next(1000, 99999)}", requirement));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("无权查看"));
            Assert.That(await FormCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Authoring_ByAReporter_IsForbidden()
    {
        var reporter = await As("SD-ICBC-reporter");

        await (await reporter.PostAsync("/api/forms/propose", StatisticsTables.Upload(StatisticsTables.Shangdang()))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reporter.PostAsJsonAsync("/api/forms/rules/check", new { expression = "A01 <= A02" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
