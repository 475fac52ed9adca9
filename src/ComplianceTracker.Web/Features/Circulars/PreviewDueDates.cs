using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>A due rule to try before it is saved, with the circular's dates and its own rest and working days.</summary>
public sealed record PreviewDueRequest
{
    public DueRule? DueRule { get; init; }
    public DateOnly? IssuedOn { get; init; }

    /// <summary>First day of validity; the issue date when empty.</summary>
    public DateOnly? ValidFrom { get; init; }

    public DateOnly? EffectiveTo { get; init; }
    public int? ValidityMonths { get; init; }
    public List<ExtraDay>? ExtraDays { get; init; }
}

/// <summary>One previewed due date: the period (<c>once</c> for a one-off deadline), the moment and how it was counted.</summary>
public sealed record PreviewDueDate(string PeriodKey, string PeriodName, DateTimeOffset? DueAt, string Explanation);

/// <summary>The first due dates of a rule, the periods it exempts (免报), and a note when the preview had to assume something.</summary>
public sealed record DuePreviewDto(List<PreviewDueDate> Dates, List<ExemptPeriod> ExemptPeriods, int MoreExemptPeriods, string? Note);

/// <summary>
/// The first three due dates of a requirement as the review form shows them, counted by the same engine that publishes
/// (<see cref="DueCalculator"/>); stores nothing. A recurring regime without an end is previewed over one year.
/// </summary>
public sealed class PreviewDueDatesHandler(DueCalculator calculator)
{
    public const int Count = 3;
    private const int MaxExempt = 12;

    public DuePreviewDto Handle(PreviewDueRequest request)
    {
        if (request.DueRule is not { } rule || !Enum.IsDefined(rule.Frequency) || !Enum.IsDefined(rule.Anchor) || !Enum.IsDefined(rule.Unit))
        {
            return new DuePreviewDto([], [], 0, "未填写期限规则，无截止日期。");
        }

        var engine = calculator.ForCircular(request.ExtraDays);
        if (rule.Frequency == DueFrequency.Once)
        {
            var due = engine.OneOff(rule, request.IssuedOn);
            return new DuePreviewDto([new PreviewDueDate(DueItem.OncePeriodKey, PeriodNames.Name(DueItem.OncePeriodKey), Offset(due.DueAtUtc), due.Explanation)], [], 0, null);
        }

        var from = request.ValidFrom ?? request.IssuedOn;
        if (from is null)
        {
            return new DuePreviewDto([], [], 0, "发文日期和生效日期均未填写，无法预览报告期，请先填写日期。");
        }

        var end = Circular.ValidityEnd(from, request.EffectiveTo, rule.DurationMonths ?? request.ValidityMonths);
        var to = end ?? from.Value.AddYears(1).AddDays(-1);
        var dates = engine.Periods(rule, from.Value, to).Take(Count)
            .Select(p => new PreviewDueDate(p.Key, PeriodNames.Name(p.Key, p.Start, p.End), Offset(p.Due.DueAtUtc), p.Due.Explanation))
            .ToList();
        var exempt = engine.ExemptPeriods(rule, from.Value, to);
        return new DuePreviewDto(
            dates,
            exempt.Take(MaxExempt).ToList(),
            Math.Max(0, exempt.Count - MaxExempt),
            end is null ? "执行期未定，按自生效之日起一年预览。" : dates.Count == 0 ? "执行期内没有需要报送的报告期。" : null);
    }

    private static DateTimeOffset? Offset(DateTime? utc) => utc is { } u ? ChinaTime.ToChina(u) : null;
}
