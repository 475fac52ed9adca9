using ComplianceTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>Every revision and status change of one submission, with the display names of the accounts that made them.</summary>
public sealed record SubmissionHistory(List<RevisionView> Revisions, List<SubmissionEventView> Events, IReadOnlyDictionary<string, string?> Names)
{
    /// <summary>"张三（SD-ICBC-reporter）", or the account alone when it has no other name.</summary>
    public string Who(string account) =>
        Names.TryGetValue(account, out var name) && !string.IsNullOrWhiteSpace(name) && name != account ? $"{name}（{account}）" : account;
}

/// <summary>The history page's reads: the revisions of <c>GET …/revisions</c>, the status events, and who made them.</summary>
public sealed class GetSubmissionHistoryHandler(ComplianceDbContext db, FormQueries queries)
{
    public async Task<SubmissionHistory> HandleAsync(SubmissionContext context, CancellationToken ct)
    {
        var revisions = await queries.RevisionsAsync(context, ct);
        var events = await queries.EventsAsync(context, ct);
        var accounts = revisions.Select(r => r.CreatedBy).Concat(events.Select(e => e.By)).Distinct().ToList();
        var names = await db.Users.Where(u => accounts.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.DisplayName })
            .ToDictionaryAsync(u => u.UserName!, u => (string?)u.DisplayName, ct);
        return new SubmissionHistory(revisions, events, names);
    }
}
