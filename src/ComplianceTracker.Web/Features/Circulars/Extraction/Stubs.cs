using ComplianceTracker.Web.Features.Deadlines;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholders for the parts under construction; each is replaced by its own file.

/// <summary>Reads the circular's particulars (文号, title, issuers, dates, addressees, validity, attachments, contacts, cited documents).</summary>
public static partial class MetadataExtractor
{
    public static MetadataProposal Extract(string text) => throw new NotImplementedException();
}

/// <summary>Reads the clause tree: 一、 / （一） / 1. / （1） / 一是…二是…, inline markers, page-break debris, markdown headings.</summary>
public static partial class ClauseParser
{
    public static List<ClauseNode> Parse(string text) => throw new NotImplementedException();
}

/// <summary>Proposes typed requirements from the clauses: splitting, kind, applicability, due rules and targets.</summary>
public static partial class RequirementExtractor
{
    public static List<RequirementProposal> Extract(string text, IReadOnlyList<ClauseNode> clauses, MetadataProposal metadata) => throw new NotImplementedException();
}

/// <summary>Reads a deadline or reporting regime from a sentence: "文发之后十日内", "每季度结束后15日内报送", "次月第3个工作日17:00前".</summary>
public static partial class DueRuleParser
{
    /// <summary>The due rule the sentence states (Source = the words), or null when it states none.</summary>
    public static (DueRule Rule, Evidence Evidence)? Parse(string sentence, int offset = 0) => throw new NotImplementedException();
}

/// <summary>Reads a quantitative target from a sentence: "余额突破11000亿元", "增速高于各项贷款增速", "不高于…3个百分点".</summary>
public static partial class TargetParser
{
    public static (TargetSpec Target, Evidence Evidence)? Parse(string sentence, int? year = null, int offset = 0) => throw new NotImplementedException();
}
