using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The due morning: a reporter's save and submit each send the database at most <see cref="MostCommands"/> commands
/// (the token check and scope in one, the submission's context with the previous weeks' figures in one, the write in
/// one or two batches), counted by an interceptor on the app's DbContext over real HTTP requests. The commit of the
/// write's transaction is counted apart (a round trip of its own on PostgreSQL). The submit's messages (the head's
/// inbox, e-mail, robot) and the targets judged at once, which follow the commit, are not held to it yet (issue #18):
/// they are counted and printed.
/// </summary>
public class SubmissionRoundTripTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const int MostCommands = 4;

    private readonly RoundTripCounter counter = new();

    protected override RoundTripCounter? RoundTrips => counter;

    [Test]
    public async Task SaveAndSubmit_EachSendAtMostFourCommands()
    {
        var bank = await UntouchedBankAsync(App, await CurrentPeriodAsync(await As("supervisor")));
        var reporter = await As($"{bank}-reporter");
        var period = await CurrentPeriodAsync(reporter);
        var url = SubmissionUrl(period, bank);
        var values = await LastReportedFiguresAsync(App, bank, period);

        var (saved, save) = await CountedAsync(() => reporter.SendAsync(Counted(HttpMethod.Put, url, new { values, baseRevision = 0 })));
        var (resaved, resave) = await CountedAsync(() => reporter.SendAsync(Counted(HttpMethod.Put, url, new { values, comments = new Dictionary<string, string>(CommentsForWarnings(saved)) { [values.Keys.First()] = "已与台账核对。" }, baseRevision = 1 })));
        var (submitted, submit) = await CountedAsync(() => reporter.SendAsync(Counted(HttpMethod.Post, $"{url}/submit", new { })));
        var submitOwn = submit.TakeWhile(c => c != RoundTripCounter.Commit).ToList();
        TestContext.Out.WriteLine($"{Provider}: first save {Describe(save)}; second save {Describe(resave)}; submit {Describe(submitOwn)}, with its messages and targets {Describe(submit)}");

        Assert.Multiple(() =>
        {
            Assert.That(resaved.GetProperty("revision").GetInt32(), Is.EqualTo(2));
            Assert.That(submitted.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
            Assert.That(Commands(save), Has.Count.LessThanOrEqualTo(MostCommands), $"first save:\n{string.Join("\n---\n", save)}");
            Assert.That(Commands(resave), Has.Count.LessThanOrEqualTo(MostCommands), $"second save:\n{string.Join("\n---\n", resave)}");
            Assert.That(Commands(submitOwn), Has.Count.LessThanOrEqualTo(MostCommands), $"submit:\n{string.Join("\n---\n", submit)}");
        });
    }

    private static List<string> Commands(IEnumerable<string> trips) => trips.Where(c => c != RoundTripCounter.Commit).ToList();

    private static string Describe(IReadOnlyCollection<string> trips) => $"{Commands(trips).Count} commands + {trips.Count(c => c == RoundTripCounter.Commit)} commit";

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
