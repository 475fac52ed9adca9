using System.Globalization;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Features.Exports.Xlsx;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// 监管台账 for one circular, what an inspector asks for: its requirements; every obligation and due item with its
/// status history; the submissions with every revision, approval and return; the reminders, 催报 and escalations
/// sent; the unlocks granted and the statuses people changed. Limited to the institutions the caller sees. Long texts
/// wrap in columns sized so that each sheet prints about one A4 landscape page wide at a readable size.
/// </summary>
public sealed class CircularLedgerExport(ComplianceDbContext db, CurrentUser currentUser, GetCircularHandler circulars, IWorkingDayCalendar holidays, ExportNames names, TimeProvider time)
{
    public const string Template = "exports/circular-ledger.xlsx";

    public async Task<int> CountRowsAsync(int circularId, CancellationToken ct)
    {
        await circulars.HandleAsync(circularId, ct);
        var visible = (await currentUser.ScopeAsync(ct)).Institutions(db).Select(i => i.Id);
        var items = db.DueItems.Where(d => d.Obligation.Requirement.CircularId == circularId && visible.Contains(d.Obligation.InstitutionId));
        return await items.CountAsync(ct)
            + await db.Notifications.CountAsync(n => n.DueItemId != null && items.Select(d => d.Id).Contains(n.DueItemId.Value), ct)
            + await db.SubmissionRevisions.CountAsync(r => db.Submissions.Any(s => s.Id == r.SubmissionId && s.Form.Requirement!.CircularId == circularId && visible.Contains(s.InstitutionId)), ct);
    }

