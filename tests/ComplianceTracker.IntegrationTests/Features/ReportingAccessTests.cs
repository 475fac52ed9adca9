using System.Text;
using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>A reporter touches only its institution, a head approves only its own, supervisors read their jurisdiction; bad bodies change nothing.</summary>
public class ReportingAccessTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task Reporter_CannotReadOrWriteAnotherBanksSubmission()
    {
        var reporter = await As("SD-ICBC-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var before = await StoredAsync(App, period, "SD-BOC");

        await (await reporter.GetAsync(SubmissionUrl(period, "SD-BOC"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await reporter.PutAsJsonAsync(SubmissionUrl(period, "SD-BOC"), new { values = await GoodFiguresAsync(App), baseRevision = before!.Revision })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await reporter.GetAsync($"{SubmissionUrl(period, "SD-BOC")}/revisions")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.That((await StoredAsync(App, period, "SD-BOC"))!.Revision, Is.EqualTo(before.Revision));
    }

    [Test]
    public async Task Head_CannotApproveAnotherBank_AndLeaderCannotApproveAtAll()
    {
        var period = await CurrentPeriodAsync(await As("supervisor"));

        await (await (await As("SD-ICBC-head")).PostAsync($"{SubmissionUrl(period, "SD-ABC")}/approve", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await As("leader")).PostAsync($"{SubmissionUrl(period, "SD-ABC")}/approve", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await (await As("SD-ABC-reporter")).PostAsync($"{SubmissionUrl(period, "SD-ABC")}/approve", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.That((await StoredAsync(App, period, "SD-ABC"))!.Status, Is.EqualTo(SubmissionStatus.Submitted));
    }

    [Test]
    public async Task LegalEntityHead_CannotApproveItsBranchesReport()
    {
        var period = await CurrentPeriodAsync(await As("supervisor"));

        await (await (await As("SD-RCB-head")).PostAsync($"{SubmissionUrl(period, "SD-RCB-HQ")}/approve", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Supervisor_ReadsButDoesNotFill()
    {
        var supervisor = await As("supervisor");
        var period = await CurrentPeriodAsync(supervisor);

        await (await supervisor.GetAsync(SubmissionUrl(period, "SD-ABC"))).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PutAsJsonAsync(SubmissionUrl(period, "SD-ICBC"), new { values = await GoodFiguresAsync(App), baseRevision = 0 })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.That(await StoredAsync(App, period, "SD-ICBC"), Is.Null);
    }

    [Test]
    public async Task LegalEntityReporter_SeesItsBranchSubmission()
    {
        var reporter = await As("SD-RCB-reporter");
        var period = await CurrentPeriodAsync(reporter);

        await (await reporter.GetAsync(SubmissionUrl(period, "SD-RCB-HQ"))).ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Completeness_IsForSupervisorsAndLeaders()
    {
        var period = await CurrentPeriodAsync(await As("supervisor"));

        await (await (await As("SD-ICBC-reporter")).GetAsync($"/api/forms/{Form}/periods/{period}/completeness")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await (await As("leader")).GetAsync($"/api/forms/{Form}/periods/{period}/completeness")).ExpectAsync(HttpStatusCode.OK);
    }

    [TestCase("{\"values\": {\"NO_SUCH\": 1}, \"baseRevision\": 0}", "values.NO_SUCH")]
    [TestCase("{\"values\": {\"LOAN_BAL\": \"很多\"}, \"baseRevision\": 0}", null)]
    [TestCase("{\"values\": {\"LOAN_BAL\": 1}}", "baseRevision")]
    [TestCase("{\"baseRevision\": 0}", "values")]
    [TestCase("{\"values\": {\"LOAN_BAL\": 1}, \"baseRevision\": 0", null)]
    public async Task Save_BadBody_Returns400AndStoresNothing(string body, string? field)
    {
        var reporter = await As("SD-ICBC-reporter");
        var period = await CurrentPeriodAsync(reporter);

        var problem = await (await reporter.PutAsync(SubmissionUrl(period, "SD-ICBC"), new StringContent(body, Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        if (field is not null)
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        }

        Assert.That(await StoredAsync(App, period, "SD-ICBC"), Is.Null);
    }

    [TestCase("/api/forms/NO-FORM/periods/2026-W01/submissions/SD-ICBC")]
    [TestCase("/api/forms/DEMO-WEEKLY/periods/1999-W01/submissions/SD-ICBC")]
    public async Task UnknownFormOrPeriod_Returns404(string url)
    {
        await (await (await As("SD-ICBC-reporter")).GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task InstitutionThatDoesNotOweTheForm_Returns404()
    {
        var supervisor = await As("supervisor");
        var period = await CurrentPeriodAsync(supervisor);

        // The weekly regime binds banks; the district's insurer does not report it.
        var problem = await (await supervisor.GetAsync(SubmissionUrl(period, "SD-PICC"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("无需报送"));
    }
}
