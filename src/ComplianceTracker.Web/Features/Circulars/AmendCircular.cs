using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Circulars;

/// <summary>修订: what changes in a published circular, why, and the later circular that says so (if any).</summary>
public sealed record AmendCircularRequest
{
    /// <summary>Why: required, read by the institutions told.</summary>
    public string? Reason { get; init; }

    /// <summary>The later circular that amends this one; both then show the relation.</summary>
    public int? ByCircularId { get; init; }

    /// <summary><c>Amends</c> (修订, the default) or <c>Supplements</c> (补充); a repeal is <c>POST …/repeal</c>.</summary>
    public CircularRelationKind? Kind { get; init; }

    /// <summary>A new last day of validity: later adds periods, earlier removes those not yet reported.</summary>
    public DateOnly? EffectiveTo { get; init; }

    public List<RequirementChange>? Requirements { get; init; } = [];
}

/// <summary>One requirement's new deadline rule, scope or target; what is left out stays as it was.</summary>
public sealed record RequirementChange
{
    public int Id { get; init; }
    public DueRule? DueRule { get; init; }
    public ApplicabilityDto? AppliesTo { get; init; }
    public TargetSpec? Target { get; init; }
}

/// <summary>What an amendment did: due items moved, added, closed or removed, institutions newly bound or released, people told.</summary>
public sealed record AmendResult(int CircularId, int DueItemsMoved, int DueItemsAdded, int DueItemsClosed, int DueItemsRemoved, int PeriodsRemoved,
    List<string> InstitutionsBound, List<string> InstitutionsReleased, int Notified, List<InstitutionChange> Changes);

