using System.Text;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Calendar;

public sealed record CalendarDayDto(DateOnly Date, CalendarDayKind Kind, string Name);

public sealed record CalendarStatusDto(List<int> Years, string? Warning);

public static class CalendarApi
{
    /// <summary>The Calendar feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddSingleton<HolidayCalendar>();
        services.AddSingleton<IWorkingDayCalendar>(sp => sp.GetRequiredService<HolidayCalendar>());
        services.AddScoped<ReplaceCalendarYearHandler>();
        services.AddScoped<ListCalendarDaysHandler>();
        services.AddScoped<ParseHolidayNoticeHandler>();
        services.AddSingleton<CalendarRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarRefresher>());
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Calendar").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", (HolidayCalendar calendar, TimeProvider time) =>
                TypedResults.Ok(new CalendarStatusDto(calendar.Years.Order().ToList(), calendar.MissingYearWarning(ChinaTime.Today(time)))))
            .WithSummary("Years the calendar holds, and a warning when next year's days are missing");

        group.MapGet("/{year:int}", async (int year, ListCalendarDaysHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(new ListCalendarDaysRequest(year), ct)))
            .WithSummary("A year's statutory holidays (Holiday) and make-up working days (Workday); other days follow the week");

        group.MapPut("/{year:int}", async (int year, HttpRequest request, ReplaceCalendarYearHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(year, await ReadDaysAsync(request, ct), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replace a year's days: JSON [{date, kind, name}], CSV lines date,kind,name (text/csv), or an .xlsx with those three columns")
            .Accepts<List<CalendarDayDto>>("application/json", "text/csv", XlsxMediaType)
            .ProducesValidationProblem();

        group.MapGet("/template.xlsx", () => TypedResults.File(CalendarWorkbook.Template(), XlsxMediaType, "节假日安排模板.xlsx"))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The Excel template for a year's days: columns 日期 / 类型 / 名称");

        group.MapGet("/template.csv", () => TypedResults.File(CalendarWorkbook.CsvTemplate(), "text/csv; charset=utf-8", "节假日安排模板.csv"))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The CSV template for a year's days: 日期,类型,名称 (UTF-8)");

        group.MapPost("/parse-notice", async (ParseHolidayNoticeRequest request, ParseHolidayNoticeHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(request, ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Read a pasted State Council holiday notice into the year's days {year, amends, days, notes} for confirmation; stores nothing")
            .ProducesValidationProblem();

        return app;
    }

    private const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<string?> ReadLineOrRefuseAsync(StreamReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadLineAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            throw RuleViolationException.For("file", "CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后重新上传。");
        }
    }

    /// <summary>JSON as the API speaks it, or the CSV an administrator keeps in a spreadsheet: <c>2026-10-01,Holiday,国庆节</c>.</summary>
    private static async Task<List<CalendarDayDto>> ReadDaysAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is "text/csv" or "text/plain")
        {
            return await ReadCsvAsync(request.Body, ct);
        }

        if (mediaType == XlsxMediaType)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            return CalendarWorkbook.Read(buffer);
        }

        if (mediaType is not "application/json")
        {
            throw new BadHttpRequestException("Unsupported media type.", StatusCodes.Status415UnsupportedMediaType);
        }

        return await request.ReadFromJsonAsync<List<CalendarDayDto>>(ct)
            ?? throw RuleViolationException.For("days", "请提供该年的节假日列表。");
    }

    /// <summary>
    /// The CSV lines <c>日期,类型,名称</c> (<c>2026-10-01,放假,国庆节</c> or <c>2026-10-01,Holiday,国庆节</c>), read with the
    /// Excel reader's rules; a header row is skipped; a line in another form refuses the whole file, each error naming its line.
    /// </summary>
    public static async Task<List<CalendarDayDto>> ReadCsvAsync(Stream body, CancellationToken ct)
    {
        // Strict UTF-8: a CSV saved by Excel as GBK is refused instead of stored as garbled names.
        using var reader = new StreamReader(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var days = new List<CalendarDayDto>();
        var errors = new Dictionary<string, string[]>();
        var number = 0;
        while (await ReadLineOrRefuseAsync(reader, ct) is { } line)
        {
            number++;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (line.Trim().Length == 0 || (number == 1 && CalendarWorkbook.IsHeader(fields[0])))
            {
                continue;
            }

            if (fields.Length != 3 || CalendarWorkbook.DateOf(fields[0]) is not { } date || CalendarWorkbook.KindOf(fields[1]) is not { } kind)
            {
                errors[$"line{number}"] = [$"第 {number} 行格式应为“日期,类型,名称”，如“2026-10-01,放假,国庆节”，类型为“放假”或“调休上班”（也可写 Holiday 或 Workday）。"];
                continue;
            }

            days.Add(new CalendarDayDto(date, kind, fields[2]));
        }

        return errors.Count > 0 ? throw new RuleViolationException("CSV 文件有误，未保存任何数据。", errors) : days;
    }
}
