using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Targets;

/// <summary>One verdict as the API shows it; <c>institution</c> null is the total of the jurisdiction; <c>rank</c> among institutions, best first.</summary>
public sealed record TargetStatusDto(
    int Id, int CircularId, string? DocumentNumber, string Clause, string Description, TargetScope Scope, string? Institution, string? InstitutionName,
    TargetStatus Status, decimal? Actual, decimal? Threshold, string? AsOf, string Explanation, int? Rank);

/// <summary>
/// The ranking page's question: the circular, the target (each when none), its institutions' verdicts in
/// <see cref="Statuses"/> (all when none), named or coded like <see cref="Q"/>, the page.
/// </summary>
public sealed record TargetRankingQuery(int? CircularId = null, int? TargetId = null, IReadOnlyCollection<TargetStatus>? Statuses = null, string? Q = null, int Page = 1, int PageSize = TargetQueries.DefaultPageSize);

/// <summary>A target with how many institutions stand in each status (their latest verdicts, counted in SQL) and its total's verdict.</summary>
public sealed record TargetSummaryDto(int Id, int CircularId, string? DocumentNumber, string Clause, string Description, TargetScope Scope, Dictionary<TargetStatus, int> Counts, TargetStatusDto? Total)
{
    public int Institutions => Counts.Values.Sum();
}

/// <summary>Every target's summary, and one page of the ranking of the chosen target (or of each).</summary>
public sealed record TargetRankingPage(List<TargetSummaryDto> Targets, List<TargetRanking> Rankings, int Page, int PageSize);

/// <summary>One page of a target's institutions by rank; <see cref="Total"/> match the filter.</summary>
public sealed record TargetRanking(int TargetId, List<TargetStatusDto> Rows, int Total);

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

        group.MapGet("/", async (int? circularId, string? institution, int? page, int? pageSize, TargetQueries queries, HttpContext http, CancellationToken ct) =>
            {
                if ((page is null && pageSize is null) || institution is { Length: > 0 })
                {
                    return TypedResults.Ok(await queries.LatestAsync(circularId, institution, ct));
                }

                // Paged: each target's total, then that page of its institutions by rank; X-Total-Count is the most any target has.
                var ranking = await queries.RankingAsync(new TargetRankingQuery(circularId, Page: page ?? 1, PageSize: pageSize ?? TargetQueries.DefaultPageSize), ct);
                var rows = new List<TargetStatusDto>();
                foreach (var target in ranking.Targets)
                {
                    rows.AddRange(target.Total is { } total ? [total] : []);
                    rows.AddRange(ranking.Rankings.Where(r => r.TargetId == target.Id).SelectMany(r => r.Rows));
                }

                var most = ranking.Rankings.Select(r => r.Total).DefaultIfEmpty().Max();
                http.Response.Headers["X-Total-Count"] = most.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(rows);
            })
            .WithSummary("Each target's latest verdict per institution (and the jurisdiction's total), ranked, within what the caller sees; "
                + "with page or pageSize (50), that page of each target's ranking, the most institutions of a target in X-Total-Count");

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
