using System.Globalization;
using ComplianceTracker.Web.Data.Seeding;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// <c>GET /api/dashboard</c> (journey 13): the headline equals the database; totals compare the same banks in both
/// periods, so a bank that has not reported does not look like a collapse; the week not yet due is 进行中 and has no
/// rate; a supervisor of another jurisdiction sees none of these banks; a reporter is refused; bad input is a Chinese 404.
/// </summary>
public class DashboardApiTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task Leader_Headline_EqualsTheDatabase_AndNamesWhoHasNotReported()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");

        var body = await (await (await As("leader")).GetAsync("/api/dashboard")).ExpectAsync(HttpStatusCode.OK);
        var headline = body.GetProperty("headline");
        var period = headline.GetProperty("period");

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("form").GetString(), Is.EqualTo(DemoSeeder.DemoFormCode));
            Assert.That(period.GetProperty("key").GetString(), Is.EqualTo(facts.Period), "the latest period that is due");
            Assert.That(period.GetProperty("name").GetString(), Is.EqualTo(facts.PeriodName));
            Assert.That(period.GetProperty("expected").GetInt32(), Is.EqualTo(facts.Expected));
            Assert.That(period.GetProperty("submitted").GetInt32(), Is.EqualTo(facts.Submitted));
            Assert.That(period.GetProperty("onTime").GetInt32(), Is.EqualTo(facts.OnTime));
            Assert.That(headline.GetProperty("missingCount").GetInt32(), Is.EqualTo(facts.Expected - facts.Submitted));
            Assert.That(headline.GetProperty("missing").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(facts.Missing), "short names from the registry");
            Assert.That(facts.Missing, Is.Not.Empty, "the demo has banks that have not reported");
            Assert.That(headline.GetProperty("completenessNote").GetString(), Is.EqualTo($"本期已报 {facts.Submitted}/{facts.Expected}，合计不完整"));
        });
    }

    [Test]
    public async Task Leader_Totals_AreLikeForLike_SoALateBankDoesNotLowerThem()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");

        var body = await (await (await As("leader")).GetAsync("/api/dashboard")).ExpectAsync(HttpStatusCode.OK);
        var totals = body.GetProperty("totals").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(facts.Comparable, Is.LessThan(facts.Expected), "some bank reported the week before but not this one");
            Assert.That(body.GetProperty("comparable").GetInt32(), Is.EqualTo(facts.Comparable));
            Assert.That(body.GetProperty("comparableNote").GetString(), Does.StartWith($"可比机构 {facts.Comparable} 家"));
            Assert.That(totals.Select(t => t.GetProperty("name").GetString()), Is.EqualTo(facts.Totals.Select(t => t.Name)));
            for (var n = 0; n < facts.Totals.Count; n++)
            {
                var (name, current, previous, allCurrent, allPrevious) = facts.Totals[n];
                var change = totals[n].GetProperty("changePercent").GetDecimal();
                var naive = 100m * (allCurrent - allPrevious) / allPrevious;
                Assert.That(totals[n].GetProperty("current").GetDecimal(), Is.EqualTo(current), $"{name} this period, same banks");
                Assert.That(totals[n].GetProperty("previous").GetDecimal(), Is.EqualTo(previous), $"{name} last period, same banks");
                Assert.That(change, Is.GreaterThan(naive), $"{name}: summing whoever reported shows a drop of {naive:0.0}%, like for like {change}%");
                Assert.That(change, Is.GreaterThan(-10m), $"{name}: no collapse like for like");
            }
        });
    }

    [Test]
    public async Task Leader_TrendTotals_CarryALateBanksLatestFigure_AndSkipTheWeekUnderWay()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");

        var body = await (await (await As("leader")).GetAsync("/api/dashboard")).ExpectAsync(HttpStatusCode.OK);
        var keys = body.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToList();
        var head = keys.IndexOf(facts.Period);
        var trend = body.GetProperty("trend").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(head, Is.GreaterThanOrEqualTo(0));
            Assert.That(facts.CarriedForward, Is.GreaterThan(0), "a bank late this week reported an earlier one");
            for (var n = 0; n < trend.Count; n++)
            {
                var values = trend[n].GetProperty("values").EnumerateArray().ToList();
                Assert.That(values[head].GetDecimal(), Is.EqualTo(facts.CarriedTotals[n]), "reported, plus each late bank's latest earlier figure");
                Assert.That(values[head].GetDecimal(), Is.GreaterThan(facts.Totals[n].AllCurrent), "not the drop that summing whoever reported shows");
                Assert.That(trend[n].GetProperty("carriedForward")[head].GetInt32(), Is.EqualTo(facts.CarriedForward));
                Assert.That(trend[n].GetProperty("complete")[head].GetBoolean(), Is.False);
                Assert.That(facts.NotYetDue.Select(k => values[keys.IndexOf(k)].ValueKind), Is.All.EqualTo(JsonValueKind.Null), "a week under way has no total");
            }
        });
    }

    [Test]
    public async Task Leader_ThePeriodNotYetDue_IsInProgress_AndHasNoRate()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");

        var body = await (await (await As("leader")).GetAsync("/api/dashboard")).ExpectAsync(HttpStatusCode.OK);
        var periods = body.GetProperty("periods").EnumerateArray().ToList();
        var open = periods.Where(p => p.GetProperty("inProgress").GetBoolean()).ToList();
        var done = periods.Where(p => !p.GetProperty("inProgress").GetBoolean()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(facts.NotYetDue, Is.Not.Empty, "the demo has a week under way");
            Assert.That(open.Select(p => p.GetProperty("key").GetString()), Is.EqualTo(facts.NotYetDue));
            Assert.That(open.Select(p => p.GetProperty("submittedRate").ValueKind), Is.All.EqualTo(JsonValueKind.Null), "no 报送率 for a week not yet due");
            Assert.That(open.Select(p => p.GetProperty("onTimeRate").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
            Assert.That(done.Select(p => p.GetProperty("submittedRate").GetDecimal()),
                Is.EqualTo(done.Select(p => Math.Round(100m * p.GetProperty("submitted").GetInt32() / p.GetProperty("expected").GetInt32(), 1))));
        });
    }

    [Test]
    public async Task SupervisorOfAnotherJurisdiction_SeesNoneOfTheseBanks()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");
        var codes = await App.QueryAsync(db => db.Institutions.Where(i => i.Jurisdiction.Path.StartsWith(db.Users.Where(u => u.UserName == "leader").Select(u => u.Jurisdiction!.Path).Single()))
            .Select(i => new { i.Code, i.Name }).ToListAsync());

        var response = await (await As("supervisor-sh")).GetAsync($"/api/dashboard?form={DemoSeeder.DemoFormCode}");
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(facts.Expected, Is.GreaterThan(0));
            Assert.That(body.GetProperty("empty").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("emptyMessage").GetString(), Is.EqualTo("辖区内暂无应报机构。"));
            Assert.That(body.GetProperty("headline").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(codes.Where(c => text.Contains(c.Code, StringComparison.Ordinal) || text.Contains(c.Name, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task Reporter_IsRefused() =>
        await (await (await As("SD-CCB-reporter")).GetAsync("/api/dashboard")).ExpectAsync(HttpStatusCode.Forbidden);

    [TestCase("form=NO-SUCH-FORM", "未找到报表")]
    [TestCase("period=1999-W01", "没有期次")]
    public async Task UnknownFormOrPeriod_IsAChinese404(string query, string says)
    {
        var problem = await (await (await As("leader")).GetAsync($"/api/dashboard?{query}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(says));
    }

    [Test]
    public async Task AskedPeriod_IsTheHeadline()
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");

        var body = await (await (await As("leader")).GetAsync($"/api/dashboard?form={DemoSeeder.DemoFormCode}&period={facts.Previous}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("headline").GetProperty("period").GetProperty("key").GetString(), Is.EqualTo(facts.Previous));
            Assert.That(body.GetProperty("periods").EnumerateArray().Last().GetProperty("key").GetString(), Is.EqualTo(facts.Previous), "the charts end at the period asked for");
            Assert.That(body.GetProperty("headline").GetProperty("period").GetProperty("expected").GetInt32().ToString(CultureInfo.InvariantCulture), Is.EqualTo(facts.Expected.ToString(CultureInfo.InvariantCulture)));
        });
    }
}
