using System.Globalization;
using System.Text.Json;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// The review form of <c>/circulars/new</c> as the browser posts it: everything as typed (text), so that a date or a
/// number the user mistyped comes back as they wrote it with a Chinese message, and never reaches the handler.
/// </summary>
public sealed class CircularInput
{
    /// <summary>The draft being edited (<c>/circulars/new?edit=</c>); null for a new circular.</summary>
    public int? EditId { get; set; }

    public string? DocumentNumber { get; set; }
    public string? Title { get; set; }

    /// <summary>One issuing body per line.</summary>
    public string? Issuers { get; set; }

    public string? IssuedOn { get; set; }
    public string? IssuedOnText { get; set; }
    public string? EffectiveFrom { get; set; }
    public string? EffectiveTo { get; set; }
    public string? ValidityMonths { get; set; }
    public string? ValidityText { get; set; }
    public string? Addressees { get; set; }
    public string? Contacts { get; set; }
    public string? Text { get; set; }
    public string? JurisdictionCode { get; set; }

    /// <summary>One attachment title per line.</summary>
    public string? Attachments { get; set; }

    /// <summary>The circular's own rest and working days, one a line: "2026-10-09 休息", "2026-10-10 上班".</summary>
    public string? ExtraDays { get; set; }

    /// <summary>The words each particular was read from, by field name (kept across posts in hidden fields).</summary>
    public Dictionary<string, string> Evidence { get; set; } = [];

    /// <summary>The extractor's notes for the supervisor.</summary>
    public List<string> Notes { get; set; } = [];

    public List<RequirementRow> Requirements { get; set; } = [];

    /// <summary>The extractor's proposal as a form to edit.</summary>
    public static CircularInput From(ExtractionProposal proposal, string? jurisdictionCode)
    {
        var draft = proposal.Draft;
        var m = proposal.Metadata;
        var evidence = new Dictionary<string, string>();
        void Keep(string field, Evidence? e)
        {
            if (e is { Text.Length: > 0 })
            {
                evidence[field] = e.Text;
            }
        }

        Keep(nameof(DocumentNumber), m.DocumentNumber?.Evidence);
        Keep(nameof(Title), m.Title?.Evidence);
        Keep(nameof(IssuedOn), m.IssuedOn?.Evidence);
        Keep(nameof(Addressees), m.Addressees?.Evidence);
        Keep(nameof(EffectiveFrom), m.EffectiveFrom?.Evidence);
        Keep(nameof(EffectiveTo), m.EffectiveTo?.Evidence);
        Keep(nameof(ValidityMonths), m.ValidityMonths?.Evidence);
        if (m.Issuers.Count > 0)
        {
            evidence[nameof(Issuers)] = string.Join(" / ", m.Issuers.Select(i => i.Evidence.Text).Distinct());
        }

        return new CircularInput
        {
            DocumentNumber = draft.DocumentNumber,
            Title = draft.Title,
            Issuers = string.Join("\n", draft.Issuers ?? []),
            IssuedOn = Format(draft.IssuedOn),
            IssuedOnText = draft.IssuedOnText,
            EffectiveFrom = Format(draft.EffectiveFrom),
            EffectiveTo = Format(draft.EffectiveTo),
            ValidityMonths = draft.ValidityMonths?.ToString(CultureInfo.InvariantCulture),
            ValidityText = draft.ValidityText,
            Addressees = draft.Addressees,
            Contacts = draft.Contacts,
            Text = draft.Text,
            JurisdictionCode = jurisdictionCode,
            Attachments = string.Join("\n", draft.Attachments ?? []),
            Evidence = evidence,
            Notes = proposal.Notes,
            Requirements = proposal.Requirements.Select(RequirementRow.From).ToList(),
        };
    }

    /// <summary>A saved draft as the same form, to edit everything of it.</summary>
    public static CircularInput FromDraft(CircularDetailDto draft) => new()
    {
        EditId = draft.Id,
        DocumentNumber = draft.DocumentNumber,
        Title = draft.Title,
        Issuers = string.Join("\n", draft.Issuers),
        IssuedOn = Format(draft.IssuedOn),
        IssuedOnText = draft.IssuedOnText,

        // The stored validity as entered (not derived from the months), so saving unchanged changes nothing.
        EffectiveFrom = Format(draft.EffectiveFrom == draft.IssuedOn ? null : draft.EffectiveFrom),
        EffectiveTo = Format(draft.ValidityMonths is not null && draft.EffectiveTo == Circular.ValidityEnd(draft.EffectiveFrom, null, draft.ValidityMonths) ? null : draft.EffectiveTo),
        ValidityMonths = draft.ValidityMonths?.ToString(CultureInfo.InvariantCulture),
        ValidityText = draft.ValidityText,
        Addressees = draft.Addressees,
        Contacts = draft.Contacts,
        Text = draft.Text,
        JurisdictionCode = draft.JurisdictionCode,
        Attachments = string.Join("\n", draft.Attachments),
        ExtraDays = draft.ExtraDays.Count > 0 ? ExtraDay.ToLines(draft.ExtraDays) : null,
        Requirements = draft.Requirements.Select(r => RequirementRow.From(new RequirementProposal
        {
            Clause = r.Clause,
            Text = r.Text,
            Kind = r.Kind,
            Evidence = new Evidence(0, 0, ""),
            AppliesTo = r.AppliesTo,
            DueRule = r.DueRule,
            Target = r.Target,
            Reason = "",
        })).ToList(),
    };

