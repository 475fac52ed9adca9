using System.Globalization;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Report;

/// <summary>
/// The weekly form for one institution and period: sections, units, last period's figures beside each input, the
/// messages of the same validation as the API, save draft and submit (warnings need a comment). Same handlers and
/// access rules as <c>/api/forms/…/submissions/…</c>; a bank that is not the caller's is a 404 or 403 page.
/// </summary>
public sealed class FormModel(SubmissionContextLoader loader, SubmissionWorkflow workflow) : PageModel
{
    public ReportForm Form { get; private set; } = null!;
    public ReportPeriod Period { get; private set; } = null!;
    public string InstitutionName { get; private set; } = "";
    public SubmissionView View { get; private set; } = null!;
    public Dictionary<string, decimal?> Previous { get; private set; } = [];

    /// <summary>What the user typed, shown again when it is refused (nothing was saved).</summary>
    public Dictionary<string, string> Typed { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Messages by indicator code or rule code ("" for the whole form).</summary>
    public Dictionary<string, List<string>> Messages { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string form, string period, string institution, CancellationToken ct) =>
        await GuardAsync(async () =>
        {
            await LoadAsync(form, period, institution, ct);
            foreach (var finding in View.Validation)
            {
                Add(finding.IndicatorCode ?? finding.RuleCode ?? "", finding.Message);
            }
        });

    public async Task<IActionResult> OnPostAsync(string form, string period, string institution, string action, int baseRevision, CancellationToken ct) =>
        await GuardAsync(async () =>
        {
            var context = await loader.LoadAsync(form, period, institution, ct);
            var (values, comments) = ReadForm();
            if (Messages.Count == 0)
            {
                try
                {
                    await workflow.SaveAsync(context, new SaveSubmissionRequest(values, comments, baseRevision), RevisionSource.Page, null, ct);
                    if (action == "submit")
                    {
                        context = await loader.LoadAsync(form, period, institution, ct);
                        await workflow.SubmitAsync(context, new SubmitRequest(comments), RevisionSource.Page, ct);
                        Notice = "已提交，等待机构负责人审核。";
                    }
                    else
                    {
                        Notice = "草稿已保存。";
                    }

                    Typed.Clear();
                }
                catch (RuleViolationException e)
                {
                    Add("", e.Message);
                    foreach (var (key, messages) in e.Errors)
                    {
                        messages.ToList().ForEach(m => Add(key, m));
                    }
                }
                catch (ConflictException e)
                {
                    Add("", e.Message);
                }
            }

            await LoadAsync(form, period, institution, ct);
        });

    public string Shown(Indicator indicator) =>
        Typed.TryGetValue(indicator.Code, out var typed) ? typed
        : View.Values.GetValueOrDefault(indicator.Code) is { } value ? value.ToString(CultureInfo.InvariantCulture) : "";

    public bool Editable => View.Status is SubmissionStatus.NotStarted or SubmissionStatus.Draft or SubmissionStatus.Returned && !View.IsLocked;

    public static string StatusName(SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotStarted => "未填报",
        SubmissionStatus.Draft => "草稿",
        SubmissionStatus.Submitted => "已提交，待审核",
        SubmissionStatus.Approved => "已审核通过",
        _ => "已退回，请修改后重新提交",
    };

    private (Dictionary<string, decimal?> Values, Dictionary<string, string> Comments) ReadForm()
    {
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var comments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, raw) in Request.Form)
        {
            var text = raw.ToString().Trim();
            if (key.StartsWith("v.", StringComparison.Ordinal))
            {
                var code = key[2..];
                Typed[code] = text;
                if (text.Length == 0)
                {
                    values[code] = null;
                }
                else if (decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    values[code] = number;
                }
                else
                {
                    Add(code, $"“{text}”不是数字，请只填写数字（如 1234.56），不要带单位或汉字。");
                }
            }
            else if (key.StartsWith("c.", StringComparison.Ordinal) && text.Length > 0)
            {
                comments[key[2..]] = text;
            }
        }

        if (Messages.Count > 0)
        {
            Add("", "有数据格式不对，未保存。请按提示修改。");
        }

        return (values, comments);
    }

    private async Task LoadAsync(string form, string period, string institution, CancellationToken ct)
    {
        var context = await loader.LoadAsync(form, period, institution, ct);
        Form = context.Form;
        Period = context.Period;
        InstitutionName = context.Institution.Name;
        View = await workflow.ViewAsync(context, ct);
        Previous = await workflow.PreviousFiguresAsync(context.Form.Id, context.Period, context.Institution.Id, ct) is { } json ? SubmissionJson.Values(json) : [];
    }

    private void Add(string key, string message)
    {
        if (!Messages.TryGetValue(key, out var list))
        {
            Messages[key] = list = [];
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    private async Task<IActionResult> GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
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
}
