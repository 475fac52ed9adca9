using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Turns every exception into RFC 9457 ProblemDetails with a Chinese message; never a stack trace.</summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: decide by the path that failed.
        var failedPath = httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (IsPage(failedPath))
        {
            // A person's page: the exception handler re-executes the Chinese error page instead.
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }

        var (status, title, detail, errors) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "未找到", e.Message, null),
            ForbiddenException e => (StatusCodes.Status403Forbidden, "无权访问", e.Message, null),
            ConflictException e => (StatusCodes.Status409Conflict, "操作冲突", e.Message, null),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "操作冲突", "数据刚被他人或系统修改，您的操作未生效。请刷新后重试。", null),
            RuleViolationException e => (StatusCodes.Status400BadRequest, "请求未通过校验", e.Message, e.Errors),
            Features.Exports.Xlsx.ExportTemplateException e => (StatusCodes.Status500InternalServerError, "导出模板有误", $"{e.Message} 请管理员修复或恢复该模板。", null),
            BadHttpRequestException e => Describe(e),
            JsonException => (StatusCodes.Status400BadRequest, "请求格式有误", "请求体不是有效的 JSON，请检查括号、引号和逗号。", null),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "请求已取消", "客户端已取消请求。", null),
            _ when IsOverload(exception) => (StatusCodes.Status503ServiceUnavailable, "系统繁忙", "当前报送人数较多，数据库暂时无法处理您的请求，数据未保存。请稍后重试。", null),
            _ => (StatusCodes.Status500InternalServerError, "服务器内部错误", "服务器处理请求时出错，请稍后重试；如问题持续，请联系管理员并提供请求编号。", (IDictionary<string, string[]>?)null),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Database overloaded for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        var problem = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail }
            : new ProblemDetails { Status = status, Title = title, Detail = detail };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A request for a person's page (not the API, the jobs dashboard, health or OpenAPI).</summary>
    public static bool IsPage(HttpContext context) => IsPage(context.Request.Path);

    private static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/jobs") && !path.StartsWithSegments("/health")
        && !path.StartsWithSegments("/openapi") && !path.StartsWithSegments("/scalar");

    /// <summary>
    /// The database could not take the request in time (pool exhausted, timeout, retries spent): the caller should
    /// retry later, and nothing was written since every change is one SaveChanges.
    /// </summary>
    private static bool IsOverload(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or System.Data.Common.DbException { IsTransient: true }
                || (e is InvalidOperationException && e.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase))
                || (e is InvalidOperationException && e.Message.Contains("connection pool", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static (int, string, string, IDictionary<string, string[]>?) Describe(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => (413, "请求体过大", "请求体超过允许的大小，请缩小后重试。", null),
        StatusCodes.Status415UnsupportedMediaType => (415, "不支持的内容类型", "请以 application/json 提交请求体。", null),
        _ when e.InnerException is JsonException => (400, "请求格式有误", "请求体不是有效的 JSON，或字段类型不对（例如日期应为 yyyy-MM-dd）。请检查后重试。", null),
        _ when BindFailure().Match(e.Message) is { Success: true } m =>
            (400, "请求参数有误", $"参数“{m.Groups["name"].Value}”的值“{m.Groups["value"].Value}”无效，请检查拼写或格式。", null),
        _ when e.Message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase) =>
            (400, "请求有误", "缺少请求体，请以 JSON 提交所需内容。", null),
        _ => (e.StatusCode, "请求有误", "请求缺少必填内容或格式有误，请检查后重试。", null),
    };

    [System.Text.RegularExpressions.GeneratedRegex("""Failed to bind parameter "[^"]*?(?<name>\w+)" from "(?<value>[^"]*)""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();
}
