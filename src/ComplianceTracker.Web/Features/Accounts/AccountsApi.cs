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

        group.MapPost("/auth/activate", async (ActivateRequest request, ActivateAccountHandler handler, CancellationToken ct) =>
            {
                await handler.HandleAsync(request, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Anonymous)
            .AllowAnonymous()
            .WithSummary("Set one's first password with a one-time activation code (开通码); the code then stops working")
            .ProducesProblem(StatusCodes.Status400BadRequest);

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
        users.MapGet("/", async (string? q, string? role, bool? disabled, bool? locked, int? page, int? pageSize, ManageUsersHandler handler, HttpContext http, CancellationToken ct) =>
            {
                var found = await handler.ListAsync(new UserQuery(q, role, disabled, locked, page ?? 1, pageSize ?? ManageUsersHandler.MaxPageSize), ct);
                http.Response.Headers["X-Total-Count"] = found.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(found.Items);
            })
            .WithSummary("Accounts by user name, with roles and where they belong, a page at a time (admin); X-Total-Count says how many match");
        users.MapGet("/{userName}", async (string userName, ManageUsersHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(userName, ct)))
            .WithSummary("One account (admin)");
        users.MapPut("/{userName}", async (string userName, UpdateUserRequest request, ManageUsersHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.UpdateAsync(userName, request, ct)))
            .WithSummary("Edit an account: display name, e-mail, mobile, roles, institution or jurisdiction, disabled (null leaves a field as it is; admin)");
        users.MapPost("/{userName}/reset", async (string userName, ManageUsersHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.ResetAsync(userName, ct)))
            .WithSummary("Reset an account: the password stops working and a new one-time activation code is answered, once (admin)");
        users.MapPost("/bulk", async (BulkCreateUsersRequest request, BulkCreateUsersHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(request, ct)))
            .WithSummary("Open the <code>-reporter and <code>-head accounts of institutions; answers each new account's activation code once, names the skipped (admin)");
        users.MapPost("/", async (CreateUserRequest request, ManageUsersHandler handler, CancellationToken ct) =>
                TypedResults.Created($"/api/users/{request.UserName}", await handler.CreateAsync(request, ct)))
            .WithSummary("Create an account with roles and its institution or jurisdiction (admin); without a password it gets a one-time activation code, answered once");
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
