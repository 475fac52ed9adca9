using ComplianceTracker.Web.Data;

namespace ComplianceTracker.Benchmarks;

/// <summary>Command line: <c>--provider Sqlite|PostgreSQL --connection CS --institutions 20000 --submitters 2000 --concurrency 32 --rate 200</c>.</summary>
public sealed record Options(DatabaseProvider Provider, string? Connection, int Institutions, int Submitters, int Concurrency, int Rate)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var options = new Options(
            Enum.Parse<DatabaseProvider>(Get("provider") ?? "Sqlite", ignoreCase: true),
            Get("connection"),
            Int("institutions", 20_000),
            Int("submitters", 2_000),
            Int("concurrency", 32),
            Int("rate", 200));
        return options.Submitters * 2 > options.Institutions
            ? throw new ArgumentException("--institutions must be at least twice --submitters (two batches submit).")
            : options;
    }
}
