using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// 修订 a published circular: the reason, the later circular that amends it (or none: by hand), per requirement the
/// deadline rule and who it binds, and the validity. 预览修订 shows, institution by institution, what will move, be
/// added or be closed (the handler of <c>POST /api/circulars/{id}/amend</c> run and rolled back); 确认修订 does it.
/// </summary>
[Authorize(Policy = Policies.Supervisor)]
public sealed class AmendModel(GetCircularHandler reader, ListCircularsHandler circulars, ListJurisdictionsHandler jurisdictions, AmendCircularHandler amender)
    : CircularChangePage(reader, circulars, jurisdictions)
{
    [BindProperty]
    public AmendInput Input { get; set; } = new();

    /// <summary>What 确认修订 would change, shown before it is confirmed.</summary>
    public AmendResult? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } answer)
        {
            return answer;
        }

        Input = AmendInput.From(Circular);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken ct) => RunAsync(id, async request =>
    {
        Preview = await amender.PreviewAsync(id, request, ct);
        return Page();
    }, ct);

    public Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct) => RunAsync(id, async request =>
    {
        await amender.HandleAsync(id, request, ct);
        return Redirect($"/circulars/{id}?changed=amended");
    }, ct);

    private async Task<IActionResult> RunAsync(int id, Func<AmendCircularRequest, Task<IActionResult>> run, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } answer)
        {
            return answer;
        }

        var errors = new Dictionary<string, string[]>();
        var (request, rows) = Input.ToRequest(Circular, ByCircular(Input.ByCircularId, errors), errors);
        if (errors.Count > 0)
        {
            errors[""] = ["修订内容有误，未作任何修改。请按提示修改后重试。"];
            Errors = errors;
            return Page();
        }

        var result = await TryAsync(id, () => run(request), ct);

        // The handler names a changed requirement by its place in the request; the page by its row.
        Errors = Errors.ToDictionary(e => AmendInput.RowKey(e.Key, rows), e => e.Value);
        return result;
    }
}

/// <summary>The 修订 form as posted: everything as typed, so a mistyped date comes back with a message.</summary>
public sealed class AmendInput
{
    public string? Reason { get; set; }
    public string? ByCircularId { get; set; }
    public string? Kind { get; set; } = nameof(CircularRelationKind.Amends);
    public string? EffectiveTo { get; set; }
    public List<AmendRow> Rows { get; set; } = [];

    public static AmendInput From(CircularDetailDto circular) => new()
    {
        EffectiveTo = CircularInput.Format(circular.EffectiveTo),
        Rows = circular.Requirements.Select(r => new AmendRow
        {
            Id = r.Id,
            Rule = RequirementRow.From(new Features.Circulars.Extraction.RequirementProposal
            {
                Clause = r.Clause,
                Text = r.Text,
                Kind = r.Kind,
                Evidence = new Features.Circulars.Extraction.Evidence(0, 0, ""),
                AppliesTo = r.AppliesTo,
                DueRule = r.DueRule,
                Target = r.Target,
                Reason = "",
            }),
        }).ToList(),
    };

    /// <summary>
    /// The request with only what differs from the circular as it stands, and for each requirement it names the
    /// row it came from. A due rule is every field the review form has (不顺延, 免报 and the week's first day too);
    /// it keeps the words it was read from and the note on its defaults, which the supervisor does not edit here.
    /// </summary>
    public (AmendCircularRequest Request, List<int> Rows) ToRequest(CircularDetailDto circular, int? byCircularId, Dictionary<string, string[]> errors)
    {
        var changes = new List<RequirementChange>();
        var rows = new List<int>();
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            var current = circular.Requirements.SingleOrDefault(r => r.Id == row.Id);
            if (current is null)
            {
                continue;
            }

            row.Rule.Kind = current.Kind.ToString();
            var typed = row.Rule.ToInput($"rows[{i}]", errors);
            var rule = typed.DueRule is { } t ? t with { Source = current.DueRule?.Source, Assumed = current.DueRule?.Assumed } : null;
            var appliesTo = typed.AppliesTo!;
            // The form lists 免报 in the order of the year; a rule stored in another order has not changed.
            var currentRule = current.DueRule is { ExemptHolidays: { Count: > 0 } exempt } stored
                ? stored with { ExemptHolidays = [.. DueRule.StatutoryHolidays.Where(exempt.Contains), .. exempt.Where(h => !DueRule.StatutoryHolidays.Contains(h))] }
                : current.DueRule;
            var ruleChanged = rule != currentRule;
            var scopeChanged = !appliesTo.InstitutionTypes.Order().SequenceEqual(current.AppliesTo.InstitutionTypes.Order()) || appliesTo.LegalEntitiesOnly != current.AppliesTo.LegalEntitiesOnly;
            if (ruleChanged && rule is null)
            {
                errors.TryAdd($"rows[{i}].dueRule", ["已发布的要求不能取消期限规则；如该要求不再执行，请废止通知或调整适用对象。"]);
            }

            if (ruleChanged || scopeChanged)
            {
                changes.Add(new RequirementChange { Id = row.Id, DueRule = ruleChanged ? rule : null, AppliesTo = scopeChanged ? appliesTo with { Text = current.AppliesTo.Text } : null });
                rows.Add(i);
            }
        }

        var effectiveTo = CircularInput.ParseDate(EffectiveTo, "effectiveTo", "失效日期", errors);
        var request = new AmendCircularRequest
        {
            Reason = Reason,
            ByCircularId = byCircularId,
            Kind = Enum.TryParse<CircularRelationKind>(Kind, out var kind) ? kind : null,
            EffectiveTo = effectiveTo != circular.EffectiveTo ? effectiveTo : null,
            Requirements = changes,
        };
        return (request, rows);
    }

    /// <summary>"requirements[1].dueRule" → "rows[4].dueRule" when the second change came from the fifth row.</summary>
    public static string RowKey(string key, List<int> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^requirements\[(\d+)\]");
        return match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n < rows.Count
            ? $"rows[{rows[n]}]{key[match.Length..]}"
            : key;
    }
}

/// <summary>One requirement of the 修订 form: its id and the review form's fields for its rule and scope.</summary>
public sealed class AmendRow
{
    public int Id { get; set; }
    public RequirementRow Rule { get; set; } = new();
}
