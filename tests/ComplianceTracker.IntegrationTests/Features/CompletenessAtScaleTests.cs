using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 报送完整性 at the scale of PRODUCT.md: 20,000 institutions bound to the weekly form. The page shows one page of
/// 50 in well under 1 MB of HTML and says how many there are; its rates count every institution, as the database does.
/// </summary>
[Category("Slow")]
public partial class CompletenessAtScaleTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int Institutions = 20_000;

    [Test]
    public async Task CompletenessPage_At20000Institutions_IsOnePageUnder1MB_WithRatesOverAll()
    {
        var now = DateTime.UtcNow;
        var lastDue = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var home = await db.Jurisdictions.SingleAsync(j => j.Code == "SX-CZ-SD");
            var last = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt < now).OrderByDescending(p => p.Start).FirstAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < Institutions; i++)
            {
                var code = $"BIG-{i:00000}";
                var institution = new Institution { Code = code, Name = $"规模测试村镇银行{i:00000}", Path = $"/{code}/", IsLegalEntity = true, JurisdictionId = home.Id };
                db.Obligations.Add(new Obligation { RequirementId = form.RequirementId!.Value, Institution = institution, CreatedAt = now.AddDays(-90) });
                if (i % 3 != 0)
                {
                    var at = i % 3 == 1 ? last.DueAt.AddHours(-1) : last.DueAt.AddHours(1);
                    db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = last.Id, Institution = institution, Status = SubmissionStatus.Submitted, Revision = 1, SubmittedAt = at, FirstSubmittedAt = at, UpdatedAt = at });
                }
            }

            await db.SaveChangesAsync();
            return last.Key;
        });
        var supervisor = await As("supervisor");

        var watch = Stopwatch.StartNew();
        var response = await supervisor.GetAsync("/completeness");
        var html = await response.Content.ReadAsStringAsync();
        var pageTime = watch.Elapsed;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        var api = await (await supervisor.GetAsync($"/api/forms/{Form}/completeness?from={lastDue}&to={lastDue}&status=Missing&sort=NameDesc&page=3&pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        watch.Restart();
        var byRate = await (await supervisor.GetAsync("/completeness?sort=OnTimeRate&page=2")).Content.ReadAsStringAsync();
        var rateTime = watch.Elapsed;
        var rates = RateCells().Matches(byRate[..Math.Max(0, byRate.IndexOf("id=\"rates\"", StringComparison.Ordinal))]).Select(m => decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var path = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).SingleAsync());
        var (bound, missing) = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var inScope = db.Institutions.Where(i => i.IsActive && i.Jurisdiction.Path.StartsWith(path) && db.Obligations.Any(o => o.InstitutionId == i.Id && o.RequirementId == form.RequirementId));
            var notReported = inScope.Where(i => !db.Submissions.Any(s => s.InstitutionId == i.Id && s.Period.Key == lastDue && s.FormId == form.Id && s.FirstSubmittedAt != null
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved)));
            return (await inScope.CountAsync(), await notReported.CountAsync());
        });
        TestContext.Out.WriteLine($"/completeness at {bound:N0} institutions: {bytes:N0} bytes in {pageTime.TotalMilliseconds:N0} ms; page 2 by on-time rate in {rateTime.TotalMilliseconds:N0} ms");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(bound, Is.GreaterThan(Institutions));
            Assert.That(bytes, Is.LessThan(1_000_000), "under 1 MB of HTML");
            Assert.That(Rows().Matches(html).Count, Is.EqualTo(50), "one page of 50");
            Assert.That(html, Does.Contain($"<strong id=\"total\">{bound.ToString(CultureInfo.InvariantCulture)}</strong>"), "the page says how many there are");
            Assert.That(Regex.IsMatch(html, $"<tr data-period=\"{lastDue}\">\\s*<td[^>]*>[^<]*</td>\\s*<td data-label=\"应报\">{bound}</td>"), Is.True, "the week's rate counts every institution");
            Assert.That(api.GetProperty("total").GetInt32(), Is.EqualTo(missing), "未报 as the database counts it");
            Assert.That(rates, Has.Count.EqualTo(50), "page 2 by on-time rate holds 50");
            Assert.That(rates, Is.Ordered.Ascending, "ordered by on-time rate");
            Assert.That(api.GetProperty("institutions").GetArrayLength(), Is.EqualTo(Math.Clamp(missing - 400, 0, 200)), "the third page of 200");
        });
    }

    [GeneratedRegex("<td data-label=\"按时率\">([0-9.]+)%</td>")]
    private static partial Regex RateCells();

    [GeneratedRegex("<tr data-institution=")]
    private static partial Regex Rows();
}
