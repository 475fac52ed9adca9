using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceTracker.Web.Features.Accounts;

public static class AuthSetup
{
    /// <summary>The scheme that picks bearer tokens when the request carries one, else the sign-in cookie.</summary>
    private const string BearerOrCookie = "BearerOrCookie";

    public static IServiceCollection AddComplianceAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.Section);
        services.AddSingleton<SigningKeyProvider>();
        services.AddValidatedOptions<SignInLimitOptions>(configuration, SignInLimitOptions.Section);
        services.AddSingleton<SignInThrottle>();

        // Keys in the shared database, so the sign-in cookie and antiforgery tokens one server makes are read by all.
        services.AddDataProtection().SetApplicationName("ComplianceTracker").PersistKeysToDbContext<ComplianceDbContext>();

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = options.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                // The usual bank rule: at least 8 characters with upper and lower case letters, a digit and a symbol.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 4;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ComplianceDbContext>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddSignInManager<AppSignInManager>()
            .AddDefaultTokenProviders();

        services.AddValidatedOptions<ActivationOptions>(configuration, ActivationOptions.Section);
        services.AddSingleton<ActivationCodes>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ComplianceTracker.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure unless explicitly allowed over plain HTTP (a laptop, or the tests); see Auth:RequireHttps.
            o.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // 30 minutes without a request ends the sign-in; each request renews it. The expiry is inside the protected
            // cookie, so every server enforces it.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.IdleTimeoutMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/error/403";
            // The API answers 401/403 as ProblemDetails instead of redirecting to a sign-in page.
            // A browser that still sends the sign-in cookie was signed in and timed out: the sign-in page says so.
            o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(
                ctx.HttpContext,
                ctx.Request.Cookies.ContainsKey("ComplianceTracker.Auth") ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(ctx.RedirectUri, "expired", "true") : ctx.RedirectUri,
                StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = RejectStaleCookieAsync;
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = BearerOrCookie;
                o.DefaultChallengeScheme = BearerOrCookie;
                o.DefaultAuthenticateScheme = BearerOrCookie;
            })
            .AddPolicyScheme(BearerOrCookie, "Bearer token or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme)
            .AddJwtBearer();

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, TimeProvider>((o, key, time) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Issuer,
                    IssuerSigningKey = key.Key,
                    NameClaimType = System.Security.Claims.ClaimTypes.Name,
                    RoleClaimType = System.Security.Claims.ClaimTypes.Role,
                    ClockSkew = Skew,

                    // Lifetimes are checked on the app's clock, the one that issued them.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return expires is { } e && e.ToUniversalTime() > now - Skew && (notBefore is not { } nb || nb.ToUniversalTime() <= now + Skew);
                    },
                };
                o.Events = new JwtBearerEvents { OnTokenValidated = RejectStaleTokenAsync };
            });

        // The antiforgery cookie follows the request (the framework refuses to issue an Always-secure one over HTTP,
        // which would be a 500 on a misconfigured balancer); it is worthless without the sign-in cookie, which is secure.
        services.AddAntiforgery(o => o.Cookie.Name = "ComplianceTracker.Antiforgery");
        services.AddAuthorizationBuilder().AddCompliancePolicies();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<IssueTokenHandler>();
        services.AddScoped<GetMeHandler>();
        services.AddScoped<SignInHandler>();
        services.AddScoped<ManageUsersHandler>();
        services.AddScoped<BulkCreateUsersHandler>();
        services.AddScoped<ActivateAccountHandler>();
        return services;
    }

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A token stays valid only while its user exists, is not disabled or locked out, and has the security stamp it was issued
    /// with: changing the password or roles (which renews the stamp) or locking the account revokes it at once.
    /// </summary>
    private static async Task RejectStaleTokenAsync(TokenValidatedContext context)
    {
        // One load of the user serves both this check and the request's access scope (CurrentUser reuses it).
        var current = context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
        var scope = context.Principal is null ? null : await current.TryLoadAsync(context.Principal, context.HttpContext.RequestAborted);

        // Identity writes LockoutEnd with the system clock, so it is compared with the system clock here.
        if (!Holds(scope, context.Principal, IssueTokenHandler.SecurityStampClaim)
            || (scope!.User.LockoutEnabled && scope.User.LockoutEnd > DateTimeOffset.UtcNow))
        {
            current.Forget();
            context.Fail("令牌已失效，请重新登录。");
        }
    }

    /// <summary>
    /// The sign-in cookie, like a token, holds only while its user exists, is not disabled and has the security stamp
    /// it was issued with: 停用, 重置密码, a change of roles or of password ends the account's sessions at once. The user
    /// is loaded once per request (the page's layout and access scope reuse it); comparing the stamp on every request
    /// makes Identity's own periodic stamp check redundant.
    /// </summary>
    private static async Task RejectStaleCookieAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var current = services.GetRequiredService<CurrentUser>();
        var scope = context.Principal is null ? null : await current.TryLoadAsync(context.Principal, context.HttpContext.RequestAborted);
        var stampClaim = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (!Holds(scope, context.Principal, stampClaim))
        {
            current.Forget();
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>A sign-in (cookie or token) holds while its user exists, is not disabled, and still has the stamp it carries.</summary>
    private static bool Holds(AccessScope? scope, System.Security.Claims.ClaimsPrincipal? principal, string stampClaim) =>
        scope is not null && principal is not null && !scope.User.IsDisabled && principal.FindFirst(stampClaim)?.Value == scope.User.SecurityStamp;

    private static Task ApiOrRedirect(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
