using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts");

        group.MapPost("/auth/token", (IssueTokenRequest request, IssueTokenHandler handler) => handler.HandleAsync(request))
            .RequireAuthorization(Policies.Anonymous)
            .AllowAnonymous()
            .WithSummary("Exchange a user name and password for a bearer token")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status423Locked);

        group.MapGet("/me", async (GetMeHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Who the caller is");

        return app;
    }
}
