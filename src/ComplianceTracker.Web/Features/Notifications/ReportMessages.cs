using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// Tells the people of an institution what happened to its report: submitted → the head (it waits for approval);
/// returned, approved, 补报 granted → the reporters. Through the inbox, e-mail and the institution's group robot,
/// worded with names and the period as people say it, linking to the form. Each message is keyed by the event it
/// tells of, so it is recorded once however often or on however many servers it is told.
/// </summary>
public sealed class ReportMessages(ComplianceDbContext db, MessageTemplates templates, NotificationOutbox outbox, TimeProvider time, ILogger<ReportMessages> logger)
{
    /// <summary>A status change of a submission (a <see cref="SubmissionEvent"/> already saved).</summary>
    public async Task SubmissionMovedAsync(long eventId, CancellationToken ct)
    {
        await TellAsync($"Report:{eventId}", async () =>
        {
            var e = await db.SubmissionEvents.AsNoTracking()
                .Where(x => x.Id == eventId)
                .Select(x => new
                {
                    x.To,
                    x.By,
                    x.Reason,
                    x.Revision,
                    Form = db.Submissions.Where(s => s.Id == x.SubmissionId).Select(s => new { s.Form.Code, s.Form.Name, s.Period.Key, s.Period.Start, s.Period.End, s.InstitutionId, Institution = s.Institution.Code, InstitutionName = s.Institution.Name }).Single(),
                })
                .SingleOrDefaultAsync(ct);
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
            return new Draft(kind, $"Report:{eventId}", template, f.InstitutionId, audience, PageLinks.Form(f.Code, f.Key, f.Institution), new Dictionary<string, string>
            {
                ["institution"] = f.InstitutionName,
                ["form"] = f.Name,
                ["period"] = PeriodNames.Name(f.Key, f.Start, f.End, ChinaTime.Today(time).Year),
                ["by"] = await NameOfAsync(e.By, ct),
                ["reason"] = e.Reason ?? "",
                ["revision"] = e.Revision.ToString(CultureInfo.InvariantCulture),
            });
        }, ct);
    }

    /// <summary>A supervisor opened a locked period to the institution (补报 granted).</summary>
    public async Task UnlockGrantedAsync(int unlockId, CancellationToken ct)
    {
        await TellAsync($"Unlock:{unlockId}", async () =>
        {
            var u = await db.PeriodUnlocks.AsNoTracking()
                .Where(x => x.Id == unlockId)
                .Select(x => new
                {
                    x.Until,
                    x.Reason,
                    x.GrantedBy,
                    x.InstitutionId,
                    Period = db.ReportPeriods.Where(p => p.Id == x.PeriodId).Select(p => new { p.Key, p.Start, p.End, Form = p.Form.Code, FormName = p.Form.Name }).Single(),
                    Institution = db.Institutions.Where(i => i.Id == x.InstitutionId).Select(i => new { i.Code, i.Name }).Single(),
                })
                .SingleOrDefaultAsync(ct);
            if (u is null)
            {
                return null;
            }

            return new Draft(NotificationKind.UnlockGranted, $"Unlock:{unlockId}", "unlockGranted", u.InstitutionId, Roles.Reporter,
                PageLinks.Form(u.Period.Form, u.Period.Key, u.Institution.Code), new Dictionary<string, string>
                {
                    ["institution"] = u.Institution.Name,
                    ["form"] = u.Period.FormName,
                    ["period"] = PeriodNames.Name(u.Period.Key, u.Period.Start, u.Period.End, ChinaTime.Today(time).Year),
                    ["by"] = await NameOfAsync(u.GrantedBy, ct),
                    ["reason"] = u.Reason,
                    ["until"] = ChinaTime.ToChina(u.Until).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture),
                });
        }, ct);
    }

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
