using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>
/// Eight weeks of the demo weekly form: plausible, rule-abiding figures for each 上党 bank, and a track record by
/// the bank's place in the list — always on time; sometimes late; stopped reporting two weeks ago; or late now and
/// then with one return and resubmission. The week not yet due has a submission waiting for approval and a draft.
/// </summary>
public sealed class DemoReports(ComplianceDbContext db, TimeProvider time, ILogger<DemoReports> logger)
{
    public async Task PlayAsync(string formCode, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var form = await db.ReportForms.Include(f => f.Indicators).SingleAsync(f => f.Code == formCode, ct);
        var today = ChinaTime.Today(time);
        var periods = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.Start <= today).OrderBy(p => p.Start).ToListAsync(ct);
        var obligations = await db.Obligations
            .Where(o => o.RequirementId == form.RequirementId)
            .Include(o => o.Institution)
            .Include(o => o.DueItems)
            .OrderBy(o => o.Institution.Code)
            .ToListAsync(ct);
        var pastDue = periods.Where(p => p.DueAt < now).ToList();
        var created = 0;

        for (var bank = 0; bank < obligations.Count; bank++)
        {
            var obligation = obligations[bank];
            var figures = new DemoFigures(form.Indicators.OrderBy(i => i.Ordinal).ToList(), bank);
            for (var week = 0; week < periods.Count; week++)
            {
                var period = periods[week];
                var values = figures.Next();
                var weeksFromEnd = pastDue.Count - 1 - week;
                var reporter = $"{obligation.Institution.Code}-reporter";
                var head = $"{obligation.Institution.Code}-head";
                var due = period.DueAt;

                if (period.DueAt >= now)
                {
                    // The week under way: one bank has submitted, one keeps a draft.
                    if (bank % 4 is 0 or 1)
                    {
                        var at = now.AddHours(-2);
                        var draft = NewSubmission(form, period, obligation, values, reporter, at, RevisionSource.Page);
                        if (bank % 4 == 0)
                        {
                            Submit(draft, reporter, at.AddMinutes(30));
                            Follow(obligation, period.Key, DueItemStatus.Submitted, draft.FirstSubmittedAt, reporter, "报表已提交");
                        }

                        created++;
                    }

                    continue;
                }

                DateTime? submittedAt = (bank % 4) switch
                {
                    0 => due.AddHours(-20),
                    1 => week % 3 == 1 ? due.AddDays(1) : due.AddHours(-3),
                    2 => weeksFromEnd < 2 ? null : due.AddHours(-1),
                    _ => weeksFromEnd < 1 ? null : week % 2 == 0 ? due.AddHours(30) : due.AddHours(-5),
                };
                if (submittedAt is not { } submitted)
                {
                    continue;
                }

                var source = (RevisionSource)((bank + week) % 3);
                var submission = NewSubmission(form, period, obligation, values, reporter, submitted.AddHours(-1), source);
                Submit(submission, reporter, submitted);
                if (bank % 4 == 3 && week == 1)
                {
                    // Returned by the supervisor for a wrong figure, corrected and resubmitted the next day.
                    Return(submission, "supervisor", "请核对普惠型小微企业贷款余额，与上周相比变动异常。", submitted.AddHours(3));
                    Revise(submission, values, reporter, submitted.AddDays(1), source);
                    Submit(submission, reporter, submitted.AddDays(1).AddMinutes(10));
                }

                Approve(submission, head, submission.SubmittedAt!.Value.AddHours(2));
                Follow(obligation, period.Key, DueItemStatus.Done, submission.FirstSubmittedAt, head, "负责人审核通过");
                created++;
            }
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo weekly reports played: {Count} submissions over {Periods} periods", created, periods.Count);
    }

    private Submission NewSubmission(ReportForm form, ReportPeriod period, Obligation obligation, Dictionary<string, decimal?> values, string by, DateTime at, RevisionSource source)
    {
        var submission = new Submission { FormId = form.Id, PeriodId = period.Id, InstitutionId = obligation.InstitutionId, FormVersion = period.Version, Status = SubmissionStatus.Draft };
        Revise(submission, values, by, at, source);
        db.Submissions.Add(submission);
        return submission;
    }

    private static void Revise(Submission submission, Dictionary<string, decimal?> values, string by, DateTime at, RevisionSource source)
    {
        submission.Revision++;
        submission.ValuesJson = SubmissionJson.Write(values);
        submission.CommentsJson = "{}";
        submission.UpdatedAt = at;
        submission.Revisions.Add(new SubmissionRevision { Number = submission.Revision, CreatedAt = at, CreatedBy = by, Source = source, ValuesJson = submission.ValuesJson, CommentsJson = "{}" });
    }

    private static void Submit(Submission s, string by, DateTime at)
    {
        s.Events.Add(new SubmissionEvent { From = s.Status, To = SubmissionStatus.Submitted, Revision = s.Revision, At = at, By = by });
        s.Status = SubmissionStatus.Submitted;
        s.SubmittedAt = at;
        s.FirstSubmittedAt ??= at;
        s.ReturnReason = null;
        s.UpdatedAt = at;
    }

    private static void Return(Submission s, string by, string reason, DateTime at)
    {
        s.Events.Add(new SubmissionEvent { From = s.Status, To = SubmissionStatus.Returned, Revision = s.Revision, At = at, By = by, Reason = reason });
        s.Status = SubmissionStatus.Returned;
        s.ReturnReason = reason;
        s.UpdatedAt = at;
    }

    private static void Approve(Submission s, string by, DateTime at)
    {
        s.Events.Add(new SubmissionEvent { From = s.Status, To = SubmissionStatus.Approved, Revision = s.Revision, At = at, By = by });
        s.Status = SubmissionStatus.Approved;
        s.ApprovedAt = at;
        s.ApprovedBy = by;
        s.UpdatedAt = at;
    }

    private void Follow(Obligation obligation, string periodKey, DueItemStatus to, DateTime? completedAt, string by, string reason)
    {
        var item = obligation.DueItems.SingleOrDefault(d => d.PeriodKey == periodKey);
        if (item is null || item.Status == to)
        {
            return;
        }

        item.History.Add(new DueItemStatusChange { From = item.Status, To = to, ChangedAt = completedAt ?? time.GetUtcNow().UtcDateTime, ChangedBy = by, Reason = $"演示数据：{reason}" });
        item.Status = to;
        item.CompletedAt = completedAt;
    }
}
