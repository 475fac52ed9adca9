using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// The supervisor's completeness matrix with more banks than a page holds, at 1366 px and on a phone: 报送完整性 from
/// the navigation, 状态 未报, 筛选, then 下一页. The total and the rows are checked against the database; the week the
/// page shows last is past its deadline (the morning after it), so 未报 has banks in it.
/// </summary>
[NonParallelizable]
public class CompletenessPagesTests : BrowserAppFixture
{
    private const int Added = 130;

    [OneTimeSetUp]
    public async Task AddBanks()
    {
        var now = DateTime.UtcNow;
        await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var home = await db.Jurisdictions.SingleAsync(j => j.Code == "SX-CZ-SD");
            var today = DateOnly.FromDateTime(now.AddHours(8));
            var latest = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start <= today).OrderByDescending(p => p.Start).FirstAsync();
            if (latest.DueAt > now)
            {
                latest.DueAt = now.AddHours(-1);
            }

            for (var i = 0; i < Added; i++)
            {
                var code = $"CPB-{i:000}";
                var institution = new Institution { Code = code, Name = $"浏览器测试农村商业银行{i:000}", Path = $"/{code}/", IsLegalEntity = true, Jurisdiction = home };
                db.Obligations.Add(new Obligation { RequirementId = form.RequirementId!.Value, Institution = institution, CreatedAt = now.AddDays(-60) });
                if (i % 5 == 0)
                {
                    var at = latest.DueAt.AddHours(-3);
                    db.Submissions.Add(new Submission { FormId = form.Id, PeriodId = latest.Id, Institution = institution, Status = SubmissionStatus.Submitted, Revision = 1, SubmittedAt = at, FirstSubmittedAt = at, UpdatedAt = at });
                }
            }

            return await db.SaveChangesAsync();
        });
    }

    [TestCase(false, TestName = "Completeness_FilterToMissing_ThenPage2_AtTheDesk")]
    [TestCase(true, TestName = "Completeness_FilterToMissing_ThenPage2_OnAPhone")]
    public async Task Supervisor_FiltersToMissing_AndGoesToPage2(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var page = await Browser.SignInAsync(await NewContextAsync(phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App)), "supervisor");
        await Browser.NavigateAsync(page, "报送完整性");
        await page.WaitForURLAsync("**/completeness");
        var opening = await page.Locator("#total").InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"completeness-opening-{name}");

        await page.Locator("#status").SelectOptionAsync(new SelectOptionValue { Label = "未报" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("status=Missing", StringComparison.Ordinal));
        var filtered = int.Parse(await page.Locator("#total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var firstRows = await page.Locator("#matrix tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        await Browser.ScreenshotAsync(page, $"completeness-missing-{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        var pager = await page.Locator("#pager").InnerTextAsync();
        var secondRows = await page.Locator("#matrix tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.institution)");
        var lastCells = await page.Locator("#matrix tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => { const cells = r.querySelectorAll('td[data-period]'); return cells[cells.length - 1].innerText.trim(); })");
        var statusKept = await page.Locator("#status").InputValueAsync();
        var overflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"completeness-missing-page2-{name}");

        var missing = await App.QueryAsync(async db =>
        {
            var form = await db.ReportForms.SingleAsync(f => f.Code == Form);
            var path = await db.Jurisdictions.Where(j => j.Code == "SX-CZ-SD").Select(j => j.Path).SingleAsync();
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var latest = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start <= today).OrderByDescending(p => p.Start).FirstAsync();
            return await db.Institutions.CountAsync(i => i.IsActive && i.Jurisdiction.Path.StartsWith(path)
                && db.Obligations.Any(o => o.InstitutionId == i.Id && o.RequirementId == form.RequirementId)
                && !db.Submissions.Any(s => s.InstitutionId == i.Id && s.PeriodId == latest.Id && s.FirstSubmittedAt != null
                    && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved)));
        });

        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(opening, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(Added), "every bank of 上党区 before filtering");
            Assert.That(filtered, Is.EqualTo(missing), "未报 in the last week, as the database counts it");
            Assert.That(missing, Is.GreaterThan(100), "more than two pages' worth");
            Assert.That(firstRows, Has.Length.EqualTo(50));
            Assert.That(pager, Does.Contain($"第 2 / {(missing + 49) / 50} 页"));
            Assert.That(secondRows, Has.Length.EqualTo(Math.Min(50, missing - 50)));
            Assert.That(secondRows.Intersect(firstRows), Is.Empty, "page 2 continues where page 1 stopped");
            Assert.That(lastCells, Has.All.EqualTo("未报"), "every row on page 2 is 未报 in the last week");
            Assert.That(statusKept, Is.EqualTo("Missing"), "the filter stays chosen on page 2");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }
}
