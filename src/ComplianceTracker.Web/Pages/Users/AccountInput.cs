namespace ComplianceTracker.Web.Pages.Users;

/// <summary>The account fields of 新建账号 and the account's page: roles as ticked, the institution by name or code, the jurisdiction chosen.</summary>
public sealed class AccountInput
{
    public string? DisplayName { get; set; }
    public string[] Roles { get; set; } = [];

    /// <summary>The institution's full name, short name or code (reporters and heads).</summary>
    public string? Institution { get; set; }

    /// <summary>The jurisdiction's code (supervisors, leaders, admins).</summary>
    public string? Jurisdiction { get; set; }

    public string? PhoneNumber { get; set; }
    public string? Email { get; set; }
}

/// <summary>What the fields partial shows: the input and the jurisdictions to choose from.</summary>
public sealed record AccountFields(AccountInput Input, IReadOnlyList<(string Code, string Name)> Jurisdictions);
