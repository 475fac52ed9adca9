using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>The authorization policies every endpoint names. Unnamed endpoints fall back to <see cref="SignedIn"/>.</summary>
public static class Policies
{
    /// <summary>Any signed-in user; what each sees is then limited by <see cref="AccessScope"/>.</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Registers and publishes circulars, changes any obligation's status in the jurisdiction.</summary>
    public const string Supervisor = nameof(Supervisor);

    /// <summary>Reads across institutions: supervisors, leaders, admins.</summary>
    public const string Oversight = nameof(Oversight);

    /// <summary>Fills in and submits an institution's reports: its reporters and head (which institution: the handler).</summary>
    public const string Filing = nameof(Filing);

    /// <summary>Approves an institution's submission: its head.</summary>
    public const string Approving = nameof(Approving);

    /// <summary>Returns a submission with a reason: the institution's head, or a supervisor.</summary>
    public const string Returning = nameof(Returning);

    /// <summary>Operates the system: job dashboard, calendars, accounts.</summary>
    public const string Admin = nameof(Admin);

    /// <summary>Keeps the institution registry: supervisors (their jurisdiction's institutions, checked by the handler) and admins.</summary>
    public const string ManageInstitutions = nameof(ManageInstitutions);

    /// <summary>Anything that may be done without signing in (health, token, API description): named, never implied.</summary>
    public const string Anonymous = nameof(Anonymous);

    public static AuthorizationBuilder AddCompliancePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser())
        .AddPolicy(Supervisor, p => p.RequireRole(Roles.Supervisor, Roles.Admin))
        .AddPolicy(Oversight, p => p.RequireRole(Roles.Supervisor, Roles.Leader, Roles.Admin))
        .AddPolicy(Filing, p => p.RequireRole(Roles.Reporter, Roles.BranchHead))
        .AddPolicy(Approving, p => p.RequireRole(Roles.BranchHead))
        .AddPolicy(Returning, p => p.RequireRole(Roles.BranchHead, Roles.Supervisor, Roles.Admin))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(ManageInstitutions, p => p.RequireRole(Roles.Supervisor, Roles.Admin))
        .AddPolicy(Anonymous, p => p.RequireAssertion(_ => true))
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}
