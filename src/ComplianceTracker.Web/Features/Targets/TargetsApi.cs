using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>One verdict as the API shows it; <c>institution</c> null is the total of the jurisdiction; <c>rank</c> among institutions, best first.</summary>
public sealed record TargetStatusDto(
    int Id, int CircularId, string? DocumentNumber, string Clause, string Description, TargetScope Scope, string? Institution, string? InstitutionName,
    TargetStatus Status, decimal? Actual, decimal? Threshold, string? AsOf, string Explanation, int? Rank);

public sealed record TargetHistoryPointDto(string AsOf, TargetStatus Status, decimal? Actual, decimal? Threshold);

public sealed record BaselineDto(string Institution, int Year, string Indicator, decimal Value, string Source);

/// <summary>Year-start figures: listed, or taken from a period's submitted figures (<c>fromPeriod</c> with <c>form</c>).</summary>
public sealed record SetBaselinesRequest(int Year, List<BaselineInput>? Baselines, string? Form, string? FromPeriod);

public sealed record BaselineInput(string Institution, string Indicator, decimal Value);

public static class TargetsApi
{
    /// <summary>The Targets feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddTargets(this IServiceCollection services)
    {
        services.AddScoped<TargetTracker>();
        services.AddScoped<ISubmittedFiguresListener>(sp => sp.GetRequiredService<TargetTracker>());
        services.AddScoped<TargetQueries>();
        services.AddScoped<SetBaselinesHandler>();
        services.AddScoped<EvaluateTargetsJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/targets").WithTags("Targets").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (int? circularId, string? institution, TargetQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.LatestAsync(circularId, institution, ct)))
            .WithSummary("Each target's latest verdict per institution (and the jurisdiction's total), ranked, within what the caller sees");

        group.MapGet("/{id:int}/history", async (int id, string? institution, TargetQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.HistoryAsync(id, institution, ct)))
            .WithSummary("A target's verdicts period by period, for one institution or (no institution) the total");

        group.MapGet("/baselines", async (int year, TargetQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.BaselinesAsync(year, ct)))
            .WithSummary("Year-start figures of the institutions the caller sees");

        group.MapPut("/baselines", async (SetBaselinesRequest request, SetBaselinesHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(request, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Enter year-start figures (supervisor), listed or taken from a period's submitted figures")
            .ProducesValidationProblem();

        return app;
    }
}

public sealed class TargetQueries(ComplianceDbContext db, CurrentUser currentUser)
{
    public async Task<List<TargetStatusDto>> LatestAsync(int? circularId, string? institution, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var results = db.TargetResults.Where(r => circularId == null || r.TrackedTarget.Requirement.CircularId == circularId);
        results = institution is { Length: > 0 } code
            ? results.Where(r => r.Institution != null && r.Institution.Code == code && visible.Contains(r.InstitutionId!.Value))
            : results.Where(r => r.InstitutionId == null ? scope.SeesJurisdiction : visible.Contains(r.InstitutionId.Value));
        var rows = await results
            .Select(r => new
            {
                r.TrackedTargetId, r.TrackedTarget.Requirement.CircularId, r.TrackedTarget.Requirement.Circular.DocumentNumber, r.TrackedTarget.Requirement.Clause,
                r.TrackedTarget.Description, r.TrackedTarget.Rule, r.InstitutionId, Code = r.Institution != null ? r.Institution.Code : null,
                Name = r.Institution != null ? r.Institution.Name : null, r.Status, r.Actual, r.Required, r.PeriodKey, r.Explanation, r.EvaluatedAt,
                JurisdictionPath = r.TrackedTarget.Requirement.Circular.Jurisdiction.Path,
            })
            .ToListAsync(ct);

        // The total of a circular's jurisdiction is shown to those who see that jurisdiction.
        rows = rows.Where(r => r.InstitutionId != null || scope.IsAdmin || (scope.JurisdictionPath is { } jp && (r.JurisdictionPath.StartsWith(jp, StringComparison.Ordinal) || jp.StartsWith(r.JurisdictionPath, StringComparison.Ordinal)))).ToList();
        var latest = rows.GroupBy(r => (r.TrackedTargetId, r.InstitutionId)).Select(g => g.OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.PeriodKey, StringComparer.Ordinal).First()).ToList();
        var dtos = new List<TargetStatusDto>();
        foreach (var target in latest.GroupBy(r => r.TrackedTargetId).OrderBy(g => g.Key))
        {
            var first = target.First();
            var ranks = Ranks(first.Rule, target.Where(r => r.InstitutionId != null).Select(r => (r.InstitutionId!.Value, r.Status, r.Actual)).ToList());
            dtos.AddRange(target.OrderBy(r => r.InstitutionId is null ? 0 : 1).ThenBy(r => r.InstitutionId is { } i ? ranks.GetValueOrDefault(i) ?? int.MaxValue : 0).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => new TargetStatusDto(r.TrackedTargetId, r.CircularId, r.DocumentNumber, r.Clause, r.Description, r.Rule.Scope, r.Code, r.Name, r.Status, r.Actual, r.Required,
                    r.PeriodKey == TargetTracker.NoPeriod ? null : r.PeriodKey, r.Explanation, r.InstitutionId is { } id ? ranks.GetValueOrDefault(id) : null)));
        }

        return dtos;
    }

    /// <summary>Competition ranking by the figure that decides the target, best first: highest for "&gt;" targets, lowest for "&lt;" ones.</summary>
    public static Dictionary<int, int?> Ranks(TargetRule rule, List<(int InstitutionId, TargetStatus Status, decimal? Actual)> rows)
    {
        var lowerIsBetter = rule.Comparator.StartsWith('<');
        var ranked = rows.Where(r => r.Actual is not null && r.Status != TargetStatus.NoData).ToList();
        return rows.ToDictionary(r => r.InstitutionId, r => r.Actual is { } a && r.Status != TargetStatus.NoData
            ? (int?)(ranked.Count(o => lowerIsBetter ? o.Actual < a : o.Actual > a) + 1)
            : null);
    }

    public async Task<List<TargetHistoryPointDto>> HistoryAsync(int id, string? institution, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        if (!await db.TrackedTargets.AnyAsync(t => t.Id == id, ct))
        {
            throw new NotFoundException($"未找到编号为 {id} 的目标。");
        }

        var results = db.TargetResults.Where(r => r.TrackedTargetId == id && r.PeriodKey != TargetTracker.NoPeriod);
        results = institution is { Length: > 0 } code
            ? results.Where(r => r.Institution != null && r.Institution.Code == code && visible.Contains(r.InstitutionId!.Value))
            : scope.SeesJurisdiction ? results.Where(r => r.InstitutionId == null) : results.Where(_ => false);
        return await results.OrderBy(r => r.PeriodKey).Select(r => new TargetHistoryPointDto(r.PeriodKey, r.Status, r.Actual, r.Required)).ToListAsync(ct);
    }

    public async Task<List<BaselineDto>> BaselinesAsync(int year, CancellationToken ct)
    {
        var visible = (await currentUser.ScopeAsync(ct)).Institutions(db).Select(i => i.Id);
        return await db.TargetBaselines.Where(b => b.Year == year && visible.Contains(b.InstitutionId))
            .OrderBy(b => b.Institution.Code).ThenBy(b => b.Indicator)
            .Select(b => new BaselineDto(b.Institution.Code, b.Year, b.Indicator, b.Value, b.Source)).ToListAsync(ct);
    }
}

/// <summary>A supervisor enters year-start figures for the institutions they supervise; all or nothing.</summary>
public sealed class SetBaselinesHandler(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, TargetTracker tracker, TimeProvider time, AuditLog audit)
{
    public async Task<List<BaselineDto>> HandleAsync(SetBaselinesRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        if (request.Year is < 2000 or > 2100)
        {
            throw RuleViolationException.For("year", "年份应在2000年至2100年之间。");
        }

        var institutions = await scope.Institutions(db).Include(i => i.Jurisdiction).ToListAsync(ct);
        var supervised = institutions.Where(scope.Supervises).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var entries = new List<(int InstitutionId, string Code, string Indicator, decimal Value, string Source)>();
        var errors = new Dictionary<string, string[]>();
        if (request.FromPeriod is { Length: > 0 } periodKey)
        {
            var form = await loader.FormAsync(request.Form ?? throw RuleViolationException.For("form", "按期次取年初数时，请指定报表代码（form）。"), ct);
            var period = await loader.PeriodAsync(form, periodKey, ct);
            var ids = supervised.Values.Select(i => i.Id).ToList();
            var figures = await db.Submissions.Where(s => s.PeriodId == period.Id && ids.Contains(s.InstitutionId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
                .Select(s => new { s.InstitutionId, s.ValuesJson }).ToListAsync(ct);
            var codes = supervised.Values.ToDictionary(i => i.Id, i => i.Code);
            entries.AddRange(figures.SelectMany(f => SubmissionJson.Values(f.ValuesJson).Where(v => v.Value is not null)
                .Select(v => (f.InstitutionId, codes[f.InstitutionId], v.Key, v.Value!.Value, $"取自期次 {periodKey}"))));
        }

        foreach (var (entry, index) in (request.Baselines ?? []).Select((e, i) => (e, i)))
        {
            if (entry is null || string.IsNullOrWhiteSpace(entry.Institution) || !supervised.TryGetValue(entry.Institution.Trim(), out var institution))
            {
                errors[$"baselines[{index}].institution"] = [$"机构“{entry?.Institution}”不存在或不在您监管的辖区内。"];
            }
            else if (string.IsNullOrWhiteSpace(entry.Indicator) || entry.Indicator.Length > 40)
            {
                errors[$"baselines[{index}].indicator"] = ["请填写指标代码（如 PHXW_BAL）。"];
            }
            else if (entry.Value < 0)
            {
                errors[$"baselines[{index}].value"] = ["年初数不能为负数。"];
            }
            else
            {
                entries.Add((institution.Id, institution.Code, entry.Indicator.Trim(), entry.Value, "录入"));
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("年初数有误，未保存任何数据。", errors);
        }

        if (entries.Count == 0)
        {
            throw RuleViolationException.For("baselines", "没有可保存的年初数：请列出年初数，或指定已有报送数据的期次。");
        }

        var ids2 = entries.Select(e => e.InstitutionId).Distinct().ToList();
        var existing = await db.TargetBaselines.Where(b => b.Year == request.Year && ids2.Contains(b.InstitutionId)).ToListAsync(ct);
        var byKey = existing.ToDictionary(b => (b.InstitutionId, b.Indicator));
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var e in entries.DistinctBy(e => (e.InstitutionId, e.Indicator)))
        {
            if (!byKey.TryGetValue((e.InstitutionId, e.Indicator), out var baseline))
            {
                baseline = new TargetBaseline { InstitutionId = e.InstitutionId, Year = request.Year, Indicator = e.Indicator, Source = e.Source, EnteredBy = scope.UserName };
                db.TargetBaselines.Add(baseline);
            }

            baseline.Value = e.Value;
            baseline.Source = e.Source;
            baseline.EnteredBy = scope.UserName;
            baseline.EnteredAt = now;
        }

        audit.Add(AuditActions.BaselinesSaved, $"{request.Year} 年", string.Join("；", entries.Select(e => $"{e.Code} {e.Indicator}={e.Value}")));
        await db.SaveChangesAsync(ct);
        await tracker.EvaluateAsync(null, ids2, ct);
        return entries.DistinctBy(e => (e.InstitutionId, e.Indicator)).Select(e => new BaselineDto(e.Code, request.Year, e.Indicator, e.Value, e.Source)).ToList();
    }
}
