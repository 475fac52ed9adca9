namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>A pasted State Council notice (国务院办公厅关于20XX年部分节假日安排的通知, or one that amends it).</summary>
public sealed record ParseHolidayNoticeRequest(string? Text);

/// <summary>
/// Reads a pasted notice into the year's days for the administrator to confirm; stores nothing. An amending notice
/// (延长…假期) is applied to the year's days as stored. Confirming saves the days through
/// <see cref="ReplaceCalendarYearHandler"/>, like an uploaded file.
/// </summary>
public sealed class ParseHolidayNoticeHandler(ListCalendarDaysHandler days)
{
    public const int MaxLength = 20_000;

    public async Task<ParsedHolidayNotice> HandleAsync(ParseHolidayNoticeRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw Infrastructure.RuleViolationException.For("text", "请粘贴国务院办公厅关于节假日安排的通知全文。");
        }

        if (request.Text.Length > MaxLength)
        {
            throw Infrastructure.RuleViolationException.For("text", $"粘贴的文字过长（超过{MaxLength}字），请只粘贴通知本身。");
        }

        var year = HolidayNotice.YearOf(request.Text);
        var current = year is { } y ? await days.HandleAsync(new ListCalendarDaysRequest(y), ct) : [];
        return HolidayNotice.Parse(request.Text, current);
    }
}
