using AutoMapper;
using AutoMapper.QueryableExtensions;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Obligations;

public sealed record ListDueItemsQuery(
    DueItemStatus? Status,
    string? Institution,
    int? CircularId,
    RequirementKind? Kind,
    int Page = 1,
    int PageSize = 50,
    bool UnfinishedOnly = false,
    DateTime? DueBefore = null,
    bool ExcludeLocked = false,
    string? Q = null);

public sealed record DueItemDto
{
    public int Id { get; init; }
    public int ObligationId { get; init; }
    public string InstitutionCode { get; init; } = "";
    public string InstitutionName { get; init; } = "";
    public int CircularId { get; init; }
    public string? DocumentNumber { get; init; }
    public string CircularTitle { get; init; } = "";
    public int RequirementId { get; init; }
    public string Clause { get; init; } = "";
    public RequirementKind Kind { get; init; }

    /// <summary>The words of the circular the requirement came from.</summary>
    public string RequirementText { get; init; } = "";

    /// <summary>The form filled for this period (a recurring report that has one); null for one-off items.</summary>
    public string? FormCode { get; init; }

    public string PeriodKey { get; init; } = "";
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>The period as people say it: 第49周（11月30日—12月6日）, 2026年11月, 一次性.</summary>
    public string PeriodName { get; init; } = "";

    /// <summary>The period has begun (a one-off item has no period and always has): only then is 催报 offered.</summary>
    public bool HasBegun { get; init; } = true;

