namespace ComplianceTracker.Web.Infrastructure.Excel;

/// <summary>Limits checked before the upload is handed to ClosedXML, so an oversized file or a zip bomb is never unpacked.</summary>
public sealed class ImportLimits
{
    /// <summary>The upload itself; the reader stops reading one byte past this.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>The sum of all zip entries' uncompressed sizes, declared and actually inflated.</summary>
    public long MaxUncompressedBytes { get; init; } = 50 * 1024 * 1024;

    /// <summary>Number of zip entries; a form written by Excel or WPS has about 15.</summary>
    public int MaxEntries { get; init; } = 200;

    /// <summary>
    /// Largest uncompressed/compressed ratio allowed for an entry of at least <see cref="RatioCheckMinBytes"/>
    /// uncompressed bytes. Spreadsheet XML compresses about 10–30 times; a bomb of zeros about 1,000 times.
    /// </summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this are not ratio-checked (tiny XML parts compress very well and are harmless).</summary>
    public long RatioCheckMinBytes { get; init; } = 1024 * 1024;
}
