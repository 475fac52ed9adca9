// Scale run for weekly reporting: starts the real app as its own process on loopback over a database filled to the
// scale of PRODUCT.md, then measures submissions over HTTP and completeness, each beside a baseline measured in the
// same run. Not a test: nothing here asserts a time. See the README ("Benchmarks") for the command.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ComplianceTracker.Benchmarks;
using ComplianceTracker.Web.Data;
using Npgsql;

var options = Options.Parse(args);
Console.WriteLine(options.IsExports
    ? $"# Exports at scale — {options.Provider}, {options.Institutions:N0} institutions"
    : options.IsPages
    ? $"# Supervisor pages — {options.Provider}, {options.Institutions:N0} institutions"
    : options.IsRegistry
    ? $"# Registry import — {options.Provider}, {options.Rows:N0} rows into a registry of {options.Institutions:N0}"
    : options.IsPeak
    ? $"# Due-morning peak — {options.Provider}, {options.Institutions:N0} institutions"
    : $"# Weekly reporting at scale — {options.Provider}, {options.Institutions:N0} institutions, {options.Submitters:N0} submitting, concurrency {options.Concurrency}, open-loop rate {options.Rate}/s");
Console.WriteLine($"command: dotnet run -c Release --project tests/ComplianceTracker.Benchmarks -- {options.CommandLine}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var work = Directory.CreateTempSubdirectory("ct-bench-");
var (connectionString, dropDatabase) = await PrepareDatabaseAsync(options, work.FullName);
var port = FreePort();
using var server = StartServer(options, connectionString, work.FullName, port);
// Stopped from outside (Ctrl+C, kill), the benchmark takes its server with it.
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    try
    {
        if (!server.HasExited)
        {
            server.Kill(entireProcessTree: true);
        }
    }
    catch (InvalidOperationException)
    {
        // Already stopped and disposed at the end of a normal run.
    }
};
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
try
{
    await WaitReadyAsync(http, server);
    var setup = Stopwatch.StartNew();
    var scenario = await Scenario.BuildAsync(options, connectionString);
    Console.WriteLine($"setup: {setup.Elapsed.TotalSeconds:F0} s ({scenario.SubmissionRows:N0} past submissions over {scenario.PastPeriods.Count} periods)");
    if (options.IsRegistry)
    {
        await RegistryBench.RunAsync(options, server, Client(http, scenario.SupervisorToken), connectionString);
        return;
    }

    if (options.IsExports)
    {
        await ExportBench.RunAsync(Client(http, scenario.SupervisorToken), server, options.Institutions, scenario.PastPeriods);
        return;
    }

    if (options.IsPages)
    {
        await PagesBench.RunAsync(options, server, http, connectionString);
        return;
    }

    if (options.IsPeak)
    {
        await new PeakBench(options, scenario, server, http.BaseAddress!, connectionString).RunAsync();
        return;
    }

    // 1. Closed loop: the first batch of institutions saves and submits the open week as fast as the server allows.
    var health = new LoadStats("baseline: GET /health/live");
    await RunClosedLoopAsync(options.Submitters, options.Concurrency, health, async _ =>
    {
        var (r, t) = await LoadStats.TimeAsync(() => http.GetAsync("/health/live"));
        health.Add(t, r.IsSuccessStatusCode);
    });

    var save = new LoadStats("PUT save draft (closed loop)");
    var submit = new LoadStats("POST submit (closed loop)");
    var pairs = await RunClosedLoopAsync(options.Submitters, options.Concurrency, save, i => SaveAndSubmitAsync(http, scenario, i, save, submit));
    submit.Elapsed = pairs;

    // 2. Open loop at a fixed offered rate (the Monday-morning peak), on the second batch of institutions.
    var openSave = new LoadStats($"PUT save draft (open loop {options.Rate}/s)");
    var openSubmit = new LoadStats($"POST submit (open loop {options.Rate}/s)");
    var (openElapsed, _) = await LoadStats.RunOpenLoopAsync(options.Submitters, i => TimeSpan.FromSeconds((double)i / options.Rate), i => SaveAndSubmitAsync(http, scenario, options.Submitters + i, openSave, openSubmit));
    openSave.Elapsed = openSubmit.Elapsed = openElapsed;

    // 2b. The same writes as plain SQL (ADO.NET), with the same clients, on a third batch of institutions.
    var plain = await PlainSqlBaseline.PrepareAsync(options, scenario, connectionString);
    var plainSave = new LoadStats("baseline: plain SQL save (INSERT submission, revision)");
    var plainSubmit = new LoadStats("baseline: plain SQL submit (UPDATE submission, due item; INSERT event, change)");
    var plainPairs = await RunClosedLoopAsync(options.Submitters, options.Concurrency, plainSave, i => plain.SaveAndSubmitAsync(i, plainSave, plainSubmit));
    plainSubmit.Elapsed = plainPairs;

    Console.WriteLine();
    Console.WriteLine(LoadStats.Header);
    foreach (var stats in new[] { health, save, submit, openSave, openSubmit, plainSave, plainSubmit })
    {
        Console.WriteLine(stats.Row());
    }

    Console.WriteLine();
    Console.WriteLine($"closed loop, save+submit pairs a second: app {options.Submitters / pairs.TotalSeconds:F0}, plain SQL {options.Submitters / plainPairs.TotalSeconds:F0}; the app at {plainPairs.TotalSeconds / pairs.TotalSeconds:F2} of plain SQL");

    // 3. Completeness at full scale: one period and 26 periods, beside the bare count query the first one needs.
    var supervisor = Client(http, scenario.SupervisorToken);
    var onePeriod = new LoadStats($"GET completeness, 1 period × {options.Institutions:N0}");
    var range = new LoadStats($"GET completeness, {scenario.PastPeriods.Count} periods × {options.Institutions:N0} (every row, as a bank's system reads it)");
    var rangePage = new LoadStats($"GET completeness, {scenario.PastPeriods.Count} periods, a page of 50 with the rates over all {options.Institutions:N0} (as the page reads it)");
    var bare = new LoadStats("baseline: SELECT COUNT(*) of one period's submissions");
    for (var i = 0; i < 10; i++)
    {
        var key = scenario.PastPeriods[i % scenario.PastPeriods.Count];
        var (r, t) = await LoadStats.TimeAsync(() => supervisor.GetAsync($"/api/forms/{Scenario.FormCode}/periods/{key}/completeness"));
        onePeriod.Add(t, r.IsSuccessStatusCode);
        var (_, c) = await LoadStats.TimeAsync(() => scenario.CountSubmissionsAsync(key));
        bare.Add(c, true);
    }

    for (var i = 0; i < 5; i++)
    {
        var (r, t) = await LoadStats.TimeAsync(() => supervisor.GetAsync($"/api/forms/{Scenario.FormCode}/completeness?from={scenario.PastPeriods[0]}&to={scenario.PastPeriods[^1]}"));
        range.Add(t, r.IsSuccessStatusCode);
        var (p, u) = await LoadStats.TimeAsync(() => supervisor.GetAsync($"/api/forms/{Scenario.FormCode}/completeness?from={scenario.PastPeriods[0]}&to={scenario.PastPeriods[^1]}&page=1"));
        rangePage.Add(u, p.IsSuccessStatusCode);
    }

    Console.WriteLine(bare.Row());
    Console.WriteLine(onePeriod.Row());
    Console.WriteLine(range.Row());
    Console.WriteLine(rangePage.Row());
    Console.WriteLine();
    Console.WriteLine($"server peak memory (VmHWM): {ExportBench.PeakMb(server.Id)} MB");

    // 3b. The escalation and reminder sweeps' reads at full scale.
    await SweepBench.RunAsync(options, scenario, connectionString);

    // 4. Exports at full scale, and the writer and the extractor beside their baselines.
    await ExportBench.OverHttpAsync(supervisor, server, Scenario.FormCode, scenario.PastPeriods[^1], scenario.PastPeriods[0], scenario.PastPeriods[^1]);
    ExportBench.WriterBesideBaseline(options.Institutions, 40);
    ExportBench.ExtractionBesideBaseline();
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }

    await dropDatabase();
    work.Delete(recursive: true);
}

