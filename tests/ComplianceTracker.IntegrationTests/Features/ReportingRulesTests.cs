using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Every seeded rule of the weekly form fires on figures built to break it; so do the built-in checks.</summary>
public class ReportingRulesTests(DatabaseProvider provider) : AppFixture(provider)
{
    // SD-RCB keeps a draft for the week under way and reported last week, so prev() has figures.
    private const string Bank = "SD-RCB";

    public static IEnumerable<string> SeededRules() =>
        SeedFiles.Default().Forms().Single(f => f.Code == "SD-WEEKLY").Rules.Select(r => r.Code);

    private async Task<JsonElement> SaveAsync(Dictionary<string, decimal?> values)
    {
        var reporter = await As($"{Bank}-reporter");
        var url = SubmissionUrl(await CurrentPeriodAsync(reporter), Bank);
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        return await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = current.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// The figures prev() compares with: the bank's approved report of the week before the one under way (arranged
    /// here, since on a Monday morning the demo's last week is still a draft, and a draft is no baseline).
    /// </summary>
    private Task<Dictionary<string, decimal?>> PreviousAsync() => App.QueryAsync(async db =>
    {
        var today = TodayInChina;
        var previous = await db.ReportPeriods.Where(p => p.Form.Code == Form && p.End < today).OrderByDescending(p => p.End).FirstAsync();
        var institution = await db.Institutions.SingleAsync(i => i.Code == Bank);
        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.PeriodId == previous.Id && s.InstitutionId == institution.Id);
        if (submission is null)
        {
            submission = new Submission
            {
                FormId = previous.FormId, PeriodId = previous.Id, InstitutionId = institution.Id, Revision = 1,
                ValuesJson = ComplianceTracker.Web.Features.Reporting.SubmissionJson.Write(await GoodFiguresAsync(App, 5)), UpdatedAt = DateTime.UtcNow,
            };
            db.Submissions.Add(submission);
        }

        submission.Status = SubmissionStatus.Approved;
        submission.FirstSubmittedAt ??= previous.DueAt.AddHours(-1);
        submission.SubmittedAt ??= submission.FirstSubmittedAt;
        await db.SaveChangesAsync();
        return ComplianceTracker.Web.Features.Reporting.SubmissionJson.Values(submission.ValuesJson);
    });

    [TestCaseSource(nameof(SeededRules))]
    public async Task SeededRule_OnFiguresThatBreakIt_Fires(string ruleCode)
    {
        var reporter = await As($"{Bank}-reporter");
        var rule = (await (await reporter.GetAsync($"/api/forms/{Form}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("code").GetString() == ruleCode);
        var left = rule.GetProperty("left").GetString()!;
        var right = rule.GetProperty("right").GetString()!;
        var values = await GoodFiguresAsync(App, 5);
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
        var saved = await SaveAsync(await GoodFiguresAsync(App, 5));

        Assert.That(saved.GetProperty("validation").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error"), Is.Empty);
    }

    [TestCase("FIRST_CNT", -1, "整数")]
    [TestCase("PHXW_CNT", 2.5, "整数")]
    [TestCase("NPL_RATIO", 120, "100")]
    [TestCase("LOAN_BAL", null, "请填写")]
    public async Task BuiltInCheck_OnABadFigure_IsAnErrorNamingTheIndicator(string code, double? value, string words)
    {
        var values = await GoodFiguresAsync(App, 5);
        values[code] = value is null ? null : (decimal)value.Value;

        var saved = await SaveAsync(values);

        var finding = saved.GetProperty("validation").EnumerateArray().First(f => f.GetProperty("indicatorCode").GetString() == code && f.GetProperty("severity").GetString() == "Error");
        Assert.That(finding.GetProperty("message").GetString(), Does.Contain(words));
    }
}
