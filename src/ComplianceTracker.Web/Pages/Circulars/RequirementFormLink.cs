using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.FormAuthoring;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>What the circular page needs to offer 建立报表 / 编辑报表 on a requirement's row.</summary>
public sealed record RequirementFormLink(RequirementDto Requirement, RequirementForm? Form, bool CanAuthor);
