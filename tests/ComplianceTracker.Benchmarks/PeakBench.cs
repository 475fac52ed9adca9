using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The due morning: every institution arrives once between the office opening (08:30 China time) and the due moment
/// of the open week (12:00), most of them (80 %) in the first half hour, the rest evenly until the due moment; the
/// morning is replayed <see cref="Options.Compress"/> times faster. Each arrival is one bank's visit with its own
/// reporter's token: open the form, save, submit (some download the Excel form and upload it instead of saving, some
/// save a correction). A baseline in the same run sends the same number of requests on the same schedule, visit by
/// visit, to <c>GET /health/live</c>. Measures, never asserts.
/// </summary>
public sealed class PeakBench(Options options, Scenario scenario, Process server, Uri address, string connectionString)
{
    private const string View = "GET view";
    private const string Save = "PUT save";
    private const string Correction = "PUT save (correction)";
    private const string Template = "GET template.xlsx";
    private const string Import = "POST import";
    private const string Submit = "POST submit";
    private static readonly string[] Kinds = [View, Save, Correction, Template, Import, Submit];

    private static readonly TimeSpan OfficeOpens = new(8, 30, 0);
    private static readonly TimeSpan FirstWindow = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(10);
    private const double FirstShare = 0.8;

    private enum Way
    {
        Page,
        PageWithCorrection,
        Excel,
    }

    /// <summary>One institution's visit: when it arrives (real time after the office opens) and what it does.</summary>
    private sealed record Arrival(int Institution, TimeSpan RealAt, Way Way)
    {
        public string[] Requests => Way switch
        {
            Way.Page => [View, Save, Submit],
            Way.PageWithCorrection => [View, Save, Correction, Submit],
            _ => [View, Template, Import, Submit],
        };
    }

    /// <summary>What one pass over the schedule measured.</summary>
    private sealed class Run(string title, string? standIn = null)
    {
        private readonly List<double> completed = [];

        public string Title { get; } = title;
        public Dictionary<string, LoadStats> ByKind { get; } = Kinds.ToDictionary(k => k, k => new LoadStats(standIn is null ? k : $"{standIn} in place of {k}"));
        public LoadStats All { get; } = new("all requests");
        public LoadStats Visits { get; } = new("whole visit (arrival → submit answered)");
        public Stopwatch Clock { get; } = new();
        public TimeSpan StartLag { get; set; }
        public int Abandoned;
        public int MaxServerThreads { get; set; }

        public void Record(string kind, TimeSpan latency, string status, bool ok)
        {
            ByKind[kind].Add(latency, status, ok);
            All.Add(latency, status, ok);
            lock (completed)
            {
                completed.Add(Clock.Elapsed.TotalSeconds);
            }
        }

        public int CompletedBetween(double from, double to) => completed.Count(t => t >= from && t < to);

        public int Ok(string kind) => ByKind[kind].Count - ByKind[kind].Failures;
    }

