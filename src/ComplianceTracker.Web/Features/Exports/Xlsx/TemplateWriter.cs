namespace ComplianceTracker.Web.Features.Exports.Xlsx;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Fills an export template: title block by defined names, header and rows streamed with OpenXmlWriter.</summary>
public static class TemplateWriter
{
    public static void Write(string templatePath, Stream output, IReadOnlyList<SheetContent> sheets) => throw new NotImplementedException();
}
