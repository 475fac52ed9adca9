using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// Creates a form's periods from the schedule of the requirement that demands it, over the circular's validity,
/// with the same due moments as the obligations' due items. Idempotent: existing periods keep their dates, except
/// those not yet due, which follow a changed holiday calendar.
/// </summary>
public sealed class ReportPeriodGenerator(ComplianceDbContext db, DueCalculator calculator, TimeProvider time)
{
    /// <summary>Ensures the periods of every form linked to a requirement of the circular; returns how many were added.</summary>
    public async Task<int> EnsureForCircularAsync(int circularId, CancellationToken ct)
    {
        var forms = await db.ReportForms
            .Include(f => f.Requirement!).ThenInclude(r => r.Circular)
            .Include(f => f.Versions)
            .Where(f => f.Requirement != null && f.Requirement.CircularId == circularId)
            .ToListAsync(ct);
        var added = 0;
        foreach (var form in forms)
        {
            added += await EnsureAsync(form, ct);
        }

        return added;
    }

    private async Task<int> EnsureAsync(ReportForm form, CancellationToken ct)
    {
        var requirement = form.Requirement!;
        var circular = requirement.Circular;
        var schedule = calculator.Schedule(requirement, circular);
        var now = time.GetUtcNow().UtcDateTime;
        var stored = await db.ReportPeriods.Where(p => p.FormId == form.Id).ToDictionaryAsync(p => p.Key, StringComparer.Ordinal, ct);
        var added = 0;
        foreach (var occurrence in schedule.Where(o => o.Start is not null && o.Due.DueAtUtc is not null))
        {
            if (stored.TryGetValue(occurrence.Key, out var period))
            {
                if (period.DueAt > now && occurrence.Due.DueAtUtc > now && period.DueAt != occurrence.Due.DueAtUtc)
                {
                    period.DueAt = occurrence.Due.DueAtUtc!.Value;
                    period.LockAt = period.DueAt.AddDays(form.LockAfterDays);
                    period.DueExplanation = occurrence.Due.Explanation;
                }

                continue;
            }

            var due = occurrence.Due.DueAtUtc!.Value;
            db.ReportPeriods.Add(new ReportPeriod
            {
                FormId = form.Id,
                Key = occurrence.Key,
                Start = occurrence.Start!.Value,
                End = occurrence.End!.Value,
                DueAt = due,
                LockAt = due.AddDays(form.LockAfterDays),
                DueExplanation = occurrence.Due.Explanation,
                Version = form.VersionFor(occurrence.Start!.Value),
            });
            added++;
        }

        await db.SaveChangesAsync(ct);
        return added;
    }
}
