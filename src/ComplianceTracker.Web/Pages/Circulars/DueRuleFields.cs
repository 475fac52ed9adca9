namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// The fields of one requirement's deadline rule, as the review form (<c>/circulars/new</c>) and the 修订 form post
/// them: every field of <see cref="RequirementRow"/> that makes its <see cref="Domain.DueRule"/>, so neither form
/// drops 不顺延, 免报 or the week's first day.
/// </summary>
/// <param name="Row">The row as typed.</param>
/// <param name="Prefix">The name of the row in the post ("Input.Requirements[3]").</param>
/// <param name="Id">The start of the fields' element ids ("r3").</param>
/// <param name="NoRuleOption">Whether the frequency may be "无期限" (a new requirement; a published one keeps its rule).</param>
/// <param name="ExemptInvalid">Whether the 免报 field was refused.</param>
public sealed record DueRuleFields(RequirementRow Row, string Prefix, string Id, bool NoRuleOption, bool ExemptInvalid);