    public async Task<List<SheetContent>> BuildAsync(int circularId, CancellationToken ct)
    {
        var circular = await circulars.HandleAsync(circularId, ct);
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var title = circular.DocumentNumber is { } number ? $"{number} {circular.Title}" : circular.Title;
        var fields = new Dictionary<string, string>
        {
            ["CT_Title"] = "监管台账",
            ["CT_Subtitle"] = title,
            ["CT_MadeOn"] = $"制表日期：{ChinaTime.Format(ChinaTime.Today(time))}　{await names.PreparedByAsync(ct)}",
        };

        var items = await db.DueItems.Where(d => d.Obligation.Requirement.CircularId == circularId && visible.Contains(d.Obligation.InstitutionId))
            .OrderBy(d => d.Obligation.Institution.Code).ThenBy(d => d.Obligation.Requirement.Ordinal).ThenBy(d => d.DueAt)
            .Select(d => new
            {
                d.Id, d.Obligation.Institution.Code, d.Obligation.Institution.Name, d.Obligation.Requirement.Clause, d.PeriodKey, d.DueAt, d.DueExplanation,
                d.Status, d.CompletedAt,
                History = d.History.OrderBy(h => h.ChangedAt).Select(h => new { h.From, h.To, h.ChangedAt, h.ChangedBy, h.Reason }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var byItem = items.ToDictionary(i => i.Id);

        var submissions = await db.Submissions.Where(s => s.Form.Requirement != null && s.Form.Requirement.CircularId == circularId && visible.Contains(s.InstitutionId))
            .Select(s => new
            {
                s.Id, s.Institution.Code, s.Institution.Name, Period = s.Period.Key, Form = s.Form.Name,
                Revisions = s.Revisions.Select(r => new { r.Number, r.CreatedAt, r.CreatedBy, r.Source }).ToList(),
                Events = s.Events.Select(e => new { e.From, e.To, e.Revision, e.At, e.By, e.Reason }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);

        var notifications = new List<(int DueItemId, NotificationKind Kind, DateTime At, string User, string Title, string? Email, string? Robot)>();
        foreach (var chunk in itemIds.Chunk(1000))
        {
            var rows = await (from n in db.Notifications
                              join u in db.Users on n.UserId equals u.Id
                              where n.DueItemId != null && chunk.Contains(n.DueItemId.Value)
                              select new
                              {
                                  DueItemId = n.DueItemId!.Value, n.Kind, n.CreatedAt, u.UserName, u.DisplayName, n.Title,
                                  Email = n.Deliveries.Select(d => d.Status).FirstOrDefault(),
                                  HasEmail = n.Deliveries.Any(),
                              }).ToListAsync(ct);
            notifications.AddRange(rows.Select(r => (r.DueItemId, r.Kind, r.CreatedAt, string.IsNullOrWhiteSpace(r.DisplayName) ? r.UserName ?? "" : r.DisplayName, r.Title, r.HasEmail ? r.Email.Label() : null, (string?)null)));
        }

        var unlocks = await db.PeriodUnlocks.Where(u => visible.Contains(u.InstitutionId)
                && db.ReportPeriods.Any(p => p.Id == u.PeriodId && p.Form.Requirement != null && p.Form.Requirement.CircularId == circularId))
            .Select(u => new
            {
                u.GrantedAt, u.Until, u.Reason, u.GrantedBy,
                Institution = db.Institutions.Where(i => i.Id == u.InstitutionId).Select(i => i.Code + " " + i.Name).First(),
                Period = db.ReportPeriods.Where(p => p.Id == u.PeriodId).Select(p => p.Key).First(),
            })
            .ToListAsync(ct);

        // 例外校验许可, with the check in words (the form's rule or the built-in check of an indicator).
        var forms = await db.ReportForms.AsNoTracking().Include(f => f.Indicators).Include(f => f.Rules)
            .Where(f => f.Requirement != null && f.Requirement.CircularId == circularId).ToListAsync(ct);
        var exemptions = (await db.RuleExemptions.Where(e => visible.Contains(e.InstitutionId)
                && db.ReportPeriods.Any(p => p.Id == e.PeriodId && p.Form.Requirement != null && p.Form.Requirement.CircularId == circularId))
            .Select(e => new
            {
                e.GrantedAt, e.Rule, e.Reason, e.GrantedBy,
                Institution = db.Institutions.Where(i => i.Id == e.InstitutionId).Select(i => i.Code + " " + i.Name).First(),
                Period = db.ReportPeriods.Where(p => p.Id == e.PeriodId).Select(p => new { p.Key, p.FormId, p.Version }).First(),
            })
            .ToListAsync(ct))
            .Select(e => (e.GrantedAt, e.Institution, Period: e.Period.Key, e.GrantedBy,
                Reason: $"{(forms.FirstOrDefault(f => f.Id == e.Period.FormId) is { } form ? RuleExemptionsHandler.RuleName(form.AtVersion(e.Period.Version), e.Rule) ?? e.Rule : e.Rule)}：{e.Reason}"))
            .ToList();

        return
        [
            Sheet("要求", fields, [new("条款", 10, Wrap: true), new("类型", 8), new("要求原文", 50, Wrap: true), new("适用机构", 14, Wrap: true), new("期限规则", 24, Wrap: true), new("目标", 20, Wrap: true)],
                circular.Requirements.Select(r => (IReadOnlyList<XCell>)
                [
                    XCell.Text(r.Clause), XCell.Text(r.Kind.Label()), XCell.Text(r.Text), XCell.Text(AppliesTo(r.AppliesTo)),
                    XCell.Text(r.DueRule is { } rule ? $"{rule.Source}{(rule.Assumed is { } a ? $"（假定：{a}）" : "")}" : ""),
                    XCell.Text(r.Target is { } t ? Target(t) : ""),
                ]), frozen: 1),
            Sheet("义务与期限", fields, [new("机构代码", 11), new("机构名称", 16, Wrap: true), new("条款", 8, Wrap: true), new("期次", 13, Wrap: true), new("到期时间", 17), new("期限依据", 18, Wrap: true), new("状态", 7), new("完成时间", 17), new("状态变更记录", 26, Wrap: true)],
                items.Select(i => (IReadOnlyList<XCell>)
                [
                    XCell.Text(i.Code), XCell.Text(i.Name), XCell.Text(i.Clause), XCell.Text(Period(i.PeriodKey)), Moment(i.DueAt), XCell.Text(holidays.Marked(i.DueExplanation, i.DueAt)),
                    XCell.Text(i.Status.Label(), i.Status == DueItemStatus.Overdue ? XStyle.Missing : XStyle.Text), Moment(i.CompletedAt),
                    XCell.Text(string.Join("；", i.History.Select(h => $"{ChinaTime.ToChina(h.ChangedAt):yyyy-MM-dd HH:mm} {(h.From is { } f ? f.Label() : "新建")}→{h.To.Label()}（{h.ChangedBy}：{h.Reason}）"))),
                ]), frozen: 2),
            Sheet("报送记录", fields, [new("时间", 17), new("机构代码", 11), new("机构名称", 16, Wrap: true), new("报表", 16, Wrap: true), new("期次", 13, Wrap: true), new("事项", 9), new("修订号", 7), new("操作人", 11, Wrap: true), new("来源", 6), new("说明", 22, Wrap: true)],
                submissions.SelectMany(s =>
                        s.Revisions.Select(r => (At: r.CreatedAt, s.Code, s.Name, s.Form, s.Period, What: "保存修订", Revision: r.Number, By: r.CreatedBy, Source: r.Source.Label(), Note: ""))
                        .Concat(s.Events.Select(e => (At: e.At, s.Code, s.Name, s.Form, s.Period, What: EventName(e.To), Revision: e.Revision, By: e.By, Source: "", Note: e.Reason ?? ""))))
                    .OrderBy(x => x.At).ThenBy(x => x.Code, StringComparer.Ordinal)
                    .Select(x => (IReadOnlyList<XCell>)
                    [
                        Moment(x.At), XCell.Text(x.Code), XCell.Text(x.Name), XCell.Text(x.Form), XCell.Text(x.Period), XCell.Text(x.What, x.What == "退回" ? XStyle.Late : XStyle.Text),
                        new(x.Revision, XStyle.Number0), XCell.Text(x.By), XCell.Text(x.Source), XCell.Text(x.Note),
                    ]), frozen: 1),
            Sheet("提醒与升级", fields, [new("时间", 17), new("类型", 8), new("机构代码", 11), new("机构名称", 16, Wrap: true), new("条款", 8, Wrap: true), new("期次", 13, Wrap: true), new("接收人", 11, Wrap: true), new("标题", 30, Wrap: true), new("邮件", 8)],
                notifications.OrderBy(n => n.At).Select(n =>
                {
                    var item = byItem[n.DueItemId];
                    return (IReadOnlyList<XCell>)
                    [
                        Moment(n.At), XCell.Text(n.Kind.Label()), XCell.Text(item.Code), XCell.Text(item.Name), XCell.Text(item.Clause), XCell.Text(Period(item.PeriodKey)),
                        XCell.Text(n.User), XCell.Text(n.Title), XCell.Text(n.Email ?? "无邮箱"),
                    ];
                }), frozen: 1),
            Sheet("解锁与更正", fields, [new("时间", 17), new("机构", 22, Wrap: true), new("期次或条款", 18, Wrap: true), new("操作", 12, Wrap: true), new("操作人", 11, Wrap: true), new("原因", 30, Wrap: true), new("解锁至", 17)],
                unlocks.Select(u => (At: u.GrantedAt, u.Institution, Where: Period(u.Period), What: "解锁期次", By: u.GrantedBy, u.Reason, Until: (DateTime?)u.Until))
                    .Concat(exemptions.Select(e => (At: e.GrantedAt, e.Institution, Where: Period(e.Period), What: "例外校验许可", By: e.GrantedBy, e.Reason, Until: (DateTime?)null)))
                    .Concat(items.SelectMany(i => i.History.Where(h => IsCorrection(h.ChangedBy, h.From, h.To))
                        .Select(h => (At: h.ChangedAt, Institution: $"{i.Code} {i.Name}", Where: $"{i.Clause} {Period(i.PeriodKey)}", What: $"{(h.From is { } f ? f.Label() : "")}→{h.To.Label()}", By: h.ChangedBy, h.Reason, Until: (DateTime?)null))))
                    .OrderBy(x => x.At)
                    .Select(x => (IReadOnlyList<XCell>)[Moment(x.At), XCell.Text(x.Institution), XCell.Text(x.Where), XCell.Text(x.What), XCell.Text(x.By), XCell.Text(x.Reason), Moment(x.Until)]),
                frozen: 1),
        ];
    }

    /// <summary>A person's change of a due item's status (waive, reopen, mark done), not the system's own bookkeeping.</summary>
    private static bool IsCorrection(string by, DueItemStatus? from, DueItemStatus to) =>
        from is not null && by != MarkOverdueJob.ChangedBy && !(from == DueItemStatus.Open && to == DueItemStatus.Submitted);

    private static SheetContent Sheet(string name, Dictionary<string, string> fields, List<XColumn> columns, IEnumerable<IReadOnlyList<XCell>> rows, int frozen) => new()
    {
        Sheet = name,
        Fields = fields,
        Columns = columns,
        Rows = rows,
        FrozenColumns = frozen,
    };

    private static XCell Moment(DateTime? utc) => utc is { } at ? new XCell(ChinaTime.ToChina(at).DateTime, XStyle.DateTime) : XCell.Empty;

    /// <summary>The period as people say it (第49周（11月30日—12月6日）, 一次性), with the year unless it is this year's.</summary>
    private string Period(string key) => PeriodNames.Name(key, currentYear: ChinaTime.Today(time).Year);

    private static string EventName(SubmissionStatus to) => to switch
    {
        SubmissionStatus.Submitted => "提交",
        SubmissionStatus.Approved => "审核通过",
        SubmissionStatus.Returned => "退回",
        SubmissionStatus.NotStarted or SubmissionStatus.Draft => "保存",
    };

    private static string AppliesTo(ApplicabilityDto a)
    {
        var types = string.Join("、", a.InstitutionTypes.Select(t => t.Label()));
        return a.LegalEntitiesOnly ? $"{types}（仅法人机构）" : types;
    }

    private static string Target(TargetSpec t) =>
        $"{t.Metric} {t.Comparator} {(t.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "")}{t.Unit}{(t.RelativeTo is { } r ? $"（相对{r}）" : "")}{(t.By is { } by ? $"，{by:yyyy-MM-dd}前" : "")}";
}
