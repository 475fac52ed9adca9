using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// What the 修订 and 废止 pages share: the circular in force, the supervisors of its jurisdiction only, the later
/// circulars to choose the 依据通知 from, and the messages of a refused request beside its fields.
/// </summary>
public abstract class CircularChangePage(GetCircularHandler reader, ListCircularsHandler circulars, ListJurisdictionsHandler jurisdictions) : PageModel
{
    public CircularDetailDto Circular { get; private set; } = null!;

    /// <summary>The circulars that may have made the change (any other the caller sees), newest first.</summary>
    public List<CircularSummaryDto> Candidates { get; private set; } = [];

    /// <summary>Messages by field ("reason", "requirements[0].dueRule"), "" for the whole request.</summary>
    public Dictionary<string, string[]> Errors { get; protected set; } = [];

    public string[] ErrorsFor(string key) => Errors.GetValueOrDefault(key) ?? [];

    /// <summary>Messages of a group of fields ("requirements[2]" and below).</summary>
    public IEnumerable<string> ErrorsUnder(string prefix) =>
        Errors.Where(e => e.Key == prefix || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).SelectMany(e => e.Value).Distinct();

    /// <summary>Null when the page may be shown; else the answer (404, 403, or back to the circular when it is not in force).</summary>
    protected async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        try
        {
            Circular = await reader.HandleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (!(await jurisdictions.GetAsync(Circular.JurisdictionCode, ct)).Overseen)
        {
            return Forbid();
        }

        if (Circular.Status is not (CircularStatus.Published or CircularStatus.Expired))
        {
            return Redirect($"/circulars/{id}");
        }

        Candidates = (await circulars.HandleAsync(ct)).Where(c => c.Id != id).ToList();
        return null;
    }

    /// <summary>Runs a change; a refusal comes back as messages on the page, and nothing was changed.</summary>
    protected async Task<IActionResult> TryAsync(int id, Func<Task<IActionResult>> change, CancellationToken ct)
    {
        try
        {
            return await change();
        }
        catch (RuleViolationException e)
        {
            Errors = new Dictionary<string, string[]>(e.Errors) { [""] = [$"{e.Message}"] };
        }
        catch (ConflictException e)
        {
            Errors = new() { [""] = [e.Message] };
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }

        return await LoadAsync(id, ct) ?? Page();
    }

    /// <summary>The 依据通知 choice as typed: empty for "by hand".</summary>
    protected int? ByCircular(string? value, Dictionary<string, string[]> errors)
    {
        if (CircularInput.Blank(value) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, out var id))
        {
            return id;
        }

        errors["byCircularId"] = ["请从列表中选择依据通知。"];
        return null;
    }

    public static string Name(CircularSummaryDto c) => c.DocumentNumber is { } number ? $"{number} {c.Title}" : c.Title;
}
