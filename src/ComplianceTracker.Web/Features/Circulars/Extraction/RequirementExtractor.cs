namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Proposes typed requirements from the clauses: splitting, kind, applicability, due rules and targets.</summary>
public static class RequirementExtractor
{
    public static List<RequirementProposal> Extract(string text, IReadOnlyList<ClauseNode> clauses, MetadataProposal metadata) => throw new NotImplementedException();
}
