using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceTracker.Web.Features.Accounts;

public sealed record IssueTokenRequest(
    [property: Required(ErrorMessage = "请填写用户名。")] string UserName,
    [property: Required(ErrorMessage = "请填写密码。")] string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>Exchanges a user name and password for a bearer token; failures count towards lockout.</summary>
public sealed class IssueTokenHandler(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    SigningKeyProvider signingKey,
    AuthOptions options,
    TimeProvider time,
    SignInThrottle throttle,
    IHttpContextAccessor http,
    AuditLog audit)
{
    public async Task<IResult> HandleAsync(IssueTokenRequest request)
    {
        if (throttle.TryEnter(http.HttpContext!) is { } wait)
        {
            await audit.RecordAsync(AuditActions.SignInThrottled, "接口令牌", succeeded: false, userName: request.UserName);
            http.HttpContext!.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "请求过于频繁", detail: SignInThrottle.Message(wait));
        }

        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            throw new RuleViolationException("请填写用户名和密码。", new Dictionary<string, string[]>
            {
                ["userName"] = ["请填写用户名。"],
                ["password"] = ["请填写密码。"],
            });
        }

        var user = await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            await audit.RecordAsync(AuditActions.SignInFailed, "接口令牌", "无此账号", succeeded: false, userName: request.UserName);
            return Unauthorized();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(AuditActions.SignInLockedOut, "接口令牌", succeeded: false, userName: user.UserName);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status423Locked,
                title: "账号已锁定",
                detail: $"登录失败次数过多，账号已锁定 {options.LockoutMinutes} 分钟，请稍后再试或联系管理员解锁。");
        }

        if (result.IsNotAllowed)
        {
            await audit.RecordAsync(AuditActions.SignInDisabled, "接口令牌", succeeded: false, userName: user.UserName);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "账号已停用", detail: AppSignInManager.DisabledMessage);
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.SignInFailed, "接口令牌", "密码错误", succeeded: false, userName: user.UserName);
            return Unauthorized();
        }

        await audit.RecordAsync(AuditActions.TokenIssued, "接口令牌", userName: user.UserName);

        var roles = await users.GetRolesAsync(user);
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName!),
            new(SecurityStampClaim, await users.GetSecurityStampAsync(user)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));

        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(options.TokenLifetimeMinutes);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

    /// <summary>The user's security stamp when the token was issued: a password or role change revokes the token.</summary>
    public const string SecurityStampClaim = "stamp";

    private static IResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "登录失败",
        detail: "用户名或密码不正确。连续失败多次后账号将被暂时锁定。");
}
