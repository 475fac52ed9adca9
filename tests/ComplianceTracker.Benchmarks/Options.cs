using System.Globalization;
using ComplianceTracker.Web.Data;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// Command line. Both scenarios: <c>--provider Sqlite|PostgreSQL --connection CS --institutions 20000</c>.
/// <c>--scenario weekly</c> (the default): <c>--submitters 2000 --concurrency 32 --rate 200</c>.
/// <c>--scenario peak</c>: <c>--compress 60 --import-share 0.10 --correction-share 0.03 --sign-ins 100 --connections 512</c>.
/// <c>--scenario registry</c>: <c>--rows 20000</c> (institutions imported from one workbook; <c>--institutions</c> sizes the registry before).
/// <c>--scenario exports</c>: only the exports over HTTP and the template writer beside its baseline (<see cref="ExportBench"/>).
/// <c>--scenario pages</c>: the supervisor's and the leader's pages, each timed beside <c>/health/live</c>.
/// </summary>
public sealed record Options(DatabaseProvider Provider, string? Connection, int Institutions, int Submitters, int Concurrency, int Rate)
{
    /// <summary><c>weekly</c> (closed and open loop, completeness, exports) or <c>peak</c> (the due morning).</summary>
    public string Scenario { get; init; } = "weekly";

    public bool IsPeak => Scenario == "peak";

    /// <summary><c>registry</c>: the institution registry's Excel import of <see cref="Rows"/> rows beside a bulk insert of the same rows.</summary>
    public bool IsRegistry => Scenario == "registry";

    /// <summary><c>exports</c>: the weekly summary and completeness exports over HTTP, and the writer beside a bare OpenXmlWriter; nothing else.</summary>
    public bool IsExports => Scenario == "exports";

    /// <summary><c>pages</c>: the supervisor's and the leader's pages at scale (<see cref="PagesBench"/>).</summary>
    public bool IsPages => Scenario == "pages";

    /// <summary>Registry: rows in the imported workbook.</summary>
    public int Rows { get; init; } = 20_000;

    /// <summary>Peak: how many times faster than real time the morning is replayed.</summary>
    public double Compress { get; init; } = 60;

    /// <summary>Peak: the share of institutions that download the Excel form and upload it instead of saving in the page.</summary>
    public double ImportShare { get; init; } = 0.10;

    /// <summary>Peak: the share of institutions that save twice (a correction on the revision the first save made).</summary>
    public double CorrectionShare { get; init; } = 0.03;

    /// <summary>Peak: institutions whose token is issued by the server's <c>/api/auth/token</c> (the rest are minted).</summary>
    public int SignIns { get; init; } = 100;

    /// <summary>Peak: connections the load generator opens to the server at most (the rest of the requests wait for one).</summary>
    public int Connections { get; init; } = 512;

    /// <summary>
    /// <c>--server-log FILE</c>: the server's whole output goes to FILE, with every database command it runs and how
    /// long the command took to start answering (EF Core's command log), to find where a slow page spends its time.
    /// </summary>
    public string? ServerLog { get; init; }

    /// <summary>The exact command line, for the report.</summary>
    public string CommandLine { get; init; } = "";

    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var options = new Options(
            Enum.Parse<DatabaseProvider>(Get("provider") ?? "Sqlite", ignoreCase: true),
            Get("connection"),
            Int("institutions", 20_000),
            Int("submitters", 2_000),
            Int("concurrency", 32),
            Int("rate", 200))
        {
            Scenario = (Get("scenario") ?? "weekly").ToLowerInvariant(),
            Compress = Double("compress", 60),
            ImportShare = Double("import-share", 0.10),
            CorrectionShare = Double("correction-share", 0.03),
            SignIns = Int("sign-ins", 100),
            Connections = Int("connections", 512),
            Rows = Int("rows", 20_000),
            ServerLog = Get("server-log"),
            CommandLine = string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal) ? $"\"{a}\"" : a)),
        };
        return options switch
        {
            { Scenario: not ("weekly" or "peak" or "registry" or "exports" or "pages") } => throw new ArgumentException("--scenario is weekly, peak, registry, exports or pages."),
            { Scenario: "weekly" } when options.Submitters * 3 > options.Institutions => throw new ArgumentException("--institutions must be at least three times --submitters (two batches submit, a third is the plain SQL baseline's)."),
            { IsPeak: true, Compress: <= 0 } => throw new ArgumentException("--compress must be positive."),
            { IsPeak: true } when options.ImportShare + options.CorrectionShare > 1 => throw new ArgumentException("--import-share and --correction-share add up to at most 1."),
            _ => options,
        };
    }
}
