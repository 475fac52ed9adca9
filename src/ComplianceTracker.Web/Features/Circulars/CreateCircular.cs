using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

public sealed record CreateCircularRequest
{
    [MaxLength(100, ErrorMessage = "文号不能超过100个字符。")]
    public string? DocumentNumber { get; init; }

    [Required(ErrorMessage = "请填写文件标题。")]
    [MaxLength(500, ErrorMessage = "标题不能超过500个字符。")]
    public string Title { get; init; } = "";

    [Required(ErrorMessage = "请至少填写一个发文机关。")]
    [MinLength(1, ErrorMessage = "请至少填写一个发文机关。")]
    public List<string>? Issuers { get; init; } = [];

    public DateOnly? IssuedOn { get; init; }
    public string? IssuedOnText { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }

    [Range(1, 120, ErrorMessage = "执行期月数应在1到120之间。")]
    public int? ValidityMonths { get; init; }

    public string? ValidityText { get; init; }

    [MaxLength(1000, ErrorMessage = "主送机关不能超过1000个字符。")]
    public string? Addressees { get; init; }

    public string? Contacts { get; init; }

    [Required(ErrorMessage = "请粘贴文件全文。")]
    public string Text { get; init; } = "";

    /// <summary>The area the circular is addressed to; defaults to the supervisor's own jurisdiction.</summary>
    public string? JurisdictionCode { get; init; }

    public List<string>? Attachments { get; init; } = [];
    public List<RequirementInput>? Requirements { get; init; } = [];

    /// <summary>Rest or working days the circular arranges for its own reporting (optional).</summary>
    public List<ExtraDay>? ExtraDays { get; init; }
}

public sealed record RequirementInput
{
    [Required(ErrorMessage = "请填写条款位置，如“一、（三）”。")]
    public string Clause { get; init; } = "";

    [Required(ErrorMessage = "请填写条款原文。")]
    public string Text { get; init; } = "";

    [Required(ErrorMessage = "请选择要求类型。")]
    public RequirementKind? Kind { get; init; }

    public DueRule? DueRule { get; init; }
    public ApplicabilityDto? AppliesTo { get; init; }
    public TargetSpec? Target { get; init; }
}

/// <summary>Registers a draft circular with its requirements; nothing binds anyone until it is published.</summary>
public sealed class CreateCircularHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time, GetCircularHandler reader, AuditLog audit)
{
    public async Task<CircularDetailDto> HandleAsync(CreateCircularRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("文件内容有误，请按提示修改后重新提交。", errors);
        }

