namespace ComplianceTracker.Web.Domain;

/// <summary>
/// One line of the audit log: a sign-in (or a refused one) or a privileged action, who did it, from where, on what,
/// and whether it succeeded. Written in the same transaction as the change it records where there is one, so the log
/// never claims a change that was rolled back, nor misses one that was made.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The signed-in user, or the name typed at a failed sign-in.</summary>
    public string? UserName { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on: a circular, an institution's submission, an account, a calendar year.</summary>
    public string? Target { get; set; }

    public string? Detail { get; set; }
    public bool Succeeded { get; set; } = true;
    public string? Address { get; set; }
    public string? RequestId { get; set; }
}

/// <summary>The actions the log records, with the Chinese names people read in the export.</summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignInLockedOut = "SignInLockedOut";
    public const string SignInThrottled = "SignInThrottled";
    public const string TokenIssued = "TokenIssued";
    public const string SignOut = "SignOut";
    public const string UserCreated = "UserCreated";
    public const string PasswordReset = "PasswordReset";
    public const string PasswordChanged = "PasswordChanged";
    public const string UserUnlocked = "UserUnlocked";
    public const string UserUpdated = "UserUpdated";
    public const string UserDisabled = "UserDisabled";
    public const string UserEnabled = "UserEnabled";
    public const string UsersBulkCreated = "UsersBulkCreated";
    public const string AccountActivated = "AccountActivated";
    public const string ActivationFailed = "ActivationFailed";
    public const string SignInDisabled = "SignInDisabled";
    public const string CircularCreated = "CircularCreated";
    public const string CircularPublished = "CircularPublished";
    public const string CircularDatesChanged = "CircularDatesChanged";
    public const string CircularUpdated = "CircularUpdated";
    public const string CircularDeleted = "CircularDeleted";
    public const string CircularAmended = "CircularAmended";
    public const string CircularRepealed = "CircularRepealed";
    public const string CalendarReplaced = "CalendarReplaced";
    public const string FormCreated = "FormCreated";
    public const string FormUpdated = "FormUpdated";
    public const string FormVersionPublished = "FormVersionPublished";
    public const string RobotSaved = "RobotSaved";
    public const string RobotDeleted = "RobotDeleted";
    public const string SubmissionApproved = "SubmissionApproved";
    public const string SubmissionReturned = "SubmissionReturned";
    public const string SubmissionWithdrawn = "SubmissionWithdrawn";
    public const string UnlockGranted = "UnlockGranted";
    public const string RuleExemptionGranted = "RuleExemptionGranted";
    public const string UnlockRequested = "UnlockRequested";
    public const string UnlockRefused = "UnlockRefused";
    public const string MaterialUploaded = "MaterialUploaded";
    public const string MaterialReturned = "MaterialReturned";
    public const string DueItemStatusChanged = "DueItemStatusChanged";
    public const string BaselinesSaved = "BaselinesSaved";
    public const string Exported = "Exported";
    public const string InstitutionCreated = "InstitutionCreated";
    public const string InstitutionUpdated = "InstitutionUpdated";
    public const string InstitutionDeactivated = "InstitutionDeactivated";
    public const string InstitutionsImported = "InstitutionsImported";
    public const string JurisdictionCreated = "JurisdictionCreated";

    public static readonly IReadOnlyDictionary<string, string> ChineseNames = new Dictionary<string, string>
    {
        [SignIn] = "登录",
        [SignInFailed] = "登录失败",
        [SignInLockedOut] = "登录被锁定",
        [SignInThrottled] = "登录过于频繁被拒",
        [TokenIssued] = "接口令牌签发",
        [SignOut] = "退出登录",
        [UserCreated] = "创建账号",
        [PasswordReset] = "重置密码",
        [PasswordChanged] = "修改本人密码",
        [UserUnlocked] = "解除账号锁定",
        [UserUpdated] = "修改账号",
        [UserDisabled] = "停用账号",
        [UserEnabled] = "启用账号",
        [UsersBulkCreated] = "批量开通账号",
        [AccountActivated] = "开通码设置密码",
        [ActivationFailed] = "开通码验证失败",
        [SignInDisabled] = "停用账号登录被拒",
        [CircularCreated] = "登记通知文件",
        [CircularPublished] = "发布通知文件",
        [CircularDatesChanged] = "补录文件日期",
        [CircularUpdated] = "修改通知草稿",
        [CircularDeleted] = "删除通知草稿",
        [CircularAmended] = "修订通知文件",
        [CircularRepealed] = "废止通知文件",
        [CalendarReplaced] = "更新节假日安排",
        [FormCreated] = "建立报表",
        [FormUpdated] = "修改报表",
        [FormVersionPublished] = "发布报表新版本",
        [RobotSaved] = "设置群机器人",
        [RobotDeleted] = "删除群机器人",
        [SubmissionApproved] = "审核通过报表",
        [SubmissionReturned] = "退回报表",
        [SubmissionWithdrawn] = "撤回报表",
        [UnlockGranted] = "批准补报解锁",
        [RuleExemptionGranted] = "例外校验许可",
        [UnlockRequested] = "申请补报",
        [UnlockRefused] = "拒绝补报申请",
        [MaterialUploaded] = "上传事项材料",
        [MaterialReturned] = "退回事项材料",
        [DueItemStatusChanged] = "变更事项状态",
        [BaselinesSaved] = "录入目标基数",
        [Exported] = "导出数据",
        [InstitutionCreated] = "登记机构",
        [InstitutionUpdated] = "修改机构信息",
        [InstitutionDeactivated] = "停用机构",
        [InstitutionsImported] = "导入机构名录",
        [JurisdictionCreated] = "增设辖区",
    };

    public static string Chinese(string action) => ChineseNames.GetValueOrDefault(action, action);
}
