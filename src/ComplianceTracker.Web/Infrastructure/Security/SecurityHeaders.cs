namespace ComplianceTracker.Web.Infrastructure.Security;

/// <summary>
/// Response headers that keep the pages from being framed, sniffed or made to run script that is not the app's own.
/// The pages load only files served by the app (no CDN), so the policy allows <c>'self'</c> and nothing inline.
/// The two third-party tools, the API reference and the job dashboard, write inline script; their paths get the same
/// policy with inline script and style allowed, and are still never framed.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private const string ToolsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static readonly string[] ToolPaths = ["/scalar", "/jobs"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set when the response starts, so that error responses (whose headers the exception handler clears) carry them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var tool = ToolPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
            headers.ContentSecurityPolicy = tool ? ToolsPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
