using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>What one amendment or repeal changed for one institution, line by line in people's words.</summary>
public sealed record InstitutionChange(int InstitutionId, string InstitutionName, List<string> Lines);

/// <summary>
/// Tells each institution a circular's amendment (修订) or repeal (废止) concerns, once per change: its reporters and
/// heads in the inbox (and by e-mail), and its group robot. Keyed by the change's own key and the institution, so the
/// same change recorded twice tells no one twice.
/// </summary>
public sealed class CircularChangedMessages(MessageTemplates templates, NotificationOutbox outbox, ComplianceDbContext db, IWorkingDayCalendar holidays)
{
    /// <summary>At most this many lines are listed in one message; the rest are counted.</summary>
    private const int Listed = 10;

    public Task<int> RecordAsync(NotificationKind kind, string changeKey, int circularId, IReadOnlyDictionary<string, string> values, IReadOnlyCollection<InstitutionChange> changes, CancellationToken ct) =>
        RecordAsync(kind, kind == NotificationKind.CircularRepealed ? "circularRepealed" : "circularAmended", changeKey, PageLinks.Circular(circularId), values, changes, ct);

    /// <summary>
    /// One message per institution whose lines are not empty, from <paramref name="template"/> with the values, the
    /// institution's name ({institution}), its numbered lines ({list}) and how many there are ({count}).
    /// </summary>
    /// <param name="kind">The kind the inbox shows.</param>
    /// <param name="template">The template's name in <c>templates/notifications.json</c>.</param>
    /// <param name="changeKey">The change's own key: recorded twice, it tells no one twice.</param>
    /// <param name="link">Where the message leads.</param>
    /// <param name="values">The template's other placeholders.</param>
    /// <param name="changes">What changed, institution by institution.</param>
    /// <param name="ct">Cancels the work.</param>
    public async Task<int> RecordAsync(NotificationKind kind, string template, string changeKey, string link, IReadOnlyDictionary<string, string> values, IReadOnlyCollection<InstitutionChange> changes, CancellationToken ct)
    {
        var recorded = 0;
        foreach (var chunk in changes.Where(c => c.Lines.Count > 0).Chunk(1000))
        {
            var audience = await InstitutionAudience.LoadAsync(db, chunk.Select(c => c.InstitutionId).ToList(), InstitutionAudience.Branch, ct);
            var messages = chunk.Select(change =>
            {
                var lines = change.Lines.Take(Listed).Select((l, i) => $"{i + 1}. {l}").ToList();
                if (change.Lines.Count > Listed)
                {
                    lines.Add($"另有 {change.Lines.Count - Listed} 项变化，请登录系统查看。");
                }

                var (title, body) = templates.Render(template, new Dictionary<string, string>(values)
                {
                    ["institution"] = change.InstitutionName,
                    ["list"] = string.Join("\n", lines),
                    ["count"] = change.Lines.Count.ToString(CultureInfo.InvariantCulture),
                });
                return new Outgoing(kind, $"{changeKey}:{change.InstitutionId}", title, body, link, null,
                    audience.Users[change.InstitutionId].ToList(), audience.Robots[change.InstitutionId].ToList());
            }).ToList();
            recorded += await outbox.RecordAsync(messages, ct);
        }

        return recorded;
    }

    /// <summary>"2026年11月", "第49周（11月30日—12月6日）", or nothing for a one-off item.</summary>
    public static string PeriodWords(string key, DateOnly? start, DateOnly? end) =>
        key == DueItem.OncePeriodKey ? "" : PeriodNames.Name(key, start, end);

    /// <summary>A due moment as people read it: "2026年12月15日 17:00", marked when that year's holidays are not yet entered.</summary>
    public string DueWords(DateTime? dueUtc) =>
        dueUtc is { } due ? holidays.Marked(ChinaTime.ToChina(due).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), due) : "待定";
}
