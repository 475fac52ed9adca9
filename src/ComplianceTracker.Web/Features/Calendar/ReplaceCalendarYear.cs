using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// An administrator replaces one notice-year's days (the State Council publishes next year's arrangement each
/// autumn). All or nothing: a bad day refuses the whole list. The in-memory calendar reloads at once, and a
/// background refresh of every circular's schedule moves the due moments not yet reached (the nightly refresh does
/// too, so a server that reloads later is caught up).
/// </summary>
public sealed class ReplaceCalendarYearHandler(ComplianceDbContext db, HolidayCalendar calendar, IBackgroundJobClient jobs, AuditLog audit)
{
    public async Task<List<CalendarDayDto>> HandleAsync(int year, List<CalendarDayDto> days, CancellationToken ct)
    {
        var errors = Validate(year, days);
        if (errors.Count > 0)
        {
            throw new RuleViolationException($"{year} 年的节假日安排有误，未保存任何数据。", errors);
        }

        var dates = days.Select(d => d.Date).ToList();
        var clash = await db.CalendarDays.Where(d => d.Year != year && dates.Contains(d.Date)).Select(d => d.Date).FirstOrDefaultAsync(ct);
        if (clash != default)
        {
            throw RuleViolationException.For("days", $"{clash:yyyy-MM-dd} 已录入在其他年份的安排中，同一天只能出现一次。");
        }

        // One transaction, run under the provider's retry strategy (PostgreSQL and SQL Server retry transient faults).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.CalendarDays.Where(d => d.Year == year).ExecuteDeleteAsync(ct);
            db.CalendarDays.AddRange(days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name.Trim(), Year = year }));
            audit.Add(AuditActions.CalendarReplaced, $"{year} 年", $"法定节假日 {days.Count(d => d.Kind == CalendarDayKind.Holiday)} 天，调休上班 {days.Count(d => d.Kind == CalendarDayKind.Workday)} 天");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        });
        await calendar.ReloadAsync(db, ct);
        jobs.Enqueue<RefreshSchedulesJob>(j => j.RunAsync(CancellationToken.None));
        return days.OrderBy(d => d.Date).ToList();
    }

    internal static Dictionary<string, string[]> Validate(int year, List<CalendarDayDto> days)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 2000 or > 2100)
        {
            errors["year"] = ["年份应在2000年至2100年之间。"];
            return errors;
        }

        // A notice may reach a few days into the neighbouring years (the 2023 notice starts 元旦 on 2022-12-31).
        var first = new DateOnly(year - 1, 12, 1);
        var last = new DateOnly(year + 1, 1, 31);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var problems = new List<string>();
            if (day is null)
            {
                errors[$"days[{i}]"] = ["不能为空。"];
                continue;
            }

            if (day.Date < first || day.Date > last)
            {
                problems.Add($"{day.Date:yyyy-MM-dd} 不在 {year} 年的安排范围内。");
            }

            if (!Enum.IsDefined(day.Kind))
            {
                problems.Add("类型应为 Holiday（放假）或 Workday（调休上班）。");
            }
            else if (day.Kind == CalendarDayKind.Workday && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                problems.Add($"{day.Date:yyyy-MM-dd} 是{ChinaTime.WeekdayName(day.Date)}，本来就是工作日，调休上班只能是周六或周日。");
            }

            if (string.IsNullOrWhiteSpace(day.Name) || day.Name.Length > 50)
            {
                problems.Add("请填写节日名称（不超过50个字符），如“国庆节”或“国庆节调休上班”。");
            }

            if (days.Count(d => d?.Date == day.Date) > 1)
            {
                problems.Add($"{day.Date:yyyy-MM-dd} 重复出现。");
            }

            if (problems.Count > 0)
            {
                errors[$"days[{i}]"] = [.. problems];
            }
        }

        return errors;
    }
}
