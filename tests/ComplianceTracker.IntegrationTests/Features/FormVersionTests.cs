using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Form versions: a form banks report on changes by a new version from a period that has not begun; earlier periods,
/// their corrections and their checks stay on the version they were reported on.
/// </summary>
public class FormVersionTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static object Indicator(string code, string name, string unit = "万元") => new { code, name, unit, decimals = unit == "户" ? 0 : 2, required = true };

    private static object Rule(string code, string left, string op, string right, string message) => new { code, left, @operator = op, right, severity = "Error", message };

    /// <summary>A weekly form of three indicators and one rule on a new published 上党 circular: (code, this week, next week).</summary>
    private async Task<(string Code, string ThisWeek, string NextWeek)> FormWithAReportAsync()
    {
        var supervisor = await As("supervisor");
        var circular = await StatisticsTables.PublishWeeklyCircularAsync(supervisor, $"长上金发〔2026〕{Random.Shared.Next(100, 9_999_999)}号");
        var requirement = await App.QueryAsync(db => db.Requirements.Where(r => r.CircularId == circular).Select(r => r.Id).SingleAsync());
        var code = $"SD-V{Random.Shared.Next(1000, 99999)}";
        await (await supervisor.PostAsJsonAsync("/api/forms", new
        {
            code,
            name = "贷款投放周报",
            requirementId = requirement,
            sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额"), Indicator("A02", "本周新发放贷款"), Indicator("A03", "贷款户数", "户") } } },
            rules = new[] { Rule("R01", "A02", "<=", "A01", "本周新发放贷款不应大于各项贷款余额") },
        })).ExpectAsync(HttpStatusCode.Created);
        var today = TodayInChina;
        var periods = (await (await supervisor.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var open = periods.FindIndex(p => DateOnly.Parse(p.GetProperty("start").GetString()!) <= today && DateOnly.Parse(p.GetProperty("end").GetString()!) >= today);
        var (thisWeek, nextWeek) = (periods[open].GetProperty("key").GetString()!, periods[open + 1].GetProperty("key").GetString()!);
        var reporter = await As("SD-ICBC-reporter");
        await (await reporter.PutAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC",
            new { values = new Dictionary<string, decimal?> { ["A01"] = 1000m, ["A02"] = 100m, ["A03"] = 5m }, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/submit", new { })).ExpectAsync(HttpStatusCode.OK);
        return (code, thisWeek, nextWeek);
    }

    /// <summary>Version 2: 贷款户数 and R01 go, 担保贷款余额 and a rule that this week's figures break come.</summary>
    private static object VersionTwo(string? fromPeriod, string? reason = "人民银行调整统计口径") => new
    {
        fromPeriod,
        reason,
        sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额"), Indicator("A02", "本周新发放贷款"), Indicator("A04", "担保贷款余额") } } },
        rules = new[] { Rule("R02", "A02", ">=", "500", "本周新发放贷款不应少于500万元"), Rule("R03", "A04", "<=", "A01", "担保贷款余额不应大于各项贷款余额") },
    };

    private static List<string> Headers(byte[] bytes, out string subtitle)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("周报汇总");
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "机构名称"));
        subtitle = string.Join("|", sheet.RowsUsed().Where(r => r.RowNumber() < header.RowNumber()).SelectMany(r => r.CellsUsed()).Select(c => c.GetString()));
        return header.CellsUsed().Select(c => c.GetString()).ToList();
    }

    [Test]
    public async Task NewVersion_FromNextWeek_LeavesThisWeekOnVersion1_ForCorrections_ChecksAndExports_AndTellsTheBanks()
    {
        var (code, thisWeek, nextWeek) = await FormWithAReportAsync();
        var supervisor = await As("supervisor");
        var reporter = await As("SD-ICBC-reporter");

        var published = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek))).ExpectAsync(HttpStatusCode.OK);

        var form = await (await supervisor.GetAsync($"/api/forms/{code}")).ExpectAsync(HttpStatusCode.OK);
        var periods = (await (await supervisor.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("version").GetInt32());
        var versions = await (await supervisor.GetAsync($"/api/forms/{code}/versions")).ExpectAsync(HttpStatusCode.OK);
        var matrix = await (await supervisor.GetAsync($"/api/forms/{code}/completeness?from={thisWeek}&to={nextWeek}")).ExpectAsync(HttpStatusCode.OK);
        var told = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.FormVersionPublished && n.Link!.Contains(code))
            .Select(n => new { n.UserId, n.Title, n.Body, n.Link }).ToListAsync());
        var reporterId = await App.QueryAsync(db => db.Users.Where(u => u.UserName == "SD-ICBC-reporter").Select(u => u.Id).SingleAsync());

        // A version-1 correction: withdrawn, 贷款户数 changed (gone in version 2), resubmitted; R02 (new in 2) does not apply.
        await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/withdraw", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PutAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC",
            new { values = new Dictionary<string, decimal?> { ["A01"] = 1000m, ["A02"] = 100m, ["A03"] = 6m }, baseRevision = 1 })).ExpectAsync(HttpStatusCode.OK);
        var corrected = await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/submit", new { })).ExpectAsync(HttpStatusCode.OK);
        var submission = await App.QueryAsync(db => db.Submissions.Where(s => s.Form.Code == code && s.Period.Key == thisWeek).Select(s => new { s.FormVersion, s.ValuesJson }).SingleAsync());

        var oldColumns = Headers(await (await supervisor.GetAsync($"/api/exports/weekly-summary.xlsx?form={code}&period={thisWeek}")).Content.ReadAsByteArrayAsync(), out var oldSubtitle);
        var newColumns = Headers(await (await supervisor.GetAsync($"/api/exports/weekly-summary.xlsx?form={code}&period={nextWeek}")).Content.ReadAsByteArrayAsync(), out var newSubtitle);

        Assert.Multiple(() =>
        {
            Assert.That(published.GetProperty("version").GetProperty("number").GetInt32(), Is.EqualTo(2));
            Assert.That(published.GetProperty("notified").GetInt32(), Is.GreaterThan(0));
            Assert.That(form.GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That(form.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EqualTo(new[] { "A01", "A02", "A04" }));
            Assert.That(form.GetProperty("rules").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EqualTo(new[] { "R02", "R03" }));
            Assert.That(periods[thisWeek], Is.EqualTo(1), "the week that has begun keeps version 1");
            Assert.That(periods[nextWeek], Is.EqualTo(2));
            Assert.That(periods.Where(p => string.CompareOrdinal(p.Key, nextWeek) > 0 && p.Key.Length == nextWeek.Length).Select(p => p.Value).Distinct(), Is.EqualTo(new[] { 2 }), "and every week after");
            Assert.That(versions.GetArrayLength(), Is.EqualTo(2));
            Assert.That(versions[1].GetProperty("changes").GetString(), Does.Contain("新增指标：担保贷款余额").And.Contain("停用指标：贷款户数").And.Contain("取消校验规则：R01"));
            Assert.That(versions[1].GetProperty("fromPeriodName").GetString(), Does.StartWith("第").And.Contain("周（"));
            Assert.That(matrix.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(told.Select(t => t.UserId), Does.Contain(reporterId));
            Assert.That(told[0].Title, Is.EqualTo("【报表新版本】贷款投放周报 第2版"));
            Assert.That(told[0].Body, Does.Contain("担保贷款余额").And.Contain("人民银行调整统计口径").And.Contain("之前各期仍按原版本"));
            Assert.That(told.Single(t => t.UserId == reporterId).Link, Is.EqualTo($"/report/{code}/{nextWeek}/SD-ICBC"));
            Assert.That(corrected.GetProperty("status").GetString(), Is.EqualTo("Submitted"), "R02 of version 2 does not block a version-1 correction, nor is 担保贷款余额 asked for");
            Assert.That(submission.FormVersion, Is.EqualTo(1));
            Assert.That(submission.ValuesJson, Does.Contain("\"A03\":6"), "the indicator version 2 dropped is still corrected in version 1");
            Assert.That(oldColumns, Does.Contain("贷款户数（户）").And.Not.Contain("担保贷款余额（万元）"));
            Assert.That(newColumns, Does.Contain("担保贷款余额（万元）").And.Not.Contain("贷款户数（户）"));
            Assert.That(oldSubtitle, Does.Contain("第1版"));
            Assert.That(newSubtitle, Does.Contain("第2版"));
        });
    }

    [Test]
    public async Task VersionOneRule_StillBlocksAVersionOneCorrection_AfterVersionTwoDroppedIt()
    {
        var (code, thisWeek, nextWeek) = await FormWithAReportAsync();
        var supervisor = await As("supervisor");
        var reporter = await As("SD-ICBC-reporter");
        await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek))).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/withdraw", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PutAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC",
            new { values = new Dictionary<string, decimal?> { ["A01"] = 1000m, ["A02"] = 2000m, ["A03"] = 5m }, baseRevision = 1 })).ExpectAsync(HttpStatusCode.OK);

        var refused = await (await reporter.PostAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC/submit", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(refused.GetRawText(), Does.Contain("本周新发放贷款不应大于各项贷款余额").And.Not.Contain("不应少于500万元"),
            "a version-1 period is checked by version 1's rules, not version 2's");
    }

    [Test]
    public async Task Publish_BadRequests_SayWhatToFixInChinese_AndChangeNothing()
    {
        var (code, thisWeek, nextWeek) = await FormWithAReportAsync();
        var supervisor = await As("supervisor");
        async Task<(int Latest, int Versions, int Rows, int OnTwo)> State() => await App.QueryAsync(async db => (
            await db.ReportForms.Where(f => f.Code == code).Select(f => f.LatestVersion).SingleAsync(),
            await db.FormVersions.CountAsync(v => db.ReportForms.Any(f => f.Id == v.FormId && f.Code == code)),
            await db.Indicators.CountAsync(i => db.ReportForms.Any(f => f.Id == i.FormId && f.Code == code)),
            await db.ReportPeriods.CountAsync(p => p.Form.Code == code && p.Version != 1)));
        var before = await State();

        var started = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(thisWeek))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo("2031-W01"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var noReason = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek, reason: " "))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var same = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", new
        {
            fromPeriod = nextWeek,
            reason = "无变化",
            sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额"), Indicator("A02", "本周新发放贷款"), Indicator("A03", "贷款户数", "户") } } },
            rules = new[] { Rule("R01", "A02", "<=", "A01", "本周新发放贷款不应大于各项贷款余额") },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badRule = await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", new
        {
            fromPeriod = nextWeek,
            reason = "口径调整",
            sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额") } } },
            rules = new[] { Rule("R01", "A01 *", "<=", "A09", "坏规则") },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var shanghai = await (await (await As("supervisor-sh")).PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek))).ExpectProblemAsync(HttpStatusCode.NotFound);
        var reporter = await (await As("SD-ICBC-reporter")).PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek));

        Assert.Multiple(async () =>
        {
            Assert.That(started.GetProperty("errors").GetProperty("fromPeriod")[0].GetString(), Does.Contain("已开始的期次不能改用新版本").And.Contain("最早可从第"));
            Assert.That(unknown.GetProperty("errors").GetProperty("fromPeriod")[0].GetString(), Does.Contain("没有期次“2031-W01”"));
            Assert.That(noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("请填写发布新版本的原因"));
            Assert.That(same.GetProperty("errors").GetProperty("sections")[0].GetString(), Does.Contain("完全相同"));
            Assert.That(badRule.GetProperty("errors").EnumerateObject().Select(e => e.Name), Has.Some.StartsWith("rules[0]"));
            Assert.That(shanghai.GetProperty("detail").GetString(), Does.Contain("无权查看"));
            Assert.That(reporter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await State(), Is.EqualTo(before), "nothing was written");
        });
    }

    [Test]
    public async Task AfterVersionTwo_TheFormIsNoLongerEditedInPlace()
    {
        var (code, _, nextWeek) = await FormWithAReportAsync();
        var supervisor = await As("supervisor");
        await (await supervisor.PostAsJsonAsync($"/api/forms/{code}/publish", VersionTwo(nextWeek))).ExpectAsync(HttpStatusCode.OK);
        var requirement = await App.QueryAsync(db => db.ReportForms.Where(f => f.Code == code).Select(f => f.RequirementId).SingleAsync());

        var problem = await (await supervisor.PutAsJsonAsync($"/api/forms/{code}", new
        {
            name = "改名",
            requirementId = requirement,
            sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额") } } },
        })).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("新版本"));
    }
}