    public async Task RunAsync()
    {
        var arrivals = Schedule();
        var window = arrivals.Count == 0 ? TimeSpan.Zero : Window();
        var compressedWindow = window / options.Compress;
        Console.WriteLine($"due moment: {ChinaTime.ToChina(scenario.OpenDueAt):yyyy-MM-dd HH:mm} China time (open week {scenario.OpenPeriod}); the office opens at {OfficeOpens:hh\\:mm}, so the morning lasts {window.TotalMinutes:F0} minutes");
        Console.WriteLine($"arrivals: {arrivals.Count:N0} institutions, {FirstShare:P0} in the first {FirstWindow.TotalMinutes:F0} minutes, the rest evenly until the due moment; " +
            $"{arrivals.Count(a => a.Way == Way.Excel):N0} upload the Excel form, {arrivals.Count(a => a.Way == Way.PageWithCorrection):N0} save a correction, the rest save once in the page");
        Console.WriteLine($"compression: ×{options.Compress:G} — the {window.TotalMinutes:F0} minutes are replayed in {compressedWindow.TotalSeconds:F0} s; offered rates below are of the compressed run (real ones are {options.Compress:G} times lower)");
        Console.WriteLine($"load generator: one HttpClient, at most {options.Connections} connections, no client timeout; server SignInLimit:PerAddressPerMinute = {Scenario.SignInLimit:N0} (raised from 60: every client is 127.0.0.1)");
        PrintCurve(arrivals, null, null);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        await SignInAsync(http, arrivals);
        var files = ExcelFiles(arrivals);
        await WarmUpAsync(http, arrivals);

        Console.WriteLine($"database before: {await DatabaseSizeAsync()}");
        var baseline = await MeasureAsync("baseline: GET /health/live", arrivals, (run, a) => BaselineVisitAsync(http, run, a), "/health/live");
        var baselineState = Snapshot(baseline);
        var peak = await MeasureAsync("peak", arrivals, (run, a) => VisitAsync(http, run, a, files));
        Console.WriteLine($"database after: {await DatabaseSizeAsync()}");

        Console.WriteLine();
        Console.WriteLine($"## Due-morning peak — {options.Provider}, {arrivals.Count:N0} institutions, ×{options.Compress:G}");
        foreach (var run in new[] { peak, baseline })
        {
            Console.WriteLine();
            Console.WriteLine($"### {run.Title}: schedule {compressedWindow.TotalSeconds:F0} s, run {run.All.Elapsed.TotalSeconds:F0} s (last answer), latest start {run.StartLag.TotalMilliseconds:F0} ms behind its time");
            Console.WriteLine(LoadStats.PeakHeader);
            foreach (var stats in run.ByKind.Values.Where(s => s.Count > 0).Append(run.All).Append(run.Visits))
            {
                stats.Elapsed = run.All.Elapsed;
                Console.WriteLine(stats.PeakRow(compressedWindow));
            }

            Console.WriteLine($"answers that were not a success: {run.All.Unsuccessful}; 409: {run.All.CountOf("409")} (none expected: every save names the revision it read); visits abandoned after a failed step: {run.Abandoned}");
        }

        Console.WriteLine();
        Console.WriteLine("### offered and achieved, per 10 minutes of the morning");
        PrintCurve(arrivals, peak, baseline);

        Console.WriteLine();
        Console.WriteLine($"### conditions");
        Console.WriteLine($"- baseline: {baselineState}");
        Console.WriteLine($"- peak: {Snapshot(peak)}");
        await CheckAsync(peak);
    }

    /// <summary>Arrival times, the order of institutions and who does what: fixed by a seed, the same for both runs.</summary>
    private List<Arrival> Schedule()
    {
        var n = options.Institutions;
        var random = new Random(20_261_123);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var positions = Enumerable.Range(0, n).ToArray();
        random.Shuffle(positions);
        var ways = new Way[n];
        var imports = (int)Math.Round(n * options.ImportShare);
        var corrections = (int)Math.Round(n * options.CorrectionShare);
        foreach (var p in positions.Take(imports))
        {
            ways[p] = Way.Excel;
        }

        foreach (var p in positions.Skip(imports).Take(corrections))
        {
            ways[p] = Way.PageWithCorrection;
        }

        var first = (int)Math.Round(n * FirstShare);
        var rest = Window() - FirstWindow;
        return Enumerable.Range(0, n)
            .Select(k => new Arrival(order[k], k < first ? FirstWindow * k / first : FirstWindow + (rest * (k - first) / Math.Max(1, n - first)), ways[k]))
            .ToList();
    }

    private TimeSpan Window() => ChinaTime.ToChina(scenario.OpenDueAt).TimeOfDay - OfficeOpens;

