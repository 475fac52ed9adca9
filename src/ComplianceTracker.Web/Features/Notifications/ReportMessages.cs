using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Tells the people of an institution what happened to its report: submitted → the head (it waits for approval);
/// returned, approved, 补报 granted or refused → the reporters; 补报 requested → the supervisors of the institution;
/// a one-off item's material 报送 → the supervisors, 办结 or returned → the reporters. Through the inbox, e-mail and the institution's group robot,
/// worded with names and the period as people say it, linking to the form. Each message is keyed by the event it
/// tells of, so it is recorded once however often or on however many servers it is told.
/// </summary>
public sealed class ReportMessages(ComplianceDbContext db, MessageTemplates templates, NotificationOutbox outbox, TimeProvider time, ILogger<ReportMessages> logger)
{
    /// <summary>A status change of a submission (a <see cref="SubmissionEvent"/> already saved).</summary>
    public async Task SubmissionMovedAsync(long eventId, CancellationToken ct)
    {
        await TellAsync($"Report event {eventId}", async () =>
        {
            // A plain join to the submission: a nested query for it made SQLite build every submission of the
            // database (470,000 at scale) for each message, 1 to 4 s on the due morning.
            var e = await (
                from x in db.SubmissionEvents.AsNoTracking()
                where x.Id == eventId
                join s in db.Submissions on x.SubmissionId equals s.Id
                select new
                {
                    x.SubmissionId,
                    Ordinal = db.SubmissionEvents.Count(y => y.SubmissionId == x.SubmissionId && y.Id <= x.Id),
                    x.To,
                    x.By,
                    x.Reason,
                    x.Revision,
                    Form = new { s.Form.Code, s.Form.Name, s.Form.RequirementId, s.Period.Key, s.Period.Start, s.Period.End, s.InstitutionId, Institution = s.Institution.Code, InstitutionName = s.Institution.Name },
                }).SingleOrDefaultAsync(ct);
            if (e is null)
            {
                return null;
            }

            var (template, audience, kind) = e.To switch
            {
                SubmissionStatus.Submitted => ("submitted", Roles.BranchHead, NotificationKind.ReportSubmitted),
                SubmissionStatus.Returned => ("returned", Roles.Reporter, NotificationKind.ReportReturned),
                SubmissionStatus.Approved => ("approved", Roles.Reporter, NotificationKind.ReportApproved),
                SubmissionStatus.NotStarted or SubmissionStatus.Draft => ("", "", NotificationKind.ReportSubmitted),
            };
            if (template.Length == 0)
            {
                return null;
            }

            var f = e.Form;
            var correction = e.To == SubmissionStatus.Returned
                ? await db.DueItems.Where(d => d.Obligation.RequirementId == f.RequirementId && d.Obligation.InstitutionId == f.InstitutionId && d.PeriodKey == f.Key)
                    .Select(d => d.CorrectionDueAt).FirstOrDefaultAsync(ct)
                : null;
            return new Draft(kind, ReportKey(e.SubmissionId, e.Ordinal), template, f.InstitutionId, audience, PageLinks.Form(f.Code, f.Key, f.Institution), new Dictionary<string, string>
            {
                ["institution"] = f.InstitutionName,
                ["form"] = f.Name,
                ["period"] = PeriodNames.Name(f.Key, f.Start, f.End, ChinaTime.Today(time).Year),
                ["by"] = await NameOfAsync(e.By, ct),
                ["reason"] = e.Reason ?? "",
                ["revision"] = e.Revision.ToString(CultureInfo.InvariantCulture),
                ["deadline"] = Deadline(correction),
            });
        }, ct);
    }

