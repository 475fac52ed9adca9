using ComplianceTracker.Web.Domain;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 撤回 until the head approves, and not after; a head does not approve figures they saved themselves; a save of the
/// same figures again adds no revision; a 报送说明 reaches the head's list. Refusals are Chinese and change nothing.
/// </summary>
public class WithdrawAndApprovalRulesTests(DatabaseProvider provider) : AppFixture(provider)
{
    private string period = "";
    private List<string> banks = [];

    [OneTimeSetUp]
    public async Task FindBanks()
    {
        period = await CurrentPeriodAsync(await As("supervisor"));
        banks = await App.QueryAsync(db => UntouchedBanks(db, period).Take(3).ToListAsync());
    }

    /// <summary>The bank's last reported figures again (no figure ten times off), saved by <paramref name="user"/>.</summary>
    private async Task<JsonElement> SaveAsync(string bank, string user)
    {
        var client = await As(user);
        var url = SubmissionUrl(period, bank);
        var current = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var figures = await LastReportedFiguresAsync(App, bank, period);
        return await (await client.PutAsJsonAsync(url, new { values = figures, baseRevision = current.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Withdraw_BeforeApproval_GoesBackToADraft_AfterApproval_IsRefusedAndChangesNothing()
    {
        var bank = banks[0];
        var url = SubmissionUrl(period, bank);
        var reporter = await As($"{bank}-reporter");
        var saved = await SaveAsync(bank, $"{bank}-reporter");
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved), note = "本周数据已与台账核对。" })).ExpectAsync(HttpStatusCode.OK);
        var pending = await (await (await As($"{bank}-head")).GetAsync("/approvals")).Content.ReadAsStringAsync();

        var withdrawn = await (await reporter.PostAsync($"{url}/withdraw", null)).ExpectAsync(HttpStatusCode.OK);
        var itemAfterWithdraw = await DueItemStatusAsync(bank);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        await (await (await As($"{bank}-head")).PostAsync($"{url}/approve", null)).ExpectAsync(HttpStatusCode.OK);
        var before = await StoredAsync(App, period, bank);
        var events = await EventCountAsync(bank);

        var refused = await (await reporter.PostAsync($"{url}/withdraw", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var after = await StoredAsync(App, period, bank);

        Assert.Multiple(async () =>
        {
            Assert.That(pending, Does.Contain("本周数据已与台账核对。"), "the head's list shows the 报送说明");
            Assert.That(withdrawn.GetProperty("status").GetString(), Is.EqualTo("Draft"));
            Assert.That(itemAfterWithdraw, Is.EqualTo(DueItemStatus.Open), "the period's item is open again");
            Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("已审核通过，不能撤回"));
            Assert.That(after!.Status, Is.EqualTo(SubmissionStatus.Approved));
            Assert.That(after.Revision, Is.EqualTo(before!.Revision));
            Assert.That(await EventCountAsync(bank), Is.EqualTo(events), "a refused withdraw records nothing");
        });
    }

    [Test]
    public async Task AHead_DoesNotApproveFiguresTheySavedThemselves()
    {
        var bank = banks[1];
        var url = SubmissionUrl(period, bank);
        var head = await As($"{bank}-head");
        var saved = await SaveAsync(bank, $"{bank}-head");
        await (await head.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);

        var refused = await (await head.PostAsync($"{url}/approve", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var stored = await StoredAsync(App, period, bank);

        Assert.Multiple(() =>
        {
            Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("由您本人录入"));
            Assert.That(stored!.Status, Is.EqualTo(SubmissionStatus.Submitted), "still waiting for someone else");
        });
    }

    [Test]
    public async Task SavingTheSameFiguresAgain_AddsNoRevision()
    {
        var bank = banks[2];
        var first = await SaveAsync(bank, $"{bank}-reporter");
        var again = await SaveAsync(bank, $"{bank}-reporter");

        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("revision").GetInt32(), Is.EqualTo(first.GetProperty("revision").GetInt32()));
            Assert.That(await RevisionCountAsync(App, period, bank), Is.EqualTo(first.GetProperty("revision").GetInt32()));
        });
    }

    private Task<DueItemStatus> DueItemStatusAsync(string bank) => App.QueryAsync(db => db.DueItems
        .Where(d => d.PeriodKey == period && d.Obligation.Institution.Code == bank && db.ReportForms.Any(f => f.Code == Form && f.RequirementId == d.Obligation.RequirementId))
        .Select(d => d.Status).SingleAsync());

    private Task<int> EventCountAsync(string bank) => App.QueryAsync(db => db.SubmissionEvents
        .CountAsync(e => db.Submissions.Any(s => s.Id == e.SubmissionId && s.Period.Key == period && s.Institution.Code == bank)));
}
