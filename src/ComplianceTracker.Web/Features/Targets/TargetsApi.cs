using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;

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
