using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// On the day a form's period falls due, the group robot of each supervisor and leader hears how their jurisdiction
/// stands, at two slots: <see cref="MorningSlot"/> China time, and <see cref="BeforeDue"/> before the due moment (sent
/// only while someone has not reported). One text message per group per slot:
/// "《上党区普惠金融周报》第49周：已报 17/20，未报：A行、B行、C行（截止 今日12:00）", @-mentioning the mobiles of the
/// reporters of the banks that have not reported (企业微信 <c>mentioned_mobile_list</c>, 钉钉 <c>at.atMobiles</c>). It says
/// who has reported by the due moment, an outcome; it never ranks banks by activity. Posts go through the outbox keyed
/// by period, slot and robot, so a rerun or a second server sends nothing twice, and the dispatcher keeps each robot
/// under 20 posts a minute. Every count is one query over the robot owner's jurisdiction.
/// </summary>
public sealed class SendRobotDigestJob(ComplianceDbContext db, NotificationOutbox outbox, TimeProvider time)
{
    public static readonly TimeOnly MorningSlot = new(9, 0);
    public static readonly TimeSpan BeforeDue = TimeSpan.FromHours(1);
    public const int NamesShown = 20;
    public const int MentionsMax = 50;
    public const string KeyPrefix = "RobotDigest";

    /// <summary>Records the posts of the slots reached now; returns how many robots were written to.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        var dayEnd = ChinaTime.ToUtc(today.AddDays(1), TimeOnly.MinValue);
        var morning = ChinaTime.ToUtc(today, MorningSlot);
        var periods = await db.ReportPeriods.Where(p => p.DueAt > now && p.DueAt < dayEnd && (now >= morning || p.DueAt <= now + BeforeDue))
            .Select(p => new { p.Id, p.Key, p.DueAt, p.FormId, FormName = p.Form.Name, p.Form.RequirementId })
            .ToListAsync(ct);
        if (periods.Count == 0)
        {
            return 0;
        }

        var robots = await (from r in db.GroupRobots
                            join u in db.Users on r.UserId equals u.Id
                            where r.Enabled && !u.IsDisabled && u.Jurisdiction != null
                                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(role => role.Id == ur.RoleId && (role.Name == Roles.Supervisor || role.Name == Roles.Leader)))
                            select new { r.Id, u.Jurisdiction!.Path })
            .ToListAsync(ct);
        var messages = new List<Outgoing>();
        foreach (var period in periods)
        {
            var slot = now >= period.DueAt - BeforeDue ? "beforeDue" : "morning";
            var key = $"{KeyPrefix}:{period.Id}:{slot}";
            var done = await db.Deliveries.Where(d => d.DedupKey.StartsWith(key + ":")).Select(d => d.RobotId).ToListAsync(ct);
            foreach (var robot in robots.Where(r => !done.Contains(r.Id)))
            {
                var path = robot.Path;
                var bound = db.Institutions.Where(i => i.IsActive && i.Jurisdiction.Path.StartsWith(path)).BoundBy(db, period.RequirementId, period.FormId);
                var missing = bound.Where(i => !db.Submissions.Any(s => s.PeriodId == period.Id && s.InstitutionId == i.Id
                    && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved)));
                var expected = await bound.CountAsync(ct);
                var missingCount = expected == 0 ? 0 : await missing.CountAsync(ct);
                if (expected == 0 || (missingCount == 0 && slot == "beforeDue"))
                {
                    continue;
                }

                var names = await missing.OrderBy(i => i.Code).Take(NamesShown).Select(i => i.ShortName ?? i.Name).ToListAsync(ct);
                var missingIds = missing.Select(i => i.Id);
                var mobiles = await db.Users
                    .Where(u => !u.IsDisabled && u.InstitutionId != null && missingIds.Contains(u.InstitutionId.Value) && u.PhoneNumber != null && u.PhoneNumber != ""
                        && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(role => role.Id == ur.RoleId && role.Name == Roles.Reporter)))
                    .OrderBy(u => u.InstitutionId).Select(u => u.PhoneNumber!).Distinct().Take(MentionsMax).ToListAsync(ct);
                var title = $"《{period.FormName}》{PeriodNames.ShortName(period.Key, today.Year)}：已报 {expected - missingCount}/{expected}";
                var body = missingCount == 0
                    ? $"全部机构均已报送（截止 {Due(period.DueAt, today)}）"
                    : $"未报：{string.Join("、", names)}{(missingCount > names.Count ? $" 等 {missingCount} 家" : "")}（截止 {Due(period.DueAt, today)}）";
                messages.Add(new Outgoing(NotificationKind.Digest, $"{key}:{robot.Id}", title, body, null, null, [], [robot.Id], mobiles));
            }
        }

        await outbox.RecordAsync(messages, ct);
        return messages.Count;
    }

    /// <summary>The due moment as the group reads it on the day: 今日12:00.</summary>
    private static string Due(DateTime dueUtc, DateOnly today)
    {
        var china = ChinaTime.ToChina(dueUtc);
        return DateOnly.FromDateTime(china.DateTime) == today
            ? $"今日{china.ToString("HH:mm", CultureInfo.InvariantCulture)}"
            : china.ToString("M月d日HH:mm", CultureInfo.InvariantCulture);
    }
}
