using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Notifications;

public sealed class GroupRobotsHandler(ComplianceDbContext db, RobotSender sender, AuditLog audit)
{
    public async Task<List<GroupRobotDto>> ListAsync(CancellationToken ct)
    {
        var rows = await (from r in db.GroupRobots
                          join u in db.Users on r.UserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          orderby r.Id
                          select new { Robot = r, InstitutionCode = r.Institution != null ? r.Institution.Code : null, UserName = u != null ? u.UserName : null })
            .ToListAsync(ct);
        return rows.Select(x => ToDto(x.Robot, x.InstitutionCode, x.UserName)).ToList();
    }

    public async Task<GroupRobotDto> SetAsync(SetGroupRobotRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Institution) == string.IsNullOrWhiteSpace(request.User))
        {
            errors["institution"] = ["请填写机构代码（institution）或用户名（user）其中之一：机器人属于一个机构，或属于一位监管员或领导。"];
        }

        var url = request.Url?.Trim() ?? "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || url.Length > 500)
        {
            errors["url"] = ["请填写群机器人的完整 Webhook 地址（http 或 https 开头，不超过 500 个字符），例如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"];
        }

        if (request.Secret is { Length: > 200 })
        {
            errors["secret"] = ["加签密钥不能超过 200 个字符。"];
        }

        if (!Enum.IsDefined(request.Kind))
        {
            errors["kind"] = ["机器人类型只能是 WeCom（企业微信）或 DingTalk（钉钉）。"];
        }

        int? institutionId = null;
        string? userId = null;
        if (!string.IsNullOrWhiteSpace(request.Institution))
        {
            institutionId = await db.Institutions.Where(i => i.Code == request.Institution.Trim()).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct);
            if (institutionId is null)
            {
                errors["institution"] = [$"未找到机构代码“{request.Institution}”。"];
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.User))
        {
            var name = request.User.Trim();
            userId = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.UserName == name && (r.Name == Roles.Supervisor || r.Name == Roles.Leader)
                            select u.Id).FirstOrDefaultAsync(ct);
            if (userId is null)
            {
                errors["user"] = [$"未找到监管员或领导“{name}”：个人机器人只能设置给监管员或领导，机构的填报员和负责人请使用机构机器人。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("群机器人设置有误，请按提示修改。", errors);
        }

        var robot = await db.GroupRobots.SingleOrDefaultAsync(r => institutionId != null ? r.InstitutionId == institutionId : r.UserId == userId, ct);
        if (robot is null)
        {
            robot = new GroupRobot { Url = url, InstitutionId = institutionId, UserId = userId };
            db.GroupRobots.Add(robot);
        }

        robot.Kind = request.Kind;
        robot.Url = url;
        robot.Secret = string.IsNullOrWhiteSpace(request.Secret) ? null : request.Secret.Trim();
        robot.Enabled = request.Enabled ?? true;
        audit.Add(AuditActions.RobotSaved, request.Institution?.Trim() ?? request.User?.Trim(), $"{robot.Kind}，{(robot.Enabled ? "启用" : "停用")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            throw new ConflictException("另一位管理员刚刚设置了同一个机器人，请刷新后重试。");
        }

        return ToDto(robot, request.Institution?.Trim(), request.User?.Trim());
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        if (await db.GroupRobots.Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            throw new NotFoundException($"未找到编号为 {id} 的群机器人。");
        }

        await audit.RecordAsync(AuditActions.RobotDeleted, $"群机器人 {id}", ct: ct);
    }

    public async Task<RobotTestResult> TestAsync(int id, CancellationToken ct)
    {
        var robot = await db.GroupRobots.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException($"未找到编号为 {id} 的群机器人。");
        var error = await sender.SendAsync(robot, "【测试】监管合规跟踪", "这是一条测试消息：群机器人已接通，到期提醒、催报和逾期升级将发到本群。", ct);
        return new RobotTestResult(error is null, error is null ? null : $"机器人未接受消息：{error}");
    }

    /// <summary>The address up to its query, where 企业微信 keeps the key and 钉钉 the access token.</summary>
    private static GroupRobotDto ToDto(GroupRobot r, string? institution, string? user)
    {
        var query = r.Url.IndexOf('?', StringComparison.Ordinal);
        var shown = query < 0 ? r.Url : r.Url[..query] + "?…";
        return new GroupRobotDto(r.Id, r.Kind, institution, user, shown, r.Secret is not null, r.Enabled);
    }
}
