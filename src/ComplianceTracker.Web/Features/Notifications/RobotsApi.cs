using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>A group robot as the API shows it: the address without its key or token, which are secrets.</summary>
public sealed record GroupRobotDto(int Id, RobotKind Kind, string? Institution, string? User, string Url, bool HasSecret, bool Enabled);

/// <summary>Set the robot of an institution (its code) or of a supervisor or leader (user name): exactly one of the two.</summary>
public sealed record SetGroupRobotRequest(RobotKind Kind, string? Url, string? Secret, string? Institution, string? User, bool? Enabled);

public sealed record RobotTestResult(bool Sent, string? Error);

public static class RobotsApi
{
    public static IEndpointRouteBuilder MapRobotsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/robots").WithTags("Notifications").RequireAuthorization(Policies.Admin);

        group.MapGet("/", async (GroupRobotsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(ct)))
            .WithSummary("The 企业微信 and 钉钉 group robots that receive notifications (admin)");

        group.MapPut("/", async (SetGroupRobotRequest request, GroupRobotsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.SetAsync(request, ct)))
            .WithSummary("Set the group robot of an institution or of a supervisor or leader (admin); one each")
            .ProducesValidationProblem();

        group.MapDelete("/{id:int}", async (int id, GroupRobotsHandler handler, CancellationToken ct) =>
            {
                await handler.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a group robot (admin)");

        group.MapPost("/{id:int}/test", async (int id, GroupRobotsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.TestAsync(id, ct)))
            .WithSummary("Post a test message to the robot now and say what it answered (admin)");

        return app;
    }
}
