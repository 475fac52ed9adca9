namespace ComplianceTracker.Web.Domain;

/// <summary>What the validator needs to know of one indicator (指标) of a form.</summary>
public sealed record IndicatorInfo(string Code, string Name, string Unit, int Decimals, bool Required);
