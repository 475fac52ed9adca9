using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// A year's holidays as an administrator keeps them in Excel: the first sheet, columns 日期 / 类型 / 名称, an optional
/// header row. Dates may be real date cells or text (2026-10-01, 2026/10/1); the kind may be Holiday / Workday or
/// 放假 / 调休上班. CSV lines are read with the same rules (<see cref="DateOf(string)"/>, <see cref="KindOf"/>). The file is checked as a zip before ClosedXML opens it, like a form upload.
/// </summary>
public static class CalendarWorkbook
{
    private static readonly ImportLimits Limits = new() { MaxFileBytes = 1024 * 1024, MaxUncompressedBytes = 10 * 1024 * 1024 };

    private static readonly Dictionary<string, CalendarDayKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Holiday"] = CalendarDayKind.Holiday,
        ["放假"] = CalendarDayKind.Holiday,
        ["假日"] = CalendarDayKind.Holiday,
        ["节假日"] = CalendarDayKind.Holiday,
        ["法定节假日"] = CalendarDayKind.Holiday,
        ["Workday"] = CalendarDayKind.Workday,
        ["上班"] = CalendarDayKind.Workday,
        ["补班"] = CalendarDayKind.Workday,
        ["调休上班"] = CalendarDayKind.Workday,
    };

    public static List<CalendarDayDto> Read(Stream upload)
    {
        var bytes = UploadInspector.ReadLimited(upload, Limits, out var refused) ?? throw RuleViolationException.For("file", refused!);
        if (UploadInspector.Inspect(bytes, Limits) is { } unsafeFile)
        {
            throw RuleViolationException.For("file", unsafeFile);
        }

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes, writable: false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw RuleViolationException.For("file", "无法读取该 Excel 文件。请在 Excel 或 WPS 中另存为 Excel 工作簿（*.xlsx）后重新上传。");
        }

        using (workbook)
        {
            var sheet = workbook.Worksheets.First();
            var days = new List<CalendarDayDto>();
            var errors = new Dictionary<string, string[]>();
            var rows = sheet.RowsUsed().ToList();
            foreach (var row in rows)
            {
                var (dateCell, kindCell, nameCell) = (row.Cell(1), row.Cell(2), row.Cell(3));
                if (dateCell.IsEmpty() && kindCell.IsEmpty() && nameCell.IsEmpty())
                {
                    continue;
                }

                var date = DateOf(dateCell);
                if (date is null && row.RowNumber() == rows[0].RowNumber())
                {
                    continue; // the header row: 日期 / 类型 / 名称
                }

                var key = $"{sheet.Name}!A{row.RowNumber()}";
                if (date is null)
                {
                    errors[key] = [$"第 {row.RowNumber()} 行的日期“{dateCell.GetFormattedString()}”无法识别，请填写日期，如 2026-10-01。"];
                    continue;
                }

                var kindText = kindCell.GetFormattedString().Trim();
                if (KindOf(kindText) is not { } kind)
                {
                    errors[$"{sheet.Name}!B{row.RowNumber()}"] = [$"第 {row.RowNumber()} 行的类型“{kindText}”无法识别，请填写“放假”（Holiday）或“调休上班”（Workday）。"];
                    continue;
                }

                days.Add(new CalendarDayDto(date.Value, kind, nameCell.GetFormattedString().Trim()));
            }

            return errors.Count > 0 ? throw new RuleViolationException("Excel 文件有误，未保存任何数据。", errors) : days;
        }
    }

    private static DateOnly? DateOf(IXLCell cell) =>
        cell.DataType == XLDataType.DateTime ? DateOnly.FromDateTime(cell.GetDateTime()) : DateOf(cell.GetFormattedString());

    /// <summary>A date as people type it in a sheet or a CSV line: 2026-10-01, 2026/10/1, 2026.10.1, 2026年10月1日.</summary>
    public static DateOnly? DateOf(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>The kind as the API says it (Holiday / Workday) or as people say it (放假 / 调休上班 and the like).</summary>
    public static CalendarDayKind? KindOf(string text) => Kinds.TryGetValue(text.Trim(), out var kind) ? kind : null;

    /// <summary>The header a CSV or sheet may start with: 日期,类型,名称 or date,kind,name.</summary>
    public static bool IsHeader(string firstField) => firstField.Trim().TrimStart('\uFEFF') is "日期" or "date" or "Date" or "DATE";

    private static readonly (string Date, string Kind, string Name)[] Examples =
    [
        ("2026-01-01", "放假", "元旦"),
        ("2026-01-02", "放假", "元旦"),
        ("2026-01-03", "放假", "元旦"),
        ("2026-01-04", "调休上班", "元旦调休上班"),
    ];

    /// <summary>The template to fill in: the three columns with their Chinese headers and the 2026 New Year days as example.</summary>
    public static byte[] Template()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("节假日");
        sheet.Cell(1, 1).Value = "日期";
        sheet.Cell(1, 2).Value = "类型";
        sheet.Cell(1, 3).Value = "名称";
        sheet.Row(1).Style.Font.Bold = true;
        for (var i = 0; i < Examples.Length; i++)
        {
            sheet.Cell(i + 2, 1).SetValue(Examples[i].Date);
            sheet.Cell(i + 2, 2).Value = Examples[i].Kind;
            sheet.Cell(i + 2, 3).Value = Examples[i].Name;
        }

        sheet.Cell(1, 5).Value = "说明：每行一天。类型填“放假”（法定节假日，含放假期间的周末）或“调休上班”（周末上班）；名称填节日，如“国庆节”“国庆节调休上班”。上传时整体替换该年的安排。示例为2026年元旦。";
        sheet.Column(1).Width = 14;
        sheet.Column(2).Width = 12;
        sheet.Column(3).Width = 18;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The same template as CSV (UTF-8 with a byte order mark, so Excel opens the Chinese right).</summary>
    public static byte[] CsvTemplate() =>
        [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", Examples.Select(e => $"{e.Date},{e.Kind},{e.Name}").Prepend("日期,类型,名称")) + "\r\n")];
}
