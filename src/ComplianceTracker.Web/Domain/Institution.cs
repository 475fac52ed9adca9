namespace ComplianceTracker.Web.Domain;

/// <summary>A bank, insurer or local financial organisation: a legal entity (法人机构) or one of its branches.</summary>
public class Institution
{
    public int Id { get; set; }

    /// <summary>Our own short code (not an official licence or registry number), e.g. <c>SD-ICBC</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public InstitutionType Type { get; set; }
    public bool IsLegalEntity { get; set; }

    public int? ParentId { get; set; }
    public Institution? Parent { get; set; }

    /// <summary>Materialised path of codes, <c>/ICBC/SD-ICBC/</c>: a prefix query finds a legal entity's branches.</summary>
    public required string Path { get; set; }

    public int JurisdictionId { get; set; }
    public Jurisdiction Jurisdiction { get; set; } = null!;
}

public enum InstitutionType
{
    Bank,
    Insurer,
    LocalFinancialOrganisation,
}
