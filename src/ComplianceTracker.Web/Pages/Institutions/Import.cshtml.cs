using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>
/// 批量导入: the template to download and the upload, through the same handler as <c>POST /api/institutions/import</c>:
/// the counts, or a table of every bad cell and nothing saved.
/// </summary>
[Authorize(Policy = Policies.ManageInstitutions)]
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed partial class ImportModel(ImportInstitutionsHandler import) : PageModel
{
    [BindProperty(Name = "file")]
    public IFormFile? Upload { get; set; }

    public ImportInstitutionsResult? Result { get; private set; }
    public string? Error { get; private set; }
    public List<(string Where, string Problem)> Problems { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Result = await import.HandleAsync(Upload, ct);
        }
        catch (RuleViolationException e)
        {
            Error = e.Message;
            foreach (var (key, messages) in e.Errors.OrderBy(p => RowOf(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                Problems.AddRange(messages.Select(m => (Where(key), m)));
            }
        }

        return Page();
    }

    /// <summary>B7 → 第 7 行 B 列; the file as a whole → 整个文件.</summary>
    private static string Where(string key) => Cell().Match(key) is { Success: true } m ? $"第 {m.Groups[2].Value} 行 {m.Groups[1].Value} 列" : "整个文件";

    private static int RowOf(string key) => Cell().Match(key) is { Success: true } m ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^([A-Z]{1,3})([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Cell();
}
