using System.Net.Http.Headers;
using System.Text;
using ComplianceTracker.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Every endpoint the app maps, read from its own endpoint data source (API routes, pages, health, the job dashboard),
/// called by every kind of caller: anonymous, reporter, branch head, supervisor, leader, admin. An endpoint added
/// without a policy, or answering a caller its policy excludes, fails here. The route values name things the signed-in
/// callers may all see (the demo bank SD-CCB, its weekly form), so that a refusal can only come from the policy.
/// </summary>
[NonParallelizable]
public class EndpointAuthorizationTests : SqliteAppFixture
{
    /// <summary>Reachable without signing in, on purpose. Anything else anonymous fails the first test.</summary>
    private static readonly string[] AnonymousOnPurpose =
    [
        "POST /api/auth/token", "GET /account/login", "POST /account/login", "POST /api/auth/activate", "GET /account/activate", "POST /account/activate", "GET /error/{code:int}", "POST /error/{code:int}",
        "GET /health/live", "POST /health/live", "GET /health/ready", "POST /health/ready", "GET /openapi/{documentName}.json",
        "GET /scalar/{documentName?}", "GET /scalar/scalar.js", "GET /scalar/scalar.aspnetcore.js", "GET /scalar/favicon.svg",
    ];

    private static readonly (string? User, string? Role)[] Callers =
    [
        (null, null),
        ("SD-CCB-reporter", Roles.Reporter),
        ("SD-CCB-head", Roles.BranchHead),
        ("supervisor", Roles.Supervisor),
        ("leader", Roles.Leader),
        ("admin", Roles.Admin),
    ];

    [Test]
    public async Task EveryEndpoint_NamesAPolicy_OrIsAnonymousOnPurpose()
    {
        var endpoints = await AppEndpoints.ReadAsync(App);
        var unnamed = endpoints.Where(e => !e.Anonymous && !e.Authorize.Any(a => a.Policy is not null || a.Roles is not null))
            .Select(e => e.Name).ToList();
        var anonymous = endpoints.Where(e => e.Anonymous).Select(e => e.Name).Except(AnonymousOnPurpose).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(endpoints, Has.Count.GreaterThan(60), "the endpoint data source was read");
            Assert.That(unnamed, Is.Empty, "endpoints relying on the fallback policy instead of naming one");
            Assert.That(anonymous, Is.Empty, "endpoints open to anonymous callers that are not on the list");
        });
    }

    [Test]
    public async Task EveryEndpoint_RefusesEveryCallerItsPolicyExcludes_AndServesTheOthersWithoutError()
    {
        var values = await AppEndpoints.RouteValuesAsync(App);
        var policies = App.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var (user, _) in Callers)
        {
            clients[user ?? ""] = await ClientAsync(user);
        }

        var failures = new List<string>();
        var calls = 0;
        foreach (var endpoint in await AppEndpoints.ReadAsync(App))
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Authorize) ?? await policies.GetFallbackPolicyAsync() ?? await policies.GetDefaultPolicyAsync();
            foreach (var (user, role) in Callers)
            {
                var allowed = endpoint.Anonymous || Allows(policy, role);
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(values));
                if (endpoint.Method is "POST" or "PUT" or "PATCH")
                {
                    // What the endpoint accepts, so that routing does not answer 415 before authorization is asked.
                    request.Content = endpoint.TakesForm
                        ? new MultipartFormDataContent { { new StringContent("x"), "note" } }
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await clients[user ?? ""].SendAsync(request);
                calls++;
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.ToString() ?? "";
                var refused = status is 401 or 403 || location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/error/403", StringComparison.Ordinal);
                var who = user ?? "anonymous";
                if (!allowed && !refused)
                {
                    failures.Add($"{endpoint.Name} as {who}: {status}, but its policy excludes {who}");
                }
                else if (allowed && refused && !RefusedByTheHandlerOnPurpose(endpoint.Name, role))
                {
                    failures.Add($"{endpoint.Name} as {who}: {status} {location}, but its policy admits {who}");
                }
                else if (status >= 500)
                {
                    failures.Add($"{endpoint.Name} as {who}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.That(calls, Is.GreaterThan(300));
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Admitted by the policy yet refused on purpose: the job dashboard's own antiforgery check refuses a POST without
    /// its token.
    /// </summary>
    private static bool RefusedByTheHandlerOnPurpose(string endpoint, string? role) =>
        endpoint == "POST /jobs/{**path}" && role is Roles.Admin;

    private static bool Allows(AuthorizationPolicy policy, string? role)
    {
        foreach (var requirement in policy.Requirements)
        {
            switch (requirement)
            {
                case DenyAnonymousAuthorizationRequirement when role is null:
                    return false;
                case RolesAuthorizationRequirement roles when role is null || !roles.AllowedRoles.Contains(role):
                    return false;
                case DenyAnonymousAuthorizationRequirement or RolesAuthorizationRequirement or AssertionRequirement:
                    break;
                default:
                    throw new NotSupportedException($"The test does not know how to judge {requirement.GetType().Name}.");
            }
        }

        return true;
    }

    private async Task<HttpClient> ClientAsync(string? user)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = (await App.ClientForAsync(user)).DefaultRequestHeaders.Authorization;
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
