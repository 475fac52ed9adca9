namespace ComplianceTracker.Web.Domain;

/// <summary>A bank, insurer or local financial organisation: a legal entity (法人机构) or one of its branches.</summary>
public class Institution
{
    public int Id { get; set; }

    /// <summary>Our own short code (not an official licence or registry number), e.g. <c>SD-ICBC</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The name charts, lists and robot messages use (工行上党支行); null means the full name.</summary>
    public string? ShortName { get; set; }

    public InstitutionType Type { get; set; }

    /// <summary>The finer kind supervisors filter and group by (国有大型商业银行, 农商行 ...); null when not given.</summary>
    public InstitutionCategory? Category { get; set; }

    public bool IsLegalEntity { get; set; }

    public int? ParentId { get; set; }
    public Institution? Parent { get; set; }

    /// <summary>Materialised path of codes, <c>/ICBC/SD-ICBC/</c>: a prefix query finds a legal entity's branches.</summary>
    public required string Path { get; set; }

    public int JurisdictionId { get; set; }
    public Jurisdiction Jurisdiction { get; set; } = null!;

    /// <summary>
    /// False once deactivated (撤并、注销): its history stays, but publishing and the nightly refresh bind it to no new
    /// obligations, and it is left out of expected counts.
    /// </summary>
    public bool IsActive { get; set; } = true;

    public DateTime? DeactivatedAt { get; set; }

    /// <summary>The person supervisors call about this institution's reports (联系人), with phone and e-mail.</summary>
    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>The short name when there is one, else the full name.</summary>
    public string DisplayShortName => ShortName ?? Name;
}

public enum InstitutionType
{
    Bank,
    Insurer,
    LocalFinancialOrganisation,
}

/// <summary>The finer kind of institution, as supervisors group them (机构类别).</summary>
public enum InstitutionCategory
{
    LargeStateOwnedBank,
    JointStockBank,
    CityCommercialBank,
    RuralCommercialBank,
    RuralCooperative,
    VillageBank,
    PrivateBank,
    ForeignBank,
    PolicyBank,
    Insurer,
    LocalFinancialOrganisation,
    Other,
}