    /// <summary>The request for <see cref="CreateCircularHandler"/>, and the messages for what could not be read.</summary>
    public (CreateCircularRequest Request, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>();
        var request = new CreateCircularRequest
        {
            DocumentNumber = Blank(DocumentNumber),
            Title = Title?.Trim() ?? "",
            Issuers = Lines(Issuers),
            IssuedOn = ParseDate(IssuedOn, "issuedOn", "发文日期", errors),
            IssuedOnText = Blank(IssuedOnText),
            EffectiveFrom = ParseDate(EffectiveFrom, "effectiveFrom", "生效日期", errors),
            EffectiveTo = ParseDate(EffectiveTo, "effectiveTo", "失效日期", errors),
            ValidityMonths = ParseInt(ValidityMonths, "validityMonths", "执行期月数", errors),
            ValidityText = Blank(ValidityText),
            Addressees = Blank(Addressees),
            Contacts = Blank(Contacts),
            Text = Text ?? "",
            JurisdictionCode = Blank(JurisdictionCode),
            Attachments = Lines(Attachments),
            Requirements = Requirements.Select((r, i) => r.ToInput($"requirements[{i}]", errors)).ToList(),
            ExtraDays = ReadExtraDays(errors),
        };
        return (request, errors);
    }

    /// <summary>The circular's own days as the preview and the handler take them (none while a line does not read).</summary>
    public List<ExtraDay> ReadExtraDays(Dictionary<string, string[]>? errors = null)
    {
        var (days, messages) = ExtraDay.Parse(ExtraDays);
        if (messages.Count > 0)
        {
            errors?.TryAdd("extraDays", [.. messages]);
        }

        return days;
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Lines(string? value) =>
        (value ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly? ParseDate(string? value, string field, string name, Dictionary<string, string[]> errors)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日", "yyyy.M.d"];
        if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.TryAdd(field, [$"{name}“{text}”不是有效日期，请按 2024-03-01 的格式填写。"]);
        return null;
    }

    internal static int? ParseInt(string? value, string field, string name, Dictionary<string, string[]> errors)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.TryAdd(field, [$"{name}“{text}”不是整数，请只填写数字。"]);
        return null;
    }
}

/// <summary>One requirement row of the review form.</summary>
public sealed class RequirementRow
{
    public string? Clause { get; set; }
    public string? Text { get; set; }
    public string? Kind { get; set; }

    /// <summary>Empty: no due rule (targets, prohibitions, principles).</summary>
    public string? Frequency { get; set; }

    public string? Anchor { get; set; }
    public string? Offset { get; set; }
    public string? Unit { get; set; }
    public string? FixedDate { get; set; }
    public string? TimeOfDay { get; set; }
    public string? DurationMonths { get; set; }
    public string? WeekStart { get; set; }

    /// <summary>不顺延: the last day stays on a rest day.</summary>
    public bool NoShift { get; set; }

    /// <summary>免报: holiday names separated by 、 ("劳动节、国庆节").</summary>
    public string? ExemptHolidays { get; set; }

    public string? Source { get; set; }
    public string? Assumed { get; set; }
    public List<string> Types { get; set; } = [];
    public bool LegalEntitiesOnly { get; set; }
    public string? AppliesText { get; set; }

    /// <summary>A target's figures as JSON, carried unchanged.</summary>
    public string? Target { get; set; }

    /// <summary>The words the extractor read the requirement from, and why it chose the kind.</summary>
    public string? Evidence { get; set; }

    public string? Reason { get; set; }

    public static RequirementRow Blank() => new()
    {
        Kind = "",
        Types = [nameof(InstitutionType.Bank), nameof(InstitutionType.Insurer)],
    };

    public static RequirementRow From(RequirementProposal r) => new()
    {
        Clause = r.Clause,
        Text = r.Text,
        Kind = r.Kind.ToString(),
        Frequency = r.DueRule?.Frequency.ToString() ?? "",
        Anchor = r.DueRule?.Anchor.ToString(),
        Offset = r.DueRule?.Offset.ToString(CultureInfo.InvariantCulture),
        Unit = r.DueRule?.Unit.ToString(),
        FixedDate = CircularInput.Format(r.DueRule?.FixedDate),
        TimeOfDay = r.DueRule?.TimeOfDay?.ToString("HH:mm", CultureInfo.InvariantCulture),
        DurationMonths = r.DueRule?.DurationMonths?.ToString(CultureInfo.InvariantCulture),
        WeekStart = r.DueRule?.WeekStart?.ToString(),
        NoShift = r.DueRule?.NoShift ?? false,
        ExemptHolidays = r.DueRule?.ExemptHolidays is { Count: > 0 } exempt ? string.Join("、", exempt) : null,
        Source = r.DueRule?.Source,
        Assumed = r.DueRule?.Assumed,
        Types = r.AppliesTo.InstitutionTypes.Select(t => t.ToString()).ToList(),
        LegalEntitiesOnly = r.AppliesTo.LegalEntitiesOnly,
        AppliesText = r.AppliesTo.Text,
        Target = r.Target is null ? null : JsonSerializer.Serialize(r.Target),
        Evidence = r.Evidence.Text,
        Reason = r.Reason,
    };

