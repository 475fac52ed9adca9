using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>
/// 年初数: the year-start figures the growth and count targets are judged against, as <c>GET /api/targets/baselines</c>
/// lists them; supervisors enter new ones through the same handler as <c>PUT /api/targets/baselines</c>. A figure
/// that is not a number, or any row the handler refuses, stores nothing.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class BaselinesModel(TargetQueries queries, SetBaselinesHandler handler, ListInstitutionsHandler institutions, FormQueries forms, IAuthorizationService authorization, TimeProvider time)
    : PageModel
{
    public const int EntryRows = 3;

    /// <summary>The year shown (<c>?year=</c>) and, in the entry form, the year the figures are for.</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    [Display(Name = "年份")]
    [Range(2000, 2100, ErrorMessage = "年份应在2000至2100之间。")]
    public int? RequestedYear { get; set; }

    public int Year { get; private set; }
    public List<BaselineDto> Baselines { get; private set; } = [];
    public List<InstitutionDto> Institutions { get; private set; } = [];
    public List<IndicatorDto> Indicators { get; private set; } = [];
    public bool CanEnter { get; private set; }
    public string? Error { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>What was typed, shown again when refused.</summary>
    [BindProperty]
    public List<BaselineEntry> Entries { get; set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = ValidYear ?? ChinaTime.Today(time).Year;
        if (ValidYear is null && ModelState.ContainsKey("year"))
        {
            Error = $"年份“{AttemptedYear}”无效，请填写2000至2100之间的年份。已显示今年。";
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded)
        {
            return Forbid();
        }

        Year = ValidYear ?? ChinaTime.Today(time).Year;
        var inputs = new List<(int Row, BaselineInput Input)>();
        if (ValidYear is null)
        {
            Errors.Add($"年份“{AttemptedYear}”无效，请填写2000至2100之间的年份。");
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (string.IsNullOrWhiteSpace(entry.Value) && string.IsNullOrWhiteSpace(entry.Institution) && string.IsNullOrWhiteSpace(entry.Indicator))
            {
                continue;
            }

            var row = i + 1;
            if (string.IsNullOrWhiteSpace(entry.Institution))
            {
                Errors.Add($"第 {row} 行：请选择机构。");
            }
            else if (string.IsNullOrWhiteSpace(entry.Indicator))
            {
                Errors.Add($"第 {row} 行：请选择指标。");
            }
            else if (!decimal.TryParse(entry.Value?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                Errors.Add($"第 {row} 行：年初数“{entry.Value}”不是数字，请填写数字，如 12345.67（单位与周报指标相同）。");
            }
            else
            {
                inputs.Add((row, new BaselineInput(entry.Institution, entry.Indicator, value)));
            }
        }

        if (Errors.Count == 0 && inputs.Count == 0)
        {
            Errors.Add("请至少填写一行：机构、指标和年初数。");
        }

        if (Errors.Count == 0)
        {
            try
            {
                var saved = await handler.HandleAsync(new SetBaselinesRequest(Year, inputs.Select(i => i.Input).ToList(), null, null), ct);
                Notice = $"已保存 {Year} 年的 {saved.Count} 条年初数，相关目标已重新评估。";
                return Redirect($"/targets/baselines?year={Year.ToString(CultureInfo.InvariantCulture)}");
            }
            catch (RuleViolationException e)
            {
                // The handler keys a row by its place in the list it was given (baselines[0].value): name the form's row.
                foreach (var (key, messages) in e.Errors)
                {
                    var index = key.StartsWith("baselines[", StringComparison.Ordinal) && int.TryParse(key[10..key.IndexOf(']', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < inputs.Count ? n : -1;
                    Errors.AddRange(messages.Select(m => index >= 0 ? $"第 {inputs[index].Row} 行：{m}" : m));
                }
            }
        }

        Error = "年初数有误，未保存任何数据。请按下列提示修改后重新提交。";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The bound year when it bound and passed its range check.</summary>
    private int? ValidYear =>
        ModelState.GetFieldValidationState("year") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid && RequestedYear is >= 2000 and <= 2100 ? RequestedYear : null;

    private string? AttemptedYear => ModelState["year"]?.AttemptedValue;

    private async Task LoadAsync(CancellationToken ct)
    {
        CanEnter = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded;
        Baselines = await queries.BaselinesAsync(Year, ct);
        Institutions = await institutions.HandleAsync(ct);
        var indicators = new List<IndicatorDto>();
        foreach (var form in await forms.ListAsync(ct))
        {
            indicators.AddRange((await forms.GetAsync(form.Code, ct)).Indicators.Where(i => i.Unit != "%"));
        }

        Indicators = indicators.DistinctBy(i => i.Code).ToList();
        while (Entries.Count < EntryRows)
        {
            Entries.Add(new BaselineEntry());
        }
    }

    public string InstitutionName(string code) => Institutions.FirstOrDefault(i => i.Code == code)?.Name ?? code;

    public string IndicatorName(string code) => Indicators.FirstOrDefault(i => i.Code == code) is { } i ? $"{i.Name}（{i.Unit}）" : code;
}

/// <summary>One row of the entry form, as typed.</summary>
public sealed class BaselineEntry
{
    public string? Institution { get; set; }
    public string? Indicator { get; set; }
    public string? Value { get; set; }
}
