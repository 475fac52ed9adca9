using ComplianceTracker.Web.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The app process is killed with SIGKILL while it writes, on a real SQLite file and on PostgreSQL, and started
/// again on the same database: what it was writing is there entirely or not at all, and the app works on.
/// The kill lands inside the write transaction for real: the test sees the transaction open (PostgreSQL:
/// <c>pg_stat_activity</c> shows the app's backend with a transaction id; SQLite: the write lock is held) and the
/// request unanswered before it kills.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSQL)]
[NonParallelizable]
[Category("Slow")]
public class CrashTests(DatabaseProvider provider)
{
    private const int ExtraBanks = 3000;
    private const int Requirements = 4;
    private const long PauseLock = 4242;

    private TestDatabase database = null!;
    private AppProcess app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await AppProcess.StartAsync($"app-{provider}", database);
    }

    /// <summary>A test that failed before restarting the app leaves the next one a running app all the same.</summary>
    [SetUp]
    public async Task EnsureAppRuns()
    {
        if (!app.IsRunning)
        {
            await app.StartAsync();
        }
    }

    [TearDown]
    public void ShowServerOutputOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            app?.WriteOutputTo(TestContext.Out);
        }
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        foreach (var resource in new IAsyncDisposable?[] { app, database })
        {
            if (resource is not null)
            {
                await resource.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task KilledDuringExcelImport_SavesNothing_AndTheSameFileImportsCompletelyAfterRestart()
    {
        var reporterOfAnyBank = await app.ClientForAsync("SD-ICBC-reporter");
        var period = await CurrentPeriodAsync(reporterOfAnyBank);
        var bank = await database.QueryAsync(db => UntouchedBanks(db, period).FirstAsync());
        var reporter = await app.ClientForAsync($"{bank}-reporter");
        var url = SubmissionUrl(period, bank);
        var blank = await (await reporter.GetAsync($"/api/forms/{Form}/periods/{period}/template.xlsx?institution={bank}")).Content.ReadAsByteArrayAsync();
        var figures = await database.QueryAsync(db => GoodFiguresAsync(db, 5));
        var workbook = ExcelRoundTripTests.Fill(blank, figures);

        // The save of a new submission inserts the submission, then its revision. The test holds the revision's
        // insert inside the app's transaction (a trigger in the test database; nothing in the app), so the
        // submission row is written but not committed when the process dies.
        await using (await PauseAsync("SubmissionRevisions"))
        {
            var upload = ImportAsync(reporter, url, workbook);
            await Eventually.UntilAsync(PausedWriterAsync, "the app's import transaction to be open, written to and held", interval: TimeSpan.FromMilliseconds(20));
            Assert.That(upload.IsCompleted, Is.False, "the import has not answered");

            app.Kill();
            Assert.That(async () => await upload, Throws.InstanceOf<HttpRequestException>(), "the client got no answer");
        }

        await WaitForDeadConnectionsAsync();
        var afterCrash = await database.QueryAsync(async db => new
        {
            Submissions = await db.Submissions.CountAsync(s => s.Period.Key == period && s.Institution.Code == bank && s.Form.Code == Form),
            Revisions = await RevisionsOf(db, period, bank).CountAsync(),
        });
        Assert.That(afterCrash, Is.EqualTo(new { Submissions = 0, Revisions = 0 }), "nothing of the killed import is stored");

        await app.RestartAsync();
        reporter = await app.ClientForAsync($"{bank}-reporter");
        var view = await (await ImportAsync(reporter, url, workbook)).ExpectAsync(HttpStatusCode.OK);
        var stored = await database.QueryAsync(db => RevisionsOf(db, period, bank).Select(r => new { r.Number, r.ValuesJson, r.Source }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("revision").GetInt32(), Is.EqualTo(1));
            Assert.That(stored, Has.Count.EqualTo(1));
            Assert.That(stored[0].Source.ToString(), Is.EqualTo("Excel"));
            Assert.That(Web.Features.Reporting.SubmissionJson.Values(stored[0].ValuesJson), Is.EquivalentTo(figures), "the revision holds every value of the file");
        });
    }

    [Test]
    public async Task KilledWhilePublishingToThousandsOfInstitutions_StoresAllOrNothing_AndPublishingAgainCompletes()
    {
        var banks = await AddBanksAsync();
        var expected = Requirements * banks;
        var supervisor = await app.ClientForAsync("supervisor-sh");
        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", LargeCircular())).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        bool answered;

        // The publish writes the circular's new status, the obligations and their due items in one transaction. The
        // test holds it at the due item of the last obligation of the last requirement (a trigger in the test
        // database; nothing in the app): were some obligations committed on their own, they would outlive the kill.
        var lastRequirement = await database.QueryAsync(db => db.Requirements.Where(r => r.CircularId == id).MaxAsync(r => r.Id));
        await using (await PauseAsync("DueItems",
            $"NEW.\"ObligationId\" = (SELECT max(\"Id\") FROM \"Obligations\") AND (SELECT \"RequirementId\" FROM \"Obligations\" WHERE \"Id\" = NEW.\"ObligationId\") = {lastRequirement}"))
        {
            var publish = supervisor.PostAsync($"/api/circulars/{id}/publish", null);
            await Eventually.UntilAsync(async () => publish.IsCompleted || await PausedWriterAsync(), "the app's publish transaction to be open and held", interval: TimeSpan.FromMilliseconds(20));
            Assert.That(publish.IsCompleted, Is.False, $"the publish had not answered when its transaction was seen open ({expected} obligations to write): {(publish.IsCompleted ? await publish.Result.Content.ReadAsStringAsync() : "")}");
            if (provider == DatabaseProvider.PostgreSQL)
            {
                Assert.That(await HeldWritesAsync(), Is.SupersetOf(new[] { "Circulars", "Obligations", "DueItems" }), "held after writing the circular, obligations and due items");
            }

            app.Kill();
            answered = await AnsweredAsync(publish);
        }

        // The kill landed inside the transaction; were the commit to win the race by a hair, the answer was sent.
        await WaitForDeadConnectionsAsync();
        var afterCrash = await CountsAsync(id);
        TestContext.Out.WriteLine($"after SIGKILL: {afterCrash.Obligations} obligations, {afterCrash.DueItems} due items, circular {afterCrash.Status} (answered: {answered})");
        Assert.That(afterCrash, Is.EqualTo((0, 0, "Draft")).Or.EqualTo((expected, expected, "Published")), "all of the publish or none of it");
        if (!answered)
        {
            Assert.That(afterCrash.Obligations, Is.Zero, "no answer, no commit");
        }

        await app.RestartAsync();
        supervisor = await app.ClientForAsync("supervisor-sh");
        var again = await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("obligationsCreated").GetInt32(), Is.EqualTo(expected - afterCrash.Obligations));
            Assert.That(await CountsAsync(id), Is.EqualTo((expected, expected, "Published")));
        });
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string url, byte[] workbook) =>
        ExcelRoundTripTests.UploadAsync(client, $"{url}/import", workbook);

    private static IQueryable<SubmissionRevision> RevisionsOf(ComplianceDbContext db, string period, string bank) =>
        db.SubmissionRevisions.Where(r => db.Submissions.Any(s => s.Id == r.SubmissionId && s.Period.Key == period && s.Institution.Code == bank && s.Form.Code == Form));

    private static async Task<bool> AnsweredAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            (await request).Dispose();
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private Task<(int Obligations, int DueItems, string Status)> CountsAsync(int circularId) => database.QueryAsync(async db => (
        await db.Obligations.CountAsync(o => o.Requirement.CircularId == circularId),
        await db.DueItems.CountAsync(d => d.Obligation.Requirement.CircularId == circularId),
        (await db.Circulars.SingleAsync(c => c.Id == circularId)).Status.ToString()));

    /// <summary>
    /// Thousands of banks in Shanghai, written straight into the database; returns how many banks Shanghai has now.
    /// (Not in 上党区: the demo seeds two accounts for each 上党 institution at every start.)
    /// </summary>
    private Task<int> AddBanksAsync() => database.QueryAsync(async db =>
    {
        var district = await db.Jurisdictions.SingleAsync(j => j.Code == "SH");
        db.Institutions.AddRange(Enumerable.Range(1, ExtraBanks).Select(i => new Institution
        {
            Code = $"CT-CRASH-{i:D4}",
            Name = $"崩溃测试村镇银行{i}",
            Type = InstitutionType.Bank,
            IsLegalEntity = true,
            Path = $"/CT-CRASH-{i:D4}/",
            JurisdictionId = district.Id,
        }));
        await db.SaveChangesAsync();
        return await db.Institutions.CountAsync(i => i.Type == InstitutionType.Bank && i.Jurisdiction.Path.StartsWith(district.Path));
    });

    private static object LargeCircular()
    {
        var clauses = Enumerable.Range(1, Requirements).Select(n => $"第{n}项：请于文发之后十日内报送第{n}项落实情况。").ToList();
        return new
        {
            documentNumber = "沪金发〔2026〕999号",
            title = "关于报送落实情况的通知（崩溃测试）",
            issuers = new[] { "上海市地方金融管理局" },
            issuedOn = "2026-11-02",
            text = "各银行机构：" + string.Concat(clauses),
            requirements = clauses.Select((clause, n) => new
            {
                clause = $"第{n + 1}项",
                text = clause,
                kind = "Deadline",
                dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays", source = "于文发之后十日内" },
                appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false, text = "各银行机构" },
            }).ToArray(),
        };
    }

    /// <summary>Is some connection of the app inside a transaction that has written?</summary>
    private async Task<bool> WriteTransactionOpenAsync()
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            return await PostgresBackendsAsync("backend_xid IS NOT NULL") > 0;
        }

        // A SQLite writer holds the RESERVED lock from its first write (EF begins IMMEDIATE) to its commit; while it
        // does, another BEGIN IMMEDIATE is refused as busy. Asked natively with no busy timeout, so that the answer is
        // about this moment (Microsoft.Data.Sqlite would wait for the lock and retry).
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var handle = connection.Handle!;
        SQLitePCL.raw.sqlite3_busy_timeout(handle, 0);
        var begun = SQLitePCL.raw.sqlite3_exec(handle, "BEGIN IMMEDIATE");
        if (begun == SQLitePCL.raw.SQLITE_BUSY)
        {
            return true;
        }

        Assert.That(begun, Is.EqualTo(SQLitePCL.raw.SQLITE_OK), "BEGIN IMMEDIATE");
        SQLitePCL.raw.sqlite3_exec(handle, "ROLLBACK");
        return false;
    }

    private int heldPolls;

    /// <summary>
    /// Is an app transaction that has written held by the test's trigger? PostgreSQL says so: the session waits for
    /// the test's advisory lock. SQLite cannot say which statement a writer is at, so the write lock must be seen held
    /// on 100 polls in a row (seconds; no single save of these tests holds it that long, the trigger holds it forever).
    /// </summary>
    private async Task<bool> PausedWriterAsync()
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            return await PostgresBackendsAsync("backend_xid IS NOT NULL AND wait_event_type = 'Lock' AND wait_event = 'advisory'") > 0;
        }

        heldPolls = await WriteTransactionOpenAsync() ? heldPolls + 1 : 0;
        return heldPolls >= 100;
    }

    /// <summary>PostgreSQL: the tables the held transaction has written to (it holds their row-exclusive locks).</summary>
    private async Task<List<string>> HeldWritesAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT c.relname FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation AND c.relkind = 'r'
            JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.datname = current_database() AND a.wait_event = 'advisory' AND l.mode = 'RowExclusiveLock' AND l.granted
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task<long> PostgresBackendsAsync(string condition)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND {condition}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// PostgreSQL ends the killed app's sessions, rolling back what they had not committed, once it notices their
    /// client is gone; the test waits for that before it looks (SQLite needs nothing: the locks die with the process).
    /// </summary>
    private async Task WaitForDeadConnectionsAsync()
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            NpgsqlConnection.ClearAllPools();
            await Eventually.UntilAsync(async () => await PostgresBackendsAsync("true") == 0, "the killed app's database sessions to end", TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>
    /// Holds the app's transaction when it inserts a row into <paramref name="table"/> for which
    /// <paramref name="condition"/> (SQL over <c>NEW</c>, read by both databases) holds, until disposed. PostgreSQL: a
    /// trigger waits for an advisory lock the test holds. SQLite: a trigger runs a query that does not end in any
    /// reasonable time (the process is killed during it). Disposing removes the trigger. Test data only: the app
    /// has no such hook.
    /// </summary>
    private async Task<IAsyncDisposable> PauseAsync(string table, string condition = "1 = 1")
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            var holder = new NpgsqlConnection(database.ConnectionString);
            await holder.OpenAsync();
            await ExecuteAsync(holder,
                "SELECT pg_advisory_lock(" + PauseLock + ")",
                "CREATE FUNCTION ct_test_pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF " + condition + " THEN PERFORM pg_advisory_xact_lock(" + PauseLock + "); END IF; RETURN NEW; END $$",
                $"CREATE TRIGGER ct_test_pause BEFORE INSERT ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION ct_test_pause()");
            return new Pause(async () =>
            {
                app.Kill(); // already dead unless the test failed before its kill; the next test starts it again
                await ExecuteAsync(holder, "SELECT pg_advisory_unlock(" + PauseLock + ")");
                await holder.DisposeAsync();
                await WaitForDeadConnectionsAsync();
                await using var cleanup = new NpgsqlConnection(database.ConnectionString);
                await cleanup.OpenAsync();
                await ExecuteAsync(cleanup, $"DROP TRIGGER ct_test_pause ON \"{table}\"", "DROP FUNCTION ct_test_pause()");
            });
        }

        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection,
            "CREATE TABLE ct_test_pause(x INTEGER)",
            "INSERT INTO ct_test_pause WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c",
            $"CREATE TRIGGER ct_test_pause BEFORE INSERT ON \"{table}\" WHEN {condition} BEGIN SELECT count(*) FROM ct_test_pause a, ct_test_pause b, ct_test_pause c; END");
        return new Pause(async () =>
        {
            app.Kill();
            await ExecuteAsync(connection, "DROP TRIGGER ct_test_pause", "DROP TABLE ct_test_pause");
            await connection.DisposeAsync();
        });
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private sealed class Pause(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
