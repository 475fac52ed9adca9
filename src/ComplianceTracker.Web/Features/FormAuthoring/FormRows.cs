using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>The indicator and rule rows an authored form stands for, and what differs between two versions of them.</summary>
public static class FormRows
{
    /// <summary>The indicators in section order, numbered from 1, as rows of <paramref name="version"/>.</summary>
    public static List<Indicator> Indicators(FormDefinition request, int version)
    {
        var ordinal = 0;
        return request.Sections.SelectMany(section => section.Indicators.Select(i => new Indicator
        {
            Code = i.Code!,
            Name = i.Name!,
            Section = section.Name!,
            Unit = i.Unit!,
            Decimals = i.Decimals,
            Required = i.Required,
            Headline = i.Headline,
            Note = i.Note,
            ChangeLimitUpPercent = i.ChangeLimit?.UpPercent,
            ChangeLimitDownPercent = i.ChangeLimit?.DownPercent,
            ChangeLimitSeverity = i.ChangeLimit?.Severity ?? RuleSeverity.Warning,
            Ordinal = ++ordinal,
            SinceVersion = version,
        })).ToList();
    }

    /// <summary>The rules in order, numbered from 1, as rows of <paramref name="version"/>.</summary>
    public static List<FormRule> Rules(FormDefinition request, int version) =>
        request.Rules.Select((r, i) => new FormRule
        {
            Code = r.Code!,
            Left = r.Left!.Trim(),
            Operator = r.Operator!,
            Right = r.Right!.Trim(),
            Severity = r.Severity,
            Message = r.Message,
            Ordinal = i + 1,
            SinceVersion = version,
        }).ToList();

    /// <summary>Whether two rows say the same about an indicator (its place in the form included).</summary>
    public static bool Same(Indicator a, Indicator b) => a.Code == b.Code && a.Ordinal == b.Ordinal && SameMeaning(a, b);

    /// <summary>Whether two rows are the same rule (its place in the list included).</summary>
    public static bool Same(FormRule a, FormRule b) => a.Code == b.Code && a.Ordinal == b.Ordinal && SameMeaning(a, b);

    /// <summary>The same indicator apart from its code and where it sits in the form.</summary>
    public static bool SameMeaning(Indicator a, Indicator b) =>
        a.Name == b.Name && a.Section == b.Section && a.Unit == b.Unit && a.Decimals == b.Decimals && a.Required == b.Required
        && a.Headline == b.Headline && (a.Note ?? "") == (b.Note ?? "") && a.ChangeLimit == b.ChangeLimit;

    /// <summary>The same rule apart from its code and its place in the list.</summary>
    public static bool SameMeaning(FormRule a, FormRule b) =>
        a.Left == b.Left && a.Operator == b.Operator && a.Right == b.Right && a.Severity == b.Severity && (a.Message ?? "") == (b.Message ?? "");
}
