using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Targets;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 辖内待办, the circular's 各机构落实情况, 待审核 and the 目标 ranking filtered, counted and paged in SQL: 210 more banks
/// (more than the 辖内待办 filter lists by name) in a district below 上党区, bound to the demo's weekly regime, each with
/// an item overdue (a third) or due this week, a report waiting for approval (a quarter late) and a verdict of the demo's
/// first target. Every total is checked against a count from the database; another jurisdiction's supervisor sees none.
/// </summary>
public partial class SupervisorPagesPagingTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int Added = 210;
    private const string Prefix = "SPG-";
    private const string Words = "分页测试";

    private int circularId;
    private int targetId;

    [OneTimeSetUp]
    public async Task AddBanks()
    {
        var now = DateTime.UtcNow;
        (circularId, targetId) = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var requirement = await db.Requirements.SingleAsync(r => r.Id == form.RequirementId);
            var home = await db.Jurisdictions.SingleAsync(j => j.Code == "SX-CZ-SD");
            var child = new Jurisdiction { Code = "SX-CZ-SD-SPG", Name = "分页测试街道", ParentId = home.Id, Path = $"{home.Path}SX-CZ-SD-SPG/" };
            var period = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt < now).OrderByDescending(p => p.Start).FirstAsync();
            var target = await db.TrackedTargets.Where(t => t.FormId == form.Id).OrderBy(t => t.Id).FirstAsync();
            for (var i = 0; i < Added; i++)
            {
                var code = $"{Prefix}{i:000}";
                var institution = new Institution { Code = code, Name = $"{Words}农村商业银行{i:000}", Path = $"/{code}/", IsLegalEntity = true, Jurisdiction = child };
                var obligation = new Obligation { RequirementId = requirement.Id, Institution = institution, CreatedAt = now.AddDays(-60) };
                obligation.DueItems.Add(new DueItem
                {
                    PeriodKey = $"SPG-{i:000}", DueAt = i % 3 == 0 ? now.AddDays(-2) : now.AddMinutes(5), DueExplanation = "分页测试", Status = DueItemStatus.Open,
                });
                db.Obligations.Add(obligation);
                var at = i % 4 == 0 ? period.DueAt.AddHours(5) : period.DueAt.AddHours(-5);
                db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = period.Id, Institution = institution, Status = SubmissionStatus.Submitted, Revision = 1, SubmittedAt = at, FirstSubmittedAt = at, UpdatedAt = at });
                db.TargetResults.Add(new TargetResult
                {
                    TrackedTargetId = target.Id, Institution = institution, PeriodKey = period.Key, Status = i % 7 == 0 ? TargetStatus.NoData : i % 2 == 0 ? TargetStatus.OnTrack : TargetStatus.AtRisk,
                    Actual = i % 7 == 0 ? null : (i * 13) % 50, Required = 10, Explanation = "分页测试", EvaluatedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return (requirement.CircularId, target.Id);
        });
    }

    [Test]
    public async Task Todo_ApiAndPage_FilterByWords_PageWithoutOverlap_AndCountAsTheDatabase()
    {
        var supervisor = await As("supervisor");
        var codes = new List<string>();
        var totals = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var response = await supervisor.GetAsync($"/api/obligations?q={Words}&pageSize=60&page={page}");
            var body = await response.ExpectAsync(HttpStatusCode.OK);
            totals.Add(response.Headers.GetValues("X-Total-Count").Single());
            codes.AddRange(body.EnumerateArray().Select(r => r.GetProperty("institutionCode").GetString()!));
        }

        var html = await (await supervisor.GetAsync($"/todo?q={Words}&status=All")).Content.ReadAsStringAsync();
        var last = await (await supervisor.GetAsync($"/todo?q={Words}&status=All&page=5")).Content.ReadAsStringAsync();
        var overdue = await (await supervisor.GetAsync($"/todo?q={Words}&overdue=true")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(totals, Has.All.EqualTo(Added.ToString(CultureInfo.InvariantCulture)));
            Assert.That(codes, Has.Count.EqualTo(Added).And.Unique);
            Assert.That(codes, Has.All.StartsWith(Prefix));
            Assert.That(Total(html), Is.EqualTo(Added));
            Assert.That(html, Does.Contain("id=\"f-q\"").And.Not.Contain("id=\"f-institution\""), "more institutions than a list holds: a box for words");
            Assert.That(html, Does.Contain("第 1 / 5 页").And.Contain("下一页"));
            Assert.That(Rows(html, "data-id"), Is.EqualTo(50));
            Assert.That(last, Does.Contain("第 5 / 5 页").And.Contain("上一页").And.Not.Contain("rel=\"next\""));
            Assert.That(Rows(last, "data-id"), Is.EqualTo(Added - 200));
            Assert.That(Total(overdue), Is.EqualTo(Added / 3), "a third is overdue");
            Assert.That(html, Does.Contain($"其中逾期 <strong id=\"overdue-count\">{Added / 3}</strong> 条"), "the overdue among them, counted in SQL");
        });
    }

    [Test]
    public async Task CircularProgress_IsFilteredPagedAndSummed_AsTheDatabaseCounts()
    {
        var supervisor = await As("supervisor");
        var first = await (await supervisor.GetAsync($"/circulars/{circularId}?q={Words}")).Content.ReadAsStringAsync();
        var last = await (await supervisor.GetAsync($"/circulars/{circularId}?q={Words}&page=5")).Content.ReadAsStringAsync();
        var overdue = await (await supervisor.GetAsync($"/circulars/{circularId}?q={Words}&overdue=true")).Content.ReadAsStringAsync();
        var all = await (await supervisor.GetAsync($"/circulars/{circularId}")).Content.ReadAsStringAsync();
        var now = DateTime.UtcNow;
        var path = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).SingleAsync());
        var bound = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Jurisdiction.Path.StartsWith(path)
            && db.Obligations.Any(o => o.InstitutionId == i.Id && o.Requirement.CircularId == circularId)));
        var overdueOfOurs = await App.QueryAsync(db => db.DueItems.Where(DueItemRules.IsOverdue(now)).CountAsync(d => d.Obligation.Institution.Code.StartsWith(Prefix) && d.Obligation.Requirement.CircularId == circularId));

        Assert.Multiple(() =>
        {
            Assert.That(Text(first, "progress-total"), Is.EqualTo(Added.ToString(CultureInfo.InvariantCulture)));
            Assert.That(first, Does.Contain("第 1 / 5 页"));
            Assert.That(Rows(Section(first), "data-institution"), Is.EqualTo(50));
            Assert.That(Rows(Section(last), "data-institution"), Is.EqualTo(Added - 200));
            Assert.That(Text(overdue, "progress-total"), Is.EqualTo((Added / 3).ToString(CultureInfo.InvariantCulture)), "only the banks with an overdue item");
            Assert.That(Sum(first, DueItemStatus.Overdue), Is.EqualTo(overdueOfOurs), "the sums count every match, not the page");
            Assert.That(Sum(first, DueItemStatus.Open), Is.EqualTo(Added - (Added / 3)));
            Assert.That(Text(all, "progress-total"), Is.EqualTo(bound.ToString(CultureInfo.InvariantCulture)), "unfiltered: every bound institution of 上党区 and below");
        });
    }

    [Test]
    public async Task Approvals_FilterByWordsAndLate_PageAndCountAsTheDatabase()
    {
        var supervisor = await As("supervisor");
        var first = await (await supervisor.GetAsync($"/approvals?q={Words}")).Content.ReadAsStringAsync();
        var fifth = await (await supervisor.GetAsync($"/approvals?q={Words}&page=5")).Content.ReadAsStringAsync();
        var late = await (await supervisor.GetAsync($"/approvals?q={Words}&late=true")).Content.ReadAsStringAsync();
        var lateInDb = await App.QueryAsync(db => db.Submissions.CountAsync(s => s.Institution.Code.StartsWith(Prefix) && s.Status == SubmissionStatus.Submitted && s.FirstSubmittedAt > s.Period.DueAt));
        var codes = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            var html = await (await supervisor.GetAsync($"/approvals?q={Words}&page={page}")).Content.ReadAsStringAsync();
            codes.AddRange(InstitutionRow().Matches(html).Select(m => m.Groups[1].Value));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Total(first), Is.EqualTo(Added));
            Assert.That(first, Does.Contain($"其中迟报 {lateInDb} 份"));
            Assert.That(first, Does.Contain("第 1 / 5 页").And.Contain("下一页"));
            Assert.That(fifth, Does.Contain("第 5 / 5 页").And.Contain("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95"), "the pager keeps the filter");
            Assert.That(Total(late), Is.EqualTo(lateInDb));
            Assert.That(lateInDb, Is.EqualTo(Enumerable.Range(0, Added).Count(i => i % 4 == 0)));
            Assert.That(codes, Has.Count.EqualTo(Added).And.Unique.And.All.StartsWith(Prefix));
        });
    }

    [Test]
    public async Task Targets_RankingPage_RanksAsTheDatabase_FiltersAndPages()
    {
        var supervisor = await As("supervisor");
        var expected = await ExpectedRanksAsync();
        var shown = new Dictionary<string, string>();
        for (var page = 1; page <= 5; page++)
        {
            var html = await (await supervisor.GetAsync($"/targets?target={targetId}&q={Words}&page={page}")).Content.ReadAsStringAsync();
            foreach (Match row in RankRow().Matches(html))
            {
                shown[row.Groups["code"].Value] = row.Groups["rank"].Value;
            }

            if (page == 1)
            {
                Assert.That(html, Does.Contain("第 1 / 5 页"));
            }
        }

        var atRisk = await (await supervisor.GetAsync($"/targets?target={targetId}&q={Words}&status=AtRisk")).Content.ReadAsStringAsync();
        var atRiskInDb = Enumerable.Range(0, Added).Count(i => i % 7 != 0 && i % 2 == 1);
        var api = await (await supervisor.GetAsync($"/api/targets?page=2&pageSize=10")).ExpectAsync(HttpStatusCode.OK);
        var apiRows = api.EnumerateArray().Where(r => r.GetProperty("id").GetInt32() == targetId && r.GetProperty("institution").ValueKind == JsonValueKind.String).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(shown.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(Added));
            foreach (var (code, rank) in shown)
            {
                Assert.That(rank, Is.EqualTo(expected.GetValueOrDefault(code)?.ToString(CultureInfo.InvariantCulture) ?? "—"), code);
            }

            Assert.That(Regex.Match(atRisk, "class=\"total\">(\\d+)<").Groups[1].Value, Is.EqualTo(atRiskInDb.ToString(CultureInfo.InvariantCulture)));
            Assert.That(apiRows, Has.Count.EqualTo(10), "page 2 of ten per target");
            Assert.That(apiRows.Select(r => r.GetProperty("rank").GetInt32()), Is.Ordered.Ascending);
            Assert.That(apiRows.Select(r => r.GetProperty("rank").GetInt32()).First(), Is.GreaterThan(1));
        });
    }

    [Test]
    public async Task ASupervisorOfAnotherJurisdiction_SeesNoneOfThem()
    {
        var shanghai = await As("supervisor-sh");
        var todo = await shanghai.GetAsync($"/api/obligations?q={Words}");
        var todoPage = await (await shanghai.GetAsync($"/todo?q={Words}&status=All")).Content.ReadAsStringAsync();
        var approvals = await (await shanghai.GetAsync($"/approvals?q={Words}")).Content.ReadAsStringAsync();
        var targets = await (await shanghai.GetAsync($"/targets?q={Words}")).Content.ReadAsStringAsync();
        var circular = await shanghai.GetAsync($"/circulars/{circularId}?q={Words}");
        var circularHtml = await circular.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(todo.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo("0"));
            Assert.That(todoPage, Does.Not.Contain(Prefix).And.Not.Contain($"{Words}农村商业银行"));
            Assert.That(approvals, Does.Not.Contain(Prefix).And.Not.Contain($"{Words}农村商业银行"));
            Assert.That(targets, Does.Not.Contain(Prefix).And.Not.Contain($"{Words}农村商业银行"));
            Assert.That(circularHtml, Does.Not.Contain($"{Words}农村商业银行"), $"the circular's page ({(int)circular.StatusCode}) names none of them");
        });
    }

    /// <summary>The competition rank of each bank the supervisor sees in the target, from the database's latest verdicts.</summary>
    private async Task<Dictionary<string, int?>> ExpectedRanksAsync()
    {
        var path = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).SingleAsync());
        var rule = await App.QueryAsync(db => db.TrackedTargets.Where(t => t.Id == targetId).Select(t => t.Rule).SingleAsync());
        var rows = await App.QueryAsync(db => db.TargetResults.Where(r => r.TrackedTargetId == targetId && r.Institution != null && r.Institution.Jurisdiction.Path.StartsWith(path))
            .Select(r => new { r.InstitutionId, r.Institution!.Code, r.PeriodKey, r.Status, r.Actual }).ToListAsync());
        var latest = rows.GroupBy(r => r.InstitutionId).Select(g => g.OrderByDescending(r => r.PeriodKey, StringComparer.Ordinal).First()).ToList();
        var ranks = TargetQueries.Ranks(rule, latest.Select(r => (r.InstitutionId!.Value, r.Status, r.Actual)).ToList());
        return latest.ToDictionary(r => r.Code, r => ranks[r.InstitutionId!.Value]);
    }

    private static int Total(string html) => int.Parse(Text(html, "total"), CultureInfo.InvariantCulture);

    private static string Text(string html, string id) => Regex.Match(html, $"id=\"{id}\">([^<]*)<").Groups[1].Value;

    private static int Rows(string html, string attribute) => Regex.Matches(html, $"<tr {attribute}=").Count;

    private static string Section(string html)
    {
        var table = html[html.IndexOf("id=\"progress\"", StringComparison.Ordinal)..];
        return table[..table.IndexOf("</tbody>", StringComparison.Ordinal)];
    }

    private static int Sum(string html, DueItemStatus status) => int.Parse(Regex.Match(html, $"data-sum=\"{status}\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr data-institution=\"([^\"]+)\" data-period=")]
    private static partial Regex InstitutionRow();

    [GeneratedRegex("<tr data-target=\"\\d+\" data-institution=\"(?<code>[^\"]+)\"[^>]*>\\s*<td data-label=\"排名\">(?<rank>[^<]+)</td>")]
    private static partial Regex RankRow();
}
