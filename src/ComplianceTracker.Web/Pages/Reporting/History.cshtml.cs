using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>One value or comment that differs from the revision before (<see cref="Before"/> null on the first revision).</summary>
public sealed record RevisionChange(string Code, string Label, string? Before, string? After);

/// <summary>A revision as the history shows it: who (name and account), the source in Chinese, and what changed.</summary>
public sealed record RevisionRow(RevisionView Revision, string Who, string Source, IReadOnlyList<RevisionChange> Changes)
{
    public bool Changed(string code) => Changes.Any(c => c.Code == code);
}

/// <summary>A status change as the history shows it.</summary>
public sealed record EventRow(SubmissionEventView Event, string Who, string From, string To);

/// <summary>
/// Every revision of one submission (who, when, from where — 接口, 页面 or Excel — the values, and which changed from the
/// revision before) and every status change, from the same code as <c>GET …/revisions</c>; the same access rules as
/// the form.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class HistoryModel(SubmissionContextLoader loader, GetSubmissionHistoryHandler history) : PageModel
{
    public ReportForm Form { get; private set; } = null!;
    public ReportPeriod Period { get; private set; } = null!;
    public string InstitutionCode { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";
    public SubmissionStatus Status { get; private set; }
    public List<Indicator> Indicators { get; private set; } = [];
    public List<RevisionRow> Revisions { get; private set; } = [];
    public List<EventRow> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string form, string period, string institution, CancellationToken ct)
    {
        var (context, refusal) = await this.LoadSubmissionAsync(loader, form, period, institution, ct);
        if (context is null)
        {
            return refusal!;
        }

        Form = context.Form;
        Period = context.Period;
        InstitutionCode = context.Institution.Code;
        InstitutionName = context.Institution.Name;
        Status = context.Submission?.Status ?? SubmissionStatus.NotStarted;
        Indicators = context.Form.Indicators.OrderBy(i => i.Ordinal).ToList();

        var found = await history.HandleAsync(context, ct);
        RevisionView? before = null;
        foreach (var revision in found.Revisions)
        {
            Revisions.Add(new RevisionRow(revision, found.Who(revision.CreatedBy), revision.Source.Label(), Changes(before, revision)));
            before = revision;
        }

        Events = found.Events.Select(e => new EventRow(e, found.Who(e.By), e.From.Label(), e.To.Label())).ToList();
        return Page();
    }

    public string Figure(Indicator indicator, decimal? value) =>
        value is { } v ? v.ToString("N" + Math.Clamp(indicator.Decimals, 0, 10), CultureInfo.InvariantCulture) : "—";

    /// <summary>What differs from the revision before: values in indicator order, then comments by key.</summary>
    private List<RevisionChange> Changes(RevisionView? before, RevisionView revision)
    {
        var changes = new List<RevisionChange>();
        foreach (var indicator in Indicators)
        {
            var now = revision.Values.GetValueOrDefault(indicator.Code);
            var then = before?.Values.GetValueOrDefault(indicator.Code);
            if (before is null ? now is not null : now != then)
            {
                changes.Add(new RevisionChange(indicator.Code, indicator.Name, before is null ? null : Figure(indicator, then), Figure(indicator, now)));
            }
        }

        var keys = revision.Comments.Keys.Concat(before?.Comments.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var now = revision.Comments.GetValueOrDefault(key);
            var then = before?.Comments.GetValueOrDefault(key);
            if (!string.Equals(now ?? "", then ?? "", StringComparison.Ordinal))
            {
                var about = Indicators.FirstOrDefault(i => i.Code == key)?.Name ?? key;
                changes.Add(new RevisionChange($"c.{key}", $"说明（{about}）", before is null ? null : then ?? "—", now ?? "—"));
            }
        }

        return changes;
    }
}
