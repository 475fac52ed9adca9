using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Audit;

/// <summary>
/// Writes the audit log, always through the request's own unit of work (the scoped context): <see cref="Add"/> puts
/// the line beside the change it records, saved in the same transaction; <see cref="RecordAsync"/> is the same for
/// what has no change of its own (sign-ins, exports, refusals) and saves at once.
/// </summary>
public sealed class AuditLog(ComplianceDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public void Add(string action, string? target, string? detail = null, bool succeeded = true, string? userName = null) =>
        db.AuditEntries.Add(Entry(action, target, detail, succeeded, userName));

    /// <summary>Adds the line and saves the unit of work: for actions whose own change, if any, is already saved.</summary>
    public async Task RecordAsync(string action, string? target, string? detail = null, bool succeeded = true, string? userName = null, CancellationToken ct = default)
    {
        Add(action, target, detail, succeeded, userName);
        await db.SaveChangesAsync(ct);
    }

    private AuditEntry Entry(string action, string? target, string? detail, bool succeeded, string? userName)
    {
        var context = http.HttpContext;
        return new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            UserName = Clip(userName ?? context?.User.Identity?.Name ?? "系统", 256),
            Action = action,
            Target = Clip(target, 256),
            Detail = Clip(detail, 2000),
            Succeeded = succeeded,
            Address = Clip(context?.Connection.RemoteIpAddress?.ToString(), 64),
            RequestId = Clip(context?.TraceIdentifier, 64),
        };
    }

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string? UserName, string Action, string ActionName, string? Target, string? Detail, bool Succeeded, string? Address, string? RequestId);

/// <summary>The log for an administrator (or an auditor with the admin role): newest first, filtered, paged.</summary>
public sealed class ListAuditHandler(ComplianceDbContext db)
{
    public const int MaxPageSize = 500;

    public IQueryable<AuditEntry> Query(DateOnly? from, DateOnly? to, string? user, string? action)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (from is { } f)
        {
            var start = ChinaTime.ToUtc(f, TimeOnly.MinValue);
            query = query.Where(a => a.At >= start);
        }

        if (to is { } t)
        {
            var end = ChinaTime.ToUtc(t.AddDays(1), TimeOnly.MinValue);
            query = query.Where(a => a.At < end);
        }

        if (!string.IsNullOrWhiteSpace(user))
        {
            query = query.Where(a => a.UserName == user);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            if (!AuditActions.ChineseNames.ContainsKey(action))
            {
                throw RuleViolationException.For("action", $"没有名为“{action}”的审计动作。可选：{string.Join("、", AuditActions.ChineseNames.Keys)}。");
            }

            query = query.Where(a => a.Action == action);
        }

        return query;
    }

    public async Task<IReadOnlyList<AuditEntryDto>> HandleAsync(DateOnly? from, DateOnly? to, string? user, string? action, int page, int pageSize, CancellationToken ct)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            throw RuleViolationException.For("pageSize", $"页码须从 1 开始，每页 1 至 {MaxPageSize} 条。");
        }

        var rows = await Query(from, to, user, action).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return rows.Select(Dto).ToList();
    }

    public static AuditEntryDto Dto(AuditEntry a) =>
        new(a.Id, ChinaTime.ToChina(a.At), a.UserName, a.Action, AuditActions.Chinese(a.Action), a.Target, a.Detail, a.Succeeded, a.Address, a.RequestId);
}
