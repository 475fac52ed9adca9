using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Where a proposed value came from: a span of the text the extractor read (offsets in UTF-16 code units into
/// <see cref="ExtractionProposal.Text"/>), and the words themselves, so the supervisor sees why.
/// </summary>
public sealed record Evidence(int Start, int Length, string Text)
{
    public static Evidence Of(string text, int start, int length) => new(start, length, text.Substring(start, length));
}

/// <summary>A proposed value with the words it was read from.</summary>
public sealed record Proposed<T>(T Value, Evidence Evidence);

/// <summary>The circular's particulars as read from its text; every field optional, each with its evidence.</summary>
public sealed record MetadataProposal
{
    /// <summary>This document's own 文号 ("沪银保监发〔2023〕24号"), normalised to 〔〕; not a number it cites.</summary>
    public Proposed<string>? DocumentNumber { get; init; }
    public Proposed<string>? Title { get; init; }

    /// <summary>Issuing bodies, joint issuers each on their own; empty when the text only says "我局".</summary>
    public List<Proposed<string>> Issuers { get; init; } = [];
    public Proposed<DateOnly>? IssuedOn { get; init; }

    /// <summary>The line before the first "：" at the top ("各银行保险机构").</summary>
    public Proposed<string>? Addressees { get; init; }
    public Proposed<DateOnly>? EffectiveFrom { get; init; }
    public Proposed<DateOnly>? EffectiveTo { get; init; }

    /// <summary>"自发布之日起期限6个月" → 6.</summary>
    public Proposed<int>? ValidityMonths { get; init; }
    public List<Proposed<string>> Attachments { get; init; } = [];
    public List<Proposed<string>> Contacts { get; init; } = [];

    /// <summary>Other documents the text cites ("银发〔2020〕99号", "《…通知》").</summary>
    public List<Proposed<string>> Cited { get; init; } = [];

    /// <summary>False for a text that is not a circular (a news report about one).</summary>
    public bool LooksLikeCircular { get; init; } = true;
}

/// <summary>
/// One numbered clause (一、 / （一） / 1. / （1） / 一是). <see cref="Path"/> is the place in the tree as requirements
/// name it ("二、（三）", "附件1 一、1.", "二、一是"); the body runs from <see cref="Start"/> for <see cref="Length"/>
/// characters of the text, the clause's own words without its children's.
/// </summary>
public sealed record ClauseNode(string Marker, string Path, int Level, int Start, int Length, string? Heading, List<ClauseNode> Children);

/// <summary>A requirement proposed from a clause: its kind, who it binds, when it is due or what it targets, and why.</summary>
public sealed record RequirementProposal
{
    public required string Clause { get; init; }
    public required string Text { get; init; }
    public required RequirementKind Kind { get; init; }
    public required Evidence Evidence { get; init; }
    public ApplicabilityDto AppliesTo { get; init; } = new();
    public DueRule? DueRule { get; init; }
    public TargetSpec? Target { get; init; }

    /// <summary>In Chinese, why this kind ("含“不得”，为禁止性要求"), shown beside the proposal.</summary>
    public required string Reason { get; init; }
}

/// <summary>What the extractor proposes for a text. Nothing is stored: the supervisor edits and saves <see cref="Draft"/>.</summary>
public sealed record ExtractionProposal
{
    /// <summary>The text read (a .docx's paragraphs, a .txt decoded); evidence offsets point into it.</summary>
    public required string Text { get; init; }
    public required DocumentKind DocumentKind { get; init; }
    public required MetadataProposal Metadata { get; init; }
    public required List<ClauseNode> Clauses { get; init; }
    public required List<RequirementProposal> Requirements { get; init; }

    /// <summary>Notes for the supervisor, in Chinese ("未发现监管要求：该文本似为新闻报道").</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>The proposal as a create-draft request, ready to edit and POST to <c>/api/circulars</c>.</summary>
    public required CreateCircularRequest Draft { get; init; }
}
