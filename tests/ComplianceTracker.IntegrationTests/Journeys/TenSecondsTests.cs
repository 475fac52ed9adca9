using System.Globalization;
using ComplianceTracker.IntegrationTests.Features;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 13 of JOURNEYS.md, "Ten seconds", at 1366 px and on a phone: the leader signs in and clicks 看板. The
/// headline (本期应报 / 已报 / 按时 / 逾期事项) equals the database, who has not reported is named, the totals are like
/// for like (a bank that has not reported does not lower them) and say the period is incomplete, the week not yet due
/// is 进行中 and not counted in 报送率, the charts are drawn by ECharts under the page's own CSP and show values on
/// hover or tap, and nothing scrolls sideways. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class TenSecondsTests : BrowserAppFixture
{
    [TestCase(false, TestName = "TenSeconds_AtTheDesk")]
    [TestCase(true, TestName = "TenSeconds_OnAPhone")]
    public async Task TheDashboard_TellsTheTruth(bool phone)
    {
        var facts = await DashboardFacts.ForAsync(App, "leader");
        var overdue = await App.QueryAsync(db => db.DueItems.Where(ComplianceTracker.Web.Domain.DueItemRules.IsOverdue(DateTime.UtcNow))
            .CountAsync(d => d.Obligation.Institution.Jurisdiction.Path.StartsWith(db.Users.Where(u => u.UserName == "leader").Select(u => u.Jurisdiction!.Path).Single())));
        var name = phone ? "phone" : "desk";
        var context = await NewContextAsync(phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App));
        var cspViolations = new List<string>();
        var failed = new List<string>();
        var page = await Browser.SignInAsync(context, "leader");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await Browser.NavigateAsync(page, "看板");
        await page.WaitForURLAsync("**/dashboard");
        await page.Locator("#chart-rates .chart canvas").First.WaitForAsync();
        await Browser.ScreenshotAsync(page, $"journey13-dashboard-{name}");

        var heading = await page.Locator("#headline h2").InnerTextAsync();
        var expected = await page.Locator("#expected").InnerTextAsync();
        var submitted = await page.Locator("#submitted").InnerTextAsync();
        var onTime = await page.Locator("#on-time").InnerTextAsync();
        var overdueShown = await page.Locator("#overdue-items").InnerTextAsync();
        var missing = await page.Locator("#missing").InnerTextAsync();
        var note = await page.Locator("#completeness-note").InnerTextAsync();
        var comparable = await page.Locator("#comparable").InnerTextAsync();
        var totals = new List<(string Current, string Previous)>();
        foreach (var row in await page.Locator("#totals-table tbody tr").AllAsync())
        {
            totals.Add((await row.Locator("td").Nth(1).GetAttributeAsync("data-value") ?? "", await row.Locator("td").Nth(2).GetAttributeAsync("data-value") ?? ""));
        }

        var openRows = page.Locator("#rates-table tbody tr[data-in-progress=true]");
        var openKeys = new List<string>();
        foreach (var row in await openRows.AllAsync())
        {
            openKeys.Add(await row.GetAttributeAsync("data-period") ?? "");
        }

        var openRate = await openRows.Last.Locator("td").Nth(4).InnerTextAsync();
        // The headline period is incomplete: its totals (the late bank at its latest earlier figure) are on the dashed
        // line only, not on the solid one.
        var index = await page.Locator("#trend-table tbody tr").EvaluateAllAsync<int>($"(rows, key) => rows.findIndex(r => r.dataset.period === key)", facts.Period);
        var drawn = await page.EvaluateAsync<JsonElement>(
            "i => { const s = echarts.getInstanceByDom(document.querySelector('#chart-totals .chart')).getOption().series; return { dashed: s[0].lineStyle.type, dashedValue: s[0].data[i], solidValue: s[1].data[i], solidBefore: s[1].data[0], last: s[0].data[s[0].data.length - 1] }; }", index);
        var carriedCell = await page.Locator("#trend-table tbody tr").Nth(index).Locator("td").Last.InnerTextAsync();
        var overflow = await Browser.OverflowAsync(page);
        var body = await page.Locator("main").InnerTextAsync();

        // A value on hover (or tap on the phone) over the rates chart.
        var chart = page.Locator("#chart-rates .chart");
        var box = (await chart.BoundingBoxAsync())!;
        var at = new Position { X = box.Width * 0.5f, Y = box.Height * 0.55f };
        if (phone)
        {
            await chart.TapAsync(new() { Position = at });
        }
        else
        {
            await chart.HoverAsync(new() { Position = at });
        }

        var tooltip = page.Locator("#chart-rates .chart div", new() { HasTextString = "报送率：" }).Last;
        await tooltip.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5000 });
        var tip = await tooltip.InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"journey13-dashboard-tooltip-{name}");

        Assert.Multiple(() =>
        {
            Assert.That(heading, Is.EqualTo(facts.PeriodName), "the period as people say it");
            Assert.That(expected, Is.EqualTo(facts.Expected.ToString(CultureInfo.InvariantCulture)), "本期应报");
            Assert.That(submitted, Is.EqualTo(facts.Submitted.ToString(CultureInfo.InvariantCulture)), "已报");
            Assert.That(onTime, Is.EqualTo(facts.OnTime.ToString(CultureInfo.InvariantCulture)), "按时");
            Assert.That(overdueShown, Is.EqualTo(overdue.ToString(CultureInfo.InvariantCulture)), "逾期事项");
            Assert.That(facts.Missing, Is.Not.Empty);
            Assert.That(facts.Missing, Is.All.Matches<string>(missing.Contains), "each bank that has not reported, by its short name");
            Assert.That(facts.MissingCodes, Is.All.Matches<string>(c => !body.Contains(c, StringComparison.Ordinal)), "names, not codes");
            Assert.That(note, Is.EqualTo($"本期已报 {facts.Submitted}/{facts.Expected}，合计不完整"));
            Assert.That(comparable, Does.StartWith($"可比机构 {facts.Comparable} 家"));
            Assert.That(totals.Select(t => decimal.Parse(t.Current, CultureInfo.InvariantCulture)), Is.EqualTo(facts.Totals.Select(t => t.Current)), "this period over the same banks");
            Assert.That(totals.Select(t => decimal.Parse(t.Previous, CultureInfo.InvariantCulture)), Is.EqualTo(facts.Totals.Select(t => t.Previous)), "last period over the same banks, without the bank that is late now");
            Assert.That(facts.Totals.Select(t => t.Previous), Is.All.GreaterThan(0m));
            Assert.That(facts.Totals.Select(t => t.AllPrevious - t.Previous), Is.All.GreaterThan(0m), "the late bank's figures of last period are left out of the comparison");
            Assert.That(openKeys, Is.EqualTo(facts.NotYetDue), "the week not yet due is 进行中");
            Assert.That(openRate, Is.EqualTo("进行中"), "and has no 报送率");
            Assert.That(index, Is.GreaterThanOrEqualTo(0));
            Assert.That(drawn.GetProperty("dashed").GetString(), Is.EqualTo("dashed"));
            Assert.That(drawn.GetProperty("dashedValue").GetDecimal(), Is.EqualTo(facts.CarriedTotals[0]), "the incomplete total is drawn, dashed, with the late bank at its latest figure");
            Assert.That(facts.CarriedTotals[0], Is.GreaterThan(facts.Totals[0].AllCurrent), "so the late bank does not lower it");
            Assert.That(carriedCell, Does.Contain($"{facts.CarriedForward} 家沿用上期数"));
            Assert.That(drawn.GetProperty("last").ValueKind, Is.EqualTo(JsonValueKind.Null), "the week 进行中 is not drawn");
            Assert.That(drawn.GetProperty("solidValue").ValueKind, Is.EqualTo(JsonValueKind.Null), "and not on the solid line");
            Assert.That(drawn.GetProperty("solidBefore").ValueKind, Is.EqualTo(JsonValueKind.Number), "a complete week is on the solid line");
            Assert.That(overflow, Is.EqualTo(0), "nothing scrolls sideways");
            Assert.That(tip, Does.Contain("报送率：").And.Contain("%"), "a value on hover or tap");
            Assert.That(cspViolations, Is.Empty, "the charts run under the page's Content-Security-Policy");
            Assert.That(failed, Is.Empty, "every file the page asks for is served");
        });
    }
}
