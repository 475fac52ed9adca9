using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Reporting.Excel;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>A message shown beside an input or above the form; warnings are marked 提示 and may be explained.</summary>
public sealed record PageMessage(string Text, bool Warning = false);

/// <summary>One problem of a refused upload: the cell (<c>周报!D7</c>, or 文件 for the file as a whole) and what to fix.</summary>
public sealed record UploadProblem(string Where, string Message);

/// <summary>
/// The weekly form for one institution and period: sections, units, last period's figures beside each input, the
/// messages of the same validation as the API, save draft and submit (warnings need a comment), the Excel form to
/// download and upload, validation as the reporter types (<c>wwwroot/js/report-form.js</c> calling
/// <see cref="OnPostValidateAsync"/>, which saves nothing), and for supervisors (and the head) returning a submission
/// and unlocking a locked period. Same handlers and access rules as <c>/api/forms/…</c>; a bank that is not the
/// caller's is a 404 or 403 page, an action the caller may not take a 403 with the reason on the page.
/// </summary>
/// <remarks>
/// The page accepts bodies as large as the API's Excel import does with the default <c>Excel:MaxUploadBytes</c>
/// (5 MiB plus room for the multipart envelope): an endpoint's size limit is one figure for all its handlers.
/// </remarks>
[RequestSizeLimit(UploadRequestLimit)]
[Authorize(Policy = Policies.SignedIn)]
public sealed class FormModel(
    SubmissionContextLoader loader,
    GetSubmissionHandler reader,
    ValidateSubmissionHandler validator,
    SaveSubmissionHandler saver,
    SubmitSubmissionHandler submitter,
    ReturnSubmissionHandler returner,
    WithdrawSubmissionHandler withdrawer,
    ApproveSubmissionHandler approver,
    UnlockPeriodHandler unlocker,
    ApplyForUnlockHandler applier,
    AnswerUnlockApplicationHandler answerer,
    UnlockApplicationQueries applications,
    RuleExemptionsHandler exemptions,
    IWorkingDayCalendar calendar,
    ExcelRoundTripHandler excel,
    TimeProvider time) : PageModel
{
    public const long UploadRequestLimit = (5 * 1024 * 1024) + (1024 * 1024);

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public ReportForm Form { get; private set; } = null!;
    public ReportPeriod Period { get; private set; } = null!;
    public string InstitutionCode { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";
    public SubmissionView View { get; private set; } = null!;
    /// <summary>上期数: the figures of the last period the institution reported, and that period's name (第48周).</summary>
    public Dictionary<string, decimal?> Previous { get; private set; } = [];

    public string? PreviousPeriod { get; private set; }

    /// <summary>The figures as posted (<c>v.CODE</c>), by indicator code: text, so that a non-number comes back as typed.</summary>
    [BindProperty(Name = "v")]
    public Dictionary<string, string?> Figures { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The comments as posted (<c>c.KEY</c>), by indicator or rule code.</summary>
    [BindProperty(Name = "c")]
    public Dictionary<string, string?> Comments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What the user typed, shown again when it is refused (nothing was saved).</summary>
    public Dictionary<string, string> Typed { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Messages by indicator code or rule code ("" for the whole form).</summary>
    public Dictionary<string, List<PageMessage>> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages of the return and unlock forms, by field (<c>return.reason</c>, <c>unlock.until</c> …).</summary>
    public Dictionary<string, List<string>> ActionErrors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    /// <summary>Set when an upload was refused: the summary and the problems by cell; nothing was saved.</summary>
    public string? UploadSummary { get; private set; }

    public List<UploadProblem> UploadProblems { get; } = [];

    /// <summary>The caller is one of the institution's reporters or heads.</summary>
    public bool CanFill { get; private set; }

    /// <summary>The caller may return this submission now (a supervisor, or the head before the lock), and it is submitted or approved.</summary>
    public bool CanReturn { get; private set; }

    /// <summary>撤回: the filler, while the report waits for the head.</summary>
    public bool CanWithdraw { get; private set; }

    /// <summary>审核通过: the institution's head, on a submitted report (a reporter never sees the button).</summary>
    public bool CanApprove { get; private set; }

    /// <summary>The caller supervises the institution and the period is past its lock moment.</summary>
    public bool CanUnlock { get; private set; }

    /// <summary>A supervisor of the institution, on a report with figures: 例外校验许可 for a check its figures fail.</summary>
    public bool CanExempt { get; private set; }

    /// <summary>The 例外校验许可 granted to the institution for this period.</summary>
    public List<RuleExemptionDto> Exemptions { get; private set; } = [];

    /// <summary>The checks the stored figures fail that an exception may set aside, by key, with the finding's words.</summary>
    public List<FindingDto> Exemptable => View.Validation.Where(f => f.ExemptionKey is not null).DistinctBy(f => f.ExemptionKey).ToList();

    /// <summary>The unlock that lets the institution change the locked period now, if any.</summary>
    public PeriodUnlock? ActiveUnlock { get; private set; }

    public bool PastLock { get; private set; }

    /// <summary>The 补报 request waiting for this period and institution, else the latest answered one.</summary>
    public UnlockApplicationDto? Application { get; private set; }

    public bool ApplicationWaiting => Application?.Status == UnlockApplicationStatus.Pending;

    /// <summary>申请补报: the institution's filler, on a locked period without a 补报 window and without a request waiting.</summary>
    public bool CanApply => CanFill && View.IsLocked && !ApplicationWaiting;

    /// <summary>The unlock form's suggestion: the end of the next working day, China time (as a granted request).</summary>
    public string DefaultUnlockUntil =>
        ChinaTime.ToChina(calendar.EndOfNextWorkingDay(time.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public bool Editable => CanFill && Submission.Allows(View.Status, SubmissionAction.Save) && !View.IsLocked && !NotYetOpen;

    /// <summary>A period that has not begun: read-only until its first day.</summary>
    public bool NotYetOpen => ChinaTime.Today(time) < Period.Start;

    /// <summary>The same sentence for a non-number on save, in the validation call and in the browser (with <c>{0}</c>).</summary>
    /// <summary>An indicator's 异常变动 limit as the form page says it: "较上期增长超过 50% 或下降超过 30% 须填写说明".</summary>
    public static string ChangeLimitText(ChangeLimit limit)
    {
        var bounds = new[]
        {
            limit.UpPercent is { } up ? $"增长超过 {ChangeLimitCheck.Percent(up)}" : null,
            limit.DownPercent is { } down ? $"下降超过 {ChangeLimitCheck.Percent(down)}" : null,
        }.OfType<string>();
        return $"较上期{string.Join("或", bounds)}{(limit.Severity == RuleSeverity.Warning ? "须填写说明" : "不能提交，请核实")}";
    }

    public static string NotANumber(string text) => $"“{text}”不是数字，请只填写数字（如 1234.56），不要带单位或汉字。";

    public async Task<IActionResult> OnGetAsync(string form, string period, string institution, CancellationToken ct) =>
        await ActAsync(form, period, institution, _ => Task.CompletedTask, ct);

    /// <summary>The fillable Excel form of this institution and period (the API's <c>template.xlsx</c>).</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string form, string period, string institution, CancellationToken ct)
    {
        var (context, refusal) = await this.LoadSubmissionAsync(loader, form, period, institution, ct);
        if (context is null)
        {
            return refusal!;
        }

        var bytes = await excel.DownloadAsync(context, ct);
        return File(bytes, XlsxType, $"{context.Form.Name}-{PeriodNames.ShortName(context.Period.Key)}-{context.Institution.Name}.xlsx");
    }

    /// <summary>Save a draft, or save and submit (<c>action=submit</c>).</summary>
    public async Task<IActionResult> OnPostAsync(string form, string period, string institution, string? action, int baseRevision, string? note, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            var (values, comments, notNumbers) = ReadForm(context.Form);
            if (!ModelState.IsValid)
            {
                // Everything to fix at once: the form's rules on the other figures too, not only the format errors.
                foreach (var finding in await validator.ValidateAsync(context.Form, context.Period, context.Institution.Id, values, ct))
                {
                    if (!(finding.RuleCode is null && notNumbers.Any(n => n.Code == finding.IndicatorCode)))
                    {
                        Add(finding.IndicatorCode ?? finding.RuleCode ?? "", finding.Message, finding.Severity == RuleSeverity.Warning);
                    }
                }

                Add("", "有数据格式不对，未保存。请按提示修改。");
                return;
            }

            try
            {
                await saver.HandleAsync(context, new SaveSubmissionRequest(values, comments, baseRevision), RevisionSource.Page, null, ct);
                if (action == "submit")
                {
                    // The comments were saved with the figures just now: submitting adds no second revision of them.
                    context = await loader.LoadAsync(form, period, institution, ct);
                    await submitter.HandleAsync(context, new SubmitRequest(null, note), RevisionSource.Page, ct);
                    Notice = $"{SubmissionStatus.Submitted.Label()}，等待机构负责人审核。";
                }
                else
                {
                    Notice = "草稿已保存。";
                }

                Typed.Clear();
                ShowFindings = true;
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
        }, ct);

    /// <summary>
    /// Upload the filled Excel form: the API's import (same checks, errors by cell, nothing saved when refused); an
    /// accepted file is a new draft revision with source Excel.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync(string form, string period, string institution, IFormFile? file, int? baseRevision, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            // A supervisor's upload is refused before the file is read; the save refuses it anyway.
            SubmissionAccess.RequireFiller(context);
            try
            {
                var view = await excel.ImportAsync(context, file, baseRevision, null, ct);
                Notice = $"已从 Excel 导入，保存为第 {view.Revision} 版草稿。请核对下列数据，确认无误后提交。";
                ShowFindings = true;
            }
            catch (RuleViolationException e)
            {
                UploadSummary = e.Message;
                foreach (var (key, messages) in e.Errors.OrderBy(e => e.Key == FormWorkbookLayout.FileErrorKey ? 0 : 1).ThenBy(e => e.Key, CellOrder.Instance))
                {
                    var where = key == FormWorkbookLayout.FileErrorKey ? "文件" : key;
                    UploadProblems.AddRange(messages.Select(m => new UploadProblem(where, m)));
                }
            }
            catch (ConflictException e)
            {
                UploadSummary = $"{e.Message}（上传的文件未保存。）";
            }
        }, ct);

    /// <summary>
    /// The form's whole rule set (errors and warnings) on the figures typed so far, as JSON for the script; saves
    /// nothing. Non-numbers get the same sentence as on save.
    /// </summary>
    public async Task<IActionResult> OnPostValidateAsync(string form, string period, string institution, CancellationToken ct)
    {
        SubmissionContext context;
        try
        {
            context = await loader.LoadAsync(form, period, institution, ct);
        }
        catch (NotFoundException e)
        {
            return new JsonResult(new { message = e.Message }) { StatusCode = StatusCodes.Status404NotFound };
        }
        catch (ForbiddenException e)
        {
            return new JsonResult(new { message = e.Message }) { StatusCode = StatusCodes.Status403Forbidden };
        }

        var (values, _, notNumbers) = ReadForm(context.Form);
        var findings = notNumbers.Select(n => new ValidationFinding(null, n.Code, RuleSeverity.Error, NotANumber(n.Text))).ToList();

        // A non-number is not also "请填写": only its own message is shown.
        findings.AddRange((await validator.ValidateAsync(context.Form, context.Period, context.Institution.Id, values, ct))
            .Where(f => !(f.RuleCode is null && notNumbers.Any(n => n.Code == f.IndicatorCode))));
        return new JsonResult(new
        {
            findings = findings.Select(f => new
            {
                rule = f.RuleCode,
                indicator = f.IndicatorCode,
                severity = f.Severity == RuleSeverity.Warning ? "warning" : "error",
                message = f.Message,
            }),
        });
    }

    /// <summary>撤回 a submitted report to a draft before the head approves it (the API's <c>withdraw</c>).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string form, string period, string institution, CancellationToken ct) =>
        await DecideAsync(form, period, institution, context => withdrawer.HandleAsync(context, ct), "已撤回，报表回到草稿，可以修改后重新提交。", ct);

    /// <summary>审核通过 on the form itself (the API's <c>approve</c>): the institution's head.</summary>
    public async Task<IActionResult> OnPostApproveAsync(string form, string period, string institution, CancellationToken ct) =>
        await DecideAsync(form, period, institution, context => approver.HandleAsync(context, ct), "已审核通过，填报员会收到消息。", ct);

    /// <summary>A decision without input (撤回, 审核通过): done with its notice, or refused with the handler's message.</summary>
    private async Task<IActionResult> DecideAsync(string form, string period, string institution, Func<SubmissionContext, Task<SubmissionView>> decide, string notice, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            try
            {
                await decide(context);
                Notice = notice;
            }
            catch (Exception e) when (e is ConflictException or ForbiddenException)
            {
                Add("", e.Message);
            }
        }, ct);

    /// <summary>Return a submitted or approved submission with a reason (the API's <c>return</c>).</summary>
    public async Task<IActionResult> OnPostReturnAsync(string form, string period, string institution, string? reason, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            try
            {
                await returner.HandleAsync(context, new ReturnRequest(reason), ct);
                Notice = "已退回，填报员将看到退回原因并修改后重新提交。";
            }
            catch (RuleViolationException e)
            {
                AddActionErrors("return", e);
            }
            catch (ConflictException e)
            {
                AddActionError("return", e.Message);
            }
        }, ct);

    /// <summary>
    /// Let the institution change the locked period until a moment (China time, from a <c>datetime-local</c> input),
    /// with a reason (the API's <c>unlocks</c>).
    /// </summary>
    public async Task<IActionResult> OnPostUnlockAsync(string form, string period, string institution, DateTime? until, string? reason, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            try
            {
                var unlock = await unlocker.HandleAsync(context, until is { } local ? new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local)) : null, reason, ct);
                Notice = $"已准予{context.Institution.Name}补报至 {ChinaTime.ToChina(unlock.Until):yyyy年M月d日 HH:mm}。";
            }
            catch (RuleViolationException e)
            {
                AddActionErrors("unlock", e);
            }

            // A moment that could not be read is said as such, not as a missing one.
            if (ModelState.TryGetValue(nameof(until), out var entry) && entry.Errors.Count > 0)
            {
                ActionErrors["unlock.until"] = entry.Errors.Select(e => e.ErrorMessage).ToList();
            }
        }, ct);

    /// <summary>例外校验许可: the supervisor lets the figures pass one check the stored figures fail, with a reason.</summary>
    public async Task<IActionResult> OnPostExemptAsync(string form, string period, string institution, string? rule, string? reason, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            try
            {
                var granted = await exemptions.GrantAsync(context, rule, reason, ct);
                Notice = $"已许可{context.Institution.Name}本期数据不受“{granted.RuleName}”校验限制，机构会收到消息。";
            }
            catch (RuleViolationException e)
            {
                AddActionErrors("exempt", e);
            }
            catch (ConflictException e)
            {
                AddActionError("exempt", e.Message);
            }
        }, ct);

    /// <summary>申请补报 with a reason (the API's <c>unlock-requests</c>); the supervisors are told.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string form, string period, string institution, string? reason, CancellationToken ct) =>
        await ActAsync(form, period, institution, async context =>
        {
            try
            {
                await applier.HandleAsync(context, reason, ct);
                Notice = "补报申请已提交，监管员处理后您会收到消息。";
            }
            catch (RuleViolationException e)
            {
                AddActionErrors("apply", e);
            }
            catch (ConflictException e)
            {
                AddActionError("apply", e.Message);
            }
        }, ct);

    /// <summary>A supervisor refuses the waiting 补报 request with a reason (the API's <c>refuse</c>).</summary>
    public async Task<IActionResult> OnPostRefuseAsync(string form, string period, string institution, int application, string? reason, CancellationToken ct) =>
        await ActAsync(form, period, institution, async _ =>
        {
            try
            {
                await answerer.RefuseAsync(application, reason, ct);
                Notice = "已拒绝补报申请，机构会收到消息和原因。";
            }
            catch (RuleViolationException e)
            {
                AddActionErrors("refuse", e);
            }
            catch (Exception e) when (e is ConflictException or NotFoundException)
            {
                AddActionError("refuse", e.Message);
            }
        }, ct);

    /// <summary>What the input shows: the text as typed after a refused post, else the saved figure with thousands separators (as 上期数).</summary>
    public string Shown(Indicator indicator) =>
        Typed.TryGetValue(indicator.Code, out var typed) ? typed
        : View.Values.GetValueOrDefault(indicator.Code) is { } value ? value.ToString("N" + Math.Max(indicator.Decimals, Scale(value)), CultureInfo.InvariantCulture) : "";

    /// <summary>The digits after the point a figure was saved with (1234.567 keeps its three).</summary>
    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>A typed figure without thousands separators, and without a trailing % in a % indicator ("2.86%" is 2.86).</summary>
    private static string Bare(string text, bool percent)
    {
        var bare = text.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal).Trim();
        return percent ? bare.TrimEnd('%', '％').TrimEnd() : bare;
    }

    /// <summary>The lock state in words: before the lock, locked, or unlocked until a moment.</summary>
    public string LockState()
    {
        var lockAt = View.LockAt.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
        if (NotYetOpen)
        {
            return $"本期尚未开始，自 {Period.Start.Year}年{Period.Start.Month}月{Period.Start.Day}日起可以填报。";
        }

        if (ActiveUnlock is { } unlock && PastLock)
        {
            return $"本期已于 {lockAt} 锁定；已获准补报至 {ChinaTime.ToChina(unlock.Until):yyyy年M月d日 HH:mm}（{unlock.GrantedBy}：{unlock.Reason}）。";
        }

        return View.IsLocked
            ? $"本期已于 {lockAt} 锁定，不能再修改或提交；{(ApplicationWaiting ? "补报申请正等待监管员处理。" : CanFill ? "如需补报或更正，请在下方申请补报。" : CanUnlock ? "可在下方准予本机构补报。" : "须经监管员准予补报。")}"
            : $"本期将于 {lockAt} 锁定，锁定后不能再修改或提交。";
    }

    /// <summary>The status in its one word, with what happens next where the reporter has to wait or act.</summary>
    public static string StatusText(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Submitted => $"{status.Label()}，待审核",
        SubmissionStatus.Returned => $"{status.Label()}，请修改后重新提交",
        _ => status.Label(),
    };

    /// <summary>After a successful save or upload, the remaining findings are shown as on opening the page.</summary>
    private bool ShowFindings { get; set; }

    /// <summary>
    /// Loads the submission (404 or 403 page when the caller may not see it), runs the action, then shows the page
    /// as it now is. An action the caller may not take is a 403 with its reason on the page, and changes nothing.
    /// </summary>
    private async Task<IActionResult> ActAsync(string form, string period, string institution, Func<SubmissionContext, Task> act, CancellationToken ct)
    {
        var (context, refusal) = await this.LoadSubmissionAsync(loader, form, period, institution, ct);
        if (context is null)
        {
            return refusal!;
        }

        var get = HttpMethods.IsGet(Request.Method);
        try
        {
            await act(context);
        }
        catch (ForbiddenException e)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Add("", e.Message);
        }

        // A refused action leaves nothing pending (the handlers check before they change), so the page shows what is stored.
        await LoadAsync(form, period, institution, ct);
        if (get || ShowFindings)
        {
            foreach (var finding in View.Validation)
            {
                Add(finding.IndicatorCode ?? finding.RuleCode ?? "", finding.Message, finding.Severity == RuleSeverity.Warning);
            }
        }

        return Page();
    }

    /// <summary>
    /// The bound figures as numbers (thousands separators allowed) and the non-empty comments; a figure that is not a
    /// number is a model error beside its input, with the same sentence as in the browser.
    /// </summary>
    private (Dictionary<string, decimal?> Values, Dictionary<string, string> Comments, List<(string Code, string Text)> NotNumbers) ReadForm(ReportForm form)
    {
        var percent = form.Indicators.Where(i => i.Unit.Trim() == "%").Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var notNumbers = new List<(string Code, string Text)>();
        foreach (var (code, raw) in Figures)
        {
            var text = raw?.Trim() ?? "";
            Typed[code] = text;
            if (text.Length == 0)
            {
                values[code] = null;
            }
            else if (decimal.TryParse(Bare(text, percent.Contains(code)), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            {
                values[code] = number;
            }
            else
            {
                notNumbers.Add((code, text));
                ModelState.AddModelError($"v.{code}", NotANumber(text));
                Add(code, NotANumber(text));
            }
        }

        var comments = Comments
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        return (values, comments, notNumbers);
    }

    private async Task LoadAsync(string form, string period, string institution, CancellationToken ct)
    {
        var context = await loader.LoadAsync(form, period, institution, ct);
        Form = context.Form;
        Period = context.Period;
        InstitutionCode = context.Institution.Code;
        InstitutionName = context.Institution.Name;
        View = await reader.ViewAsync(context, ct);
        var last = await validator.LastReportedAsync(context.Form.Id, context.Period, context.Institution.Id, ct);
        Previous = last is null ? [] : SubmissionJson.Values(last.ValuesJson);
        PreviousPeriod = last is null ? null : PeriodNames.ShortName(last.PeriodKey, ChinaTime.Today(time).Year);
        PastLock = time.GetUtcNow().UtcDateTime > context.Period.LockAt;
        ActiveUnlock = PastLock ? await reader.ActiveUnlockAsync(context, ct) : null;
        Application = PastLock ? await applications.LatestAsync(context.Period.Id, context.Institution.Id, ct) : null;
        CanFill = SubmissionAccess.MayFill(context);
        CanReturn = Submission.Allows(View.Status, SubmissionAction.Return)
            && SubmissionAccess.MayReturn(context)
            && (context.Scope.Supervises(context.Institution) || !View.IsLocked);
        CanUnlock = PastLock && SubmissionAccess.MayUnlock(context);
        CanExempt = SubmissionAccess.MayUnlock(context) && View.Status != SubmissionStatus.NotStarted;
        Exemptions = await exemptions.ListAsync(context, ct);
        CanWithdraw = CanFill && Submission.Allows(View.Status, SubmissionAction.Withdraw) && !View.IsLocked;
        CanApprove = Submission.Allows(View.Status, SubmissionAction.Approve) && SubmissionAccess.MayApprove(context);
    }

    private void Add(string key, string message, bool warning = false)
    {
        if (!Messages.TryGetValue(key, out var list))
        {
            Messages[key] = list = [];
        }

        if (list.All(m => m.Text != message))
        {
            list.Add(new PageMessage(message, warning));
        }
    }

    private void AddActionErrors(string action, RuleViolationException e)
    {
        if (e.Errors.Count == 0)
        {
            AddActionError(action, e.Message);
        }

        foreach (var (field, messages) in e.Errors)
        {
            messages.ToList().ForEach(m => AddActionError($"{action}.{field}", m));
        }
    }

    private void AddActionError(string key, string message)
    {
        if (!ActionErrors.TryGetValue(key, out var list))
        {
            ActionErrors[key] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Cells in reading order: 周报!D7 before 周报!D12 (by row, then column).</summary>
    private sealed class CellOrder : IComparer<string>
    {
        public static readonly CellOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (sheetX, rowX, columnX) = Split(x ?? "");
            var (sheetY, rowY, columnY) = Split(y ?? "");
            var bySheet = string.CompareOrdinal(sheetX, sheetY);
            if (bySheet != 0)
            {
                return bySheet;
            }

            if (rowX != rowY)
            {
                return rowX.CompareTo(rowY);
            }

            return columnX.Length != columnY.Length ? columnX.Length.CompareTo(columnY.Length) : string.CompareOrdinal(columnX, columnY);
        }

        private static (string Sheet, int Row, string Column) Split(string cell)
        {
            var bang = cell.LastIndexOf('!');
            var sheet = bang < 0 ? "" : cell[..bang];
            var address = cell[(bang + 1)..];
            var digits = address.SkipWhile(char.IsLetter).ToArray();
            var column = address[..(address.Length - digits.Length)];
            return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (sheet, row, column) : (sheet, int.MaxValue, address);
        }
    }
}
