namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Reads the clause tree: 一、 / （一） / 1. / （1） / 一是…二是…, inline markers, page-break debris, markdown headings.</summary>
public static class ClauseParser
{
    public static List<ClauseNode> Parse(string text) => throw new NotImplementedException();
}
