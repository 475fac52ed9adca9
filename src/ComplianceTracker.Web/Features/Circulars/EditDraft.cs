using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>
/// A draft is the supervisor's until published: <c>PUT /api/circulars/{id}</c> replaces everything of it (the same
/// request and rules as registering it), <c>DELETE</c> removes it so its 文号 can be registered again. A published
/// circular is amended or repealed instead (409 saying so).
/// </summary>
public sealed class EditDraftHandler(ComplianceDbContext db, CurrentUser currentUser, GetCircularHandler reader, AuditLog audit)
{
    public async Task<CircularDetailDto> UpdateAsync(int id, CreateCircularRequest request, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var circular = await LoadDraftAsync(scope, id, "修改", "已发布的文件不能直接编辑；如需修改期限、适用对象或执行期，请使用“修订”。", ct);
        var errors = CreateCircularHandler.Validate(request);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("文件内容有误，未保存。请按提示修改后重新提交。", errors);
        }

        var jurisdictionCode = request.JurisdictionCode ?? circular.Jurisdiction.Code;
        var jurisdiction = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == jurisdictionCode, ct)
            ?? throw RuleViolationException.For("jurisdictionCode", $"未知的辖区代码“{jurisdictionCode}”，请从辖区列表中选择。");
        if (!scope.Oversees(jurisdiction))
        {
            throw new ForbiddenException($"您无权为辖区“{jurisdiction.Name}”登记监管文件。");
        }

        var documentNumber = string.IsNullOrWhiteSpace(request.DocumentNumber) ? null : request.DocumentNumber.Trim();
        if (documentNumber is not null && await db.Circulars.AnyAsync(c => c.Id != id && (c.NaturalKey == documentNumber || c.DocumentNumber == documentNumber), ct))
        {
            throw new ConflictException($"文号“{documentNumber}”的文件已登记，请勿重复登记。");
        }

        var requirements = request.Requirements ?? [];
        var dropped = circular.Requirements.OrderBy(r => r.Ordinal).Skip(requirements.Count).Select(r => r.Id).ToList();
        if (await db.ReportForms.AnyAsync(f => f.RequirementId != null && dropped.Contains(f.RequirementId.Value), ct))
        {
            throw new ConflictException("被删除的要求已建立报表，不能删除该要求；请保留它，或先删除其报表。");
        }

        if (documentNumber != circular.DocumentNumber)
        {
            circular.NaturalKey = documentNumber ?? $"draft-{Guid.NewGuid():N}";
        }

        circular.DocumentNumber = documentNumber;
        circular.Title = request.Title.Trim();
        circular.IssuedOn = request.IssuedOn;
        circular.IssuedOnText = request.IssuedOnText;
        circular.EffectiveFrom = request.EffectiveFrom;
        circular.EffectiveTo = request.EffectiveTo;
        circular.ValidityMonths = request.ValidityMonths;
        circular.ValidityText = request.ValidityText;
        circular.Addressees = request.Addressees;
        circular.Contacts = request.Contacts;
        circular.Text = request.Text;
        circular.ExtraDays = (request.ExtraDays ?? []).OrderBy(d => d.Date).ToList();
        circular.JurisdictionId = jurisdiction.Id;

        // Requirements keep their ids by position (a form or target made from one stays with it); the rest go or come.
        var existing = circular.Requirements.OrderBy(r => r.Ordinal).ToList();
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            var requirement = i < existing.Count ? existing[i] : new Requirement { Clause = "", Text = "" };
            requirement.Clause = r.Clause.Trim();
            requirement.Ordinal = i + 1;
            requirement.Text = r.Text.Trim();
            requirement.Kind = r.Kind!.Value;
            requirement.DueRule = r.DueRule;
            requirement.Target = r.Target;
            requirement.AppliesTo = CreateCircularHandler.Applicability(r.AppliesTo);
            if (i >= existing.Count)
            {
                circular.Requirements.Add(requirement);
            }
        }

        db.Requirements.RemoveRange(existing.Skip(requirements.Count));
        db.RemoveRange(circular.Attachments);
        circular.Attachments = (request.Attachments ?? []).Select((title, i) => new CircularAttachment { Number = i + 1, Title = title }).ToList();
        // Issuers kept by name (an issuer row is keyed by circular and issuer), the others replaced.
        var wanted = await IssuerRegistry.ResolveAsync(db, request.Issuers ?? [], ct);
        foreach (var old in circular.Issuers.Where(i => !wanted.Any(w => w.Issuer.Name == i.Issuer.Name)).ToList())
        {
            circular.Issuers.Remove(old);
            db.Remove(old);
        }

        foreach (var w in wanted)
        {
            if (circular.Issuers.SingleOrDefault(i => i.Issuer.Name == w.Issuer.Name) is { } kept)
            {
                kept.Order = w.Order;
            }
            else
            {
                circular.Issuers.Add(w);
            }
        }

        audit.Add(AuditActions.CircularUpdated, circular.DocumentNumber ?? circular.Title, $"{circular.Title}；要求 {requirements.Count} 条");
        await db.SaveChangesAsync(ct);
        return await reader.HandleAsync(id, ct);
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var circular = await LoadDraftAsync(scope, id, "删除", "已发布的文件不能删除；如需停止执行，请使用“废止”。", ct);
        var requirementIds = circular.Requirements.Select(r => r.Id).ToList();
        if (await db.ReportForms.AnyAsync(f => f.RequirementId != null && requirementIds.Contains(f.RequirementId.Value), ct))
        {
            throw new ConflictException("该草稿的要求已建立报表，请先删除报表，再删除草稿。");
        }

        db.Circulars.Remove(circular);
        audit.Add(AuditActions.CircularDeleted, circular.DocumentNumber ?? circular.Title, $"{circular.Title}；要求 {circular.Requirements.Count} 条");
        await db.SaveChangesAsync(ct);
    }

    private async Task<Circular> LoadDraftAsync(AccessScope scope, int id, string verb, string whenPublished, CancellationToken ct)
    {
        await db.EnsureVisibleAsync(scope, id, ct);
        var circular = await db.Circulars.AsSplitQuery()
            .Include(c => c.Jurisdiction).Include(c => c.Requirements).Include(c => c.Attachments).Include(c => c.Issuers).ThenInclude(i => i.Issuer)
            .SingleAsync(c => c.Id == id, ct);
        if (!scope.Oversees(circular.Jurisdiction))
        {
            throw new ForbiddenException($"只有辖区“{circular.Jurisdiction.Name}”的监管员可以{verb}该草稿。");
        }

        if (circular.Status != CircularStatus.Draft)
        {
            throw new ConflictException(whenPublished);
        }

        return circular;
    }
}
