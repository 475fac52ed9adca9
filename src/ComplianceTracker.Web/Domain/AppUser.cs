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

    /// <summary>An admin disabled the account (停用): it cannot sign in and its tokens stop working.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>
    /// The hash of a one-time activation code (开通码) handed to the person, who uses it once to choose their own
    /// password. The code itself is never stored. Null once used or when none was issued.
    /// </summary>
    public string? ActivationCodeHash { get; set; }

    public DateTime? ActivationExpiresAt { get; set; }
}

public static class Roles
{
    public const string Reporter = nameof(Reporter);
    public const string BranchHead = nameof(BranchHead);
    public const string Supervisor = nameof(Supervisor);
    public const string Leader = nameof(Leader);
    public const string Admin = nameof(Admin);

    public static readonly string[] All = [Reporter, BranchHead, Supervisor, Leader, Admin];

    /// <summary>The role as people say it (填报员, 机构负责人 ...).</summary>
    public static string Label(string role) => role switch
    {
        Reporter => "填报员",
        BranchHead => "机构负责人",
        Supervisor => "监管员",
        Leader => "领导",
        Admin => "管理员",
        _ => role,
    };
}
