using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>An institution publishing would bind, for the confirmation step.</summary>
public sealed record BoundInstitution(string Code, string Name, InstitutionType Type, bool IsLegalEntity, int Requirements);

/// <summary>Who publishing the circular would bind, by the publisher's own rule (<see cref="CircularBinding"/>); changes nothing.</summary>
public sealed class PreviewPublicationHandler(ComplianceDbContext db, CurrentUser currentUser, DueCalculator calculator, IWorkingDayCalendar holidays)
{
    public async Task<List<BoundInstitution>> HandleAsync(int circularId, CancellationToken ct)
    {
        var (_, bound) = await BoundAsync(circularId, ct);
        return bound.Select(b => new BoundInstitution(b.Code, b.Name, b.Type, b.IsLegalEntity, b.Requirements.Count)).ToList();
    }

    /// <summary>
    /// The warnings to read before publishing: per year whose holidays are not entered, how many of the due dates
    /// publishing would create fall in it (“12 个期限落在2027年，2027年节假日安排未录入，日期可能变化”).
    /// </summary>
    public async Task<List<string>> UnconfirmedYearWarningsAsync(int circularId, CancellationToken ct)
    {
        var (circular, bound) = await BoundAsync(circularId, ct);
        var perRequirement = circular.Requirements.ToDictionary(
            r => r.Id,
            r => calculator.Schedule(r, circular)
                .Where(o => o.Due.DueAtUtc is { } due && !holidays.HasHolidays(ChinaTime.ToChina(due).Year))
                .Select(o => ChinaTime.ToChina(o.Due.DueAtUtc!.Value).Year)
                .ToList());
        return bound.SelectMany(b => b.Requirements.SelectMany(r => perRequirement[r.Id]))
            .GroupBy(year => year)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} 个期限落在{g.Key}年，{WorkingDayCalendarExtensions.UnconfirmedYearText(g.Key)}。")
            .ToList();
    }

    private async Task<(Circular Circular, List<BindingCandidate> Bound)> BoundAsync(int circularId, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, circularId, ct);
        var circular = await db.Circulars.AsNoTracking()
            .Include(c => c.Jurisdiction)
            .Include(c => c.Requirements)
            .SingleAsync(c => c.Id == circularId, ct);
        if (!scope.Oversees(circular.Jurisdiction))
        {
            throw new ForbiddenException($"您无权发布辖区“{circular.Jurisdiction.Name}”的监管文件。");
        }

        return (circular, await CircularBinding.BoundAsync(db, circular.Jurisdiction.Path, circular.Requirements, ct));
    }
}