        var jurisdictionCode = request.JurisdictionCode ?? scope.User.Jurisdiction?.Code;
        var jurisdiction = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == jurisdictionCode, ct)
            ?? throw RuleViolationException.For("jurisdictionCode", $"未知的辖区代码“{jurisdictionCode}”，请从辖区列表中选择。");
        if (!scope.Oversees(jurisdiction))
        {
            throw new ForbiddenException($"您无权为辖区“{jurisdiction.Name}”登记监管文件。");
        }

        var documentNumber = string.IsNullOrWhiteSpace(request.DocumentNumber) ? null : request.DocumentNumber.Trim();
        var naturalKey = documentNumber ?? $"draft-{Guid.NewGuid():N}";
        if (documentNumber is not null && await db.Circulars.AnyAsync(c => c.NaturalKey == naturalKey || c.DocumentNumber == documentNumber, ct))
        {
            throw new ConflictException($"文号“{documentNumber}”的文件已登记，请勿重复登记。");
        }

        var circular = new Circular
        {
            NaturalKey = naturalKey,
            DocumentNumber = documentNumber,
            Title = request.Title.Trim(),
            IssuedOn = request.IssuedOn,
            IssuedOnText = request.IssuedOnText,
            EffectiveFrom = request.EffectiveFrom,
            EffectiveTo = request.EffectiveTo,
            ValidityMonths = request.ValidityMonths,
            ValidityText = request.ValidityText,
            Addressees = request.Addressees,
            Contacts = request.Contacts,
            Text = request.Text,
            JurisdictionId = jurisdiction.Id,
            Status = CircularStatus.Draft,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = scope.UserName,
            ExtraDays = (request.ExtraDays ?? []).OrderBy(d => d.Date).ToList(),
            Attachments = (request.Attachments ?? []).Select((title, i) => new CircularAttachment { Number = i + 1, Title = title }).ToList(),
            Requirements = (request.Requirements ?? []).Select((r, i) => new Requirement
            {
                Clause = r.Clause.Trim(),
                Ordinal = i + 1,
                Text = r.Text.Trim(),
                Kind = r.Kind!.Value,
                DueRule = r.DueRule,
                Target = r.Target,
                AppliesTo = Applicability(r.AppliesTo),
            }).ToList(),
        };
        circular.Issuers = await IssuerRegistry.ResolveAsync(db, request.Issuers ?? [], ct);

        db.Circulars.Add(circular);
        audit.Add(AuditActions.CircularCreated, circular.DocumentNumber ?? circular.Title, $"{circular.Title}；要求 {circular.Requirements.Count} 条");
        await db.SaveChangesAsync(ct);
        return await reader.HandleAsync(circular.Id, ct);
    }

    /// <summary>Who a requirement binds as requested; banks and insurers when the request names no type.</summary>
    internal static Applicability Applicability(ApplicabilityDto? appliesTo) => new()
    {
        InstitutionTypes = appliesTo is { InstitutionTypes.Count: > 0 } a ? a.InstitutionTypes.ToFlags() : InstitutionTypes.Bank | InstitutionTypes.Insurer,
        LegalEntitiesOnly = appliesTo?.LegalEntitiesOnly ?? false,
        Text = appliesTo?.Text,
    };

    /// <summary>Dates a circular can plausibly carry; anything else is a typing mistake.</summary>
    internal static readonly DateOnly EarliestDate = new(2000, 1, 1);
    internal static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>What is wrong with a circular's own rest and working days (none: they may be saved).</summary>
    internal static string[] ExtraDayErrors(IReadOnlyCollection<ExtraDay?>? days)
    {
        var extraDays = days ?? [];
        var errors = new List<string>();
        if (extraDays.Any(d => d is null || d.Date < EarliestDate || d.Date > LatestDate))
        {
            errors.Add("另行安排的日期应在2000年至2100年之间。");
        }

        if (extraDays.OfType<ExtraDay>().GroupBy(d => d.Date).Any(g => g.Count() > 1))
        {
            errors.Add("另行安排的日期有重复，每天只能安排一次（休息或上班）。");
        }

        if (extraDays.Count > 200)
        {
            errors.Add("另行安排的日期不能超过200天。");
        }

        return [.. errors];
    }

    internal static Dictionary<string, string[]> Validate(CreateCircularRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool bad, string field, string message)
        {
            if (bad)
            {
                errors[field] = [message];
            }
        }

        void Length(string? value, int max, string field, string name) =>
            Check(value is not null && value.Length > max, field, $"{name}不能超过{max}个字符。");

        void Date(DateOnly? value, string field, string name) =>
            Check(value is { } d && (d < EarliestDate || d > LatestDate), field, $"{name}应在2000年至2100年之间。");

        Length(request.IssuedOnText, 100, "issuedOnText", "发文日期原文");
        Length(request.ValidityText, 500, "validityText", "执行期原文");
        Length(request.Contacts, 1000, "contacts", "联系方式");
        Length(request.JurisdictionCode, 64, "jurisdictionCode", "辖区代码");
        Date(request.IssuedOn, "issuedOn", "发文日期");
        Date(request.EffectiveFrom, "effectiveFrom", "执行期开始日期");
        Date(request.EffectiveTo, "effectiveTo", "执行期结束日期");
        var issuers = request.Issuers ?? [];
        Check(issuers.Any(i => i is { Length: > 200 }), "issuers", "发文机关名称不能超过200个字符。");
        var attachments = request.Attachments ?? [];
        Check(attachments.Any(string.IsNullOrWhiteSpace), "attachments", "附件标题不能为空。");
        Check(attachments.Any(a => a is { Length: > 500 }), "attachments", "附件标题不能超过500个字符。");
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = ["请填写文件标题。"];
        }

        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = ["请粘贴文件全文。"];
        }

        if (issuers.Count == 0 || issuers.Any(string.IsNullOrWhiteSpace))
        {
            errors["issuers"] = ["请至少填写一个发文机关，且不能为空白。"];
        }

        if (ExtraDayErrors(request.ExtraDays) is { Length: > 0 } extraDayErrors)
        {
            errors["extraDays"] = extraDayErrors;
        }

        if (request.EffectiveFrom is { } from && request.EffectiveTo is { } to && to < from)
        {
            errors["effectiveTo"] = ["执行期结束日期不能早于开始日期。"];
        }

        var requirements = request.Requirements ?? [];
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            var prefix = $"requirements[{i}]";
            if (r is null)
            {
                errors[prefix] = ["要求不能为空。"];
                continue;
            }

            Length(r.Clause, 100, $"{prefix}.clause", "条款位置");
            Length(r.AppliesTo?.Text, 200, $"{prefix}.appliesTo.text", "适用对象原文");
            Check(r.AppliesTo?.InstitutionTypes?.Any(t => !Enum.IsDefined(t)) == true, $"{prefix}.appliesTo.institutionTypes", "机构类型只能是 Bank、Insurer 或 LocalFinancialOrganisation。");
            if (r.DueRule is { } rule)
            {
                Check(!Enum.IsDefined(rule.Frequency) || !Enum.IsDefined(rule.Anchor) || !Enum.IsDefined(rule.Unit), $"{prefix}.dueRule", "期限规则的频率、起算点或单位无效。");
                Check(rule.DurationMonths is < 1 or > 120, $"{prefix}.dueRule.durationMonths", "执行月数应在1到120之间。");
                Date(rule.FixedDate, $"{prefix}.dueRule.fixedDate", "固定日期");
                Check((rule.Source?.Length ?? 0) + (rule.Assumed?.Length ?? 0) > 800, $"{prefix}.dueRule", "期限规则的原文和说明合计不能超过800个字符。");
                Check(rule.ExemptHolidays?.Any(h => !DueRule.StatutoryHolidays.Contains(h)) == true, $"{prefix}.dueRule.exemptHolidays", $"免报节日只能是{string.Join("、", DueRule.StatutoryHolidays)}。");
            }

            if (string.IsNullOrWhiteSpace(r.Clause))
            {
                errors[$"{prefix}.clause"] = ["请填写条款位置，如“一、（三）”。"];
            }

            if (string.IsNullOrWhiteSpace(r.Text))
            {
                errors[$"{prefix}.text"] = ["请填写条款原文。"];
            }

            if (r.Kind is null)
            {
                errors[$"{prefix}.kind"] = ["请选择要求类型：Deadline、RecurringReport、Target、Prohibition 或 Principle。"];
            }
            else if (!Enum.IsDefined(r.Kind.Value))
            {
                errors[$"{prefix}.kind"] = ["要求类型只能是 Deadline、RecurringReport、Target、Prohibition 或 Principle。"];
            }
            else if (r.Kind is RequirementKind.Deadline && r.DueRule is null)
            {
                errors[$"{prefix}.dueRule"] = ["期限类要求须填写期限规则（如：发文之日起10日内）。"];
            }
            else if (r.Kind is RequirementKind.RecurringReport && r.DueRule is not { Frequency: not DueFrequency.Once })
            {
                errors[$"{prefix}.dueRule"] = ["定期报送类要求须填写报送频率（周、月、季、半年或年）。"];
            }

            if (r.DueRule is { Anchor: DueAnchor.FixedDate, FixedDate: null })
            {
                errors[$"{prefix}.dueRule.fixedDate"] = ["期限以固定日期起算时，须填写该日期。"];
            }

            if (r.DueRule is { Offset: < 0 or > 3650 })
            {
                errors[$"{prefix}.dueRule.offset"] = ["期限天数应在0到3650之间。"];
            }
        }

        return errors;
    }
}

internal static class IssuerRegistry
{
    /// <summary>Finds or registers each issuer by name, keeping the order the circular names them in.</summary>
    public static async Task<List<CircularIssuer>> ResolveAsync(ComplianceDbContext db, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.Select(n => n.Trim()).Distinct().ToList();
        var known = await db.Issuers.Where(i => wanted.Contains(i.Name)).ToDictionaryAsync(i => i.Name, ct);
        return wanted.Select((name, order) => new CircularIssuer
        {
            Issuer = known.TryGetValue(name, out var issuer) ? issuer : new Issuer { Name = name },
            Order = order,
        }).ToList();
    }
}
