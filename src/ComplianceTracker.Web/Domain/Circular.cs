namespace ComplianceTracker.Web.Domain;

/// <summary>A regulator's or local government's notice (通知) and the requirements it carries.</summary>
public class Circular
{
    public int Id { get; set; }

    /// <summary>Stable key for idempotent seeding and de-duplication: the seed key or the document number.</summary>
    public required string NaturalKey { get; set; }

    /// <summary>文号, e.g. 长上金发〔2022〕20号; null when the document carries none.</summary>
    public string? DocumentNumber { get; set; }

    public required string Title { get; set; }
    public DocumentKind DocumentKind { get; set; } = DocumentKind.Notice;

    /// <summary>Issue date; null when the text does not give it (a supervisor fills it in).</summary>
    public DateOnly? IssuedOn { get; set; }

    /// <summary>The words of the text that give the date, even partially ("4月12日").</summary>
    public string? IssuedOnText { get; set; }

    public DateOnly? EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>"自发布之日起期限6个月" → 6: the validity counted from the issue date.</summary>
    public int? ValidityMonths { get; set; }

    public string? ValidityText { get; set; }
    public string? Addressees { get; set; }
    public string? Contacts { get; set; }
    public required string Text { get; set; }
    public CircularStatus Status { get; set; } = CircularStatus.Draft;
    public bool IsDemo { get; set; }

    /// <summary>The area the circular is addressed to; publishing reaches institutions in it.</summary>
    public int JurisdictionId { get; set; }
    public Jurisdiction Jurisdiction { get; set; } = null!;

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    /// <summary>废止: the first day the circular no longer applies; null while it stands.</summary>
    public DateOnly? RepealedOn { get; set; }

    /// <summary>Why it was repealed, as the supervisor gave it.</summary>
    public string? RepealReason { get; set; }

    public List<CircularIssuer> Issuers { get; set; } = [];
    public List<CircularAttachment> Attachments { get; set; } = [];
    public List<Requirement> Requirements { get; set; } = [];

    /// <summary>Rest or working days the circular arranges for its own reporting, over the national calendar.</summary>
    public List<ExtraDay> ExtraDays { get; set; } = [];

    /// <summary>First day of validity: the explicit date, else the issue date.</summary>
    public DateOnly? ValidFrom => EffectiveFrom ?? IssuedOn;

    /// <summary>
    /// Last day of validity: explicit, else <see cref="ValidityMonths"/> after the start. "自发布之日起6个月" is a
    /// period counted by months (民法典 第二百零一、二百零二条): the start day is not counted and it ends on the
    /// corresponding day, so issued 2022-05-14 it runs to 2022-11-14.
    /// </summary>
    public DateOnly? ValidTo => ValidityEnd(ValidFrom, EffectiveTo, ValidityMonths);

    /// <summary>The rule of <see cref="ValidTo"/>, for callers that hold only the dates.</summary>
    public static DateOnly? ValidityEnd(DateOnly? from, DateOnly? effectiveTo, int? months) =>
        effectiveTo ?? (from is { } start && months is { } m ? start.AddMonths(m) : null);
}

public class CircularAttachment
{
    public int Id { get; set; }
    public int CircularId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
}

public enum CircularStatus
{
    Draft,
    Published,
    Expired,

    /// <summary>废止: repealed from <see cref="Circular.RepealedOn"/>, by hand or by a later circular.</summary>
    Repealed,
}

public enum DocumentKind
{
    /// <summary>A notice that carries requirements.</summary>
    Notice,

    /// <summary>A news report about a circular or about what banks did: kept as a document, never published.</summary>
    NewsReport,
}
