using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>The weekly form's life: fill, save, submit, approve; return and resubmit; stale and retried saves.</summary>
public class ReportingWorkflowTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task FillSaveSubmitApprove_CurrentWeek_EndsApprovedWithTheDueItemDone()
    {
        var reporter = await As("SD-ICBC-reporter");
        var head = await As("SD-ICBC-head");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, "SD-ICBC");

        var before = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 3), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var submitted = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await head.PostAsync($"{url}/approve", null)).ExpectAsync(HttpStatusCode.OK);

        var dueItem = await App.QueryAsync(db => db.DueItems.SingleAsync(d => d.PeriodKey == period && d.Obligation.Institution.Code == "SD-ICBC"
            && db.ReportForms.Any(f => f.Code == Form && f.RequirementId == d.Obligation.RequirementId)));
        var revisions = await (await reporter.GetAsync($"{url}/revisions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("status").GetString(), Is.EqualTo("NotStarted"));
            Assert.That(saved.GetProperty("status").GetString(), Is.EqualTo("Draft"));
            Assert.That(saved.GetProperty("revision").GetInt32(), Is.EqualTo(1));
            Assert.That(saved.GetProperty("validation").EnumerateArray().Select(f => f.GetProperty("severity").GetString()), Has.None.EqualTo("Error"));
            Assert.That(submitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
            Assert.That(submitted.GetProperty("isLate").GetBoolean(), Is.False);
            Assert.That(approved.GetProperty("status").GetString(), Is.EqualTo("Approved"));
            Assert.That(dueItem.Status, Is.EqualTo(DueItemStatus.Done));
            Assert.That(revisions.Strings("source"), Has.All.EqualTo("Api"));
            Assert.That(revisions.Strings("createdBy"), Has.All.EqualTo("SD-ICBC-reporter"));
        });
    }

    [Test]
    public async Task Return_WithReason_ThenFixAndResubmit()
    {
        // The demo has SD-ABC's current week submitted and waiting for its head.
        var reporter = await As("SD-ABC-reporter");
        var head = await As("SD-ABC-head");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, "SD-ABC");

        await (await head.PostAsJsonAsync($"{url}/return", new { reason = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var returned = await (await head.PostAsJsonAsync($"{url}/return", new { reason = "普惠型小微企业贷款余额有误，请核对。" })).ExpectAsync(HttpStatusCode.OK);
        var fixedUp = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 0), baseRevision = returned.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
        var resubmitted = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(fixedUp) })).ExpectAsync(HttpStatusCode.OK);

        var events = await App.QueryAsync(db => db.SubmissionEvents.Where(e => db.Submissions.Any(s => s.Id == e.SubmissionId && s.Period.Key == period && s.Institution.Code == "SD-ABC" && s.Form.Code == Form)).OrderBy(e => e.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(returned.GetProperty("status").GetString(), Is.EqualTo("Returned"));
            Assert.That(returned.GetProperty("returnReason").GetString(), Does.Contain("普惠"));
            Assert.That(fixedUp.GetProperty("revision").GetInt32(), Is.EqualTo(returned.GetProperty("revision").GetInt32() + 1));
            Assert.That(resubmitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
            Assert.That(events.Select(e => e.To.ToString()), Is.EqualTo(new[] { "Submitted", "Returned", "Submitted" }));
            Assert.That(events[1].Reason, Does.Contain("普惠"));
        });
    }

    [Test]
    public async Task Save_OnAStaleRevision_Returns409AndOverwritesNothing()
    {
        // The demo leaves a draft (revision 1) for SD-BOC's current week.
        var reporter = await As("SD-BOC-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var before = await StoredAsync(App, period, "SD-BOC");

        await (await reporter.PutAsJsonAsync(SubmissionUrl(period, "SD-BOC"), new { values = await GoodFiguresAsync(App, 9), baseRevision = 0 })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var after = await StoredAsync(App, period, "SD-BOC");
        Assert.Multiple(() =>
        {
            Assert.That(after!.Revision, Is.EqualTo(before!.Revision));
            Assert.That(after.ValuesJson, Is.EqualTo(before.ValuesJson));
        });
    }

    [Test]
    public async Task Save_RetriedWithTheSameIdempotencyKey_CreatesOneRevision()
    {
        var reporter = await As("SD-RCB-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, "SD-RCB");
        var current = (await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("revision").GetInt32();
        var body = new { values = await GoodFiguresAsync(App, 5), baseRevision = current };

        async Task<JsonElement> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "push-SD-RCB-0001");
            return await (await reporter.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
        }

        var first = await Send();
        var retried = await Send();

        Assert.Multiple(async () =>
        {
            Assert.That(first.GetProperty("revision").GetInt32(), Is.EqualTo(current + 1));
            Assert.That(retried.GetProperty("revision").GetInt32(), Is.EqualTo(current + 1));
            Assert.That(await RevisionCountAsync(App, period, "SD-RCB"), Is.EqualTo(current + 1));
        });
    }

    [Test]
    public async Task TheForm_GivesEachIndicatorsCaliber_AsTheSeedSaysIt()
    {
        var form = await (await (await As("SD-RCB-HQ-reporter")).GetAsync($"/api/forms/{Form}")).ExpectAsync(HttpStatusCode.OK);
        var seeded = await App.QueryAsync(db => Indicators(db).ToDictionaryAsync(i => i.Code, i => i.Note));

        var notes = form.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("note").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(notes, Is.EqualTo(seeded));
            Assert.That(notes.Values, Has.All.Not.Empty, "the 上党 form says what to report for every indicator");
        });
    }

    [Test]
    public async Task Submit_WithAnErrorRuleBroken_Returns400NamingTheIndicator_AndStaysADraft()
    {
        var reporter = await As("SD-RCB-HQ-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, "SD-RCB-HQ");
        var form = await (await reporter.GetAsync($"/api/forms/{Form}")).ExpectAsync(HttpStatusCode.OK);
        var codes = form.GetProperty("indicators").Strings("code").ToHashSet();
        var rule = form.GetProperty("rules").EnumerateArray().First(r => r.GetProperty("severity").GetString() == "Error"
            && r.GetProperty("operator").GetString() == "<=" && codes.Contains(r.GetProperty("left").GetString()!) && codes.Contains(r.GetProperty("right").GetString()!));
        var left = rule.GetProperty("left").GetString()!;
        var values = await GoodFiguresAsync(App, 6);
        values[left] = values[rule.GetProperty("right").GetString()!] + 1000m;

        await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await reporter.PostAsJsonAsync($"{url}/submit", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var stored = await StoredAsync(App, period, "SD-RCB-HQ");
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(left, out var messages), Is.True, problem.ToString());
            Assert.That(messages.ToString(), Does.Contain("不应大于"));
            Assert.That(stored!.Status, Is.EqualTo(SubmissionStatus.Draft));
        });
    }

    [Test]
    public async Task Submit_WithAWarningUnexplained_Returns400_AndWithACommentPasses()
    {
        var reporter = await As("SD-CCB-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, "SD-CCB");
        var values = await GoodFiguresAsync(App, 2);
        values["AFFECTED_NPL_RATIO"] = values["NPL_RATIO"] + 5m;

        var saved = await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var findings = saved.GetProperty("validation").EnumerateArray().ToList();
        Assert.That(findings.Select(f => (f.GetProperty("ruleCode").GetString(), f.GetProperty("severity").GetString())), Does.Contain(("R25", "Warning")));
        Assert.That(findings.Select(f => f.GetProperty("severity").GetString()), Has.None.EqualTo("Error"));
        var refused = await (await reporter.PostAsJsonAsync($"{url}/submit", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(refused.GetProperty("errors").ToString(), Does.Contain("3个百分点"));
        var submitted = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);

        Assert.That(submitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
    }
}
