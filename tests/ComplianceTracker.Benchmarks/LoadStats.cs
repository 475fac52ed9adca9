using System.Diagnostics;
using System.Globalization;

namespace ComplianceTracker.Benchmarks;

/// <summary>Latencies of one kind of request, and what they add up to.</summary>
public sealed class LoadStats(string name)
{
    private readonly List<double> milliseconds = [];
    private readonly SortedDictionary<string, int> unsuccessful = new(StringComparer.Ordinal);
    private int failures;

    public string Name { get; } = name;
    public TimeSpan Elapsed { get; set; }
    public int Count => milliseconds.Count;
    public int Failures => failures;

    public void Add(TimeSpan latency, bool ok)
    {
        lock (milliseconds)
        {
            milliseconds.Add(latency.TotalMilliseconds);
            if (!ok)
            {
                failures++;
            }
        }
    }

    /// <summary>A request that got an answer (<paramref name="status"/>) or none (<paramref name="status"/> is what went wrong).</summary>
    public void Add(TimeSpan latency, string status, bool ok)
    {
        Add(latency, ok);
        if (!ok)
        {
            lock (milliseconds)
            {
                unsuccessful[status] = unsuccessful.GetValueOrDefault(status) + 1;
            }
        }
    }

    /// <summary>The answers that were not a success, as <c>409×3, 500×1</c>, or <c>—</c>.</summary>
    public string Unsuccessful => unsuccessful.Count == 0 ? "—" : string.Join(", ", unsuccessful.Select(u => $"{u.Key}×{u.Value}"));

    public int CountOf(string status) => unsuccessful.GetValueOrDefault(status);

    public static async Task<(T Result, TimeSpan Latency)> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        return (result, watch.Elapsed);
    }

    public double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public double Max => milliseconds.Count == 0 ? double.NaN : milliseconds.Max();

    public string Row() =>
        $"| {Name} | {milliseconds.Count} | {failures} | {(Elapsed > TimeSpan.Zero ? milliseconds.Count / Elapsed.TotalSeconds : double.NaN):F0} | {Percentile(50):F1} | {Percentile(95):F1} | {Percentile(99):F1} |";

    public const string Header = "| measure | requests | failed | per second | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|";

    /// <summary>A row with the rate offered beside the rate achieved, the maximum and the answers that were not a success.</summary>
    public string PeakRow(TimeSpan offeredOver) => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {milliseconds.Count} | {milliseconds.Count / offeredOver.TotalSeconds:F1} | {(Elapsed > TimeSpan.Zero ? milliseconds.Count / Elapsed.TotalSeconds : double.NaN):F1} | {Percentile(50):F1} | {Percentile(95):F1} | {Percentile(99):F1} | {Max:F1} | {Unsuccessful} |");

    public const string PeakHeader = "| request | requests | offered /s | achieved /s | p50 ms | p95 ms | p99 ms | max ms | not 2xx |\n|---|---|---|---|---|---|---|---|---|";

    /// <summary>
    /// Open loop: starts <paramref name="work"/> for item i at <paramref name="due"/>(i) after the start, whether or not
    /// earlier items have finished; returns the time until the last one finished and the latest start behind its time.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, TimeSpan WorstStartLag)> RunOpenLoopAsync(int count, Func<int, TimeSpan> due, Func<int, Task> work)
    {
        var watch = Stopwatch.StartNew();
        var tasks = new List<Task>(count);
        var lag = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var at = due(i);
            if (at > watch.Elapsed)
            {
                await Task.Delay(at - watch.Elapsed);
            }

            lag = watch.Elapsed - at > lag ? watch.Elapsed - at : lag;
            tasks.Add(work(i));
        }

        await Task.WhenAll(tasks);
        return (watch.Elapsed, lag);
    }
}
