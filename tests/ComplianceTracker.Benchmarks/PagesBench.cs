using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The supervisor's and the leader's pages at scale: on the scenario's jurisdiction (N banks, 26 past weeks) it adds
/// what those pages read — the last <see cref="PastWeeks"/> weeks' due items (a tenth overdue), submissions waiting
/// for approval, a target judged for every bank each of those weeks, and a leader — then signs both in through
/// <c>POST /api/auth/token</c> and times each page <see cref="Requests"/> times, one request at a time, beside
/// <c>/health/live</c>, with the HTML each page sends. Nothing here asserts a time.
/// </summary>
public static class PagesBench
{
    private const int PastWeeks = 8;
    private const int Requests = 20;
    private const string Leader = "bench-leader";

    public static async Task RunAsync(Options options, Process server, HttpClient http, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ComplianceDbContext>();
        DatabaseSetup.Configure(builder, options.Provider, connectionString);
        var watch = Stopwatch.StartNew();
        var circularId = await FillAsync(builder.Options, options.Institutions);
        Console.WriteLine($"pages data: {watch.Elapsed.TotalSeconds:F0} s ({PastWeeks} past weeks of due items and target verdicts for {options.Institutions:N0} banks, {options.Institutions / 10:N0} reports waiting for approval, a leader)");

        var pages = new (string Name, string Url)[]
        {
            ("baseline: /health/live", "/health/live"),
            ("首页", "/"),
            ("报送完整性", "/completeness"),
            ("辖内待办", "/todo"),
            ("辖内待办, page 100", "/todo?status=All&page=100"),
            ("通知详情（各机构落实情况）", $"/circulars/{circularId.ToString(CultureInfo.InvariantCulture)}"),
            ("通知详情, page 200", $"/circulars/{circularId.ToString(CultureInfo.InvariantCulture)}?page=200"),
            ("待审核", "/approvals"),
            ("目标（排名）", "/targets"),
            ("驾驶舱", "/dashboard"),
            ("机构", "/institutions"),
            ("GET /api/dashboard", "/api/dashboard"),
        };

        Console.WriteLine();
        Console.WriteLine($"| user | page | requests | not 200 | p50 ms | p95 ms | max ms | bytes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var user in new[] { "bench-supervisor", Leader })
        {
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress, Timeout = http.Timeout };
            var token = await http.PostAsJsonAsync("/api/auth/token", new IssueTokenRequest(user, Scenario.Password));
            token.EnsureSuccessStatusCode();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken);
            foreach (var (name, url) in pages)
            {
                var stats = new LoadStats(name);
                long bytes = 0;
                // A page that does not answer within the client's timeout is counted as "timeout" and the run goes on.
                async Task<(string Status, long Bytes)> GetAsync()
                {
                    try
                    {
                        using var r = await client.GetAsync(url);
                        var body = await r.Content.ReadAsByteArrayAsync();
                        return (r.StatusCode == System.Net.HttpStatusCode.OK ? "OK" : r.StatusCode.ToString(), body.LongLength);
                    }
                    catch (TaskCanceledException)
                    {
                        return ("timeout", 0);
                    }
                }

                await GetAsync(); // warm: the first request of a page compiles its queries
                for (var i = 0; i < Requests; i++)
                {
                    var (response, latency) = await LoadStats.TimeAsync(GetAsync);
                    bytes = Math.Max(bytes, response.Bytes);
                    stats.Add(latency, response.Status, response.Status == "OK");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(user == Leader ? "leader" : "supervisor")} | {name} (`{url}`) | {stats.Count} | {stats.Unsuccessful} | {stats.Percentile(50):F0} | {stats.Percentile(95):F0} | {stats.Max:F0} | {bytes:N0} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"server peak memory (VmHWM): {ExportBench.PeakMb(server.Id)} MB");
    }

