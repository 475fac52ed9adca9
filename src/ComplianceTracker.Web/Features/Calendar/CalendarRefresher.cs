using ComplianceTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Calendar;

/// <summary>
/// Keeps every server's in-memory calendar in step with the table: an admin's change, made on one server, is picked
/// up by the others within <see cref="Interval"/>. The check is one cheap query (row count and highest id, which any
/// replacement changes).
/// </summary>
public sealed class CalendarRefresher(IServiceScopeFactory scopes, HolidayCalendar calendar, ILogger<CalendarRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);

    private (int Count, int MaxId)? seen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Holiday calendar check failed; will retry");
            }
        }
    }

    /// <summary>Reloads the calendar when the table changed since the last check; true when it did.</summary>
    public async Task<bool> CheckOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        var now = (await db.CalendarDays.CountAsync(ct), await db.CalendarDays.MaxAsync(d => (int?)d.Id, ct) ?? 0);
        var changed = seen is not null && seen != now;
        if (changed)
        {
            await calendar.ReloadAsync(db, ct);
            logger.LogInformation("Holiday calendar reloaded after a change on another server");
        }

        seen = now;
        return changed;
    }
}
