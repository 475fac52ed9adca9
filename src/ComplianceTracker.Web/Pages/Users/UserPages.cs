using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Pages.Users;

/// <summary>What the 账号 pages share: a refusal as one sentence for the page's error box.</summary>
public static class UserPages
{
    /// <summary>The refusal's field errors joined (or its message), or null when the exception is not a refusal.</summary>
    public static string? Refusal(Exception e) => e switch
    {
        RuleViolationException r when r.Errors.Count > 0 => string.Join("", r.Errors.Values.SelectMany(v => v).Distinct()),
        RuleViolationException or NotFoundException or ConflictException or ForbiddenException => e.Message,
        _ => null,
    };

    /// <summary>Where an account belongs, as people say it: the institution's name, else the jurisdiction's.</summary>
    public static string Place(Features.Accounts.UserView user) => user.InstitutionName ?? user.JurisdictionName ?? "";

    public static string RoleNames(IEnumerable<string> roles) => string.Join("、", roles.Select(Domain.Roles.Label));
}
