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

        group.MapPost("/me/password", async (ChangePasswordRequest request, ManageUsersHandler handler, CancellationToken ct) =>
            {
                await handler.ChangeOwnPasswordAsync(request, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Change one's own password (the password policy applies)");

        var users = app.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        users.MapGet("/", async (ManageUsersHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(ct)))
            .WithSummary("Every account, with roles and where it belongs (admin)");
        users.MapPost("/", async (CreateUserRequest request, ManageUsersHandler handler, CancellationToken ct) =>
                TypedResults.Created($"/api/users/{request.UserName}", await handler.CreateAsync(request, ct)))
            .WithSummary("Create an account with roles and its institution or jurisdiction (admin)");
        users.MapPut("/{userName}/password", async (string userName, SetPasswordRequest request, ManageUsersHandler handler, CancellationToken ct) =>
            {
                await handler.SetPasswordAsync(userName, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Reset an account's password (admin)");
        users.MapPost("/{userName}/unlock", async (string userName, ManageUsersHandler handler, CancellationToken ct) =>
            {
                await handler.UnlockAsync(userName, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Lift an account's lockout (admin)");

        return app;
    }
}
