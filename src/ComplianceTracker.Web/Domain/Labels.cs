namespace ComplianceTracker.Web.Domain;

/// <summary>
/// One Chinese word for each member of each domain enum, used by pages, exports and messages alike, so a status
/// reads the same on the screen as in the Excel leadership prints. The switches are exhaustive (a missing member is
/// a build error, CS8509), so a new member cannot ship without its word.
/// </summary>
public static class Labels
{
    public static string Label(this DueItemStatus status) => status switch
    {
        DueItemStatus.Open => "待办",
        DueItemStatus.Submitted => "已报送",
        DueItemStatus.Done => "已完成",
        DueItemStatus.Overdue => "逾期",
        DueItemStatus.Waived => "已豁免",
        DueItemStatus.Repealed => "已废止",
    };

    public static string Label(this SubmissionStatus status) => status switch
    {
        SubmissionStatus.NotStarted => "未填报",
        SubmissionStatus.Draft => "草稿",
        SubmissionStatus.Submitted => "已报送",
        SubmissionStatus.Approved => "已审核通过",
        SubmissionStatus.Returned => "已退回",
    };

    public static string Label(this UnlockApplicationStatus status) => status switch
    {
        UnlockApplicationStatus.Pending => "待处理",
        UnlockApplicationStatus.Granted => "已准予",
        UnlockApplicationStatus.Refused => "已拒绝",
    };

    public static string Label(this InstitutionCategory category) => category switch
    {
        InstitutionCategory.LargeStateOwnedBank => "国有大型商业银行",
        InstitutionCategory.JointStockBank => "股份制商业银行",
        InstitutionCategory.CityCommercialBank => "城市商业银行",
        InstitutionCategory.RuralCommercialBank => "农村商业银行",
        InstitutionCategory.RuralCooperative => "农村合作金融机构",
        InstitutionCategory.VillageBank => "村镇银行",
        InstitutionCategory.PrivateBank => "民营银行",
        InstitutionCategory.ForeignBank => "外资银行",
        InstitutionCategory.PolicyBank => "政策性银行",
        InstitutionCategory.Insurer => "保险机构",
        InstitutionCategory.LocalFinancialOrganisation => "地方金融组织",
        InstitutionCategory.Other => "其他",
    };

    public static string Label(this RequirementKind kind) => kind switch
    {
        RequirementKind.Deadline => "限期报送",
        RequirementKind.RecurringReport => "定期报送",
        RequirementKind.Target => "量化目标",
        RequirementKind.Prohibition => "禁止性要求",
        RequirementKind.Principle => "原则性要求",
    };

    public static string Label(this TargetStatus status) => status switch
    {
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.AtRisk => "有风险",
        TargetStatus.Missed => "未达标",
        TargetStatus.Met => "已达标",
        TargetStatus.NoData => "无数据",
    };

    public static string Label(this TargetScope scope) => scope switch
    {
        TargetScope.PerInstitution => "按机构逐一评估，并列出辖内合计",
        TargetScope.Jurisdiction => "按辖内合计评估",
    };

    public static string Label(this CircularStatus status) => status switch
    {
        CircularStatus.Draft => "草稿",
        CircularStatus.Published => "已发布",
        CircularStatus.Expired => "已失效",
        CircularStatus.Repealed => "已废止",
    };

    public static string Label(this CircularRelationKind kind) => kind switch
    {
        CircularRelationKind.Amends => "修订",
        CircularRelationKind.Supplements => "补充",
        CircularRelationKind.Repeals => "废止",
    };

    public static string Label(this DocumentKind kind) => kind switch
    {
        DocumentKind.Notice => "通知",
        DocumentKind.NewsReport => "新闻报道",
    };

    public static string Label(this InstitutionType type) => type switch
    {
        InstitutionType.Bank => "银行",
        InstitutionType.Insurer => "保险机构",
        InstitutionType.LocalFinancialOrganisation => "地方金融组织",
    };

    public static string Label(this DueFrequency frequency) => frequency switch
    {
        DueFrequency.Once => "一次性",
        DueFrequency.Weekly => "每周",
        DueFrequency.TenDay => "每旬",
        DueFrequency.Monthly => "每月",
        DueFrequency.Quarterly => "每季",
        DueFrequency.HalfYearly => "每半年",
        DueFrequency.Yearly => "每年",
    };

    public static string Label(this DueAnchor anchor) => anchor switch
    {
        DueAnchor.IssueDate => "发文之日",
        DueAnchor.ReceiptDate => "收文之日",
        DueAnchor.PeriodEnd => "每期结束",
        DueAnchor.FixedDate => "固定日期",
    };

    public static string Label(this DueUnit unit) => unit switch
    {
        DueUnit.NaturalDays => "个自然日",
        DueUnit.WorkingDays => "个工作日",
        DueUnit.Months => "个月",
    };

    public static string Label(this RevisionSource source) => source switch
    {
        RevisionSource.Api => "接口",
        RevisionSource.Page => "页面",
        RevisionSource.Excel => "Excel",
    };

    public static string Label(this NotificationKind kind) => kind switch
    {
        NotificationKind.Reminder => "提醒",
        NotificationKind.Chase => "催报",
        NotificationKind.Escalation => "升级",
        NotificationKind.Digest => "摘要",
        NotificationKind.ReportSubmitted => "待审核",
        NotificationKind.ReportReturned => "退回",
        NotificationKind.ReportApproved => "审核通过",
        NotificationKind.UnlockGranted => "补报已批准",
        NotificationKind.CircularPublished => "新通知",
        NotificationKind.UnlockRequested => "补报申请",
        NotificationKind.UnlockRefused => "补报未获准",
        NotificationKind.MaterialSubmitted => "材料报送",
        NotificationKind.MaterialAccepted => "办结",
        NotificationKind.MaterialReturned => "材料退回",
        NotificationKind.RuleExempted => "例外校验许可",
        NotificationKind.ItemWaived => "豁免",
        NotificationKind.ItemReopened => "重新办理",
        NotificationKind.CircularAmended => "通知修订",
        NotificationKind.CircularRepealed => "通知废止",
        NotificationKind.FormVersionPublished => "报表新版本",
        NotificationKind.DueDatesReplanned => "期限调整",
    };

    public static string Label(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "待发送",
        DeliveryStatus.Sent => "已发送",
        DeliveryStatus.Failed => "发送失败",
    };

    public static string Label(this DeliveryChannel channel) => channel switch
    {
        DeliveryChannel.Email => "邮件",
        DeliveryChannel.Robot => "群机器人",
    };

    public static string Label(this RobotKind kind) => kind switch
    {
        RobotKind.WeCom => "企业微信",
        RobotKind.DingTalk => "钉钉",
    };

    public static string Label(this CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.Holiday => "放假",
        CalendarDayKind.Workday => "调休上班",
    };

    public static string Label(this RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "错误",
        RuleSeverity.Warning => "提示",
    };
}