    /// <summary>Some reporters sign in through the server (their tokens are used in the run); the rest are minted.</summary>
    private async Task SignInAsync(HttpClient http, List<Arrival> arrivals)
    {
        var signIns = new LoadStats("POST /api/auth/token");
        var next = -1;
        var count = Math.Min(options.SignIns, arrivals.Count);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var k = Interlocked.Increment(ref next); k < count; k = Interlocked.Increment(ref next))
            {
                var institution = arrivals[k].Institution;
                var request = new { userName = $"{scenario.InstitutionCode(institution)}-reporter", password = Scenario.Password };
                var (response, latency) = await LoadStats.TimeAsync(() => http.PostAsJsonAsync("/api/auth/token", request));
                signIns.Add(latency, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), response.IsSuccessStatusCode);
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    scenario.Tokens[institution] = body.RootElement.GetProperty("accessToken").GetString()!;
                }
            }
        }));
        signIns.Elapsed = watch.Elapsed;
        Console.WriteLine($"tokens: {count - signIns.Failures:N0} reporters signed in through POST /api/auth/token before the run (4 at a time, {signIns.Count / watch.Elapsed.TotalSeconds:F1}/s, " +
            $"p50 {signIns.Percentile(50):F0} ms, p95 {signIns.Percentile(95):F0} ms, not 2xx: {signIns.Unsuccessful}); " +
            $"the other {arrivals.Count - count + signIns.Failures:N0} tokens are minted by the benchmark with the server's signing key and the same claims, " +
            $"because each sign-in costs a password hash check: {arrivals.Count:N0} of them would take about {arrivals.Count * watch.Elapsed.TotalSeconds / Math.Max(1, count) / 60:F0} minutes here");
    }

    /// <summary>The filled form each uploading institution will send, made before the run so the load generator stays light.</summary>
    private Dictionary<int, byte[]> ExcelFiles(List<Arrival> arrivals)
    {
        var watch = Stopwatch.StartNew();
        var writer = new FormWorkbookWriter(Path.Combine(AppContext.BaseDirectory, "templates", ExcelRoundTripHandler.TemplateFile));
        var files = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
        Parallel.ForEach(arrivals.Where(a => a.Way == Way.Excel), new ParallelOptions { MaxDegreeOfParallelism = 2 }, a => files[a.Institution] = scenario.FilledWorkbook(writer, a.Institution));
        Console.WriteLine($"Excel forms: {files.Count:N0} filled with the week's figures by the server's own writer before the run ({watch.Elapsed.TotalSeconds:F0} s, {files.Values.Sum(f => (long)f.Length) / Math.Max(1, files.Count) / 1024} KB each)");
        return new Dictionary<int, byte[]>(files);
    }

    /// <summary>Reads only (views and templates of a few institutions), so the first visits do not pay for the JIT.</summary>
    private async Task WarmUpAsync(HttpClient http, List<Arrival> arrivals)
    {
        foreach (var a in arrivals.Take(20))
        {
            using var view = await http.SendAsync(Request(HttpMethod.Get, SubmissionUrl(a), a));
            using var template = await http.SendAsync(Request(HttpMethod.Get, TemplateUrl(a), a));
            using var health = await http.GetAsync("/health/live");
        }
    }

    private async Task<Run> MeasureAsync(string title, List<Arrival> arrivals, Func<Run, Arrival, Task<bool>> visit, string? standIn = null)
    {
        ExportBench.ResetPeak(server.Id);
        var run = new Run(title, standIn);
        loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        serverCpuBefore = ServerCpu();
        ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        run.Clock.Start();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleThreadsAsync(run, sampling.Token);
        var (elapsed, lag) = await LoadStats.RunOpenLoopAsync(arrivals.Count, k => arrivals[k].RealAt / options.Compress, async k =>
        {
            var watch = Stopwatch.StartNew();
            var done = await visit(run, arrivals[k]);
            run.Visits.Add(watch.Elapsed, done ? "200" : "abandoned", done);
        });
        run.All.Elapsed = elapsed;
        run.StartLag = lag;
        await sampling.CancelAsync();
        await sampler;
        return run;
    }

    /// <summary>The server's thread count once a second: a thread pool that keeps growing is one starved by blocking calls.</summary>
    private async Task SampleThreadsAsync(Run run, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var line = File.ReadAllLines($"/proc/{server.Id}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            run.MaxServerThreads = Math.Max(run.MaxServerThreads, line is null ? 0 : int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture));
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string loadBefore = "";
    private TimeSpan serverCpuBefore;
    private TimeSpan ownCpuBefore;

    /// <summary>Machine load, server memory and the CPU both processes used during the pass just measured.</summary>
    private string Snapshot(Run run) =>
        $"/proc/loadavg at start `{loadBefore}`, at end `{File.ReadAllText("/proc/loadavg").Trim()}`; server peak memory (VmHWM, reset at start) {ExportBench.PeakMb(server.Id)} MB, server threads at most {run.MaxServerThreads}; " +
        $"CPU used: server {(ServerCpu() - serverCpuBefore).TotalSeconds:F0} s, load generator {(Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalSeconds:F0} s, " +
        $"over {run.All.Elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} cores";

    /// <summary>One bank's visit: open the form, save (or download and upload the Excel form), perhaps correct, submit.</summary>
    private async Task<bool> VisitAsync(HttpClient http, Run run, Arrival a, Dictionary<int, byte[]> files)
    {
        var url = SubmissionUrl(a);
        if (await SendAsync(http, run, View, Request(HttpMethod.Get, url, a)) is not { } view)
        {
            return Abandon(run);
        }

        var revision = Revision(view);
        if (a.Way == Way.Excel)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(files[a.Institution]);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            form.Add(file, "file", "周报.xlsx");
            form.Add(new StringContent(revision.ToString(CultureInfo.InvariantCulture)), "baseRevision");
            if (await SendAsync(http, run, Template, Request(HttpMethod.Get, TemplateUrl(a), a)) is null
                || await SendAsync(http, run, Import, Request(HttpMethod.Post, $"{url}/import", a, form)) is null)
            {
                return Abandon(run);
            }
        }
        else
        {
            if (await SendAsync(http, run, Save, Request(HttpMethod.Put, url, a, Json(scenario.SaveValues, revision))) is not { } saved)
            {
                return Abandon(run);
            }

            if (a.Way == Way.PageWithCorrection
                && await SendAsync(http, run, Correction, Request(HttpMethod.Put, url, a, Json(scenario.CorrectionValues, Revision(saved)))) is null)
            {
                return Abandon(run);
            }
        }

        return await SendAsync(http, run, Submit, Request(HttpMethod.Post, $"{url}/submit", a, new StringContent("{}", Encoding.UTF8, "application/json"))) is null
            ? Abandon(run)
            : true;
    }

    /// <summary>The same number of requests as the visit, one after the other, to the trivial endpoint (no token).</summary>
    private static async Task<bool> BaselineVisitAsync(HttpClient http, Run run, Arrival a)
    {
        foreach (var kind in a.Requests)
        {
            if (await SendAsync(http, run, kind, new HttpRequestMessage(HttpMethod.Get, "/health/live")) is null)
            {
                return Abandon(run);
            }
        }

        return true;
    }

    private static bool Abandon(Run run)
    {
        Interlocked.Increment(ref run.Abandoned);
        return false;
    }

    /// <summary>Sends and times one request; the body when it succeeded, else null (the status or the exception is tallied).</summary>
    private static async Task<string?> SendAsync(HttpClient http, Run run, string kind, HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using (request)
            using (var response = await http.SendAsync(request))
            {
                var body = await response.Content.ReadAsStringAsync();
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                run.Record(kind, watch.Elapsed, status, response.IsSuccessStatusCode);
                if (!response.IsSuccessStatusCode && run.ByKind[kind].Failures <= 3)
                {
                    Console.Error.WriteLine($"  {kind} {request.RequestUri}: {status} {body[..Math.Min(300, body.Length)]}");
                }

                return response.IsSuccessStatusCode ? body : null;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            run.Record(kind, watch.Elapsed, e.GetType().Name, false);
            return null;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string url, Arrival a, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.Tokens[a.Institution]);
        return request;
    }

    private string SubmissionUrl(Arrival a) => $"/api/forms/{Scenario.FormCode}/periods/{scenario.OpenPeriod}/submissions/{scenario.InstitutionCode(a.Institution)}";

    private string TemplateUrl(Arrival a) => $"/api/forms/{Scenario.FormCode}/periods/{scenario.OpenPeriod}/template.xlsx?institution={scenario.InstitutionCode(a.Institution)}";

    private static StringContent Json(Dictionary<string, decimal?> values, int baseRevision) =>
        new(JsonSerializer.Serialize(new { values, baseRevision }), Encoding.UTF8, "application/json");

    private static int Revision(string view)
    {
        using var document = JsonDocument.Parse(view);
        return document.RootElement.GetProperty("revision").GetInt32();
    }

    /// <summary>Arrivals and offered requests per 10 real minutes; with runs, the requests each answered in that time.</summary>
    private void PrintCurve(List<Arrival> arrivals, Run? peak, Run? baseline)
    {
        var seconds = Bucket.TotalSeconds / options.Compress;
        Console.WriteLine(peak is null
            ? "| morning (China time) | run seconds | arrivals | offered arrivals/s | offered requests/s |\n|---|---|---|---|---|"
            : "| morning (China time) | run seconds | arrivals | offered requests/s | peak: answered/s | baseline: answered/s |\n|---|---|---|---|---|---|");
        var buckets = (int)Math.Ceiling(Window() / Bucket);
        for (var b = 0; b <= buckets; b++)
        {
            var from = b * seconds;
            var to = b == buckets ? double.MaxValue : from + seconds;
            var inBucket = arrivals.Where(a => a.RealAt >= Bucket * b && (b == buckets || a.RealAt < Bucket * (b + 1))).ToList();
            var requests = inBucket.Sum(a => a.Requests.Length);
            var clock = b == buckets ? "after the due moment" : $"{OfficeOpens + (Bucket * b):hh\\:mm}–{OfficeOpens + (Bucket * (b + 1)):hh\\:mm}";
            var span = b == buckets ? "from " + from.ToString("F0", CultureInfo.InvariantCulture) : $"{from:F0}–{from + seconds:F0}";
            if (peak is null)
            {
                if (b < buckets)
                {
                    Console.WriteLine($"| {clock} | {span} | {inBucket.Count} | {inBucket.Count / seconds:F1} | {requests / seconds:F1} |");
                }
            }
            else
            {
                string Answered(Run run) => b == buckets
                    ? $"{run.CompletedBetween(from, to)} answered in the {Math.Max(0, run.All.Elapsed.TotalSeconds - from):F0} s after"
                    : (run.CompletedBetween(from, to) / seconds).ToString("F1", CultureInfo.InvariantCulture);
                Console.WriteLine($"| {clock} | {span} | {inBucket.Count} | {requests / seconds:F1} | {Answered(peak)} | {Answered(baseline!)} |");
            }
        }
    }

    /// <summary>What the database holds must be what the server answered: every 200 on submit a submitted row, every saved revision a row.</summary>
    private async Task CheckAsync(Run peak)
    {
        var (submitted, drafts, revisions) = await scenario.OpenPeriodStateAsync();
        var submitOk = peak.Ok(Submit);
        var savesOk = peak.Ok(Save) + peak.Ok(Correction) + peak.Ok(Import);
        Console.WriteLine($"- check: submitted submissions in the database {submitted:N0}, submits answered 200 {submitOk:N0}: {(submitted == submitOk ? "equal" : "DIFFERENT")}");
        Console.WriteLine($"- check: revision rows of the open week {revisions:N0}, saves and imports answered 200 {savesOk:N0}: {(revisions == savesOk ? "equal, no revision lost" : "DIFFERENT")}");
        Console.WriteLine($"- drafts left unsubmitted: {drafts:N0}");
    }

    private async Task<string> DatabaseSizeAsync()
    {
        static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
            return $"SQLite file {Mb(Size(file))} MB + WAL {Mb(Size(file + "-wal"))} MB";
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return $"pg_database_size {Mb((long)(await command.ExecuteScalarAsync())!)} MB";
        }
        catch (NpgsqlException e)
        {
            return $"not measured ({e.Message})";
        }
    }

    /// <summary>User and system CPU time of the server process (Linux <c>/proc/PID/stat</c>, in clock ticks of 1/100 s).</summary>
    private TimeSpan ServerCpu()
    {
        var stat = File.ReadAllText($"/proc/{server.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }
}
