namespace ComplianceTracker.Web.Features.Circulars.Extraction;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Reads a quantitative target from a sentence: "余额突破11000亿元", "增速高于各项贷款增速", "不高于…3个百分点".</summary>
public static class TargetParser
{
    /// <summary>The target the sentence sets, or null. <paramref name="year"/> is the circular's year, for "年末" → 31 December.</summary>
    public static (TargetSpec Target, Evidence Evidence)? Parse(string sentence, int? year = null, int offset = 0) => throw new NotImplementedException();
}
