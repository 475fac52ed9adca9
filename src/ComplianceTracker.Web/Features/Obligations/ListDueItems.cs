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
    bool UnfinishedOnly = false);

public sealed record DueItemDto
{
    public int Id { get; init; }
    public int ObligationId { get; init; }
    public string InstitutionCode { get; init; } = "";
    public string InstitutionName { get; init; } = "";
    public int CircularId { get; init; }
    public string? DocumentNumber { get; init; }
    public string CircularTitle { get; init; } = "";
    public string Clause { get; init; } = "";
    public RequirementKind Kind { get; init; }
    public string PeriodKey { get; init; } = "";
    public DateTimeOffset? DueAt { get; init; }
    public string DueExplanation { get; init; } = "";
    public DueItemStatus Status { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool IsLate { get; init; }
    public int DaysOverdue { get; init; }
}

public sealed record DueItemPage(List<DueItemDto> Items, int Total);

/// <summary>
/// Due items of the institutions the caller sees, overdue first, then by due moment. An open item past its due moment
/// is reported as <see cref="DueItemStatus.Overdue"/> at once, whether or not the overdue sweep has recorded it yet.
/// <see cref="ListDueItemsQuery.UnfinishedOnly"/> (without a status) lists the overdue and open items only (待办).
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

        var scope = await currentUser.ScopeAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
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

        if (query.CircularId is { } circularId)
        {
            items = items.Where(d => d.Obligation.Requirement.CircularId == circularId);
        }

        if (query.Kind is { } kind)
        {
            items = items.Where(d => d.Obligation.Requirement.Kind == kind);
        }

        var overdue = DueItemRules.IsOverdue(now);
        items = query.Status switch
        {
            DueItemStatus.Overdue => items.Where(overdue),
            DueItemStatus.Open => items.Where(d => d.Status == DueItemStatus.Open && (d.DueAt == null || d.DueAt >= now)),
            { } status => items.Where(d => d.Status == status),
            null when query.UnfinishedOnly => items.Where(d => d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue),
            null => items,
        };

        var total = await items.CountAsync(ct);
        var rows = await items
            .OrderByDescending(overdue)
            .ThenBy(d => d.DueAt == null)
            .ThenBy(d => d.DueAt)
            .ThenBy(d => d.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ProjectTo<DueItemRow>(mapper.ConfigurationProvider)
            .ToListAsync(ct);

        var today = ChinaTime.Today(time);
        return new DueItemPage(rows.Select(r => r.ToDto(now, today)).ToList(), total);
    }
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
    public string Clause { get; init; } = "";
    public RequirementKind Kind { get; init; }
    public string PeriodKey { get; init; } = "";
    public DateTime? DueAt { get; init; }
    public string DueExplanation { get; init; } = "";
    public DueItemStatus Status { get; init; }
    public DateTime? CompletedAt { get; init; }

    public DueItemDto ToDto(DateTime nowUtc, DateOnly today)
    {
        var overdue = DueItemRules.EffectiveStatus(Status, DueAt, nowUtc) == DueItemStatus.Overdue;
        var dueDate = DueAt is { } due ? DateOnly.FromDateTime(ChinaTime.ToChina(due).DateTime) : (DateOnly?)null;
        return new DueItemDto
        {
            Id = Id,
            ObligationId = ObligationId,
            InstitutionCode = InstitutionCode,
            InstitutionName = InstitutionName,
            CircularId = CircularId,
            DocumentNumber = DocumentNumber,
            CircularTitle = CircularTitle,
            Clause = Clause,
            Kind = Kind,
            PeriodKey = PeriodKey,
            DueAt = DueAt is { } d ? ChinaTime.ToChina(d) : null,
            DueExplanation = DueExplanation,
            Status = overdue ? DueItemStatus.Overdue : Status,
            CompletedAt = CompletedAt is { } c ? ChinaTime.ToChina(c) : null,
            IsLate = DueAt is { } at && (CompletedAt is { } done ? done > at : overdue),
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
            .ForMember(d => d.Clause, o => o.MapFrom(s => s.Obligation.Requirement.Clause))
            .ForMember(d => d.Kind, o => o.MapFrom(s => s.Obligation.Requirement.Kind));
        CreateMap<DueItemStatusChange, DueItemStatusChangeDto>()
            .ForMember(d => d.ChangedAt, o => o.MapFrom(s => ChinaTime.ToChina(s.ChangedAt)));
    }
}
