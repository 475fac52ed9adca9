namespace ComplianceTracker.Web.Domain;

/// <summary>What the validator needs to know of one indicator (指标) of a form.</summary>
public sealed record IndicatorInfo(string Code, string Name, string Unit, int Decimals, bool Required, ChangeLimit? ChangeLimit = null);

/// <summary>
/// 异常变动上限: how far a figure may move against the institution's last reported period, in per cent up and down
/// (either may be absent), and whether a larger move is an error or a warning that needs a comment.
/// </summary>
public sealed record ChangeLimit(decimal? UpPercent, decimal? DownPercent, RuleSeverity Severity = RuleSeverity.Warning);
