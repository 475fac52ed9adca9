namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Reads the circular's particulars (文号, title, issuers, dates, addressees, validity, attachments, contacts, cited documents).</summary>
public static class MetadataExtractor
{
    public static MetadataProposal Extract(string text) => throw new NotImplementedException();
}
