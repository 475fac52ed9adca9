using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// A year's holidays as an administrator keeps them in Excel: the first sheet, columns 日期 / 类型 / 名称, an optional
/// header row. Dates may be real date cells or text (2026-10-01, 2026/10/1); the kind may be Holiday / Workday or
/// 放假 / 调休上班. The file is checked as a zip before ClosedXML opens it, like a form upload.
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
                if (!Kinds.TryGetValue(kindText, out var kind))
                {
                    errors[$"{sheet.Name}!B{row.RowNumber()}"] = [$"第 {row.RowNumber()} 行的类型“{kindText}”无法识别，请填写“放假”（Holiday）或“调休上班”（Workday）。"];
                    continue;
                }

                days.Add(new CalendarDayDto(date.Value, kind, nameCell.GetFormattedString().Trim()));
            }

            return errors.Count > 0 ? throw new RuleViolationException("Excel 文件有误，未保存任何数据。", errors) : days;
        }
    }

    private static DateOnly? DateOf(IXLCell cell)
    {
        if (cell.DataType == XLDataType.DateTime)
        {
            return DateOnly.FromDateTime(cell.GetDateTime());
        }

        var text = cell.GetFormattedString().Trim();
        return DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }
}
