using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The institutions a form binds, within a set of institutions (what the caller sees, or all of them for a job): those
/// the form's requirement puts under an obligation; for a form no requirement demands, those that have reported it.
/// The one rule completeness, the weekly summary and the targets use.
/// </summary>
public static class FormBinding
{
    public static IQueryable<Institution> BoundBy(this IQueryable<Institution> within, ComplianceDbContext db, ReportForm form) =>
        within.BoundBy(db, form.RequirementId, form.Id);

    /// <summary>
    /// Bound by <paramref name="requirementId"/> (a form's requirement, or a target's on that form); when there is none,
    /// by having reported <paramref name="formId"/>.
    /// </summary>
    public static IQueryable<Institution> BoundBy(this IQueryable<Institution> within, ComplianceDbContext db, int? requirementId, int formId) =>
        requirementId is { } r
            ? within.Where(i => db.Obligations.Any(o => o.RequirementId == r && o.InstitutionId == i.Id))
            : within.Where(i => db.Submissions.Any(s => s.FormId == formId && s.InstitutionId == i.Id));
}
