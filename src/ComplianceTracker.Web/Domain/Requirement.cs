namespace ComplianceTracker.Web.Domain;

/// <summary>One clause of a circular and what it asks of the institutions it applies to.</summary>
public class Requirement
{
    public int Id { get; set; }
    public int CircularId { get; set; }
    public Circular Circular { get; set; } = null!;

    /// <summary>Place in the clause tree as the text marks it: "二、（三）", "附件1 一、1.", "二、一是".</summary>
    public required string Clause { get; set; }

    /// <summary>Order within the circular.</summary>
    public int Ordinal { get; set; }

    /// <summary>The words of the circular the requirement came from.</summary>
    public required string Text { get; set; }

    public RequirementKind Kind { get; set; }

    /// <summary>When it is due, as data; null for targets, prohibitions and principles.</summary>
    public DueRule? DueRule { get; set; }

    public Applicability AppliesTo { get; set; } = new();

    /// <summary>Quantitative goal of a <see cref="RequirementKind.Target"/>, as read from the text.</summary>
    public TargetSpec? Target { get; set; }

    /// <summary>What a requirement asks, in one line of at most <paramref name="length"/> characters ("…" when cut): for lists and messages.</summary>
    public static string OneLine(string text, int length = 60)
    {
        var line = string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length), "…");
    }

    /// <summary>Deadlines and recurring reports have dated occurrences; targets, prohibitions and principles do not.</summary>
    public RequirementKindForSchedule ScheduleKind =>
        Kind is RequirementKind.Deadline or RequirementKind.RecurringReport ? RequirementKindForSchedule.Dated : RequirementKindForSchedule.None;
}

public enum RequirementKind
{
    Deadline,
    RecurringReport,
    Target,
    Prohibition,
    Principle,
}

/// <summary>Which institutions a requirement binds, within the circular's jurisdiction.</summary>
public class Applicability
{
    public InstitutionTypes InstitutionTypes { get; set; } = InstitutionTypes.Bank | InstitutionTypes.Insurer;

    /// <summary>Only legal entities (法人机构), not branches.</summary>
    public bool LegalEntitiesOnly { get; set; }

    /// <summary>The words that decided it ("各银行保险机构"), when the text says.</summary>
    public string? Text { get; set; }

    public bool Includes(InstitutionType type, bool isLegalEntity) =>
        InstitutionTypes.HasFlag(type.AsFlag()) && (!LegalEntitiesOnly || isLegalEntity);

    public IReadOnlyList<InstitutionType> Types() =>
        Enum.GetValues<InstitutionType>().Where(t => InstitutionTypes.HasFlag(t.AsFlag())).ToList();
}

[Flags]
public enum InstitutionTypes
{
    None = 0,
    Bank = 1,
    Insurer = 2,
    LocalFinancialOrganisation = 4,
}

public static class InstitutionTypeExtensions
{
    public static InstitutionTypes AsFlag(this InstitutionType type) => type switch
    {
        InstitutionType.Bank => InstitutionTypes.Bank,
        InstitutionType.Insurer => InstitutionTypes.Insurer,
        InstitutionType.LocalFinancialOrganisation => InstitutionTypes.LocalFinancialOrganisation,
    };

    public static InstitutionTypes ToFlags(this IEnumerable<InstitutionType> types) =>
        types.Aggregate(InstitutionTypes.None, (all, t) => all | t.AsFlag());
}

/// <summary>A quantitative goal as the circular states it ("余额突破11000亿元").</summary>
public sealed record TargetSpec(
    string Metric,
    string Comparator,
    decimal? Value,
    string? Unit,
    DateOnly? By,
    string? RelativeTo);

/// <summary>Whether a requirement is scheduled at all (deadlines and recurring reports are).</summary>
public enum RequirementKindForSchedule
{
    None,
    Dated,
}
