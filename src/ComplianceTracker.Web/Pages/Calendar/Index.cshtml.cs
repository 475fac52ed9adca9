using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Calendar;

/// <summary>
/// 节假日: a year of the holiday calendar as twelve month grids (Monday to Sunday) with the statutory holidays (休) and
/// make-up working days (班) marked, the same days as <c>GET /api/calendar/{year}</c>. An administrator uploads a
/// year as CSV or Excel through the same reader and handler as <c>PUT /api/calendar/{year}</c>: all or nothing.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class IndexModel(
    HolidayCalendar calendar,
    ListCalendarDaysHandler days,
    ReplaceCalendarYearHandler replace,
    ParseHolidayNoticeHandler parseNotice,
    IAuthorizationService authorization,
    TimeProvider time)
    : PageModel
{
    /// <summary>The year shown (<c>?year=</c>) and, in the upload form, the year replaced.</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    [Display(Name = "年份")]
    [Range(2000, 2100, ErrorMessage = "年份应在2000至2100之间。")]
    public int? Year { get; set; }

    /// <summary>The uploaded CSV or Excel file.</summary>
    [BindProperty(Name = "file")]
    [Display(Name = "文件")]
    public IFormFile? Upload { get; set; }

    public int ShownYear { get; private set; }
    public List<int> Years { get; private set; } = [];
    public Dictionary<DateOnly, CalendarDayDto> Days { get; private set; } = [];
    public bool CanUpload { get; private set; }
    public string? Warning { get; private set; }
    public string? Error { get; private set; }
    public List<string> UploadErrors { get; } = [];

    /// <summary>The pasted State Council notice: read by 识别, read again and saved by 确认并保存.</summary>
    [BindProperty(Name = "notice")]
    [Display(Name = "通知全文")]
    public string? NoticeText { get; set; }

    /// <summary>What 识别 read from the pasted notice, shown for confirmation (the grid then shows these days, not the stored ones).</summary>
    public ParsedHolidayNotice? Parsed { get; private set; }

    /// <summary>Every day the parsed notice declares, including those outside its calendar year (元旦 from 31 December).</summary>
    public List<CalendarDayDto> ParsedDays { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShownYear = ChinaTime.Today(time).Year;
        if (!ModelState.IsValid || Year is < 2000 or > 2100)
        {
            Error = $"年份“{ModelState["year"]?.AttemptedValue ?? Year?.ToString(CultureInfo.InvariantCulture)}”无效，请填写2000至2100之间的年份。已显示今年。";
        }
        else if (Year is { } y)
        {
            ShownYear = y;
        }

        await LoadAsync(ct);
    }

    /// <summary>Admin only: the file replaces the year's days, or the errors are listed row by row and nothing is stored.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded)
        {
            return Forbid();
        }

        // The handler refuses a year outside 2000–2100 in Chinese; the page shows this year then.
        var year = ModelState.GetFieldValidationState("year") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid ? 0 : Year ?? 0;
        ShownYear = year is >= 2000 and <= 2100 ? year : ChinaTime.Today(time).Year;
        try
        {
            var read = await ReadAsync(Upload, ct);
            var saved = await replace.HandleAsync(year, read, ct);
            Notice = Saved(year, saved);
            return Redirect($"/calendar?year={year.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (RuleViolationException e)
        {
            ShowError(e);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>识别: the pasted notice read into the year's days, shown in the month grid for confirmation; nothing is stored.</summary>
    public async Task<IActionResult> OnPostParseAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            Parsed = await parseNotice.HandleAsync(new ParseHolidayNoticeRequest(NoticeText), ct);
            ShownYear = Parsed.Year;
        }
        catch (RuleViolationException e)
        {
            ShowError(e);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>确认并保存: the same text read again (an amending notice on top of the year as stored now) and saved like an upload.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded)
        {
            return Forbid();
        }

        ShownYear = ChinaTime.Today(time).Year;
        try
        {
            var parsed = await parseNotice.HandleAsync(new ParseHolidayNoticeRequest(NoticeText), ct);
            ShownYear = parsed.Year;
            var saved = await replace.HandleAsync(parsed.Year, parsed.Days, ct);
            Notice = Saved(parsed.Year, saved) + (parsed.Amends ? "（已在原有安排上应用本通知的变更）" : "");
            return Redirect($"/calendar?year={parsed.Year.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (RuleViolationException e)
        {
            ShowError(e);
        }

        await LoadAsync(ct);
        return Page();
    }

    private void ShowError(RuleViolationException e)
    {
        Error = e.Message;
        UploadErrors.AddRange(e.Errors.SelectMany(pair => pair.Value.Select(message => Describe(pair.Key, message))).Where(m => m != e.Message));
    }

    private static string Saved(int year, List<CalendarDayDto> saved) =>
        $"已保存 {year} 年的节假日安排：{saved.Count(d => d.Kind == CalendarDayKind.Holiday)} 天法定节假日，{saved.Count(d => d.Kind == CalendarDayKind.Workday)} 天调休上班。"
        + "尚未到期的期限和报送期次正在后台按新安排重新计算。";

    private static async Task<List<CalendarDayDto>> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw RuleViolationException.For("file", "请选择要上传的 CSV 或 Excel 文件。");
        }

        await using var stream = file.OpenReadStream();
        return Path.GetExtension(file.FileName).ToLowerInvariant() switch
        {
            ".csv" or ".txt" => await CalendarApi.ReadCsvAsync(stream, ct),
            ".xlsx" => CalendarWorkbook.Read(stream),
            _ => throw RuleViolationException.For("file", "只能上传 CSV 文件（*.csv，UTF-8 编码）或 Excel 工作簿（*.xlsx）。"),
        };
    }

    /// <summary>The handler keys its errors by the day's place in the list (<c>days[3]</c>); people count rows from 1.</summary>
    private static string Describe(string key, string message) =>
        key.StartsWith("days[", StringComparison.Ordinal) && int.TryParse(key[5..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? $"第 {index + 1} 条日期：{message}"
            : message;

    private async Task LoadAsync(CancellationToken ct)
    {
        CanUpload = (await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        var today = ChinaTime.Today(time);
        Years = calendar.Years.Append(today.Year - 1).Append(today.Year).Append(today.Year + 1).Append(ShownYear).Distinct().Order().ToList();
        Warning = calendar.MissingYearWarning(today);

        // The days that fall in the year shown, whichever notice declared them (元旦 may start on 31 December); while a
        // pasted notice waits for confirmation, its days instead.
        if (Parsed is not null)
        {
            ParsedDays = Parsed.Days;
            Days = Parsed.Days.Where(d => d.Date.Year == ShownYear).ToDictionary(d => d.Date);
            return;
        }

        Days = (await days.HandleAsync(new ListCalendarDaysRequest(ShownYear, FallingInYear: true), ct)).ToDictionary(d => d.Date);
    }

    /// <summary>The weeks of a month, Monday first; null for the cells before the 1st and after the last day.</summary>
    public static List<DateOnly?[]> Weeks(int year, int month)
    {
        var weeks = new List<DateOnly?[]>();
        var day = new DateOnly(year, month, 1);
        var week = new DateOnly?[7];
        while (day.Month == month)
        {
            var column = ((int)day.DayOfWeek + 6) % 7;
            week[column] = day;
            if (column == 6)
            {
                weeks.Add(week);
                week = new DateOnly?[7];
            }

            day = day.AddDays(1);
        }

        if (week.Any(d => d is not null))
        {
            weeks.Add(week);
        }

        return weeks;
    }
}
