using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Npgsql;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own for a test: a SQLite file in a temporary folder, or a fresh PostgreSQL database on the
/// server named by <c>COMPLIANCE_TEST_POSTGRES</c> (skipped without it, failed without it under <c>CI=true</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? postgresDatabase;
    private readonly string? postgresAdmin;

    private TestDatabase(DatabaseProvider provider, string folder, string connectionString, string? postgresDatabase, string? postgresAdmin)
    {
        Provider = provider;
        Folder = folder;
        ConnectionString = connectionString;
        this.postgresDatabase = postgresDatabase;
        this.postgresAdmin = postgresAdmin;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>A temporary folder for this database's servers (the SQLite file lives here).</summary>
    public string Folder { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (provider != DatabaseProvider.PostgreSQL)
        {
            return new TestDatabase(provider, folder, $"Data Source={Path.Combine(folder, "compliance.db")}", null, null);
        }

        var (connectionString, database, admin) = await CreatePostgresDatabaseAsync();
        return new TestDatabase(provider, folder, connectionString, database, admin);
    }

    /// <summary>Creates a fresh PostgreSQL database; ignores the test when no server is configured, fails under CI.</summary>
    public static async Task<(string ConnectionString, string Database, string Admin)> CreatePostgresDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable(ComplianceApp.PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"{ComplianceApp.PostgresVariable} is not set: CI must run the PostgreSQL tests.");
            }

            Assert.Ignore($"PostgreSQL tests skipped: set {ComplianceApp.PostgresVariable} to a connection string of a server where the user may create databases (.ci/run does).");
        }

        var database = $"ct_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return (new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, database, admin!);
    }

    public static async Task DropPostgresDatabaseAsync(string admin, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A context on this database, as the app builds it (for checks and for setting up data).</summary>
    public ComplianceDbContext Context() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteComplianceDbContext(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteComplianceDbContext>(), Provider, ConnectionString)),
        DatabaseProvider.PostgreSQL => new PostgresComplianceDbContext(DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresComplianceDbContext>(), Provider, ConnectionString)),
        _ => throw new NotSupportedException(Provider.ToString()),
    };

    public async Task<T> QueryAsync<T>(Func<ComplianceDbContext, Task<T>> query)
    {
        await using var db = Context();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgresDatabase is not null)
        {
            await DropPostgresDatabaseAsync(postgresAdmin!, postgresDatabase);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>
/// The built app (<c>ComplianceTracker.Web.dll</c>) run by <c>dotnet</c> as a child process on a free loopback
/// port, configured by environment variables like a real server, with its own home folder (so it shares nothing
/// with another server but the database). It can be killed with SIGKILL and started again on the same database.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly TestDatabase database;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly string home;
    private readonly ConcurrentQueue<string> output = new();
    private readonly List<HttpClient> clients = [];
    private Process? process;

    private AppProcess(string name, TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.database = database;
        this.settings = settings;
        home = Path.Combine(database.Folder, name);
        Directory.CreateDirectory(home);
    }

    public string Name { get; }

    public int Port { get; } = FreePort.Next();

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The process id of the running app (to tell its connections from others).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Everything the app wrote to stdout and stderr, across restarts.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>
    /// Starts a server on <paramref name="database"/> and waits until <c>/health/ready</c> answers 200. Jobs are off
    /// unless <paramref name="settings"/> turns them on (<c>Jobs:RunServer</c>).
    /// </summary>
    public static async Task<AppProcess> StartAsync(string name, TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new AppProcess(name, database, settings ?? new Dictionary<string, string>());
        await app.StartAsync();
        return app;
    }

    /// <summary>The app's build output: beside the test's own, under <c>src/ComplianceTracker.Web/bin/&lt;Configuration&gt;/net10.0</c>.</summary>
    public static string AppDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ComplianceTracker.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, $"no ComplianceTracker.sln above {AppContext.BaseDirectory}");
        var dll = Path.Combine(root!.FullName, "src", "ComplianceTracker.Web", "bin", configuration, testOutput.Name, "ComplianceTracker.Web.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is missing: the test project references the app, so building the tests builds it.");
        return dll;
    }

    public async Task StartAsync()
    {
        Assert.That(process is null || process.HasExited, Is.True, $"{Name} is already running");
        var dll = AppDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in Environment())
        {
            start.Environment[key] = value;
        }

        output.Enqueue($"== {Name}: starting on {Address} ==");
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>SIGKILL (on Linux <c>Process.Kill</c> sends SIGKILL): no shutdown, no flush, no rollback by the app.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        output.Enqueue($"== {Name}: killed (exit code {process.ExitCode}) ==");
        Assert.That(process.ExitCode, Is.EqualTo(128 + 9), $"{Name} ended by SIGKILL");
    }

    /// <summary>Kills the app if it runs and starts it again on the same database and port.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartAsync();
    }

    /// <summary>A client of this server (no automatic redirects); pass one cookie jar to several servers to act as one browser.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };
        clients.Add(client);
        return client;
    }

    /// <summary>A client with a bearer token for a demo user.</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = ComplianceApp.DemoPassword });
        var token = await response.ExpectAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Writes the app's output to the test's output (call when a test failed).</summary>
    public void WriteOutputTo(TextWriter writer) => writer.WriteLine(Output);

    public ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        Kill();
        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private Dictionary<string, string> Environment()
    {
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Compliance"] = database.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:DataFolder"] = home,
            ["Seed:Demo"] = "true",
            ["Seed:DemoPassword"] = ComplianceApp.DemoPassword,
            ["Auth:SigningKey"] = "integration-tests-signing-key-0123456789abcdef",
            ["Jobs:RunServer"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var environment = configuration.ToDictionary(c => c.Key.Replace(":", "__", StringComparison.Ordinal), c => c.Value, StringComparer.Ordinal);
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_URLS"] = Address.ToString().TrimEnd('/');
        // A home of its own: data-protection keys are not shared through ~/.aspnet, as on two machines.
        environment["HOME"] = home;
        environment["DOTNET_NOLOGO"] = "1";
        return environment;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            output.Enqueue($"[{Name}] {line}");
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                Assert.Fail($"{Name} exited with code {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{Name} did not answer /health/ready with 200 within {StartTimeout.TotalSeconds} s:\n{Output}");
    }
}

/// <summary>Polls a condition until it holds, failing with a message naming what was awaited after a generous timeout.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }

        Assert.Fail($"timed out waiting for {what}");
        return null!;
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        await WaitForAsync<object>(async () => await condition() ? new object() : null, what, timeout, interval);
}
