using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The due morning: a reporter's save and submit each reach the database at most <see cref="MostRoundTrips"/> times
/// (token check and scope, the submission's context with the previous week's figures, the write, and no more),
/// counted by an interceptor on the app's DbContext over real HTTP requests.
/// </summary>
public class SubmissionRoundTripTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int MostRoundTrips = 4;

    private readonly RoundTripCounter counter = new();

    protected override RoundTripCounter? RoundTrips => counter;

    [Test]
    public async Task SaveAndSubmit_EachTakeAtMostFourRoundTrips()
    {
        var bank = await UntouchedBankAsync(App, await CurrentPeriodAsync(await As("supervisor")));
        var reporter = await As($"{bank}-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, bank);
        var values = await LastReportedFiguresAsync(App, bank, period);

        var (saved, saveTrips) = await CountedAsync(() => reporter.SendAsync(Counted(HttpMethod.Put, url, new { values, baseRevision = 0 })));
        var (submitted, submitTrips) = await CountedAsync(() => reporter.SendAsync(Counted(HttpMethod.Post, $"{url}/submit", new { comments = CommentsForWarnings(saved) })));

        Assert.Multiple(() =>
        {
            Assert.That(submitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
            Assert.That(saveTrips, Has.Count.LessThanOrEqualTo(MostRoundTrips), $"save:\n{string.Join("\n---\n", saveTrips)}");
            Assert.That(submitTrips, Has.Count.LessThanOrEqualTo(MostRoundTrips), $"submit:\n{string.Join("\n---\n", submitTrips)}");
        });
        TestContext.Out.WriteLine($"{Provider}: save {saveTrips.Count} round trips, submit {submitTrips.Count}");
    }

    private async Task<(JsonElement View, IReadOnlyList<string> RoundTrips)> CountedAsync(Func<Task<HttpResponseMessage>> send)
    {
        counter.Clear();
        var view = await (await send()).ExpectAsync(HttpStatusCode.OK);
        return (view, counter.Commands);
    }

    private static HttpRequestMessage Counted(HttpMethod method, string url, object body)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.Add(RoundTripCounter.Header, "1");
        return request;
    }
}
