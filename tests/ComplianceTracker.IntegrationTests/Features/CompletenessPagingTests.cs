using System.Globalization;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The completeness matrix filtered, sorted and paged in SQL: 120 more banks bound to the weekly form, 40 of them in a
/// district below 上党区, a third of each reporting on time, a third late, a third not at all in the last week that is
/// due. Every total and every rate is checked against a count from the database.
/// </summary>
public class CompletenessPagingTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int Added = 120;
    private const string Prefix = "CPL-";
    private const string Child = "SX-CZ-SD-CPL";

    private string lastDue = "";
    private string firstOfRange = "";

    [OneTimeSetUp]
    public async Task AddBanks()
    {
        var now = DateTime.UtcNow;
        (lastDue, firstOfRange) = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            Assert.That(form.RequirementId, Is.Not.Null, "the demo form binds by its requirement");
            var home = await db.Jurisdictions.SingleAsync(j => j.Code == "SX-CZ-SD");
            var child = new Jurisdiction { Code = Child, Name = "完整性测试街道", ParentId = home.Id, Path = $"{home.Path}{Child}/" };
            db.Jurisdictions.Add(child);
            var due = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt < now).OrderByDescending(p => p.Start).Take(4).ToListAsync();
            var last = due[0];
            for (var i = 0; i < Added; i++)
            {
                var code = $"{Prefix}{i:000}";
                var institution = new Institution
                {
                    Code = code, Name = $"完整性测试银行{i:000}", Path = $"/{code}/", IsLegalEntity = true,
                    Type = i % 4 == 0 ? InstitutionType.Insurer : InstitutionType.Bank,
                    Jurisdiction = i < 40 ? child : home,
                };
                db.Obligations.Add(new Obligation { RequirementId = form.RequirementId!.Value, Institution = institution, CreatedAt = now.AddDays(-60) });
                if (i % 3 != 2)
                {
                    var at = i % 3 == 0 ? last.DueAt.AddHours(-2) : last.DueAt.AddHours(5);
                    db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = last.Id, Institution = institution, Status = SubmissionStatus.Submitted, Revision = 1, SubmittedAt = at, FirstSubmittedAt = at, UpdatedAt = at });
                }

                // Earlier weeks: every other bank on time, so the on-time rates differ between banks.
                if (i % 2 == 0)
                {
                    var earlier = due[1];
                    var at = earlier.DueAt.AddHours(-1);
                    db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = earlier.Id, Institution = institution, Status = SubmissionStatus.Approved, Revision = 1, SubmittedAt = at, FirstSubmittedAt = at, UpdatedAt = at });
                }
            }

            await db.SaveChangesAsync();
            return (last.Key, due[^1].Key);
        });
    }

    private string Url(string query) => $"/api/forms/{Form}/completeness?from={firstOfRange}&to={lastDue}&{query}";

    [Test]
    public async Task StatusFilter_Missing_MatchesTheDatabase_AndTheRatesCountTheWholeFilteredSet()
    {
        var supervisor = await As("supervisor");
        var body = await (await supervisor.GetAsync(Url("status=Missing&q=完整性测试&pageSize=10"))).ExpectAsync(HttpStatusCode.OK);
        var missing = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Code.StartsWith(Prefix)
            && !db.Submissions.Any(s => s.InstitutionId == i.Id && s.Period.Key == lastDue && s.Period.Form.Code == Form && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))));
        var rows = body.GetProperty("institutions").EnumerateArray().ToList();
        var last = body.GetProperty("rates").EnumerateArray().Last();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.EqualTo(Added / 3));
            Assert.That(body.GetProperty("total").GetInt32(), Is.EqualTo(missing));
            Assert.That(body.GetProperty("pageSize").GetInt32(), Is.EqualTo(10));
            Assert.That(body.GetProperty("page").GetInt32(), Is.EqualTo(1));
            Assert.That(rows, Has.Count.EqualTo(10), "one page of ten");
            Assert.That(rows.Select(r => r.GetProperty("cells").EnumerateArray().Last().GetString()), Has.All.EqualTo("Missing"));
            Assert.That(last.GetProperty("expected").GetInt32(), Is.EqualTo(missing), "the rates count every match, not the page");
            Assert.That(last.GetProperty("submitted").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Rates_PerPeriod_EqualCountsFromTheDatabase()
    {
        var supervisor = await As("supervisor");
        var body = await (await supervisor.GetAsync(Url("q=完整性测试&pageSize=5"))).ExpectAsync(HttpStatusCode.OK);
        var counts = await App.QueryAsync(db => db.Submissions
            .Where(s => s.Institution.Code.StartsWith(Prefix) && s.Period.Form.Code == Form && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .GroupBy(s => s.Period.Key)
            .Select(g => new { g.Key, Submitted = g.Count(), OnTime = g.Count(s => s.FirstSubmittedAt <= s.Period.DueAt) })
            .ToDictionaryAsync(g => g.Key));
        var rates = body.GetProperty("rates").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("total").GetInt32(), Is.EqualTo(Added));
            Assert.That(body.GetProperty("institutions").GetArrayLength(), Is.EqualTo(5));
            Assert.That(rates, Has.Count.EqualTo(4));
            foreach (var rate in rates)
            {
                var key = rate.GetProperty("periodKey").GetString()!;
                var (submitted, onTime) = counts.TryGetValue(key, out var c) ? (c.Submitted, c.OnTime) : (0, 0);
                Assert.That(rate.GetProperty("expected").GetInt32(), Is.EqualTo(Added), key);
                Assert.That(rate.GetProperty("submitted").GetInt32(), Is.EqualTo(submitted), key);
                Assert.That(rate.GetProperty("onTime").GetInt32(), Is.EqualTo(onTime), key);
                Assert.That(rate.GetProperty("submittedRate").GetDecimal(), Is.EqualTo(Math.Round(100m * submitted / Added, 1)), key);
            }

            Assert.That(counts[lastDue].Submitted, Is.EqualTo(80), "the data behind the check: two thirds reported in the last week");
        });
    }

    [Test]
    public async Task JurisdictionAndType_FilterTheSubtreeAndTheType()
    {
        var supervisor = await As("supervisor");
        var child = await (await supervisor.GetAsync(Url($"jurisdiction={Child}"))).ExpectAsync(HttpStatusCode.OK);
        var home = await (await supervisor.GetAsync(Url("jurisdiction=SX-CZ-SD&pageSize=1"))).ExpectAsync(HttpStatusCode.OK);
        var insurers = await (await supervisor.GetAsync(Url("type=Insurer&q=CPL-"))).ExpectAsync(HttpStatusCode.OK);
        var late = await (await supervisor.GetAsync(Url("status=Late&type=Bank&q=CPL-&pageSize=200"))).ExpectAsync(HttpStatusCode.OK);
        var start = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Key == firstOfRange && p.Form.Code == Form).Select(p => p.Start).SingleAsync());
        var startUtc = ComplianceTracker.Web.Infrastructure.ChinaTime.ToUtc(start, TimeOnly.MinValue);
        var homePath = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).SingleAsync());
        var demoBound = await App.QueryAsync(db => db.Institutions.CountAsync(i => !i.Code.StartsWith(Prefix) && i.Jurisdiction.Path.StartsWith(homePath)
            && (i.IsActive || i.DeactivatedAt >= startUtc)
            && db.Obligations.Any(o => o.InstitutionId == i.Id && o.RequirementId == db.ReportForms.First(f => f.Code == Form).RequirementId)));

        Assert.Multiple(() =>
        {
            Assert.That(child.GetProperty("total").GetInt32(), Is.EqualTo(40), "the district below 上党区 holds 40");
            Assert.That(child.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("code").GetString()),
                Has.All.Matches<string>(c => string.CompareOrdinal(c, $"{Prefix}040") < 0), "only the banks of the district");
            Assert.That(home.GetProperty("total").GetInt32(), Is.EqualTo(Added + demoBound), "上党区 with the district below it");
            Assert.That(insurers.GetProperty("total").GetInt32(), Is.EqualTo(Added / 4));
            Assert.That(late.GetProperty("total").GetInt32(), Is.EqualTo(Enumerable.Range(0, Added).Count(i => i % 4 != 0 && i % 3 == 1)));
            Assert.That(late.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("cells").EnumerateArray().Last().GetString()), Has.All.EqualTo("Late"));
            Assert.That(demoBound, Is.EqualTo(7), "the seven demo banks of 上党区");
        });
    }

    [Test]
    public async Task Pages_FollowOnWithoutOverlap_InTheAskedOrder()
    {
        var supervisor = await As("supervisor");
        var codes = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            var body = await (await supervisor.GetAsync(Url($"q=完整性测试&sort=CodeDesc&pageSize=25&page={page}"))).ExpectAsync(HttpStatusCode.OK);
            codes.AddRange(body.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("code").GetString()!));
        }

        var byName = await (await supervisor.GetAsync(Url("q=完整性测试&sort=NameDesc&pageSize=3"))).ExpectAsync(HttpStatusCode.OK);
        var byRate = await (await supervisor.GetAsync(Url("q=完整性测试&sort=OnTimeRate&pageSize=200"))).ExpectAsync(HttpStatusCode.OK);
        var byRateDesc = await (await supervisor.GetAsync(Url("q=完整性测试&sort=OnTimeRateDesc&pageSize=200"))).ExpectAsync(HttpStatusCode.OK);
        static List<decimal> Rates(JsonElement body) => body.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("onTimeRate").GetDecimal()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(codes, Has.Count.EqualTo(Added), "five pages of 25 hold the 120");
            Assert.That(codes, Is.Unique);
            Assert.That(codes, Is.EqualTo(Enumerable.Range(0, Added).Select(i => $"{Prefix}{i:000}").Reverse().ToList()), "code, descending");
            Assert.That(byName.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "完整性测试银行119", "完整性测试银行118", "完整性测试银行117" }));
            Assert.That(Rates(byRate), Is.Ordered.Ascending);
            Assert.That(Rates(byRateDesc), Is.Ordered.Descending);
            Assert.That(Rates(byRate).Distinct().Count(), Is.GreaterThan(2), "the rates differ, so the order means something");
            Assert.That(Rates(byRate), Is.EquivalentTo(Rates(byRateDesc)));
        });
    }

    [Test]
    public async Task ASupervisorOfAnotherJurisdiction_SeesNone_EvenAskingForThisOne()
    {
        var shanghai = await As("supervisor-sh");
        var all = await (await shanghai.GetAsync(Url("pageSize=200"))).ExpectAsync(HttpStatusCode.OK);
        var asked = await (await shanghai.GetAsync(Url("jurisdiction=SX-CZ-SD&q=CPL-"))).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(all.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("code").GetString()), Has.None.StartsWith(Prefix).And.None.StartsWith("SD-"));
            Assert.That(asked.GetProperty("total").GetInt32(), Is.Zero);
            Assert.That(asked.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("submitted").GetInt32()), Has.All.Zero);
        });
    }

    [TestCase("pageSize=500", "每页条数")]
    [TestCase("pageSize=0", "每页条数")]
    [TestCase("page=0", "页码")]
    [TestCase("status=Lost", "status")]
    [TestCase("sort=rank", "sort")]
    [TestCase("status=9", "状态")]
    [TestCase("jurisdiction=NOWHERE", "辖区")]
    public async Task BadParameters_Return400_InChinese(string query, string mentions)
    {
        var response = await (await As("supervisor")).GetAsync(Url(query));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(text, Does.Contain(mentions));
            Assert.That(text, Does.Match("[\u4e00-\u9fff]"), "said in Chinese");
        });
    }

    [TestCase("type=99")]
    [TestCase("status=9")]
    [TestCase("status=Lost")]
    [TestCase("sort=42")]
    [TestCase("page=0")]
    [TestCase("page=abc")]
    [TestCase("weeks=0")]
    public async Task ThePage_WithABadQuery_SaysWhatIsWrongInChinese_AndStillShowsTheMatrix(string query)
    {
        var response = await (await As("supervisor")).GetAsync($"/completeness?{query}");
        var html = await response.Content.ReadAsStringAsync();
        var error = System.Text.RegularExpressions.Regex.Match(html, "id=\"form-error\">([^<]*)<").Groups[1].Value;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(error, Does.Match("[\u4e00-\u9fff]"), "said in Chinese");
            Assert.That(html, Does.Contain("id=\"matrix\""), "the matrix is still shown");
        });
    }

    [Test]
    public async Task ThePage_FiltersToMissing_AndPages_WithTheDatabasesTotal()
    {
        var supervisor = await As("supervisor");
        var first = await (await supervisor.GetAsync("/completeness?q=完整性测试&weeks=4")).Content.ReadAsStringAsync();
        var second = await (await supervisor.GetAsync("/completeness?q=完整性测试&weeks=4&page=3")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain($"<strong id=\"total\">{Added.ToString(CultureInfo.InvariantCulture)}</strong>"));
            Assert.That(first, Does.Contain("第 1 / 3 页"));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(first, "<tr data-institution=").Count, Is.EqualTo(50));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(second, "<tr data-institution=").Count, Is.EqualTo(Added - 100));
            Assert.That(first, Does.Contain("下一页").And.Not.Contain("上一页"));
            Assert.That(second, Does.Contain("上一页").And.Not.Contain("下一页"));
        });
    }
}