    public RequirementInput ToInput(string prefix, Dictionary<string, string[]> errors)
    {
        RequirementKind? kind = Enum.TryParse<RequirementKind>(Kind, out var k) && Enum.IsDefined(k) ? k : null;
        if (kind is null)
        {
            errors.TryAdd($"{prefix}.kind", ["请选择要求类型（期限、定期报送、目标、禁止或原则）。"]);
        }

        var types = Types.Select(t => Enum.TryParse<InstitutionType>(t, out var type) && Enum.IsDefined(type) ? type : (InstitutionType?)null).ToList();
        if (types.Count == 0 || types.Any(t => t is null))
        {
            errors.TryAdd($"{prefix}.appliesTo.institutionTypes", ["请至少选择一种适用的机构类型。"]);
        }

        return new RequirementInput
        {
            Clause = Clause?.Trim() ?? "",
            Text = Text?.Trim() ?? "",
            Kind = kind,
            DueRule = DueRule(prefix, errors),
            AppliesTo = new ApplicabilityDto
            {
                InstitutionTypes = types.OfType<InstitutionType>().Distinct().ToList(),
                LegalEntitiesOnly = LegalEntitiesOnly,
                Text = CircularInput.Blank(AppliesText),
            },
            Target = ReadTarget(prefix, errors),
        };
    }

    /// <summary>The due rule as typed, or null when it is empty or does not read (<paramref name="errors"/> says why).</summary>
    public DueRule? DueRule(string prefix, Dictionary<string, string[]> errors)
    {
        if (CircularInput.Blank(Frequency) is null)
        {
            return null;
        }

        var field = $"{prefix}.dueRule";
        if (!Enum.TryParse<DueFrequency>(Frequency, out var frequency) || !Enum.TryParse<DueAnchor>(Anchor, out var anchor) || !Enum.TryParse<DueUnit>(Unit, out var unit))
        {
            errors.TryAdd(field, ["请从列表中选择期限的频率、起算点和单位。"]);
            return null;
        }

        TimeOnly? time = null;
        if (CircularInput.Blank(TimeOfDay) is { } t)
        {
            if (TimeOnly.TryParseExact(t, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                time = parsed;
            }
            else
            {
                errors.TryAdd($"{field}.timeOfDay", [$"截止时点“{t}”无效，请按 17:00 的格式填写。"]);
            }
        }

        return new DueRule
        {
            Frequency = frequency,
            Anchor = anchor,
            Unit = unit,
            FixedDate = CircularInput.ParseDate(FixedDate, $"{field}.fixedDate", "固定日期", errors),
            Offset = CircularInput.ParseInt(Offset, $"{field}.offset", "期限天数", errors) ?? 0,
            TimeOfDay = time,
            DurationMonths = CircularInput.ParseInt(DurationMonths, $"{field}.durationMonths", "执行月数", errors),
            WeekStart = Enum.TryParse<DayOfWeek>(WeekStart, out var day) ? day : null,
            NoShift = NoShift,
            ExemptHolidays = ReadExemptHolidays($"{field}.exemptHolidays", errors),
            Source = CircularInput.Blank(Source),
            Assumed = CircularInput.Blank(Assumed),
        };
    }

    /// <summary>What people also call a holiday in the 免报 field: "五一" is 劳动节, "十一" 国庆节.</summary>
    private static readonly Dictionary<string, string> HolidayAliases = new(StringComparer.Ordinal)
    {
        ["五一"] = "劳动节", ["十一"] = "国庆节", ["国庆"] = "国庆节", ["清明"] = "清明节", ["端午"] = "端午节", ["中秋"] = "中秋节",
    };

    private List<string>? ReadExemptHolidays(string field, Dictionary<string, string[]> errors)
    {
        var names = (ExemptHolidays ?? "").Split(['、', ',', '，', ' ', '　', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => HolidayAliases.GetValueOrDefault(n, n)).ToArray();
        if (names.FirstOrDefault(n => !Domain.DueRule.StatutoryHolidays.Contains(n)) is { } unknown)
        {
            errors.TryAdd(field, [$"免报节日“{unknown}”无法识别，请填写{string.Join("、", Domain.DueRule.StatutoryHolidays)}中的一个或几个，用“、”分隔。"]);
            return null;
        }

        return names.Length == 0 ? null : Domain.DueRule.StatutoryHolidays.Where(names.Contains).ToList();
    }

    private TargetSpec? ReadTarget(string prefix, Dictionary<string, string[]> errors)
    {
        if (CircularInput.Blank(Target) is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TargetSpec>(json);
        }
        catch (JsonException)
        {
            errors.TryAdd($"{prefix}.target", ["目标数据无法读取，请删除该要求后重新识别。"]);
            return null;
        }
    }
}
