using System.Diagnostics;
using System.Net.Http.Headers;
using ClosedXML.Excel;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The registry import at scale: one workbook of <see cref="Options.Rows"/> institutions (a legal entity every tenth
/// row, its branches before it) posted to <c>POST /api/institutions/import</c> on the real server, then the same file
/// again (every row unchanged), beside a baseline measured in the same run: a plain multi-row INSERT of the same
/// rows. The import's time is reading the file, checking every cell and writing; binding the new institutions to the
/// circulars already published is the refresh job it queues, timed after it. Peak memory is the server's VmHWM, reset first.
/// </summary>
public static class RegistryBench
{
    private sealed class BenchContext(DbContextOptions options) : ComplianceDbContext(options);

    public static async Task RunAsync(Options options, Process server, HttpClient supervisor, string connectionString)
    {
        var rows = Rows(options.Rows, "REG").ToList();
        var workbook = Workbook(rows);
        Console.WriteLine();
        Console.WriteLine($"## Registry import: {options.Rows:N0} institutions from one .xlsx ({workbook.Length / 1024.0 / 1024:F1} MB), registry of {options.Institutions:N0} before");
        Console.WriteLine("| measure | seconds | peak MB | result |");
        Console.WriteLine("|---|---|---|---|");

        var builder = new DbContextOptionsBuilder<ComplianceDbContext>();
        DatabaseSetup.Configure(builder, options.Provider, connectionString);
        await using (var db = new BenchContext(builder.Options))
        {
            var jurisdiction = await db.Jurisdictions.Where(j => j.Code == Scenario.Jurisdiction).Select(j => j.Id).SingleAsync();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            GC.Collect();
            ExportBench.ResetPeak(Environment.ProcessId);
            var watch = Stopwatch.StartNew();
            await BulkInsert.RunAsync(connection, "Institutions",
                ["Code", "Name", "ShortName", "Type", "Category", "IsLegalEntity", "Path", "JurisdictionId", "IsActive", "ContactName", "ContactPhone", "ContactEmail"],
                Rows(options.Rows, "BASE").Select(r => new object?[]
                {
                    r[0], r[1], r[2], nameof(InstitutionType.Bank), r[6] == "是" ? nameof(InstitutionCategory.RuralCommercialBank) : nameof(InstitutionCategory.VillageBank),
                    r[6] == "是", r[5].Length == 0 ? $"/{r[0]}/" : $"/{r[5]}/{r[0]}/", jurisdiction, true, r[8], r[9], r[10],
                }));
            Console.WriteLine($"| baseline: multi-row INSERT of the same rows (benchmark process) | {watch.Elapsed.TotalSeconds:F2} | {ExportBench.PeakMb(Environment.ProcessId)} | {options.Rows:N0} rows |");

            // Gone again, so that the refresh binds only what the import adds.
            await db.Institutions.Where(i => i.Code.StartsWith("BASE-")).ExecuteDeleteAsync();
        }

        foreach (var round in new[] { "first import (all new; binding queued)", "same file again (all unchanged)" })
        {
            ExportBench.ResetPeak(server.Id);
            var file = new ByteArrayContent(workbook);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            using var form = new MultipartFormDataContent { { file, "file", "机构名录.xlsx" } };
            var watch = Stopwatch.StartNew();
            var response = await supervisor.PostAsync("/api/institutions/import", form);
            var body = await response.Content.ReadAsStringAsync();
            Console.WriteLine($"| POST /api/institutions/import — {round} (server) | {watch.Elapsed.TotalSeconds:F2} | {ExportBench.PeakMb(server.Id)} | {(int)response.StatusCode} {(body.Length > 120 ? body[..120] : body)} |");
        }

        // The queued refresh binds the new institutions; wait until their obligations are there (or 4 minutes).
        await using var check = new BenchContext(builder.Options);
        var bindWatch = Stopwatch.StartNew();
        int bound;
        while ((bound = await check.Obligations.CountAsync(o => o.Institution.Code.StartsWith("REG-"))) < options.Rows && bindWatch.Elapsed < TimeSpan.FromMinutes(4))
        {
            await Task.Delay(1000);
        }

        Console.WriteLine($"| queued refresh: the new institutions bound to the published weekly regime (server, polled each second) | {bindWatch.Elapsed.TotalSeconds:F0} | {ExportBench.PeakMb(server.Id)} | {bound:N0} obligations |");
    }

    private static IEnumerable<string[]> Rows(int count, string prefix)
    {
        for (var i = 1; i <= count; i++)
        {
            var entity = $"{prefix}-{((i - 1) / 10 * 10) + 10:D6}";
            var isEntity = i % 10 == 0;
            yield return [$"{prefix}-{i:D6}", $"压测导入机构{prefix}{i}号", $"导入{i}", "银行", isEntity ? "农商行" : "村镇银行", isEntity ? "" : entity, isEntity ? "是" : "否", Scenario.Jurisdiction, "王五", "0355-7654321", $"u{i}@example.com"];
        }
    }

    private static byte[] Workbook(List<string[]> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("机构名录");
        string[] header = ["机构代码", "机构名称", "简称", "机构类型", "机构类别", "上级机构代码", "是否法人", "所属辖区代码", "联系人", "联系电话", "电子邮箱"];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