    /// <summary>
    /// The key of the message of a submission's status change: the submission and the change's place in its history
    /// (1 for its first event), known before the change is saved, so a submit records its message in its own write.
    /// </summary>
    public static string ReportKey(int submissionId, int ordinal) => $"Report:{submissionId}.{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A submit's message to the head (as <see cref="SubmissionMovedAsync"/> words it), added to the DbContext to be
    /// saved in the submit's own write: its key cannot be recorded yet. Returns whether, once saved, there is anything
    /// to send (<see cref="DeliverAsync"/>); a failure to word it is logged and does not stop the submit.
    /// </summary>
    public bool StageSubmitted(SubmittedReport report)
    {
        var key = ReportKey(report.SubmissionId, report.Ordinal);
        try
        {
            var (title, body) = templates.Render("submitted", new Dictionary<string, string>
            {
                ["institution"] = report.InstitutionName,
                ["form"] = report.FormName,
                ["period"] = PeriodNames.Name(report.PeriodKey, report.PeriodStart, report.PeriodEnd, ChinaTime.Today(time).Year),
                ["by"] = report.ByName,
                ["reason"] = report.Note ?? "",
                ["revision"] = report.Revision.ToString(CultureInfo.InvariantCulture),
                ["deadline"] = Deadline(null),
            });
            var users = report.Heads.Select(h => h.UserId).Distinct(StringComparer.Ordinal).ToList();
            var addresses = report.Heads.Where(h => !string.IsNullOrEmpty(h.Email)).DistinctBy(h => h.UserId, StringComparer.Ordinal)
                .ToDictionary(h => h.UserId, h => h.Email!, StringComparer.Ordinal);
            return outbox.Stage(
                new Outgoing(NotificationKind.ReportSubmitted, key, title, body, PageLinks.Form(report.FormCode, report.PeriodKey, report.InstitutionCode), null, users, report.Robots.Distinct().ToList()),
                addresses);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the message of {Event}", key);
            return false;
        }
    }

    /// <summary>Sends what a staged message recorded, once saved; a failure is logged (the delivery job retries).</summary>
    public async Task DeliverAsync(CancellationToken ct)
    {
        try
        {
            await outbox.DeliverAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not send the messages just recorded");
        }
    }