    /// <summary>A report period that locked before it was reported, with no 补报 window open: changing it needs 补报.</summary>
    public bool IsLocked { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    /// <summary>After a return past the due moment: the moment by which the corrected report is due (not late before it).</summary>
    public DateTimeOffset? CorrectionDueAt { get; init; }

    public string DueExplanation { get; init; } = "";
    public DueItemStatus Status { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool IsLate { get; init; }
    public int DaysOverdue { get; init; }
}

/// <param name="Items">The page's rows.</param>
/// <param name="Total">How many rows the query has in all.</param>
/// <param name="Later">With <see cref="ListDueItemsQuery.DueBefore"/>: the unfinished items due after it (folded: "另有 18 条本周以后到期").</param>
/// <param name="Overdue">How many of the <paramref name="Total"/> are overdue (counted in SQL, not on the page).</param>
public sealed record DueItemPage(List<DueItemDto> Items, int Total, int Later = 0, int Overdue = 0);

/// <summary>
/// Due items of the institutions the caller sees, overdue first, then by due moment. An open item past its due moment
/// is reported as <see cref="DueItemStatus.Overdue"/> at once, whether or not the overdue sweep has recorded it yet.
/// <see cref="ListDueItemsQuery.UnfinishedOnly"/> (without a status) lists the overdue and open items only (待办);
/// <see cref="ListDueItemsQuery.DueBefore"/> keeps those due by then and counts the rest as later;
/// <see cref="ListDueItemsQuery.Q"/> keeps the institutions named, short-named or coded with those words. Filtered,
/// counted and paged in SQL.
/// </summary>
public sealed class ListDueItemsHandler(ComplianceDbContext db, CurrentUser currentUser, IMapper mapper, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task<DueItemPage> HandleAsync(ListDueItemsQuery query, CancellationToken ct)
    {
        if (query.Page is < 1 or > 100_000 || query.PageSize is < 1 or > MaxPageSize)
        {
            throw new RuleViolationException("分页参数有误。", new Dictionary<string, string[]>
            {
                ["page"] = ["页码应在1到100000之间。"],
                ["pageSize"] = [$"每页条数应在1到{MaxPageSize}之间。"],
            });
        }

        var now = time.GetUtcNow().UtcDateTime;
        var items = await FilterAsync(query, now, ct);
        var overdue = DueItemRules.IsOverdue(now);
        var later = 0;
        if (query.DueBefore is { } horizon)
        {
            var beyond = items.Where(d => d.DueAt == null || d.DueAt > horizon);
            later = await beyond.CountAsync(ct);
            items = items.Where(d => d.DueAt != null && d.DueAt <= horizon);
        }

        var total = await items.CountAsync(ct);
        var overdueCount = total == 0 ? 0 : query.Status == DueItemStatus.Overdue ? total : await items.CountAsync(overdue, ct);
        var rows = await items
            .OrderByDescending(overdue)
            .ThenBy(d => d.DueAt == null)
            .ThenBy(d => d.DueAt)
            .ThenBy(d => d.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ProjectTo<DueItemRow>(mapper.ConfigurationProvider)
            .ToListAsync(ct);

        return new DueItemPage(await DueItemRow.ToDtosAsync(db, rows, now, ChinaTime.Today(time), ct), total, later, overdueCount);
    }

    /// <summary>How many items the query has, without reading any (the start page's figures): one COUNT.</summary>
    public async Task<int> CountAsync(ListDueItemsQuery query, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var items = await FilterAsync(query, now, ct);
        return await (query.DueBefore is { } horizon ? items.Where(d => d.DueAt != null && d.DueAt <= horizon) : items).CountAsync(ct);
    }

    /// <summary>The items of the institutions the caller sees that the query's filters keep (all but its horizon).</summary>
    private async Task<IQueryable<DueItem>> FilterAsync(ListDueItemsQuery query, DateTime now, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db);
        var items = db.DueItems.Where(d => visible.Select(i => i.Id).Contains(d.Obligation.InstitutionId));

        if (query.Institution is { Length: > 0 } code)
        {
            if (!await visible.AnyAsync(i => i.Code == code, ct))
            {
                throw new NotFoundException($"未找到机构“{code}”，或您无权查看该机构。");
            }

            items = items.Where(d => d.Obligation.Institution.Code == code);
        }

        if (query.Q?.Trim() is { Length: > 0 } words)
        {
            items = items.Where(d => d.Obligation.Institution.Name.Contains(words) || d.Obligation.Institution.Code.Contains(words)
                || (d.Obligation.Institution.ShortName != null && d.Obligation.Institution.ShortName.Contains(words)));
        }

        if (query.CircularId is { } circularId)
        {
            items = items.Where(d => d.Obligation.Requirement.CircularId == circularId);
        }

        if (query.Kind is { } kind)
        {
            items = items.Where(d => d.Obligation.Requirement.Kind == kind);
        }

        items = query.Status switch
        {
            DueItemStatus.Overdue => items.Where(DueItemRules.IsOverdue(now)),
            DueItemStatus.Open => items.Where(DueItemRules.OpenWithinDeadline(now)),
            { } status => items.Where(d => d.Status == status),
            null when query.UnfinishedOnly => items.Where(d => d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue),
            null => items,
        };

        if (query.ExcludeLocked)
        {
            var locked = Locked(db, now);
            items = items.Where(d => !locked.Any(l => l.Id == d.Id));
        }

        return items;
    }

    /// <summary>
    /// The due items of report periods that locked before they were reported (unfinished, past the period's lock,
    /// no 补报 window open at <paramref name="nowUtc"/>): the one rule of "locked, needs 补报".
    /// </summary>
    public static IQueryable<DueItem> Locked(ComplianceDbContext db, DateTime nowUtc) =>
        db.DueItems.Where(d => (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue)
            && db.ReportPeriods.Any(p => p.Form.RequirementId == d.Obligation.RequirementId && p.Key == d.PeriodKey && p.LockAt < nowUtc
                && !db.PeriodUnlocks.Any(u => u.PeriodId == p.Id && u.InstitutionId == d.Obligation.InstitutionId && u.Until > nowUtc)));
}

/// <summary>The columns read from the database; <see cref="ToDto"/> derives what depends on the clock.</summary>
public sealed record DueItemRow
{
    public int Id { get; init; }
    public int ObligationId { get; init; }
    public string InstitutionCode { get; init; } = "";
    public string InstitutionName { get; init; } = "";
    public int CircularId { get; init; }
    public string? DocumentNumber { get; init; }
    public string CircularTitle { get; init; } = "";
    public int RequirementId { get; init; }
    public string Clause { get; init; } = "";
    public string RequirementText { get; init; } = "";
    public RequirementKind Kind { get; init; }
    public string PeriodKey { get; init; } = "";
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public DateTime? DueAt { get; init; }
    public DateTime? CorrectionDueAt { get; init; }
    public string DueExplanation { get; init; } = "";
    public DueItemStatus Status { get; init; }
    public DateTime? CompletedAt { get; init; }

    /// <summary>The rows as the caller reads them, each recurring report with the form it is filled in.</summary>
    public static async Task<List<DueItemDto>> ToDtosAsync(ComplianceDbContext db, List<DueItemRow> rows, DateTime nowUtc, DateOnly today, CancellationToken ct)
    {
        var requirementIds = rows.Select(r => r.RequirementId).Distinct().ToList();
        var forms = await db.ReportForms
            .Where(f => f.RequirementId != null && requirementIds.Contains(f.RequirementId.Value))
            .Select(f => new { RequirementId = f.RequirementId!.Value, f.Code })
            .ToListAsync(ct);
        var formOf = forms.GroupBy(f => f.RequirementId).ToDictionary(g => g.Key, g => g.Min(f => f.Code)!);
        var ids = rows.Where(r => formOf.ContainsKey(r.RequirementId)).Select(r => r.Id).ToList();
        var locked = ids.Count == 0 ? [] : (await ListDueItemsHandler.Locked(db, nowUtc).Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        return rows.Select(r => r.ToDto(nowUtc, today, formOf.GetValueOrDefault(r.RequirementId)) with { IsLocked = locked.Contains(r.Id) }).ToList();
    }

    public DueItemDto ToDto(DateTime nowUtc, DateOnly today, string? formCode = null)
    {
        var deadline = DueItemRules.Deadline(DueAt, CorrectionDueAt);
        var overdue = DueItemRules.EffectiveStatus(Status, deadline, nowUtc) == DueItemStatus.Overdue;
        var dueDate = deadline is { } due ? DateOnly.FromDateTime(ChinaTime.ToChina(due).DateTime) : (DateOnly?)null;
        return new DueItemDto
        {
            Id = Id,
            ObligationId = ObligationId,
            InstitutionCode = InstitutionCode,
            InstitutionName = InstitutionName,
            CircularId = CircularId,
            DocumentNumber = DocumentNumber,
            CircularTitle = CircularTitle,
            RequirementId = RequirementId,
            Clause = Clause,
            Kind = Kind,
            RequirementText = RequirementText,
            FormCode = Kind == RequirementKind.RecurringReport && PeriodKey != DueItem.OncePeriodKey ? formCode : null,
            PeriodKey = PeriodKey,
            PeriodStart = PeriodStart,
            PeriodEnd = PeriodEnd,
            PeriodName = PeriodNames.Name(PeriodKey, PeriodStart, PeriodEnd, today.Year),
            HasBegun = PeriodStart is not { } start || start <= today,
            DueAt = DueAt is { } d ? ChinaTime.ToChina(d) : null,
            CorrectionDueAt = CorrectionDueAt is { } correction ? ChinaTime.ToChina(correction) : null,
            DueExplanation = DueExplanation,
            Status = overdue ? DueItemStatus.Overdue : Status,
            CompletedAt = CompletedAt is { } c ? ChinaTime.ToChina(c) : null,
            IsLate = deadline is { } at && (CompletedAt is { } done ? done > at : overdue),
            DaysOverdue = overdue && dueDate is { } dd ? Math.Max(0, today.DayNumber - dd.DayNumber) : 0,
        };
    }
}

public sealed class ObligationsProfile : Profile
{
    public ObligationsProfile()
    {
        CreateMap<DueItem, DueItemRow>()
            .ForMember(d => d.InstitutionCode, o => o.MapFrom(s => s.Obligation.Institution.Code))
            .ForMember(d => d.InstitutionName, o => o.MapFrom(s => s.Obligation.Institution.Name))
            .ForMember(d => d.CircularId, o => o.MapFrom(s => s.Obligation.Requirement.CircularId))
            .ForMember(d => d.DocumentNumber, o => o.MapFrom(s => s.Obligation.Requirement.Circular.DocumentNumber))
            .ForMember(d => d.CircularTitle, o => o.MapFrom(s => s.Obligation.Requirement.Circular.Title))
            .ForMember(d => d.RequirementId, o => o.MapFrom(s => s.Obligation.RequirementId))
            .ForMember(d => d.Clause, o => o.MapFrom(s => s.Obligation.Requirement.Clause))
            .ForMember(d => d.RequirementText, o => o.MapFrom(s => s.Obligation.Requirement.Text))
            .ForMember(d => d.Kind, o => o.MapFrom(s => s.Obligation.Requirement.Kind));
        CreateMap<DueItemStatusChange, DueItemStatusChangeDto>()
            .ForMember(d => d.ChangedAt, o => o.MapFrom(s => ChinaTime.ToChina(s.ChangedAt)));
    }
}