    /// <summary>The rows the pages read, written straight into the database; returns the scenario's circular.</summary>
    private static async Task<int> FillAsync(DbContextOptions<ComplianceDbContext> options, int institutions)
    {
        await using var db = new BenchContext(options);
        var now = DateTime.UtcNow;
        var circular = await db.Circulars.Where(c => c.NaturalKey == "bench-weekly").Select(c => new { c.Id, c.JurisdictionId }).SingleAsync();
        var form = await db.ReportForms.Where(f => f.Code == Scenario.FormCode).Select(f => new { f.Id, f.RequirementId }).SingleAsync();
        var past = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt < now).OrderByDescending(p => p.Start).Take(PastWeeks).ToListAsync();
        var open = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt >= now).OrderBy(p => p.Start).FirstAsync();
        var banks = await db.Obligations.Where(o => o.RequirementId == form.RequirementId).OrderBy(o => o.InstitutionId).Select(o => new { o.Id, o.InstitutionId }).ToListAsync();

        var target = new TrackedTarget
        {
            RequirementId = form.RequirementId!.Value, FormId = form.Id, Description = "压测目标：普惠型小微企业贷款余额不低于年初",
            Rule = new TargetRule { Kind = TargetRuleKind.Threshold, Indicator = "PHXW_BAL", Comparator = ">=", Threshold = 1000m },
        };
        db.TrackedTargets.Add(target);
        await db.SaveChangesAsync();

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();

        // The past weeks' due items: done, but overdue where the scenario left the week unreported.
        var weekIndex = past.Select((p, w) => (p, w)).ToList();
        await BulkInsert.RunAsync(connection, "DueItems", ["ObligationId", "PeriodKey", "PeriodStart", "PeriodEnd", "DueAt", "DueExplanation", "Status", "CompletedAt"],
            weekIndex.SelectMany(x => banks.Select((b, n) => (x.p, x.w, b, n))).Select(x =>
            {
                var missing = (x.n + x.w) % 10 == 0;
                return new object?[] { x.b.Id, x.p.Key, x.p.Start, x.p.End, x.p.DueAt, x.p.DueExplanation, missing ? "Overdue" : "Done", missing ? null : x.p.DueAt.AddHours(-3) };
            }), 300);

        // A tenth of the banks submitted this week's report and wait for approval.
        await BulkInsert.RunAsync(connection, "Submissions",
            ["FormId", "PeriodId", "InstitutionId", "Status", "Revision", "FormVersion", "ValuesJson", "CommentsJson", "FirstSubmittedAt", "SubmittedAt", "UpdatedAt"],
            banks.Where((_, n) => n % 10 == 5).Select(b => new object?[] { form.Id, open.Id, b.InstitutionId, "Submitted", 1, 1, "{}", "{}", now.AddMinutes(-b.InstitutionId % 600), now.AddMinutes(-b.InstitutionId % 600), now }), 300);

        // The target's verdict for every bank in each past week, and the total's.
        var statuses = new[] { "OnTrack", "AtRisk", "Missed", "Met", "NoData" };
        await BulkInsert.RunAsync(connection, "TargetResults", ["TrackedTargetId", "InstitutionId", "PeriodKey", "Status", "Actual", "Required", "Explanation", "EvaluatedAt"],
            weekIndex.SelectMany(x => banks.Select((b, n) => (x.p, x.w, b, n))).Select(x => new object?[]
            {
                target.Id, x.b.InstitutionId, x.p.Key, statuses[(x.n + x.w) % 5], (x.n + x.w) % 5 == 4 ? null : 500m + ((x.n * 37) % 1000) + x.w, 1000m,
                "压测：余额与年初数比较", now.AddDays(-x.w),
            }), 300);
        await BulkInsert.RunAsync(connection, "TargetResults", ["TrackedTargetId", "InstitutionId", "PeriodKey", "Status", "Actual", "Required", "Explanation", "EvaluatedAt"],
            weekIndex.Select(x => new object?[] { target.Id, null, x.p.Key, "AtRisk", 900m * institutions, 1000m * institutions, "压测：辖内合计", now.AddDays(-x.w) }));

        // The leader of the jurisdiction, with the scenario's password.
        var leaderRole = await db.Roles.Where(r => r.Name == Roles.Leader).Select(r => r.Id).SingleAsync();
        var id = Guid.NewGuid().ToString();
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Scenario.Password);
        await BulkInsert.RunAsync(connection, "AspNetUsers",
            ["Id", "UserName", "NormalizedUserName", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "DisplayName", "JurisdictionId", "IsDemo", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "IsDisabled"],
            [[id, Leader, Leader.ToUpperInvariant(), hash, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "压测领导", circular.JurisdictionId, false, false, false, false, true, 0, false]]);
        await BulkInsert.RunAsync(connection, "AspNetUserRoles", ["UserId", "RoleId"], [[id, leaderRole]]);
        return circular.Id;
    }

    private sealed class BenchContext(DbContextOptions options) : ComplianceDbContext(options);
}
