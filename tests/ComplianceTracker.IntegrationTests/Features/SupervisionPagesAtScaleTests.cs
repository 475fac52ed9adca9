using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Pages.Obligations;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The supervision pages on more data than a page shows: the dashboard's overdue count per institution at thousands of
/// institutions, the approvals list past 200, and the dashboard choosing its form and its headline figures from the
/// data, not from codes. Every figure is checked against the database.
/// </summary>
public partial class SupervisionPagesAtScaleTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int SmallInstitutions = 2000;
    private const int BigInstitutions = 12;

    [Test]
    public async Task Dashboard_OverdueByInstitution_AtThousandsOfInstitutions_CountsEveryOverdueItem()
    {
        var now = DateTime.UtcNow;
        await App.QueryAsync(async db =>
        {
            var leader = await db.Users.Where(u => u.UserName == "leader").Select(u => u.JurisdictionId).SingleAsync();
            var requirement = await db.Requirements.Where(r => r.Kind == RequirementKind.Deadline).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();

            // Two thousand banks with one long-overdue item each; twelve with many items overdue since this morning.
            // Ordered by due moment, the first 500 overdue items are all the small ones'.
            for (var i = 0; i < SmallInstitutions + BigInstitutions; i++)
            {
                var big = i >= SmallInstitutions;
                var code = big ? $"SCALE-BIG-{i - SmallInstitutions:00}" : $"SCALE-{i:0000}";
                var institution = new Institution { Code = code, Name = big ? $"规模测试大行{i - SmallInstitutions:00}" : $"规模测试银行{i:0000}", Path = $"/{code}/", JurisdictionId = leader!.Value, IsLegalEntity = true };
                var obligation = new Obligation { RequirementId = requirement, Institution = institution, CreatedAt = now };
                var items = big ? 60 + (i - SmallInstitutions) : 1;
                for (var n = 0; n < items; n++)
                {
                    obligation.DueItems.Add(new DueItem
                    {
                        PeriodKey = $"S{n:000}",
                        DueAt = big ? now.AddHours(-1).AddSeconds(n) : now.AddDays(-30).AddSeconds(i),
                        DueExplanation = "规模测试",
                        Status = n % 2 == 0 ? DueItemStatus.Overdue : DueItemStatus.Open,
                    });
                }

                db.Obligations.Add(obligation);
            }

            return await db.SaveChangesAsync();
        });

        var html = await (await (await As("leader")).GetAsync("/dashboard")).Content.ReadAsStringAsync();
        var leaderPath = await App.QueryAsync(db => db.Users.Where(u => u.UserName == "leader").Select(u => u.Jurisdiction!.Path).SingleAsync());
        var counts = await App.QueryAsync(db => db.DueItems.Where(DueItemRules.IsOverdue(now))
            .Where(d => d.Obligation.Institution.Jurisdiction.Path.StartsWith(leaderPath))
            .GroupBy(d => d.Obligation.Institution.Name).Select(g => new { Name = g.Key, Count = g.Count() }).ToListAsync());
        var top = counts.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(10).Select(c => $"{c.Name}：{c.Count}项").ToList();
        var bars = BarTitles().Matches(html).Select(m => $"{WebUtility.HtmlDecode(m.Groups[1].Value)}：{m.Groups[2].Value}项").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(counts.Sum(c => c.Count), Is.GreaterThan(2500), "more overdue items than one page of the list");
            Assert.That(bars, Is.EqualTo(top), "the ten institutions with most overdue items, each with its full count");
            Assert.That(Text(html, "overdue-total"), Is.EqualTo(counts.Sum(c => c.Count).ToString(CultureInfo.InvariantCulture)), "the total of overdue items");
            Assert.That(Text(html, "overdue-institutions"), Is.EqualTo(counts.Count.ToString(CultureInfo.InvariantCulture)), "how many institutions have overdue items");
        });
    }

    [Test]
    public async Task Approvals_MoreThan200Pending_ArePagedInSql_AndThePageSaysHowManyThereAre()
    {
        const int added = 230;
        await App.QueryAsync(async db =>
        {
            var parent = await db.Institutions.SingleAsync(i => i.Code == "SD-CCB");
            var form = await db.ReportForms.SingleAsync(f => f.Code == DemoSeeder.DemoFormCode);
            var period = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).FirstAsync();
            var at = DateTime.UtcNow.AddDays(-1);
            for (var i = 0; i < added; i++)
            {
                var branch = new Institution
                {
                    Code = $"SD-CCB-B{i:000}", Name = $"中国建设银行长治上党第{i:000}分理处", Path = $"{parent.Path}SD-CCB-B{i:000}/", ParentId = parent.Id, JurisdictionId = parent.JurisdictionId,
                };
                db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = period.Id, Institution = branch, Status = SubmissionStatus.Submitted, Revision = 1, SubmittedAt = at.AddSeconds(i), FirstSubmittedAt = at.AddSeconds(i), UpdatedAt = at });
            }

            return await db.SaveChangesAsync();
        });
        var path = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "SD-CCB").Select(i => i.Path).SingleAsync());
        var expected = await App.QueryAsync(db => db.Submissions.CountAsync(s => s.Status == SubmissionStatus.Submitted && s.Institution.Path.StartsWith(path)));
        var head = await As("SD-CCB-head");

        var first = await (await head.GetAsync("/approvals")).Content.ReadAsStringAsync();
        var pages = (expected + 49) / 50;
        var last = await (await head.GetAsync($"/approvals?page={pages}")).Content.ReadAsStringAsync();
        var rows = ApprovalRows().Matches(first).Count;
        var lastRows = ApprovalRows().Matches(last).Count;

        Assert.Multiple(() =>
        {
            Assert.That(expected, Is.GreaterThan(200));
            Assert.That(Text(first, "total"), Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)), "the page says how many are waiting");
            Assert.That(rows, Is.EqualTo(50), "one page of 50");
            Assert.That(lastRows, Is.EqualTo(expected - ((pages - 1) * 50)), "the last page holds the rest");
            Assert.That(first, Does.Contain($"?page=2"), "a link to the next page");
        });
    }

    [Test]
    public async Task Dashboard_ChoosesTheFormBeingReported_NotOneNamedDemo_AndChartsItsHeadlineIndicators()
    {
        // A form named DEMO-… that nobody reports, and a third headline indicator on the form that is reported.
        await App.QueryAsync(async db =>
        {
            db.ReportForms.Add(new ReportForm { Code = "DEMO-AAA", Name = "无人报送的演示报表" });
            var extra = await db.Indicators.SingleAsync(i => i.Code == "LOAN_NEW" && db.ReportForms.Any(f => f.Id == i.FormId && f.Code == DemoSeeder.DemoFormCode));
            extra.Headline = true;
            return await db.SaveChangesAsync();
        });
        var headlines = await App.QueryAsync(db => db.Indicators.Where(i => i.Headline && db.ReportForms.Any(f => f.Id == i.FormId && f.Code == DemoSeeder.DemoFormCode))
            .OrderBy(i => i.Ordinal).Select(i => i.Name).ToListAsync());

        try
        {
            var leader = await As("leader");
            var dashboard = await (await leader.GetAsync("/dashboard")).Content.ReadAsStringAsync();
            var completeness = await (await leader.GetAsync("/completeness")).Content.ReadAsStringAsync();
            var totals = WebUtility.HtmlDecode(Regex.Match(dashboard, "id=\"trend-table\"[\\s\\S]*?</thead>").Value);

            Assert.Multiple(() =>
            {
                Assert.That(headlines, Has.Count.EqualTo(3));
                Assert.That(dashboard, Does.Contain($"weekly-summary.xlsx?form={DemoSeeder.DemoFormCode}"), "the dashboard shows the form being reported");
                Assert.That(Regex.Matches(totals, "<th scope=\"col\">").Count, Is.EqualTo(3 + 2), "one column per headline indicator, besides 期次 and 已报");
                Assert.That(headlines, Is.All.Matches<string>(totals.Contains), "each line named after its indicator");
                Assert.That(completeness, Does.Contain("id=\"matrix\""), "the completeness page opens on the form being reported");
            });
        }
        finally
        {
            await App.QueryAsync(async db =>
            {
                await db.ReportForms.Where(f => f.Code == "DEMO-AAA").ExecuteDeleteAsync();
                return await db.Indicators.Where(i => i.Code == "LOAN_NEW").ExecuteUpdateAsync(s => s.SetProperty(i => i.Headline, false));
            });
        }
    }

    [Test]
    public async Task Todo_SecondPage_ListsTheNextItems_WithTheDatabasesTotal()
    {
        var supervisor = await As("supervisor");
        var opening = await (await supervisor.GetAsync("/todo?pageSize=20")).Content.ReadAsStringAsync();
        var first = await (await supervisor.GetAsync("/todo?pageSize=20&later=true")).Content.ReadAsStringAsync();
        var second = await (await supervisor.GetAsync("/todo?pageSize=20&page=2&later=true")).Content.ReadAsStringAsync();
        var path = await App.QueryAsync(db => db.Users.Where(u => u.UserName == "supervisor").Select(u => u.Jurisdiction!.Path).SingleAsync());
        var unfinished = await App.QueryAsync(db => db.DueItems.CountAsync(d => (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue)
            && d.Obligation.Institution.Jurisdiction.Path.StartsWith(path)));
        var horizon = TodoModel.Horizon(TimeProvider.System, supervising: true);
        var dueSoon = await App.QueryAsync(db => db.DueItems.CountAsync(d => (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue)
            && d.DueAt != null && d.DueAt <= horizon && d.Obligation.Institution.Jurisdiction.Path.StartsWith(path)));
        var firstIds = RowIds().Matches(first).Select(m => m.Groups[1].Value).ToList();
        var secondIds = RowIds().Matches(second).Select(m => m.Groups[1].Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(unfinished, Is.GreaterThan(40), "more than two pages of unfinished items");
            Assert.That(Text(opening, "total"), Is.EqualTo(dueSoon.ToString(CultureInfo.InvariantCulture)), "the list opens on what is overdue and due this week");
            Assert.That(Text(opening, "later"), Does.Contain($"另有 {unfinished - dueSoon} 条本周以后到期"), "the later periods are folded, with their number");
            Assert.That(Text(second, "total"), Is.EqualTo(unfinished.ToString(CultureInfo.InvariantCulture)));
            Assert.That(second, Does.Contain("第 2 /"), "the page number is read from the query string");
            Assert.That(secondIds, Has.Count.EqualTo(20));
            Assert.That(secondIds.Intersect(firstIds), Is.Empty, "page 2 continues where page 1 stopped");
        });
    }

    /// <summary>The text of the element with the id, tags stripped.</summary>
    private static string Text(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim() : $"(no #{id})";
    }

    [GeneratedRegex("<tr data-institution=\"[^\"]*\"><td data-label=\"机构\">([^<]*)</td><td data-label=\"逾期事项\" class=\"num\">(\\d+)</td>")]
    private static partial Regex BarTitles();

    [GeneratedRegex("<tr data-id=\"(\\d+)\"")]
    private static partial Regex RowIds();

    [GeneratedRegex("<input type=\"hidden\" name=\"institution\"")]
    private static partial Regex ApprovalRows();
}
