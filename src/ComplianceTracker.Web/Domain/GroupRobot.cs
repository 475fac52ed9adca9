namespace ComplianceTracker.Web.Domain;

/// <summary>
/// A 企业微信 or 钉钉 group robot that receives an institution's messages (reminders, 催报, escalation to its head),
/// or a supervisor's or leader's (escalations to them, the weekly digest). One per institution, one per user.
/// </summary>
public class GroupRobot
{
    public int Id { get; set; }
    public RobotKind Kind { get; set; }

    /// <summary>The robot's webhook address, with its key (企业微信) or access token (钉钉).</summary>
    public required string Url { get; set; }

    /// <summary>钉钉's 加签 secret, when the robot's security setting uses it.</summary>
    public string? Secret { get; set; }

    public int? InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public string? UserId { get; set; }
    public bool Enabled { get; set; } = true;
}

public enum RobotKind
{
    /// <summary>企业微信群机器人: <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c></summary>
    WeCom,

    /// <summary>钉钉群机器人: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c></summary>
    DingTalk,
}