/// <summary>
/// Amends a published circular by hand with a reason, or as registered from the later circular that amends it. Open
/// obligations follow: their open due items get the dates of the new rule, institutions newly bound get obligations
/// and due items, institutions released get their open items closed (kept, 已豁免 with the reason), periods outside
/// a shortened validity are removed while they have no history. Submitted, done and waived items keep their history
/// and dates. All in one transaction; then each institution concerned is told once.
/// </summary>
public sealed class AmendCircularHandler(ComplianceDbContext db, CurrentUser currentUser, DueCalculator calculator, CircularPublisher publisher,
    CircularChangedMessages messages, AuditLog audit, TimeProvider time)
{
    public Task<AmendResult> HandleAsync(int id, AmendCircularRequest request, CancellationToken ct) => RunAsync(id, request, commit: true, ct);

    /// <summary>What the amendment would change, institution by institution, without changing anything or telling anyone.</summary>
    public Task<AmendResult> PreviewAsync(int id, AmendCircularRequest request, CancellationToken ct) => RunAsync(id, request, commit: false, ct);

    private async Task<AmendResult> RunAsync(int id, AmendCircularRequest request, bool commit, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var circular = await CircularChanges.LoadForChangeAsync(db, scope, id, "修订", ct);
        CircularChanges.EnsureInForce(circular, "修订");
        var reason = Reasons.Required(request.Reason, "请填写修订原因，机构收到的消息会附上它。", "修订原因");
        var by = await CircularChanges.ByCircularAsync(db, scope, id, request.ByCircularId, ct);
        Validate(circular, request);

        var now = time.GetUtcNow().UtcDateTime;
        var byName = by is null ? "" : CircularChanges.Name(by);
        var how = by is null ? "修订" : $"被{byName}{(request.Kind ?? CircularRelationKind.Amends).Label()}";
        var changes = new Dictionary<int, (string Name, List<string> Lines)>();
        void Tell(int institutionId, string name, string line)
        {
            if (!changes.TryGetValue(institutionId, out var c))
            {
                changes[institutionId] = c = (name, []);
            }

            c.Lines.Add(line);
        }

        int moved = 0, added = 0, closed = 0, removed = 0, periodsRemoved = 0;
        List<string> bound = [], released = [];
        await CircularChanges.InTransactionAsync(db, async () =>
        {
            var boundBefore = Pairs(await CircularBinding.BoundAsync(db, circular.Jurisdiction.Path, circular.Requirements, ct));
            Apply(circular, request);
            if (circular.Status == CircularStatus.Expired && circular.ValidTo is { } end && end >= ChinaTime.Today(time))
            {
                circular.Status = CircularStatus.Published;
            }

            var boundAfter = Pairs(await CircularBinding.BoundAsync(db, circular.Jurisdiction.Path, circular.Requirements, ct));
            var requirementIds = circular.Requirements.Select(r => r.Id).ToList();
            var obligations = await db.Obligations.Include(o => o.DueItems).Include(o => o.Institution)
                .Where(o => requirementIds.Contains(o.RequirementId)).ToListAsync(ct);
            var history = await CircularChanges.WithHistoryAsync(db, obligations.SelectMany(o => o.DueItems).Where(CircularChanges.IsOpen).Select(d => d.Id).ToList(), ct);
            var existingItems = obligations.SelectMany(o => o.DueItems).Select(d => d.Id).ToHashSet();
            var schedules = circular.Requirements.ToDictionary(r => r.Id, r => Schedule(r, circular).ToDictionary(o => o.Key, StringComparer.Ordinal));

            foreach (var obligation in obligations)
            {
                var requirement = circular.Requirements.Single(r => r.Id == obligation.RequirementId);
                var clause = Clause(requirement);
                var movedHere = new List<(string Period, DateTime? From, DateTime? To)>();
                var goneHere = new List<string>();
                var stillBound = boundAfter.Contains((requirement.Id, obligation.InstitutionId));
                foreach (var item in obligation.DueItems.Where(CircularChanges.IsOpen).OrderBy(d => d.PeriodStart).ToList())
                {
                    var period = CircularChangedMessages.PeriodWords(item.PeriodKey, item.PeriodStart, item.PeriodEnd);
                    if (!stillBound)
                    {
                        CircularChanges.Close(db, item, DueItemStatus.Waived, $"通知修订后不再适用于本机构：{reason}", scope.UserName, now);
                        closed++;
                    }
                    else if (schedules[requirement.Id].TryGetValue(item.PeriodKey, out var occurrence))
                    {
                        if (occurrence.Due.DueAtUtc != item.DueAt)
                        {
                            movedHere.Add((period, item.DueAt, occurrence.Due.DueAtUtc));
                            Move(item, occurrence, reason, scope.UserName, now);
                            moved++;
                        }
                    }
                    else if (history.Contains(item.Id))
                    {
                        CircularChanges.Close(db, item, DueItemStatus.Waived, $"通知修订后该期不再报送：{reason}", scope.UserName, now);
                        goneHere.Add(period);
                        closed++;
                    }
                    else
                    {
                        db.DueItems.Remove(item);
                        goneHere.Add(period);
                        removed++;
                    }
                }

                if (movedHere.Count > 0)
                {
                    // The month people act on next: the first still to come (an overdue one moved stays in the count).
                    var (p0, a0, b0) = movedHere.Where(m => m.To >= now).DefaultIfEmpty(movedHere[0]).First();
                    var (pn, an, bn) = movedHere[^1];
                    Tell(obligation.InstitutionId, obligation.Institution.Name, movedHere.Count == 1
                        ? $"{clause}{p0}的期限由 {messages.DueWords(a0)} 改为 {messages.DueWords(b0)}"
                        : $"{clause}{movedHere.Count} 期的期限调整，最近一期{p0}由 {messages.DueWords(a0)} 改为 {messages.DueWords(b0)}，最后一期{pn}由 {messages.DueWords(an)} 改为 {messages.DueWords(bn)}");
                }

                if (goneHere.Count > 0)
                {
                    Tell(obligation.InstitutionId, obligation.Institution.Name,
                        $"{clause}{(goneHere.Count <= 3 ? string.Join("、", goneHere) : $"{goneHere[0]}至{goneHere[^1]}共 {goneHere.Count} 期")}不再需要报送");
                }

                if (!stillBound && boundBefore.Contains((requirement.Id, obligation.InstitutionId)))
                {
                    Tell(obligation.InstitutionId, obligation.Institution.Name, $"{clause}{Requirement.OneLine(requirement.Text, 30)}——不再适用于贵机构，未完成的事项已关闭");
                    released.Add(obligation.Institution.Name);
                }
            }

            periodsRemoved = await CircularChanges.RemovePeriodsAsync(db, circular.Id,
                (p, r) => schedules.TryGetValue(r.Id, out var s) && !s.ContainsKey(p.Key), ct);
            CircularChanges.Relate(db, by, circular, request.Kind ?? CircularRelationKind.Amends, reason, scope.UserName, now);
            audit.Add(AuditActions.CircularAmended, CircularChanges.Name(circular), $"{(by is null ? "手工修订" : $"依据 {byName}")}；原因：{reason}");
            await db.SaveChangesAsync(ct);

            // Newly bound institutions, and periods a longer validity adds, through the publisher (its one rule of binding).
            if (circular.Status == CircularStatus.Published)
            {
                await publisher.PublishAsync(circular.Id, scope.UserName, ct);
            }

            var fresh = await db.DueItems.AsNoTracking()
                .Where(d => requirementIds.Contains(d.Obligation.RequirementId))
                .Select(d => new { d.Id, d.Obligation.RequirementId, d.Obligation.InstitutionId, InstitutionName = d.Obligation.Institution.Name, d.PeriodKey, d.PeriodStart, d.PeriodEnd, d.DueAt })
                .ToListAsync(ct);
            foreach (var group in fresh.Where(d => !existingItems.Contains(d.Id)).GroupBy(d => (d.RequirementId, d.InstitutionId, d.InstitutionName)))
            {
                var requirement = circular.Requirements.Single(r => r.Id == group.Key.RequirementId);
                var first = group.OrderBy(d => d.DueAt).First();
                var isNew = !boundBefore.Contains((group.Key.RequirementId, group.Key.InstitutionId));
                var what = isNew ? $"新增适用于贵机构：{Requirement.OneLine(requirement.Text, 30)}，" : "新增 ";
                Tell(group.Key.InstitutionId, group.Key.InstitutionName,
                    $"{Clause(requirement)}{what}{group.Count()} 期，最近一期{CircularChangedMessages.PeriodWords(first.PeriodKey, first.PeriodStart, first.PeriodEnd)}须于 {messages.DueWords(first.DueAt)} 前报送");
                added += group.Count();
                if (isNew && !bound.Contains(group.Key.InstitutionName))
                {
                    bound.Add(group.Key.InstitutionName);
                }
            }
        }, ct, commit);

        var told = changes.Select(c => new InstitutionChange(c.Key, c.Value.Name, c.Value.Lines)).OrderBy(c => c.InstitutionName, StringComparer.Ordinal).ToList();
        var notified = !commit ? 0 : await messages.RecordAsync(NotificationKind.CircularAmended, $"Amended:{circular.Id}:{now.Ticks}", circular.Id,
            new Dictionary<string, string> { ["circular"] = CircularChanges.Name(circular), ["title"] = circular.Title, ["how"] = how, ["reason"] = reason },
            told, ct);
        return new AmendResult(circular.Id, moved, added, closed, removed, periodsRemoved, bound, released.Distinct().ToList(), notified, told);
    }

    /// <summary>Every problem at once, before anything is written.</summary>
    private static void Validate(Circular circular, AmendCircularRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var changes = request.Requirements ?? [];
        if (request.Kind is CircularRelationKind.Repeals || (request.Kind is { } k && !Enum.IsDefined(k)))
        {
            errors["kind"] = ["修订类型只能是 Amends（修订）或 Supplements（补充）；废止请使用“废止”。"];
        }

        if (request.EffectiveTo is null && changes.Count == 0)
        {
            errors["requirements"] = ["请至少修改一项：某条要求的期限规则、适用对象或目标，或文件的失效日期。"];
        }

        if (request.EffectiveTo is { } to)
        {
            if (to < CreateCircularHandler.EarliestDate || to > CreateCircularHandler.LatestDate)
            {
                errors["effectiveTo"] = ["失效日期应在2000年至2100年之间。"];
            }
            else if (circular.ValidFrom is { } from && to < from)
            {
                errors["effectiveTo"] = [$"失效日期不能早于执行期开始日期（{from:yyyy-MM-dd}）。"];
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var prefix = $"requirements[{i}]";
            var requirement = circular.Requirements.SingleOrDefault(r => r.Id == change?.Id);
            if (change is null || requirement is null)
            {
                errors[$"{prefix}.id"] = [$"本文件没有编号为 {change?.Id} 的要求，请从本文件的要求中选择。"];
                continue;
            }

            if (changes.Take(i).Any(c => c?.Id == change.Id))
            {
                errors[$"{prefix}.id"] = [$"要求（{requirement.Clause}）重复出现，每条要求只能修改一次。"];
            }

            // The draft rules, applied to the requirement as it would read after the change.
            var asDrafted = new CreateCircularRequest
            {
                Title = circular.Title,
                Text = circular.Text,
                Issuers = ["-"],
                Requirements =
                [
                    new RequirementInput
                    {
                        Clause = requirement.Clause,
                        Text = requirement.Text,
                        Kind = requirement.Kind,
                        DueRule = change.DueRule ?? requirement.DueRule,
                        AppliesTo = change.AppliesTo,
                        Target = change.Target ?? requirement.Target,
                    },
                ],
            };
            foreach (var (key, messages) in CreateCircularHandler.Validate(asDrafted).Where(e => e.Key.StartsWith("requirements[0]", StringComparison.Ordinal)))
            {
                errors[prefix + key["requirements[0]".Length..]] = messages.Select(m => $"要求（{requirement.Clause}）：{m}").ToArray();
            }

            if (change.AppliesTo is { InstitutionTypes.Count: 0 })
            {
                errors[$"{prefix}.appliesTo.institutionTypes"] = [$"要求（{requirement.Clause}）：请至少选择一种适用的机构类型。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("修订内容有误，未作任何修改。请按提示修改后重新提交。", errors);
        }
    }

    private static void Apply(Circular circular, AmendCircularRequest request)
    {
        if (request.EffectiveTo is { } to)
        {
            circular.EffectiveTo = to;
        }

        foreach (var change in request.Requirements ?? [])
        {
            var requirement = circular.Requirements.Single(r => r.Id == change.Id);
            requirement.DueRule = change.DueRule ?? requirement.DueRule;
            requirement.Target = change.Target ?? requirement.Target;
            if (change.AppliesTo is { } a)
            {
                requirement.AppliesTo = new Applicability
                {
                    InstitutionTypes = a.InstitutionTypes.ToFlags(),
                    LegalEntitiesOnly = a.LegalEntitiesOnly,
                    Text = a.Text ?? requirement.AppliesTo.Text,
                };
            }
        }
    }

    /// <summary>The item takes the new rule's date; an item marked overdue that now has time again is open, with a history row.</summary>
    private void Move(DueItem item, ScheduledOccurrence occurrence, string reason, string userName, DateTime now)
    {
        item.DueAt = occurrence.Due.DueAtUtc;
        item.DueExplanation = occurrence.Due.Explanation;
        item.PeriodStart = occurrence.Start;
        item.PeriodEnd = occurrence.End;
        if (item.Status == DueItemStatus.Overdue && (DueItemRules.Deadline(item.DueAt, item.CorrectionDueAt) ?? DateTime.MaxValue) >= now)
        {
            db.DueItemStatusChanges.Add(new DueItemStatusChange
            {
                DueItemId = item.Id,
                From = DueItemStatus.Overdue,
                To = DueItemStatus.Open,
                ChangedAt = now,
                ChangedBy = userName,
                Reason = $"通知修订，期限延后：{reason}",
            });
            item.Status = DueItemStatus.Open;
        }
    }

    private IReadOnlyList<ScheduledOccurrence> Schedule(Requirement requirement, Circular circular) =>
        calculator.Schedule(requirement.ScheduleKind, requirement.DueRule, circular.IssuedOn, circular.ValidFrom, circular.EffectiveTo, circular.ValidityMonths);

    private static HashSet<(int RequirementId, int InstitutionId)> Pairs(List<BindingCandidate> candidates) =>
        candidates.SelectMany(c => c.Requirements.Select(r => (r.Id, c.Id))).ToHashSet();

    /// <summary>How a message names a requirement: “一、”条款：.</summary>
    private static string Clause(Requirement requirement) => $"“{requirement.Clause}”条款：";
}
