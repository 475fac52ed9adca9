namespace ComplianceTracker.Web.Domain;

/// <summary>An issuing body (发文机关). A circular may have several (联合发文).</summary>
public class Issuer
{
    public int Id { get; set; }
    public required string Name { get; set; }
}

/// <summary>Join row keeping the order in which a circular names its issuers.</summary>
public class CircularIssuer
{
    public int CircularId { get; set; }
    public int IssuerId { get; set; }
    public Issuer Issuer { get; set; } = null!;
    public int Order { get; set; }
}
