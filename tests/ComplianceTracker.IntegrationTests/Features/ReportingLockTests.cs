using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>Late is computed from the due moment; after the lock moment only a supervisor's unlock lets changes in.</summary>
public class ReportingLockTests(DatabaseProvider provider) : AppFixture(provider)
{
    /// <summary>The demo's SD-CCB stopped reporting two weeks ago: both weeks are past due and missing.</summary>
    private async Task<(string Last, string BeforeLast)> MissingWeeksAsync()
    {
        var now = DateTime.UtcNow;
        var keys = await App.QueryAsync(db => db.ReportPeriods.Where(p => p.Form.Code == Form && p.DueAt < now).OrderByDescending(p => p.Start).Select(p => p.Key).Take(2).ToListAsync());
        return (keys[0], keys[1]);
    }

    private Task MovePeriodAsync(string key, TimeSpan dueFromNow, TimeSpan lockFromNow) => App.QueryAsync(async db =>
    {
        var period = await db.ReportPeriods.SingleAsync(p => p.Form.Code == Form && p.Key == key);
        period.DueAt = DateTime.UtcNow + dueFromNow;
        period.LockAt = DateTime.UtcNow + lockFromNow;
        return await db.SaveChangesAsync();
    });

    [Test]
    public async Task Submit_AfterTheDueMomentBeforeTheLock_IsAcceptedAndFlaggedLate()
    {
        var (last, _) = await MissingWeeksAsync();
        await MovePeriodAsync(last, TimeSpan.FromDays(-1), TimeSpan.FromDays(2));
        var reporter = await As("SD-CCB-reporter");
        var url = SubmissionUrl(last, "SD-CCB");

        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 2), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var submitted = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        var completeness = await (await (await As("supervisor")).GetAsync($"/api/forms/{Form}/periods/{last}/completeness")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(submitted.GetProperty("isLate").GetBoolean(), Is.True);
            Assert.That(completeness.GetProperty("missing").EnumerateArray().Select(m => m.GetString()), Does.Not.Contain("SD-CCB"));
            Assert.That(completeness.GetProperty("late").GetInt32(), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Save_AfterTheLock_Returns409_UntilASupervisorUnlocks()
    {
        var (_, beforeLast) = await MissingWeeksAsync();
        await MovePeriodAsync(beforeLast, TimeSpan.FromDays(-4), TimeSpan.FromHours(-1));
        var reporter = await As("SD-CCB-reporter");
        var supervisor = await As("supervisor");
        var url = SubmissionUrl(beforeLast, "SD-CCB");
        var unlocks = $"/api/forms/{Form}/periods/{beforeLast}/unlocks";
        var values = await GoodFiguresAsync(App, 2);

        var locked = await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = 0 })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.That(locked.GetProperty("detail").GetString(), Does.Contain("锁定"));
        Assert.That(await StoredAsync(App, beforeLast, "SD-CCB"), Is.Null, "a refused save stores nothing");

        await (await reporter.PostAsJsonAsync(unlocks, new { institution = "SD-CCB", until = DateTimeOffset.UtcNow.AddDays(1), reason = "自己解锁" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await supervisor.PostAsJsonAsync(unlocks, new { institution = "SD-CCB", until = DateTimeOffset.UtcNow.AddDays(1), reason = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.PostAsJsonAsync(unlocks, new { institution = "SD-CCB", until = DateTimeOffset.UtcNow.AddDays(-1), reason = "补报" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.PostAsJsonAsync(unlocks, new { institution = "SD-CCB", until = DateTimeOffset.UtcNow.AddDays(1), reason = "系统故障，准予补报" })).ExpectAsync(HttpStatusCode.Created);

        var saved = await (await reporter.PutAsJsonAsync(url, new { values, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        var submitted = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);

        var unlock = await App.QueryAsync(db => db.PeriodUnlocks.SingleAsync(u => u.Reason == "系统故障，准予补报"));
        Assert.Multiple(() =>
        {
            Assert.That(submitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
            Assert.That(submitted.GetProperty("isLate").GetBoolean(), Is.True);
            Assert.That(unlock.GrantedBy, Is.EqualTo("supervisor"));
        });
    }

    [Test]
    public async Task Unlock_ForAnInstitutionOfAnotherJurisdiction_Returns404()
    {
        var (last, _) = await MissingWeeksAsync();
        var shanghai = await As("supervisor-sh");

        await (await shanghai.PostAsJsonAsync($"/api/forms/{Form}/periods/{last}/unlocks", new { institution = "SD-CCB", until = DateTimeOffset.UtcNow.AddDays(1), reason = "补报" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
