using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Circulars;

public sealed record CircularSummaryDto
{
    public int Id { get; init; }
    public string? DocumentNumber { get; init; }
    public string Title { get; init; } = "";
    public List<string> Issuers { get; init; } = [];
    public DateOnly? IssuedOn { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public int? ValidityMonths { get; init; }
    public CircularStatus Status { get; init; }
    public DocumentKind DocumentKind { get; init; }
    public bool IsDemo { get; init; }
    public string JurisdictionCode { get; init; } = "";

    /// <summary>Fills the validity the text gives as a duration ("自发布之日起6个月") once the issue date is known.</summary>
    public CircularSummaryDto WithDerivedValidity() => this with
    {
        EffectiveFrom = EffectiveFrom ?? IssuedOn,
        EffectiveTo = Circular.ValidityEnd(EffectiveFrom ?? IssuedOn, EffectiveTo, ValidityMonths),
    };
}

public sealed record CircularDetailDto
{
    public int Id { get; init; }
    public string? DocumentNumber { get; init; }
    public string Title { get; init; } = "";
    public List<string> Issuers { get; init; } = [];
    public DateOnly? IssuedOn { get; init; }
    public string? IssuedOnText { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public int? ValidityMonths { get; init; }
    public string? ValidityText { get; init; }
    public CircularStatus Status { get; init; }
    public DocumentKind DocumentKind { get; init; }
    public bool IsDemo { get; init; }
    public string JurisdictionCode { get; init; } = "";
    public string? Addressees { get; init; }
    public string? Contacts { get; init; }
    public List<string> Attachments { get; init; } = [];
    public string Text { get; init; } = "";
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>废止: the first day it no longer applies, and why.</summary>
    public DateOnly? RepealedOn { get; init; }
    public string? RepealReason { get; init; }

    public List<RequirementDto> Requirements { get; init; } = [];

    /// <summary>Rest or working days the circular arranges for its own reporting.</summary>
    public List<ExtraDay> ExtraDays { get; init; } = [];

    /// <summary>Later circulars that amended, supplemented or repealed this one, and those this one changed.</summary>
    public List<CircularRelationDto> Relations { get; init; } = [];
}

/// <summary>
/// One relation as this circular's page shows it: <see cref="Direction"/> <c>ChangedBy</c> ("本通知已被 X 修订") or
/// <c>Changes</c> ("本通知修订了 Y"), with the other circular.
/// </summary>
public sealed record CircularRelationDto
{
    public CircularRelationKind Kind { get; init; }
    public string Direction { get; init; } = "";
    public int CircularId { get; init; }
    public string? DocumentNumber { get; init; }
    public string Title { get; init; } = "";
    public string? Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sentence the page shows.</summary>
    public string Text { get; init; } = "";
}

public sealed record RequirementDto
{
    public int Id { get; init; }
    public string Clause { get; init; } = "";
    public string Text { get; init; } = "";
    public RequirementKind Kind { get; init; }
    public DueRule? DueRule { get; init; }
    public ApplicabilityDto AppliesTo { get; init; } = new();
    public TargetSpec? Target { get; init; }
}

/// <summary>Which institutions a requirement binds: types, legal entities only, and the words that said so.</summary>
public sealed record ApplicabilityDto
{
    public List<InstitutionType> InstitutionTypes { get; init; } = [];
    public bool LegalEntitiesOnly { get; init; }
    public string? Text { get; init; }
}
