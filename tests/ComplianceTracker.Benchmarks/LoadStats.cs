using System.Diagnostics;

namespace ComplianceTracker.Benchmarks;

/// <summary>Latencies of one kind of request, and what they add up to.</summary>
public sealed class LoadStats(string name)
{
    private readonly List<double> milliseconds = [];
    private int failures;

    public string Name { get; } = name;
    public TimeSpan Elapsed { get; set; }

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

    public string Row() =>
        $"| {Name} | {milliseconds.Count} | {failures} | {(Elapsed > TimeSpan.Zero ? milliseconds.Count / Elapsed.TotalSeconds : double.NaN):F0} | {Percentile(50):F1} | {Percentile(95):F1} | {Percentile(99):F1} |";

    public const string Header = "| measure | requests | failed | per second | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|";
}
