namespace ComplianceTracker.Web.Domain;

/// <summary>
/// An area a supervisor oversees (全国 → 上海市, 长治市上党区 ...). Institutions sit in one; supervisors and
/// leaders see the institutions of their jurisdiction and of every jurisdiction below it.
/// </summary>
public class Jurisdiction
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public Jurisdiction? Parent { get; set; }

    /// <summary>Materialised path of codes, <c>/CN/SH/</c>.</summary>
    public required string Path { get; set; }
}
