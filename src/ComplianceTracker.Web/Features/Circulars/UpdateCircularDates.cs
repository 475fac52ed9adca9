using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>
/// Dates the text did not give, filled in by a supervisor (from the paper original, say), and the circular's own rest
/// and working days (<see cref="Circular.ExtraDays"/>): null leaves them as they are, an empty list removes them all.
/// </summary>
public sealed record UpdateCircularDatesRequest(DateOnly? IssuedOn, DateOnly? EffectiveFrom, DateOnly? EffectiveTo, List<ExtraDay>? ExtraDays = null);

/// <summary>
/// Fills unknown dates. A draft's dates may change freely; once published, a known date is fixed (obligations
/// were counted from it) and only unknown ones may be filled. Publishing again then dates the waiting due items.
/// The circular's own rest and working days may change at any time; once published, the due moments not yet reached
/// are counted again with them at once (as the publisher does when the holiday calendar changes).
/// </summary>
public sealed class UpdateCircularDatesHandler(ComplianceDbContext db, CurrentUser currentUser, GetCircularHandler reader, CircularPublisher publisher, AuditLog audit)
{
    public async Task<CircularDetailDto> HandleAsync(int id, UpdateCircularDatesRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        await db.EnsureVisibleAsync(scope, id, ct);
        var circular = await db.Circulars.Include(c => c.Jurisdiction).SingleAsync(c => c.Id == id, ct);
        if (!scope.Oversees(circular.Jurisdiction))
        {
            throw new ForbiddenException($"您无权修改辖区“{circular.Jurisdiction.Name}”的监管文件。");
        }

        if (request is { IssuedOn: null, EffectiveFrom: null, EffectiveTo: null, ExtraDays: null })
        {
            throw RuleViolationException.For("issuedOn", "请至少填写发文日期、执行期开始或结束日期、另行安排的休息日和工作日中的一项。");
        }

        if (CreateCircularHandler.ExtraDayErrors(request.ExtraDays) is { Length: > 0 } extraDayErrors)
        {
            throw new RuleViolationException("另行安排的休息日和工作日有误，未作任何修改。", new Dictionary<string, string[]> { ["extraDays"] = extraDayErrors });
        }

        foreach (var (value, field, name) in new[] { (request.IssuedOn, "issuedOn", "发文日期"), (request.EffectiveFrom, "effectiveFrom", "执行期开始日期"), (request.EffectiveTo, "effectiveTo", "执行期结束日期") })
        {
            if (value is { } d && (d < CreateCircularHandler.EarliestDate || d > CreateCircularHandler.LatestDate))
            {
                throw RuleViolationException.For(field, $"{name}应在2000年至2100年之间。");
            }
        }

        var published = circular.Status != CircularStatus.Draft;
        var (validFrom, validTo) = (circular.ValidFrom, circular.ValidTo);
        circular.IssuedOn = Fill(circular.IssuedOn, request.IssuedOn, "发文日期", published);
        circular.EffectiveFrom = Fill(circular.EffectiveFrom, request.EffectiveFrom, "执行期开始日期", published);
        circular.EffectiveTo = Fill(circular.EffectiveTo, request.EffectiveTo, "执行期结束日期", published);
        if (circular.ValidFrom is { } from && circular.ValidTo is { } to && to < from)
        {
            throw RuleViolationException.For("effectiveTo", "执行期结束日期不能早于开始日期。");
        }

        // Once published, a validity already known has dated the obligations: it cannot move (only be learnt).
        if (published && ((validFrom is not null && validFrom != circular.ValidFrom) || (validTo is not null && validTo != circular.ValidTo)))
        {
            throw new ConflictException($"文件已发布，执行期（{validFrom:yyyy-MM-dd} 至 {validTo:yyyy-MM-dd}）已用于计算期限，不能更改。");
        }

        var extraDaysChanged = false;
        if (request.ExtraDays is { } extraDays)
        {
            var wanted = extraDays.OrderBy(d => d.Date).ToList();
            extraDaysChanged = !wanted.SequenceEqual(circular.ExtraDays.OrderBy(d => d.Date));
            if (extraDaysChanged && circular.Status == CircularStatus.Repealed)
            {
                throw new ConflictException($"该文件已于 {circular.RepealedOn:yyyy-MM-dd} 废止，不能再修改另行安排的休息日和工作日。");
            }

            circular.ExtraDays = wanted;
        }

        var days = extraDaysChanged ? $"；另行安排 {(circular.ExtraDays.Count == 0 ? "无" : string.Join("、", circular.ExtraDays.Select(d => d.ToLine())))}" : "";
        audit.Add(AuditActions.CircularDatesChanged, circular.DocumentNumber ?? circular.Title, $"发文 {circular.IssuedOn:yyyy-MM-dd}；执行期 {circular.ValidFrom:yyyy-MM-dd} 至 {circular.ValidTo:yyyy-MM-dd}{days}");
        await db.SaveChangesAsync(ct);

        // Its own days move the due moments not yet reached, as a change of the holiday calendar does.
        if (extraDaysChanged && circular.Status == CircularStatus.Published)
        {
            db.ChangeTracker.Clear();
            await publisher.PublishAsync(id, scope.UserName, ct);
        }

        return await reader.HandleAsync(id, ct);
    }

    private static DateOnly? Fill(DateOnly? current, DateOnly? wanted, string name, bool published) =>
        wanted is null ? current
        : published && current is not null && current != wanted
            ? throw new ConflictException($"文件已发布，{name}（{current:yyyy-MM-dd}）已用于计算期限，不能更改。")
            : wanted;
}
