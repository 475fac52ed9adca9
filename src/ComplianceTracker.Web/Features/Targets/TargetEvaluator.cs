namespace ComplianceTracker.Web.Features.Targets;

// Placeholder until the implementation lands; replaced by it.

/// <summary>Judges a target rule on a series of weekly figures, for one institution or for an aggregate.</summary>
public static class TargetEvaluator
{
    /// <summary>
    /// <paramref name="series"/> is ordered by period; <paramref name="baselines"/> holds year-start figures by
    /// indicator code (for YearToDate growth and CountNotBelowBaseline); <paramref name="today"/> is China's date.
    /// </summary>
    public static TargetEvaluation Evaluate(TargetRule rule, IReadOnlyList<FigurePoint> series, IReadOnlyDictionary<string, decimal> baselines, DateOnly today) =>
        throw new NotImplementedException();

    /// <summary>The jurisdiction's series: per period the sum of each additive indicator over the institutions given (ratios: see the implementation).</summary>
    public static IReadOnlyList<FigurePoint> Aggregate(IEnumerable<IReadOnlyList<FigurePoint>> institutions, IReadOnlySet<string> ratioIndicators) =>
        throw new NotImplementedException();
}
