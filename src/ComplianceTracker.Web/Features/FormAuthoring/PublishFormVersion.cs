using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>
/// <c>POST /api/forms/{form}/publish</c>: the changed form (sections, indicators, rules, as <see cref="FormDefinition"/>),
/// the period it applies from, and why.
/// </summary>
public sealed class PublishFormVersionRequest
{
    public string? FromPeriod { get; set; }
    public string? Reason { get; set; }
    public string? Name { get; set; }
    public int? LockAfterDays { get; set; }
    public List<SectionDefinition> Sections { get; set; } = [];
    public List<RuleInput> Rules { get; set; } = [];
}

/// <summary>A version of a form as the API and pages show it; version 1 has no publisher (it is the form as first saved).</summary>
public sealed record FormVersionDto(int Number, string FromPeriod, string FromPeriodName, DateTimeOffset? PublishedAt, string? PublishedBy, string? Reason, string? Changes);

/// <summary>What publishing did: the new version, how many periods it applies to, and how many people were told.</summary>
public sealed record PublishFormVersionResult(FormVersionDto Version, int Periods, int Notified, FormDefinition Form);

/// <summary>
/// A supervisor changes a form banks already report on by publishing a new version from a period that has not begun.
/// Periods before keep their version: their figures, corrections and checks stay those of the version they were
/// reported on (rows of every version are kept; see <see cref="Indicator.SinceVersion"/>). Everything is checked
/// before anything is written; the bound institutions are told what changed from which period.
/// </summary>
public sealed class PublishFormVersionHandler(
    ComplianceDbContext db, CurrentUser currentUser, AuditLog audit, FormCache cache, FormAuthoringQueries queries,
    MessageTemplates templates, NotificationOutbox outbox, TimeProvider time)
{
    public async Task<PublishFormVersionResult> HandleAsync(string code, PublishFormVersionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await currentUser.ScopeAsync(ct);
        var form = await db.ReportForms.Include(f => f.Indicators).Include(f => f.Rules).Include(f => f.Versions).AsSplitQuery()
            .SingleOrDefaultAsync(f => f.Code == code, ct) ?? throw new NotFoundException($"未找到报表“{code}”。");
        if (form.RequirementId is not { } requirementId)
        {
            throw new ConflictException($"报表“{form.Name}”没有对应的监管要求，不能在此发布新版本。");
        }

        var requirement = await queries.AuthorRequirementAsync(scope, requirementId, ct);
        var definition = new FormDefinition
        {
            Code = form.Code,
            Name = string.IsNullOrWhiteSpace(request.Name) ? form.Name : request.Name,
            RequirementId = requirementId,
            LockAfterDays = request.LockAfterDays ?? form.LockAfterDays,
            Sections = request.Sections ?? [],
            Rules = request.Rules ?? [],
        };
        FormDefinitionRules.Validate(definition);
        var reason = Reasons.Required(request.Reason, "请填写发布新版本的原因（如监管部门调整了统计口径）。");
        var from = await FromPeriodAsync(form, request.FromPeriod, ct);

        var number = form.LatestVersion + 1;
        var current = form.AtLatest();
        var indicators = FormRows.Indicators(definition, number);
        var rules = FormRows.Rules(definition, number);
        var changes = Changes(current, indicators, rules);
        if (changes.Count == 0 && definition.Name == form.Name)
        {
            throw RuleViolationException.For("sections", $"新版本与现行第{form.LatestVersion}版的指标和校验规则完全相同，无需发布。请先修改指标或规则。");
        }

        // Rows that stay as they are carry on into the new version; the others end with the current one.
        foreach (var old in form.Indicators.Where(i => i.UntilVersion is null))
        {
            if (indicators.FirstOrDefault(i => FormRows.Same(i, old)) is { } unchanged)
            {
                indicators.Remove(unchanged);
            }
            else
            {
                old.UntilVersion = number;
            }
        }

        foreach (var old in form.Rules.Where(r => r.UntilVersion is null))
        {
            if (rules.FirstOrDefault(r => FormRows.Same(r, old)) is { } unchanged)
            {
                rules.Remove(unchanged);
            }
            else
            {
                old.UntilVersion = number;
            }
        }

        form.Indicators.AddRange(indicators);
        form.Rules.AddRange(rules);
        form.Name = definition.Name!;
        form.LatestVersion = number;
        var now = time.GetUtcNow().UtcDateTime;
        var version = new FormVersion
        {
            Number = number,
            FromPeriod = from.Key,
            FromStart = from.Start,
            PublishedAt = now,
            PublishedBy = scope.UserName,
            Reason = reason,
            Changes = string.Join("；", changes),
        };
        form.Versions.Add(version);

        var moved = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start >= from.Start).OrderBy(p => p.Start).ToListAsync(ct);
        foreach (var period in moved)
        {
            period.Version = number;
        }

        if (definition.LockAfterDays != form.LockAfterDays)
        {
            form.LockAfterDays = definition.LockAfterDays;
            foreach (var period in moved)
            {
                period.LockAt = period.DueAt.AddDays(form.LockAfterDays);
            }
        }

        var fromName = PeriodNames.Name(from.Key, from.Start, from.End, ChinaTime.Today(time).Year);
        audit.Add(AuditActions.FormVersionPublished, form.Name, $"第{number}版，自{fromName}起（表号 {form.Code}）：{version.Changes}。原因：{reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            db.ChangeTracker.Clear();
            throw new ConflictException($"报表“{form.Name}”刚被其他监管员发布了新版本，请刷新后再试。");
        }

        cache.Forget(form.Code);
        var notified = await TellAsync(form, requirement, version, fromName, ct);
        var dto = new FormVersionDto(number, from.Key, fromName, ChinaTime.ToChina(now), scope.UserName, reason, version.Changes);
        return new PublishFormVersionResult(dto, moved.Count, notified, (await queries.DefinitionAsync(form.Code, ct)).Form);
    }

    /// <summary>The versions of a form, oldest first: version 1 from its first period, then each published one.</summary>
    public async Task<List<FormVersionDto>> ListAsync(string code, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var form = await db.ReportForms.AsNoTracking().Include(f => f.Versions).SingleOrDefaultAsync(f => f.Code == code, ct)
            ?? throw new NotFoundException($"未找到报表“{code}”。");
        if (form.RequirementId is { } requirementId)
        {
            var circularId = await db.Requirements.Where(r => r.Id == requirementId).Select(r => r.CircularId).SingleAsync(ct);
            await db.EnsureVisibleAsync(scope, circularId, ct);
        }

        return await VersionsAsync(db, form, ChinaTime.Today(time).Year, ct);
    }

    /// <summary>Every version of <paramref name="form"/> (loaded with its <see cref="ReportForm.Versions"/>), oldest first; weeks of <paramref name="currentYear"/> are named without the year.</summary>
    private static async Task<List<FormVersionDto>> VersionsAsync(ComplianceDbContext db, ReportForm form, int currentYear, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(form);
        var first = await db.ReportPeriods.Where(p => p.FormId == form.Id).OrderBy(p => p.Start).Select(p => new { p.Key, p.Start, p.End }).FirstOrDefaultAsync(ct);
        var list = new List<FormVersionDto>
        {
            new(1, first?.Key ?? "", first is null ? "首期" : PeriodNames.Name(first.Key, first.Start, first.End, currentYear), null, null, null, null),
        };
        var froms = form.Versions.Select(v => v.FromPeriod).ToList();
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id && froms.Contains(p.Key)).Select(p => new { p.Key, p.Start, p.End }).ToListAsync(ct);
        list.AddRange(form.Versions.OrderBy(v => v.Number).Select(v =>
        {
            var p = periods.FirstOrDefault(x => x.Key == v.FromPeriod);
            return new FormVersionDto(v.Number, v.FromPeriod, p is null ? v.FromPeriod : PeriodNames.Name(p.Key, p.Start, p.End, currentYear), ChinaTime.ToChina(v.PublishedAt), v.PublishedBy, v.Reason, v.Changes);
        }));
        return list;
    }

    /// <summary>The period the version starts from: one of the form's, not yet begun, with nobody's figures in it or after it.</summary>
    private async Task<ReportPeriod> FromPeriodAsync(ReportForm form, string? key, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var next = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start > today).OrderBy(p => p.Start).Select(p => new { p.Key, p.Start, p.End }).FirstOrDefaultAsync(ct);
        var hint = next is null
            ? "该报表已没有尚未开始的期次，无法发布新版本。"
            : $"最早可从{PeriodNames.Name(next.Key, next.Start, next.End, today.Year)}起启用新版本。";
        if (string.IsNullOrWhiteSpace(key))
        {
            throw RuleViolationException.For("fromPeriod", $"请选择新版本从哪一期起启用。{hint}");
        }

        var period = await db.ReportPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.FormId == form.Id && p.Key == key.Trim(), ct)
            ?? throw RuleViolationException.For("fromPeriod", $"报表“{form.Name}”没有期次“{key.Trim()}”。{hint}");
        var name = PeriodNames.Name(period.Key, period.Start, period.End, today.Year);
        if (period.Start <= today)
        {
            throw RuleViolationException.For("fromPeriod", $"{name}已于 {period.Start:yyyy年M月d日} 开始，已开始的期次不能改用新版本，以免改变机构正在填报的内容。{hint}");
        }

        if (await db.Submissions.AnyAsync(s => s.FormId == form.Id && s.Period.Start >= period.Start, ct))
        {
            throw RuleViolationException.For("fromPeriod", $"{name}及以后的期次已有机构填报的数据，不能改用新版本。{hint}");
        }

        return period;
    }

    /// <summary>What the new version adds, removes and changes, against the version now in force, in people's words.</summary>
    private static List<string> Changes(ReportForm current, List<Indicator> indicators, List<FormRule> rules)
    {
        var changes = new List<string>();
        var before = current.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var after = indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        void Add(string what, IEnumerable<string> names)
        {
            var list = names.ToList();
            if (list.Count > 0)
            {
                changes.Add($"{what}：{string.Join("、", list.Take(10))}{(list.Count > 10 ? $" 等 {list.Count} 项" : "")}");
            }
        }

        Add("新增指标", indicators.Where(i => !before.ContainsKey(i.Code)).Select(i => i.Name));
        Add("停用指标", current.Indicators.Where(i => !after.ContainsKey(i.Code)).Select(i => i.Name));
        Add("修改指标", indicators.Where(i => before.TryGetValue(i.Code, out var old) && !FormRows.SameMeaning(old, i)).Select(i => i.Name));
        var ruleBefore = current.Rules.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var ruleAfter = rules.ToDictionary(r => r.Code, StringComparer.Ordinal);
        Add("新增校验规则", rules.Where(r => !ruleBefore.ContainsKey(r.Code)).Select(RuleWords));
        Add("取消校验规则", current.Rules.Where(r => !ruleAfter.ContainsKey(r.Code)).Select(RuleWords));
        Add("修改校验规则", rules.Where(r => ruleBefore.TryGetValue(r.Code, out var old) && !FormRows.SameMeaning(old, r)).Select(RuleWords));
        if (changes.Count == 0 && !indicators.Select(i => i.Code).SequenceEqual(current.Indicators.Select(i => i.Code)))
        {
            changes.Add("调整指标顺序");
        }

        return changes;
    }

    private static string RuleWords(FormRule r) => r.Message is { Length: > 0 } m ? $"{r.Code}（{m}）" : $"{r.Code}（{r.Left} {r.Operator} {r.Right}）";

    /// <summary>Tells the reporters and heads of every bound institution, linking to the first period on the new version.</summary>
    private async Task<int> TellAsync(ReportForm form, Requirement requirement, FormVersion version, string fromName, CancellationToken ct)
    {
        var institutions = await db.Obligations.Where(o => o.RequirementId == requirement.Id)
            .Select(o => new { o.InstitutionId, o.Institution.Code, o.Institution.Name }).Distinct().ToListAsync(ct);
        var recorded = 0;
        foreach (var chunk in institutions.Chunk(1000))
        {
            var audience = await InstitutionAudience.LoadAsync(db, chunk.Select(c => c.InstitutionId).ToList(), InstitutionAudience.Branch, ct);
            var messages = chunk.Select(i =>
            {
                var (title, body) = templates.Render("formVersionPublished", new Dictionary<string, string>
                {
                    ["institution"] = i.Name,
                    ["form"] = form.Name,
                    ["version"] = version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["from"] = fromName,
                    ["changes"] = version.Changes,
                    ["reason"] = version.Reason,
                });
                return new Outgoing(NotificationKind.FormVersionPublished, $"FormVersion:{form.Id}:{version.Number}:{i.InstitutionId}", title, body,
                    PageLinks.Form(form.Code, version.FromPeriod, i.Code), null, audience.Users[i.InstitutionId].ToList(), audience.Robots[i.InstitutionId].ToList());
            }).ToList();
            recorded += await outbox.RecordAsync(messages, ct);
        }

        return recorded;
    }
}
