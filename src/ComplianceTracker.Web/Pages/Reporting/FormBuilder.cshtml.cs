using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.FormAuthoring;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>
/// 建立报表 / 编辑报表 for a recurring-report requirement: upload the circular's statistics table (the proposal fills
/// the page), or add, remove and reorder sections, indicators and rules by hand; 保存报表. Works without script (each
/// button posts the page back); <c>form-builder.js</c> checks rules as they are typed through
/// <c>/api/forms/rules/check</c>. The same handlers as <c>POST /api/forms/propose</c>, <c>POST /api/forms</c> and
/// <c>PUT /api/forms/{form}</c>. Once banks have reported on the form, the same page publishes the change as a new
/// version from a period that has not begun (<c>POST /api/forms/{form}/publish</c>), and lists the versions.
/// </summary>
[Authorize(Policy = Policies.Supervisor)]
public sealed partial class FormBuilderModel(FormAuthoringQueries queries, SaveFormHandler saver, ProposeFormHandler proposer, PublishFormVersionHandler publisher) : PageModel
{
    /// <summary>The period a new version starts from (发布新版本).</summary>
    [BindProperty]
    public string? FromPeriod { get; set; }

    /// <summary>Why the form changes (发布新版本).</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The version in force when the form can only change by a new version; null while it may be edited in place.</summary>
    public int? PublishedVersion { get; private set; }

    /// <summary>The periods a new version may start from.</summary>
    public List<UpcomingPeriod> StartPeriods { get; private set; } = [];

    /// <summary>Every version of the form, oldest first (shown once there is more than one or a new one is being made).</summary>
    public List<FormVersionDto> Versions { get; private set; } = [];

    [BindProperty]
    public BuilderInput Input { get; set; } = new();

    /// <summary>The statistics table to read (上传统计表).</summary>
    [BindProperty]
    public IFormFile? Table { get; set; }

    public AuthoredRequirement Requirement { get; private set; } = null!;

