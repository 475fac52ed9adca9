using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Data.Seeding;

// The shapes of the files in seeds/. See seeds/circulars/README.md for the circular schema.
public sealed record JurisdictionSeed(string Code, string Name, string? ParentCode);

public sealed record InstitutionSeed(string Code, string Name, InstitutionType Type, bool IsLegalEntity, string? ParentCode, string JurisdictionCode, string? ShortName = null, InstitutionCategory? Category = null);

public sealed record CircularSeed
{
    public required string Key { get; init; }
    public required string SourceFile { get; init; }
    public required string JurisdictionCode { get; init; }
    public DocumentKind DocumentKind { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Title { get; init; }
    public List<string> Issuers { get; init; } = [];
    public DateOnly? IssuedOn { get; init; }
    public string? IssuedOnText { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public int? ValidityMonths { get; init; }
    public string? ValidityText { get; init; }
    public string? Addressees { get; init; }
    public List<string> Attachments { get; init; } = [];
    public List<string> Contacts { get; init; } = [];
    public List<RequirementSeed> Requirements { get; init; } = [];
}

public sealed record RequirementSeed
{
    public required string Clause { get; init; }
    public required string Text { get; init; }
    public RequirementKind Kind { get; init; }
    public ApplicabilitySeed? AppliesTo { get; init; }
    public DueRule? DueRule { get; init; }
    public TargetSpec? Target { get; init; }
}

/// <summary>A target of a circular's requirement (found by clause and words), tracked on a report form's indicators.</summary>
public sealed record TargetSeed(string CircularKey, string Clause, string? Match, string Form, string Description, TargetRule Rule);

public sealed record ApplicabilitySeed(List<InstitutionType> InstitutionTypes, bool LegalEntitiesOnly, string? Text);

/// <summary>Reads the seed files; the folder ships beside the app (see the .csproj).</summary>
public sealed class SeedFiles(string folder)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string Folder { get; } = folder;

    public static SeedFiles Default() => new(Path.Combine(AppContext.BaseDirectory, "seeds"));

    public IReadOnlyList<JurisdictionSeed> Jurisdictions() => Read<List<JurisdictionSeed>>("jurisdictions.json");

    public IReadOnlyList<InstitutionSeed> Institutions() => Read<List<InstitutionSeed>>("institutions.json");

    /// <summary>The real circulars, in file-name order.</summary>
    public IReadOnlyList<CircularSeed> Circulars() =>
        Directory.GetFiles(Path.Combine(Folder, "circulars"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => Read<CircularSeed>(Path.GetRelativePath(Folder, f)))
            .ToList();

    public CircularSeed DemoCircular() => Read<CircularSeed>(Path.Combine("demo", "demo-weekly-circular.json"));

    /// <summary>The holiday calendar, one file per notice year.</summary>
    public IReadOnlyList<CalendarYearSeed> CalendarYears() =>
        Directory.GetFiles(Path.Combine(Folder, "calendar"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => Read<CalendarYearSeed>(Path.GetRelativePath(Folder, f)))
            .ToList();

    /// <summary>The targets tracked on report forms (<c>targets.json</c>).</summary>
    public IReadOnlyList<TargetSeed> Targets() => Read<List<TargetSeed>>("targets.json");

    /// <summary>The report forms, in file-name order.</summary>
    public IReadOnlyList<FormSeed> Forms() =>
        Directory.GetFiles(Path.Combine(Folder, "forms"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => Read<FormSeed>(Path.GetRelativePath(Folder, f)))
            .ToList();

    /// <summary>The verbatim text a circular seed points at, next to it in <c>text/</c>.</summary>
    public string CircularText(CircularSeed seed, bool demo = false) =>
        File.ReadAllText(Path.Combine(Folder, demo ? "demo" : "circulars", "text", seed.SourceFile));

    private T Read<T>(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Json)
            ?? throw new InvalidOperationException($"Seed file {path} is empty.");
    }
}

public sealed record CalendarYearSeed(int Year, string Source, List<CalendarDaySeed> Days)
{
    public IEnumerable<CalendarDay> ToDays() => Days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, Year = Year });
}

public sealed record CalendarDaySeed(DateOnly Date, CalendarDayKind Kind, string Name);

public sealed record FormSeed
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string CircularKey { get; init; }
    public required string RequirementClause { get; init; }
    public DueFrequency Frequency { get; init; } = DueFrequency.Weekly;
    public int LockAfterDays { get; init; } = 3;
    public List<FormSectionSeed> Sections { get; init; } = [];
    public List<FormRuleSeed> Rules { get; init; } = [];

    /// <summary>The form with its indicators (numbered in section order) and rules, linked to a requirement.</summary>
    public ReportForm ToForm(int requirementId)
    {
        var ordinal = 0;
        return new ReportForm
        {
            Code = Code,
            Name = Name,
            Frequency = Frequency,
            RequirementId = requirementId,
            LockAfterDays = LockAfterDays,
            Indicators = Sections.SelectMany(section => section.Indicators.Select(i => new Indicator
            {
                Code = i.Code,
                Name = i.Name,
                Section = section.Name,
                Unit = i.Unit,
                Decimals = i.Decimals,
                Required = i.Required,
                Headline = i.Headline,
                Note = i.Note,
                ChangeLimitUpPercent = i.ChangeLimit?.UpPercent,
                ChangeLimitDownPercent = i.ChangeLimit?.DownPercent,
                ChangeLimitSeverity = i.ChangeLimit?.Severity ?? RuleSeverity.Warning,
                Ordinal = ++ordinal,
            })).ToList(),
            Rules = Rules.Select((r, i) => new FormRule
            {
                Code = r.Code,
                Left = r.Left,
                Operator = r.Operator,
                Right = r.Right,
                Severity = r.Severity,
                Message = r.Message,
                Ordinal = i + 1,
            }).ToList(),
        };
    }
}

public sealed record FormSectionSeed(string Name, List<IndicatorSeed> Indicators);

public sealed record IndicatorSeed(string Code, string Name, string Unit, int Decimals, bool Required, bool Headline = false, string? Note = null, ChangeLimit? ChangeLimit = null);

public sealed record FormRuleSeed(string Code, string Left, string Operator, string Right, RuleSeverity Severity, string? Message);
