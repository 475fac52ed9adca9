using ComplianceTracker.Web.Features.Deadlines;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Reads a deadline or reporting regime from a sentence: "文发之后十日内", "每季度结束后15日内报送", "次月第3个工作日17:00前".</summary>
public static class DueRuleParser
{
    /// <summary>The due rule the sentence states (Source = the words), or null when it states none. Offsets of the evidence are <paramref name="offset"/> plus the position in the sentence.</summary>
    public static (DueRule Rule, Evidence Evidence)? Parse(string sentence, int offset = 0) => throw new NotImplementedException();
}
