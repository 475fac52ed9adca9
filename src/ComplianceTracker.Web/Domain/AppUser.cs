using Microsoft.AspNetCore.Identity;

namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A person or a bank system. Reporters and branch heads belong to an institution; supervisors and
/// leaders to a jurisdiction (and optionally the authority they work at).
/// </summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public int? JurisdictionId { get; set; }
    public Jurisdiction? Jurisdiction { get; set; }
    public bool IsDemo { get; set; }
}

public static class Roles
{
    public const string Reporter = nameof(Reporter);
    public const string BranchHead = nameof(BranchHead);
    public const string Supervisor = nameof(Supervisor);
    public const string Leader = nameof(Leader);
    public const string Admin = nameof(Admin);

    public static readonly string[] All = [Reporter, BranchHead, Supervisor, Leader, Admin];
}
