using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using Npgsql;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Two real app processes on loopback over one PostgreSQL database, as behind a load balancer, each with its own
/// home folder: the recurring jobs run once per occurrence, a sign-in and a form token made by one server are
/// accepted by the other, and saves racing through both keep every revision.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public partial class TwoProcessesTests
{
    private TestDatabase database = null!;
    private AppProcess first = null!;
    private AppProcess second = null!;

    [OneTimeSetUp]
    public async Task StartTwoServers()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        var jobsOn = new Dictionary<string, string> { ["Jobs:RunServer"] = "true" };
        // One after the other: the first migrates and seeds, the second finds everything in place.
        first = await AppProcess.StartAsync("server-a", database, jobsOn);
        second = await AppProcess.StartAsync("server-b", database, jobsOn);
    }

    [TearDown]
    public void ShowServerOutputOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            first?.WriteOutputTo(TestContext.Out);
            second?.WriteOutputTo(TestContext.Out);
        }
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        // Servers first, then the database they use.
        foreach (var resource in new IAsyncDisposable?[] { second, first, database })
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
        }
    }

    private async Task<List<T>> HangfireAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Every job the recurring schedules created: its schedule, the occurrence it is for, its state, and the server that ran it.</summary>
    private Task<List<(string Recurring, string? Occurrence, string? State, string? Server)>> RecurringRunsAsync() => HangfireAsync(
        """
        SELECT r.value, t.value, j.statename,
               (SELECT s.data::json->>'ServerId' FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing' ORDER BY s.id DESC LIMIT 1)
        FROM hangfire.job j
        JOIN hangfire.jobparameter r ON r.jobid = j.id AND r.name = 'RecurringJobId'
        LEFT JOIN hangfire.jobparameter t ON t.jobid = j.id AND t.name = 'Time'
        """,
        r => (r.GetString(0).Trim('"'), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));

    [Test]
    public async Task RecurringJobs_OnTwoServers_RunOncePerOccurrence()
    {
        // Both processes run a Hangfire server on the shared storage (server ids are host:pid:guid).
        var servers = await Eventually.WaitForAsync(async () =>
        {
            var ids = await HangfireAsync("SELECT id FROM hangfire.server", r => r.GetString(0));
            return ids.Any(i => i.Contains($":{first.ProcessId}:", StringComparison.Ordinal)) && ids.Any(i => i.Contains($":{second.ProcessId}:", StringComparison.Ordinal)) ? ids : null;
        }, "both app processes registered as Hangfire servers");

        // A due item falls due now: the next occurrence of mark-overdue (every minute) turns it overdue.
        var itemId = await database.QueryAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var item = await db.DueItems.Where(d => d.Status == DueItemStatus.Open && d.DueAt > now).OrderBy(d => d.Id).FirstAsync();
            item.DueAt = now.AddSeconds(-1);
            await db.SaveChangesAsync();
            return item.Id;
        });
        var before = (await RecurringRunsAsync()).Count(r => r.Recurring == "mark-overdue");

        // Generous: the schedule fires on the minute; waiting for the next two occurrences covers a minute boundary.
        await Eventually.UntilAsync(
            async () => (await database.QueryAsync(db => db.DueItems.AnyAsync(d => d.Id == itemId && d.Status == DueItemStatus.Overdue)))
                && (await RecurringRunsAsync()).Count(r => r.Recurring == "mark-overdue" && r.State == "Succeeded") >= before + 1,
            "mark-overdue to run on one of the servers and turn the due item overdue", TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1));

        var runs = await RecurringRunsAsync();
        var stillBoth = await HangfireAsync("SELECT id FROM hangfire.server", r => r.GetString(0));
        var overdueEntries = await database.QueryAsync(db => db.DueItemStatusChanges.CountAsync(h => h.DueItemId == itemId && h.To == DueItemStatus.Overdue));
        TestContext.Out.WriteLine($"servers: {string.Join(", ", servers)}");
        foreach (var run in runs.OrderBy(r => r.Occurrence))
        {
            TestContext.Out.WriteLine($"{run.Recurring} at {run.Occurrence}: {run.State} on {run.Server}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(stillBoth, Has.Count.EqualTo(2), "both servers still registered after the runs");
            Assert.That(runs.Select(r => r.Occurrence), Has.None.Null, "each recurring run records the occurrence it is for");
            Assert.That(runs.Where(r => r.Recurring == "mark-overdue").Select(r => r.Occurrence).Distinct().Count(), Is.GreaterThanOrEqualTo(before + 1));
            Assert.That(runs.GroupBy(r => (r.Recurring, r.Occurrence)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Recurring} at {g.Key.Occurrence} ×{g.Count()}"),
                Is.Empty, "no occurrence of any recurring job was created twice");
            Assert.That(runs.Where(r => r.State == "Succeeded").Select(r => r.Server), Has.All.Not.Null.And.All.Matches<string>(
                s => s.Contains($":{first.ProcessId}:", StringComparison.Ordinal) || s.Contains($":{second.ProcessId}:", StringComparison.Ordinal)));
            Assert.That(overdueEntries, Is.EqualTo(1), "the due item turned overdue once");
        });
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();

    private static string FormToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.That(match.Success, Is.True, $"the page has a form with an antiforgery token:\n{html}");
        return match.Groups["token"].Value;
    }

    [Test]
    public async Task SignInOnOneServer_IsSignedInOnTheOther_AndItsFormTokensAreAcceptedThere()
    {
        // One browser, one cookie jar, two servers behind a load balancer (cookies are not bound to a port).
        var cookies = new CookieContainer();
        var onA = first.CreateClient(cookies);
        var onB = second.CreateClient(cookies);

        // The sign-in form rendered by A is posted to B: B accepts A's antiforgery token (and refuses a forged one).
        var token = FormToken(await (await onA.GetAsync("/account/login")).Content.ReadAsStringAsync());
        var forged = await onB.PostAsync("/account/login", SignInForm(token[..^4] + "AAAA"));
        var signIn = await onB.PostAsync("/account/login", SignInForm(token));
        Assert.Multiple(async () =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a token B cannot read is refused");
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signIn.Content.ReadAsStringAsync());
        });

        // Signed in through B, the user is signed in on A, and the other way round.
        foreach (var (server, client) in new[] { ("A", onA), ("B", onB) })
        {
            var page = await client.GetAsync("/todo");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"server {server} reads the sign-in cookie (not a redirect to {page.Headers.Location})");
                Assert.That(html, Does.Contain("title=\"修改密码\">中国银行长治上党支行负责人"), $"server {server}'s page names the signed-in user");
            });
        }

        // Without the cookie, the same page sends the user to sign in: the 200 above is the cookie's doing.
        var anonymous = await second.CreateClient().GetAsync("/todo");
        Assert.That(anonymous.Headers.Location?.OriginalString, Does.Contain("/account/login"));
    }

    private static FormUrlEncodedContent SignInForm(string token) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["UserName"] = "SD-BOC-head",
        ["Password"] = ComplianceApp.DemoPassword,
    });

    private sealed record Accepted(string Bank, string Key, int Base, int Revision);

    [Test]
    public async Task ConcurrentSavesThroughBothServers_KeepEveryRevision()
    {
        const int writersPerBank = 8;
        const int savesPerWriter = 5;
        var anyReporter = await first.ClientForAsync("SD-ICBC-reporter");
        var period = await CurrentPeriodAsync(anyReporter);
        var banks = await database.QueryAsync(db => UntouchedBanks(db, period).Take(3).ToListAsync());
        Assert.That(banks, Has.Count.EqualTo(3), "three banks that have not touched the week under way");
        var figures = await database.QueryAsync(db => GoodFiguresAsync(db, 3));
        var changing = figures.First(f => f.Value is not null).Key;

        var accepted = new ConcurrentBag<Accepted>();
        var conflicts = 0;
        async Task WriteAsync(string bank, int writer)
        {
            // Writers alternate between the servers; each keeps saving on the revision it last saw, as a page does.
            var client = await (writer % 2 == 0 ? first : second).ClientForAsync($"{bank}-reporter");
            var url = SubmissionUrl(period, bank);
            var baseRevision = 0;
            var saved = 0;
            while (saved < savesPerWriter)
            {
                var key = $"{bank}-{writer}-{saved}-{Guid.NewGuid():N}";

                // Each save changes a figure (a save of the same figures again adds no revision).
                var values = new Dictionary<string, decimal?>(figures) { [changing] = figures[changing]!.Value + (writer * 100) + saved + 1 };
                using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { values, baseRevision }) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    baseRevision = (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).GetProperty("revision").GetInt32();
                    continue;
                }

                var view = await response.ExpectAsync(HttpStatusCode.OK);
                var revision = view.GetProperty("revision").GetInt32();
                accepted.Add(new Accepted(bank, key, baseRevision, revision));
                baseRevision = revision;
                saved++;
            }
        }

        await Task.WhenAll(banks.SelectMany(bank => Enumerable.Range(0, writersPerBank).Select(writer => Task.Run(() => WriteAsync(bank, writer)))));

        var stored = await database.QueryAsync(db => db.SubmissionRevisions
            .Where(r => db.Submissions.Any(s => s.Id == r.SubmissionId && s.Period.Key == period && s.Form.Code == Form && banks.Contains(s.Institution.Code)))
            .Select(r => new { Bank = db.Submissions.Where(s => s.Id == r.SubmissionId).Select(s => s.Institution.Code).Single(), r.Number, r.IdempotencyKey })
            .ToListAsync());
        var heads = await database.QueryAsync(db => db.Submissions
            .Where(s => s.Period.Key == period && s.Form.Code == Form && banks.Contains(s.Institution.Code))
            .Select(s => new { s.Institution.Code, s.Revision })
            .ToDictionaryAsync(s => s.Code, s => s.Revision));
        TestContext.Out.WriteLine($"{accepted.Count} saves accepted, {conflicts} refused with 409 and retried");

        Assert.Multiple(() =>
        {
            Assert.That(conflicts, Is.GreaterThan(0), "the writers did race");
            foreach (var bank in banks)
            {
                var mine = accepted.Where(a => a.Bank == bank).ToList();
                var rows = stored.Where(r => r.Bank == bank).ToList();
                Assert.That(mine, Has.Count.EqualTo(writersPerBank * savesPerWriter), bank);
                Assert.That(rows, Has.Count.EqualTo(mine.Count), $"{bank}: one revision row per accepted save");
                Assert.That(rows.Select(r => r.Number).Order(), Is.EqualTo(Enumerable.Range(1, mine.Count)), $"{bank}: revision numbers 1..n without gaps or repeats");
                Assert.That(rows.Select(r => (r.IdempotencyKey, r.Number)), Is.EquivalentTo(mine.Select(a => ((string?)a.Key, a.Revision))),
                    $"{bank}: every accepted save is stored as the revision it was answered with");
                Assert.That(mine.Where(a => a.Revision != a.Base + 1), Is.Empty, $"{bank}: every accepted save was made on the revision just before it (none overwrote a change it had not seen)");
                Assert.That(heads[bank], Is.EqualTo(mine.Count), $"{bank}: the submission is at its last revision");
            }
        });
    }
}
