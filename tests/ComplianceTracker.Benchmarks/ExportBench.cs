using System.Diagnostics;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Features.Circulars.Extraction;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// Exports and extraction measured beside baselines in the same run: the template writer against a bare
/// <c>OpenXmlWriter</c> writing the same cells into an empty workbook; the exports over HTTP on the scale database;
/// the circular extractor against one regex pass over the same text. Peak memory is the process's VmHWM, reset
/// before each measure (Linux <c>/proc/PID/clear_refs</c>).
/// </summary>
public static class ExportBench
{
    /// <summary><c>--scenario exports</c>: the exports over HTTP on the scale database, then the writer beside its baseline.</summary>
    public static async Task RunAsync(HttpClient supervisor, Process server, int institutions, IReadOnlyList<string> pastPeriods)
    {
        await OverHttpAsync(supervisor, server, Scenario.FormCode, pastPeriods[^1], pastPeriods[0], pastPeriods[^1]);
        WriterBesideBaseline(institutions, 40);
    }

    public static void WriterBesideBaseline(int rows, int columns)
    {
        Console.WriteLine();
        Console.WriteLine($"## Excel writing in process: {rows:N0} rows × {columns} numeric columns");
        Console.WriteLine("| measure | seconds | peak MB | file MB |");
        Console.WriteLine("|---|---|---|---|");
        var template = Path.Combine(AppContext.BaseDirectory, "templates", "exports", "weekly-summary.xlsx");
        for (var round = 0; round < 2; round++)
        {
            var (bare, bareMb, bareSize) = Measure(stream => Baseline(stream, rows, columns));
            var (filled, filledMb, filledSize) = Measure(stream => TemplateWriter.Write(template, stream,
            [
                new SheetContent
                {
                    Sheet = "周报汇总",
                    Fields = new Dictionary<string, string> { ["CT_Title"] = "基准测试汇总表" },
                    Columns = Enumerable.Range(0, columns).Select(c => new XColumn($"指标{c}（万元）")).ToList(),
                    Rows = Cells(rows, columns).Select(r => (IReadOnlyList<XCell>)r.Select(v => XCell.Number(v, 2)).ToList()),
                },
            ]));
            if (round == 1)
            {
                Console.WriteLine($"| baseline: bare OpenXmlWriter, same cells | {bare.TotalSeconds:F2} | {bareMb} | {bareSize / 1024.0 / 1024:F1} |");
                Console.WriteLine($"| TemplateWriter (template, styles, frozen header, print setup) | {filled.TotalSeconds:F2} | {filledMb} | {filledSize / 1024.0 / 1024:F1} |");
            }
        }
    }

    /// <summary>The exports over HTTP on the scale database, each with the server's peak memory while it ran.</summary>
    public static async Task OverHttpAsync(HttpClient supervisor, Process server, string form, string period, string from, string to)
    {
        Console.WriteLine();
        Console.WriteLine("## Exports over HTTP on the scale database (server process)");
        Console.WriteLine("| export | seconds | server peak MB | file MB | status |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, url) in new[]
        {
            ("weekly summary, one period", $"/api/exports/weekly-summary.xlsx?form={form}&period={period}"),
            ("completeness matrix, 26 periods", $"/api/exports/completeness.xlsx?form={form}&from={from}&to={to}"),
        })
        {
            for (var round = 0; round < 2; round++)
            {
                ResetPeak(server.Id);
                var watch = Stopwatch.StartNew();
                using var response = await supervisor.GetAsync(url);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (round == 1)
                {
                    Console.WriteLine($"| {name} | {watch.Elapsed.TotalSeconds:F2} | {PeakMb(server.Id)} | {bytes.Length / 1024.0 / 1024:F1} | {(int)response.StatusCode} |");
                }
            }
        }
    }

    public static void ExtractionBesideBaseline()
    {
        var seeds = SeedFiles.Default();
        var text = seeds.CircularText(seeds.Circulars().OrderByDescending(c => seeds.CircularText(c).Length).First());
        var marker = new System.Text.RegularExpressions.Regex("[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|不得|日内", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        CircularExtractor.Extract(text);
        var baseline = Stopwatch.StartNew();
        var hits = 0;
        for (var i = 0; i < 20; i++)
        {
            hits += marker.Matches(text).Count;
        }

        baseline.Stop();
        var watch = Stopwatch.StartNew();
        var requirements = 0;
        for (var i = 0; i < 20; i++)
        {
            requirements = CircularExtractor.Extract(text).Requirements.Count;
        }

        watch.Stop();
        Console.WriteLine();
        Console.WriteLine($"## Reading a circular: the longest seed, {text.Length:N0} characters, 20 times");
        Console.WriteLine("| measure | ms per circular |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| baseline: one regex pass for clause markers and cue words ({hits / 20} hits) | {baseline.Elapsed.TotalMilliseconds / 20:F2} |");
        Console.WriteLine($"| CircularExtractor.Extract ({requirements} requirements) | {watch.Elapsed.TotalMilliseconds / 20:F1} |");
    }

    private static (TimeSpan Elapsed, long PeakMb, long Bytes) Measure(Action<Stream> write)
    {
        var path = Path.GetTempFileName();
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            ResetPeak(Environment.ProcessId);
            var watch = Stopwatch.StartNew();
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            {
                write(stream);
            }

            watch.Stop();
            return (watch.Elapsed, PeakMb(Environment.ProcessId), new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<decimal[]> Cells(int rows, int columns)
    {
        var random = new Random(1);
        for (var r = 0; r < rows; r++)
        {
            yield return Enumerable.Range(0, columns).Select(_ => Math.Round((decimal)random.NextDouble() * 100000m, 2)).ToArray();
        }
    }

    /// <summary>The least a writer can do: one sheet, a header of text, the numbers, nothing else.</summary>
    private static void Baseline(Stream stream, int rows, int columns)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            writer.WriteStartElement(new Row());
            for (var c = 0; c < columns; c++)
            {
                writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text($"指标{c}（万元）")) });
            }

            writer.WriteEndElement();
            foreach (var values in Cells(rows, columns))
            {
                writer.WriteStartElement(new Row());
                foreach (var value in values)
                {
                    writer.WriteElement(new Cell { CellValue = new CellValue(value) });
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "基准" }));
        workbook.Workbook.Save();
    }

    internal static void ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak is then the process's since it started.
        }
    }

    internal static long PeakMb(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return status is null ? -1 : long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
