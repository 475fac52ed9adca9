namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A later circular that changes an earlier one: <see cref="FromCircularId"/> 修订/补充/废止 <see cref="ToCircularId"/>.
/// Both circulars show it ("本通知修订了 Y", "本通知已被 X 修订").
/// </summary>
public class CircularRelation
{
    public int Id { get; set; }

    /// <summary>The later circular, the one that amends, supplements or repeals.</summary>
    public int FromCircularId { get; set; }
    public Circular From { get; set; } = null!;

    /// <summary>The earlier circular, the one changed.</summary>
    public int ToCircularId { get; set; }
    public Circular To { get; set; } = null!;

    public CircularRelationKind Kind { get; set; }

    /// <summary>The reason the supervisor gave when registering the change.</summary>
    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

public enum CircularRelationKind
{
    /// <summary>修订: changes deadlines, periods, scope or validity.</summary>
    Amends,

    /// <summary>补充: adds to it.</summary>
    Supplements,

    /// <summary>废止: ends it.</summary>
    Repeals,
}