static HttpClient Client(HttpClient shared, string token)
{
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = shared.BaseAddress, Timeout = shared.Timeout };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

static async Task SaveAndSubmitAsync(HttpClient http, Scenario scenario, int index, LoadStats save, LoadStats submit)
{
    var institution = scenario.InstitutionCode(index);
    var url = $"/api/forms/{Scenario.FormCode}/periods/{scenario.OpenPeriod}/submissions/{institution}";
    using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(scenario.SaveBody, Encoding.UTF8, "application/json") };
    put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.Tokens[index]);
    var (saved, t1) = await LoadStats.TimeAsync(() => http.SendAsync(put));
    save.Add(t1, saved.StatusCode == HttpStatusCode.OK);
    using var post = new HttpRequestMessage(HttpMethod.Post, $"{url}/submit") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.Tokens[index]);
    var (submitted, t2) = await LoadStats.TimeAsync(() => http.SendAsync(post));
    submit.Add(t2, submitted.StatusCode == HttpStatusCode.OK);
    if (submitted.StatusCode != HttpStatusCode.OK && index % 500 == 0)
    {
        Console.WriteLine($"  {institution}: {(int)saved.StatusCode}/{(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
    }
}

static async Task<TimeSpan> RunClosedLoopAsync(int count, int concurrency, LoadStats stats, Func<int, Task> work)
{
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            await work(i);
        }
    }));
    stats.Elapsed = watch.Elapsed;
    return watch.Elapsed;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartServer(Options options, string connectionString, string work, int port)
{
    var web = Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll");
    var start = new ProcessStartInfo("dotnet", $"\"{web}\" --urls http://127.0.0.1:{port}")
    {
        WorkingDirectory = AppContext.BaseDirectory,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["Database__Provider"] = options.Provider.ToString();
    start.Environment["ConnectionStrings__Compliance"] = connectionString;
    start.Environment["Database__MigrateOnStartup"] = "true";
    start.Environment["Database__DataFolder"] = work;
    start.Environment["Seed__Demo"] = "false";
    start.Environment["Auth__SigningKey"] = Scenario.SigningKey;
    start.Environment["Logging__LogLevel__Default"] = "Warning";

    // Every client here signs in from 127.0.0.1: the per-address sign-in limit (default 60 a minute) is lifted.
    start.Environment["SignInLimit__PerAddressPerMinute"] = Scenario.SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    StreamWriter? log = null;
    if (options.ServerLog is { } file)
    {
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        log = new StreamWriter(file, append: false) { AutoFlush = true };
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data is not { Length: > 0 } line)
        {
            return;
        }

        if (log is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }

        if (line.Contains("fail", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"[server] {line}");
        }
    };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.Error.WriteLine($"[server] {line}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http, Process server)
{
    for (var i = 0; i < 240; i++)
    {
        if (server.HasExited)
        {
            throw new InvalidOperationException($"server exited with {server.ExitCode}");
        }

        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(500);
    }

    throw new TimeoutException("server not ready after 120 s");
}

static async Task<(string ConnectionString, Func<Task> Drop)> PrepareDatabaseAsync(Options options, string work)
{
    if (options.Provider == DatabaseProvider.Sqlite)
    {
        return ($"Data Source={Path.Combine(work, "bench.db")}", () => Task.CompletedTask);
    }

    var admin = options.Connection ?? Environment.GetEnvironmentVariable("COMPLIANCE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("PostgreSQL: pass --connection or set COMPLIANCE_TEST_POSTGRES.");
    var database = $"ct_bench_{Guid.NewGuid():N}";
    int pool;
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection).ExecuteNonQueryAsync();

        // The server's pool must fit under max_connections, beside other clients, Hangfire and the benchmark's own
        // queries: a pool larger than that fails with 53300 "too many clients" once reads open every connection.
        var max = Convert.ToInt32(await new NpgsqlCommand("SELECT setting::int FROM pg_settings WHERE name = 'max_connections'", connection).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var used = Convert.ToInt32(await new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity", connection).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        pool = Math.Clamp(max - used - 30, 10, 200);
        Console.WriteLine($"PostgreSQL: max_connections {max}, {used} in use before the run; the server's pool (Maximum Pool Size) is {pool}");
    }

    return (new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = pool }.ConnectionString, async () =>
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
    });
}

