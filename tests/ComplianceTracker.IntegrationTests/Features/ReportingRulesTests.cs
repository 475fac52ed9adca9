using ComplianceTracker.Web.Data.Seeding;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Every seeded rule of the weekly form fires on figures built to break it; so do the built-in checks.</summary>
public class ReportingRulesTests(DatabaseProvider provider) : AppFixture(provider)
{
    // SD-CCB has no submission for the week under way and has earlier weeks, so prev() has figures.
    private const string Bank = "SD-CCB";

    public static IEnumerable<string> SeededRules() =>
        SeedFiles.Default().Forms().Single(f => f.Code == "SD-WEEKLY").Rules.Select(r => r.Code);

    private async Task<JsonElement> SaveAsync(Dictionary<string, decimal?> values)
    {
        var reporter = await As($"{Bank}-reporter");
        var url = SubmissionUrl(await CurrentPeriodAsync(reporter), Bank);
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        return await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = current.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<Dictionary<string, decimal?>> PreviousAsync()
    {
        var today = TodayInChina;
        var json = await App.QueryAsync(db => db.Submissions
            .Where(s => s.Form.Code == Form && s.Institution.Code == Bank && s.Period.End < today)
            .OrderByDescending(s => s.Period.End).Select(s => s.ValuesJson).FirstAsync());
        return ComplianceTracker.Web.Features.Reporting.SubmissionJson.Values(json);
    }

    [TestCaseSource(nameof(SeededRules))]
    public async Task SeededRule_OnFiguresThatBreakIt_Fires(string ruleCode)
    {
        var reporter = await As($"{Bank}-reporter");
        var rule = (await (await reporter.GetAsync($"/api/forms/{Form}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == ruleCode);
        var left = rule.GetProperty("left").GetString()!;
        var right = rule.GetProperty("right").GetString()!;
        var values = await GoodFiguresAsync(App, 2);
        var previous = await PreviousAsync();

        if (left.StartsWith("LOAN_BAL >=", StringComparison.Ordinal) || (left == "LOAN_BAL" && right.Contains("prev(", StringComparison.Ordinal)))
        {
            values["LOAN_BAL"] = Math.Round(previous["LOAN_BAL"]!.Value * 0.4m, 2);
        }
        else if (left.Contains("prev(", StringComparison.Ordinal))
        {
            // X_BAL - prev(X_BAL) <= X_NEW + prev(X_BAL) * 0.01: grow the balance by far more than was lent.
            var balance = left[..left.IndexOf(' ', StringComparison.Ordinal)];
            var lent = right[..right.IndexOf(' ', StringComparison.Ordinal)];
            values[balance] = Math.Round(previous[balance]!.Value + values[lent]!.Value + (previous[balance]!.Value * 0.02m) + 1m, 2);
        }
        else if (right.Contains('+', StringComparison.Ordinal))
        {
            // AFFECTED_NPL_RATIO <= NPL_RATIO + 3
            var (code, offset) = (right[..right.IndexOf(' ', StringComparison.Ordinal)], decimal.Parse(right[(right.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            values[left] = values[code] + offset + 0.5m;
        }
        else
        {
            values[left] = values[right] + 1m;
        }

        var saved = await SaveAsync(values);

        Assert.That(saved.GetProperty("validation").EnumerateArray().Select(f => f.GetProperty("ruleCode").GetString()), Does.Contain(ruleCode), saved.GetProperty("validation").ToString());
    }

    [Test]
    public async Task GoodFigures_PassEveryErrorRule()
    {
        var saved = await SaveAsync(await GoodFiguresAsync(App, 2));

        Assert.That(saved.GetProperty("validation").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error"), Is.Empty);
    }

    [TestCase("FIRST_CNT", -1, "整数")]
    [TestCase("PHXW_CNT", 2.5, "整数")]
    [TestCase("NPL_RATIO", 120, "100")]
    [TestCase("LOAN_BAL", null, "请填写")]
    public async Task BuiltInCheck_OnABadFigure_IsAnErrorNamingTheIndicator(string code, double? value, string words)
    {
        var values = await GoodFiguresAsync(App, 2);
        values[code] = value is null ? null : (decimal)value.Value;

        var saved = await SaveAsync(values);

        var finding = saved.GetProperty("validation").EnumerateArray().First(f => f.GetProperty("indicatorCode").GetString() == code && f.GetProperty("severity").GetString() == "Error");
        Assert.That(finding.GetProperty("message").GetString(), Does.Contain(words));
    }
}