    /// <summary>A supervisor opened a locked period to the institution (补报 granted).</summary>
    public async Task UnlockGrantedAsync(int unlockId, CancellationToken ct)
    {
        await TellAsync($"Unlock:{unlockId}", async () =>
        {
            var u = await db.PeriodUnlocks.AsNoTracking().Where(x => x.Id == unlockId)
                .Select(x => new { x.Until, x.Reason, x.GrantedBy, x.InstitutionId, x.PeriodId }).SingleOrDefaultAsync(ct);
            return u is null ? null : await PeriodDraftAsync(NotificationKind.UnlockGranted, $"Unlock:{unlockId}", "unlockGranted", u.PeriodId, u.InstitutionId, u.GrantedBy, new()
            {
                ["reason"] = u.Reason,
                ["until"] = ChinaTime.ToChina(u.Until).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture),
            }, ct);
        }, ct);
    }

    /// <summary>例外校验许可: the institution's reporters, with the check set aside and the reason, linking to the form.</summary>
    public async Task RuleExemptedAsync(int exemptionId, string ruleName, CancellationToken ct)
    {
        await TellAsync($"Exemption:{exemptionId}", async () =>
        {
            var e = await db.RuleExemptions.AsNoTracking().Where(x => x.Id == exemptionId)
                .Select(x => new { x.Reason, x.GrantedBy, x.InstitutionId, x.PeriodId }).SingleOrDefaultAsync(ct);
            return e is null ? null : await PeriodDraftAsync(NotificationKind.RuleExempted, $"Exemption:{exemptionId}", "ruleExempted", e.PeriodId, e.InstitutionId, e.GrantedBy, new()
            {
                ["rule"] = ruleName,
                ["reason"] = e.Reason,
            }, ct);
        }, ct);
    }

    /// <summary>
    /// A message to the institution's reporters about one period of a form, linking to that form: the institution, form
    /// and period as people say them and who acted (<paramref name="by"/>), with the message's own <paramref name="values"/>.
    /// </summary>
    private async Task<Draft> PeriodDraftAsync(NotificationKind kind, string key, string template, int periodId, int institutionId, string by, Dictionary<string, string> values, CancellationToken ct)
    {
        var period = await db.ReportPeriods.AsNoTracking().Where(p => p.Id == periodId).Select(p => new { p.Key, p.Start, p.End, Form = p.Form.Code, FormName = p.Form.Name }).SingleAsync(ct);
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == institutionId).Select(i => new { i.Code, i.Name }).SingleAsync(ct);
        values["institution"] = institution.Name;
        values["form"] = period.FormName;
        values["period"] = PeriodNames.Name(period.Key, period.Start, period.End, ChinaTime.Today(time).Year);
        values["by"] = await NameOfAsync(by, ct);
        return new Draft(kind, key, template, institutionId, Roles.Reporter, PageLinks.Form(period.Form, period.Key, institution.Code), values);
    }

    /// <summary>A reporter asked for 补报 (申请补报): the supervisors of the institution, linking to the requests waiting.</summary>
    public async Task UnlockRequestedAsync(int requestId, CancellationToken ct) =>
        await UnlockRequestAsync(requestId, NotificationKind.UnlockRequested, "unlockRequested", Roles.Supervisor, r => r.RequestedBy, r => r.Reason, ct);

    /// <summary>A supervisor refused 补报: the institution's reporters, with the reason.</summary>
    public async Task UnlockRefusedAsync(int requestId, CancellationToken ct) =>
        await UnlockRequestAsync(requestId, NotificationKind.UnlockRefused, "unlockRefused", Roles.Reporter, r => r.DecidedBy ?? "", r => r.Answer ?? "", ct);

    private async Task UnlockRequestAsync(int requestId, NotificationKind kind, string template, string role, Func<UnlockApplication, string> by, Func<UnlockApplication, string> reason, CancellationToken ct)
    {
        await TellAsync($"{kind}:{requestId}", async () =>
        {
            if (await db.UnlockApplications.AsNoTracking().SingleOrDefaultAsync(x => x.Id == requestId, ct) is not { } r)
            {
                return null;
            }

            var p = await db.ReportPeriods.Where(x => x.Id == r.PeriodId).Select(x => new { x.Key, x.Start, x.End, x.LockAt, Form = x.Form.Code, FormName = x.Form.Name }).SingleAsync(ct);
            var institution = await db.Institutions.Where(i => i.Id == r.InstitutionId).Select(i => new { i.Code, i.Name }).SingleAsync(ct);
            var link = role == Roles.Supervisor ? PageLinks.UnlockRequests : PageLinks.Form(p.Form, p.Key, institution.Code);
            return new Draft(kind, $"{kind}:{requestId}", template, r.InstitutionId, role, link, new Dictionary<string, string>
            {
                ["institution"] = institution.Name,
                ["form"] = p.FormName,
                ["period"] = PeriodNames.Name(p.Key, p.Start, p.End, ChinaTime.Today(time).Year),
                ["by"] = await NameOfAsync(by(r), ct),
                ["reason"] = reason(r),
                ["lockedAt"] = ChinaTime.ToChina(p.LockAt).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture),
            });
        }, ct);
    }

    /// <summary>
    /// A one-off item moved (a <see cref="DueItemStatusChange"/> already saved): 报送 → the supervisors of the
    /// institution; 办结 or returned → its reporters. Other moves tell no one.
    /// </summary>
    public async Task DueItemMovedAsync(long changeId, CancellationToken ct)
    {
        await TellAsync($"DueItem:{changeId}", async () =>
        {
            var c = await db.DueItemStatusChanges.AsNoTracking().Where(x => x.Id == changeId)
                .Select(x => new
                {
                    x.From,
                    x.To,
                    x.ChangedBy,
                    x.Reason,
                    Item = db.DueItems.Where(d => d.Id == x.DueItemId).Select(d => new
                    {
                        d.Id,
                        d.CorrectionDueAt,
                        d.Obligation.InstitutionId,
                        Institution = d.Obligation.Institution.Name,
                        Circular = d.Obligation.Requirement.Circular.DocumentNumber ?? d.Obligation.Requirement.Circular.Title,
                        d.Obligation.Requirement.Clause,
                        Files = db.DueItemAttachments.Count(a => a.DueItemId == d.Id),
                    }).Single(),
                })
                .SingleOrDefaultAsync(ct);
            if (c is null)
            {
                return null;
            }

            var (kind, template, role) = c.To switch
            {
                DueItemStatus.Submitted => (NotificationKind.MaterialSubmitted, "materialSubmitted", Roles.Supervisor),
                DueItemStatus.Done => (NotificationKind.MaterialAccepted, "materialAccepted", Roles.Reporter),
                DueItemStatus.Open when c.From is DueItemStatus.Submitted or DueItemStatus.Done => (NotificationKind.MaterialReturned, "materialReturned", Roles.Reporter),
                DueItemStatus.Waived => (NotificationKind.ItemWaived, "itemWaived", Roles.Reporter),
                DueItemStatus.Open when c.From is DueItemStatus.Waived => (NotificationKind.ItemReopened, "itemReopened", Roles.Reporter),
                DueItemStatus.Open or DueItemStatus.Overdue or DueItemStatus.Repealed => (NotificationKind.MaterialSubmitted, "", ""),
            };
            if (template.Length == 0)
            {
                return null;
            }

            var i = c.Item;
            return new Draft(kind, $"DueItem:{changeId}", template, i.InstitutionId, role, PageLinks.DueItem(i.Id), new Dictionary<string, string>
            {
                ["institution"] = i.Institution,
                ["circular"] = i.Circular,
                ["clause"] = i.Clause,
                ["by"] = await NameOfAsync(c.ChangedBy, ct),
                ["reason"] = c.Reason,
                ["note"] = c.Reason == DueItemStatusChange.DefaultReason(c.To) ? "无" : c.Reason,
                ["count"] = i.Files.ToString(CultureInfo.InvariantCulture),
                ["deadline"] = Deadline(i.CorrectionDueAt),
            });
        }, ct);
    }

    /// <summary>"于 12月7日 23:59 前" after a late return (the correction deadline), else nothing: "请{deadline}修改后重新报送".</summary>
    public static string Deadline(DateTime? correctionDueAt) =>
        correctionDueAt is { } at ? $"于 {ChinaTime.ToChina(at).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture)} 前" : "";

    /// <summary>
    /// What a submit's message to the head says and whom it reaches, read with the submit (see <see cref="StageSubmitted"/>):
    /// Ordinal is the submit's place in the submission's history of status changes (1 for the first), ByName who
    /// submitted by display name (the user name when there is none), Note the 报送说明, Heads the institution's heads
    /// with their e-mail addresses where they have one, Robots its enabled group robots.
    /// </summary>
    public sealed record SubmittedReport(
        int SubmissionId, int Ordinal, string InstitutionCode, string InstitutionName, string FormCode, string FormName,
        string PeriodKey, DateOnly PeriodStart, DateOnly PeriodEnd, string ByName, string? Note, int Revision,
        IReadOnlyCollection<(string UserId, string? Email)> Heads, IReadOnlyCollection<int> Robots);

    private sealed record Draft(NotificationKind Kind, string Key, string Template, int InstitutionId, string Role, string Link, Dictionary<string, string> Values);

    /// <summary>
    /// The change it tells of is already saved: a failure here is logged and does not undo it (nor answer the
    /// person who made it with an error).
    /// </summary>
    private async Task TellAsync(string what, Func<Task<Draft?>> draft, CancellationToken ct)
    {
        try
        {
            if (await draft() is not { } d)
            {
                return;
            }

            var (title, body) = templates.Render(d.Template, d.Values);
            if (d.Role == Roles.Supervisor)
            {
                var (users, robots) = await InstitutionAudience.SupervisorsAsync(db, d.InstitutionId, ct);
                await outbox.RecordAsync([new Outgoing(d.Kind, d.Key, title, body, d.Link, null, users, robots)], ct);
                return;
            }

            var audience = await InstitutionAudience.LoadAsync(db, [d.InstitutionId], [d.Role], ct);
            await outbox.RecordAsync([new Outgoing(d.Kind, d.Key, title, body, d.Link, null, audience.Users[d.InstitutionId].ToList(), audience.Robots[d.InstitutionId].ToList())], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the message of {Event}", what);
        }
    }

    private async Task<string> NameOfAsync(string userName, CancellationToken ct) =>
        await db.Users.Where(u => u.UserName == userName).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } name ? name : userName;
}
