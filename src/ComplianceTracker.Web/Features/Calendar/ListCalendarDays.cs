using ComplianceTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// The special days of a year: as declared by that year's notice (<c>GET /api/calendar/{year}</c>), or as they fall in
/// the calendar year (the page's month grids; 元旦 of next year's notice may start on 31 December).
/// </summary>
public sealed record ListCalendarDaysRequest(int Year, bool FallingInYear = false);

public sealed class ListCalendarDaysHandler(ComplianceDbContext db)
{
    public Task<List<CalendarDayDto>> HandleAsync(ListCalendarDaysRequest request, CancellationToken ct)
    {
        var days = db.CalendarDays.AsQueryable();
        if (request.FallingInYear)
        {
            var first = new DateOnly(request.Year, 1, 1);
            var last = new DateOnly(request.Year, 12, 31);
            days = days.Where(d => d.Date >= first && d.Date <= last);
        }
        else
        {
            days = days.Where(d => d.Year == request.Year);
        }

        return days.OrderBy(d => d.Date).Select(d => new CalendarDayDto(d.Date, d.Kind, d.Name)).ToListAsync(ct);
    }
}