    /// <summary>The form's code when editing; null when building a new one.</summary>
    public string? EditingCode { get; private set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Problems keyed like the API's (<c>sections[0].indicators[2].unit</c>, <c>rules[1].left</c>).</summary>
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public List<string> Remarks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, int? requirement, bool saved = false, int? published = null, CancellationToken ct = default)
    {
        try
        {
            if (code is not null)
            {
                var form = await LoadFormAsync(code, ct);
                if (form is null)
                {
                    return Page();
                }

                Input = BuilderInput.From(form.Form);
                Notice = saved ? "报表已保存。银行可以在待办中按期填报；已有机构报送数据后，报表不能再直接修改。"
                    : published is { } number ? $"第{number}版已发布，相关机构已收到通知；之前各期仍按原版本填报和更正。" : null;
                return Page();
            }

            if (requirement is not { } id)
            {
                return NotFound();
            }

            Requirement = await queries.RequirementAsync(id, ct);
            Input = new BuilderInput { Code = $"FORM{id}", Sections = [new SectionDefinition { Name = "一、", Indicators = [BuilderInput.NewIndicator("A01")] }] };
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
    }

    /// <summary>上传统计表: the proposal replaces the sections; the code and lock days typed so far stay.</summary>
    public async Task<IActionResult> OnPostProposeAsync(string? code, int? requirement, CancellationToken ct)
    {
        if (await PrepareAsync(code, requirement, ct) is { } refused)
        {
            return refused;
        }

        try
        {
            var proposal = await proposer.HandleAsync(Table, ct);
            Input.Name = proposal.Name ?? Input.Name;
            Input.Sections = proposal.Sections;
            Remarks = proposal.Remarks;
            Notice = $"已从统计表识别出 {proposal.Sections.Count} 个栏目、{proposal.Sections.Sum(s => s.Indicators.Count)} 个指标，请核对后保存。";
        }
        catch (RuleViolationException e)
        {
            Error = string.Join("；", e.Errors.Values.SelectMany(v => v).DefaultIfEmpty(e.Message));
        }

        ModelState.Clear();
        return Page();
    }

    /// <summary>Add, remove or move a section, an indicator or a rule: <c>command</c> is e.g. <c>indicator-up:1:2</c>.</summary>
    public async Task<IActionResult> OnPostEditAsync(string? code, int? requirement, string? command, CancellationToken ct)
    {
        if (await PrepareAsync(code, requirement, ct) is { } refused)
        {
            return refused;
        }

        Input.Apply(command ?? "");
        ModelState.Clear();
        return Page();
    }

    /// <summary>保存报表: created or edited in one step, or every problem shown beside its field and nothing saved.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? code, int? requirement, CancellationToken ct)
    {
        if (await PrepareAsync(code, requirement, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        try
        {
            var definition = Input.ToDefinition(Requirement.Id);
            if (PublishedVersion is not null)
            {
                var result = await publisher.HandleAsync(EditingCode!, new PublishFormVersionRequest
                {
                    FromPeriod = FromPeriod,
                    Reason = Reason,
                    Name = definition.Name,
                    LockAfterDays = definition.LockAfterDays,
                    Sections = definition.Sections,
                    Rules = definition.Rules,
                }, ct);
                return Redirect($"/forms/{Uri.EscapeDataString(EditingCode!)}/edit?published={result.Version.Number}");
            }

            var saved = EditingCode is null ? await saver.CreateAsync(definition, ct) : await saver.UpdateAsync(EditingCode, definition, ct);
            return Redirect($"/forms/{saved.Code}/edit?saved=true");
        }
        catch (RuleViolationException e)
        {
            Errors = new Dictionary<string, string[]>(e.Errors);
            Error = e.Message;
        }
        catch (ConflictException e)
        {
            Error = e.Message;
        }
        catch (ForbiddenException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Page();
    }

    /// <summary>The messages for one field, and for a rule every message about it.</summary>
    public IEnumerable<string> ErrorsFor(string key) =>
        Errors.Where(e => e.Key == key || (key.StartsWith("rules[", StringComparison.Ordinal) && e.Key.StartsWith(key + ".", StringComparison.Ordinal))).SelectMany(e => e.Value);

    private async Task<IActionResult?> PrepareAsync(string? code, int? requirement, CancellationToken ct)
    {
        try
        {
            if (code is not null)
            {
                return await LoadFormAsync(code, ct) is null ? Page() : null;
            }

            if (requirement is not { } id)
            {
                return NotFound();
            }

            Requirement = await queries.RequirementAsync(id, ct);
            return null;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
    }

    /// <summary>
    /// The form and its requirement. Once it cannot be edited in place, the page makes a new version: the periods it may
    /// start from and the versions so far are loaded; null (with the reason in <see cref="Error"/>) when no period is left to start from.
    /// </summary>
    private async Task<AuthoredForm?> LoadFormAsync(string code, CancellationToken ct)
    {
        var form = await queries.DefinitionAsync(code, ct);
        EditingCode = form.Form.Code;
        if (form.Requirement is null)
        {
            throw new NotFoundException($"报表“{code}”没有对应的监管要求。");
        }

        Requirement = await queries.RequirementAsync(form.Requirement.Id, ct);
        Versions = await publisher.ListAsync(code, ct);
        if (!form.Editable)
        {
            PublishedVersion = form.Version;
            StartPeriods = await queries.UpcomingPeriodsAsync(code, ct);
            if (StartPeriods.Count == 0)
            {
                Input = BuilderInput.From(form.Form);
                Error = $"报表“{form.Form.Name}”已有机构报送数据，且已没有尚未开始的期次，无法发布新版本。";
                return null;
            }
        }

        return form;
    }

    [GeneratedRegex(@"^(?<what>[a-z-]+)(?::(?<a>\d+))?(?::(?<b>\d+))?$")]
    internal static partial Regex CommandPattern();
}

/// <summary>The builder's fields, bound from the page; rules are one expression each (<c>A02 &lt;= A01</c>).</summary>
public sealed class BuilderInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public int LockAfterDays { get; set; } = 3;
    public List<SectionDefinition> Sections { get; set; } = [];
    public List<RuleRow> Rules { get; set; } = [];

    public static BuilderInput From(FormDefinition form) => new()
    {
        Code = form.Code,
        Name = form.Name,
        LockAfterDays = form.LockAfterDays,
        Sections = form.Sections,
        Rules = form.Rules.Select(r => new RuleRow { Code = r.Code, Expression = $"{r.Left} {r.Operator} {r.Right}", Severity = r.Severity, Message = r.Message }).ToList(),
    };

    public FormDefinition ToDefinition(int requirementId) => new()
    {
        Code = Code,
        Name = Name,
        RequirementId = requirementId,
        LockAfterDays = LockAfterDays,
        Sections = Sections,
        Rules = Rules.Select(r =>
        {
            var split = FormRuleCheck.Check(new CheckRuleRequest(r.Expression, null));
            return split is { Valid: true, Operator: not null }
                ? new RuleInput { Code = r.Code, Left = split.Left, Operator = split.Operator, Right = split.Right, Severity = r.Severity, Message = r.Message }
                : new RuleInput { Code = r.Code, Left = r.Expression, Operator = "", Right = "0", Severity = r.Severity, Message = r.Message };
        }).ToList(),
    };

    /// <summary>Carries out one builder command; an unknown or stale one changes nothing.</summary>
    public void Apply(string command)
    {
        var m = FormBuilderModel.CommandPattern().Match(command);
        if (!m.Success)
        {
            return;
        }

        var a = m.Groups["a"].Success ? int.Parse(m.Groups["a"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        var b = m.Groups["b"].Success ? int.Parse(m.Groups["b"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        var section = a >= 0 && a < Sections.Count ? Sections[a] : null;
        switch (m.Groups["what"].Value)
        {
            case "add-section":
                Sections.Add(new SectionDefinition { Indicators = [NewIndicator()] });
                break;
            case "remove-section" when section is not null:
                Sections.RemoveAt(a);
                break;
            case "section-up" when section is not null:
                Move(Sections, a, -1);
                break;
            case "section-down" when section is not null:
                Move(Sections, a, 1);
                break;
            case "add-indicator" when section is not null:
                section.Indicators.Add(NewIndicator());
                break;
            case "remove-indicator" when section is not null && b >= 0 && b < section.Indicators.Count:
                section.Indicators.RemoveAt(b);
                break;
            case "indicator-up" when section is not null && b >= 0 && b < section.Indicators.Count:
                Move(section.Indicators, b, -1);
                break;
            case "indicator-down" when section is not null && b >= 0 && b < section.Indicators.Count:
                Move(section.Indicators, b, 1);
                break;
            case "add-rule":
                Rules.Add(new RuleRow { Code = $"R{Rules.Count + 1:00}" });
                break;
            case "remove-rule" when a >= 0 && a < Rules.Count:
                Rules.RemoveAt(a);
                break;
            default:
                break;
        }
    }

    /// <summary>A new indicator: an amount with two decimals until the author says otherwise.</summary>
    public static IndicatorDefinition NewIndicator(string? code = null) => new() { Code = code, Decimals = 2 };

    private static void Move<T>(List<T> list, int index, int by)
    {
        var to = index + by;
        if (to < 0 || to >= list.Count)
        {
            return;
        }

        (list[index], list[to]) = (list[to], list[index]);
    }
}

public sealed class RuleRow
{
    public string? Code { get; set; }
    public string? Expression { get; set; }
    public RuleSeverity Severity { get; set; } = RuleSeverity.Error;
    public string? Message { get; set; }
}
