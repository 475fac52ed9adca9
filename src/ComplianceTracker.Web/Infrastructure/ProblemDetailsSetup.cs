namespace ComplianceTracker.Web.Infrastructure;

public static class ProblemDetailsSetup
{
    /// <summary>Chinese titles for the status codes the framework answers by itself (401, 404, 405 ...).</summary>
    private static readonly Dictionary<int, (string Title, string Detail)> ChineseByStatus = new()
    {
        [400] = ("请求有误", "请求缺少必填内容或格式有误，请检查后重试。"),
        [401] = ("未登录", "请先登录，或提供有效的访问令牌（Authorization: Bearer ...）。"),
        [403] = ("无权访问", "当前账号无权执行此操作。"),
        [404] = ("未找到", "请求的地址或资源不存在。"),
        [405] = ("方法不允许", "该地址不支持此请求方法。"),
        [409] = ("操作冲突", "请求与当前数据状态冲突，请刷新后重试。"),
        [413] = ("请求体过大", "请求体超过允许的大小，请缩小后重试。"),
        [415] = ("不支持的内容类型", "请以 application/json 提交请求体。"),
        [423] = ("账号已锁定", "登录失败次数过多，账号已暂时锁定，请稍后再试。"),
        [429] = ("请求过于频繁", "请稍后再试。"),
        [500] = ("服务器内部错误", "服务器处理请求时出错，请稍后重试。"),
        [503] = ("系统繁忙", "系统繁忙，请稍后重试。"),
    };

    public static IServiceCollection AddChineseProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (ChineseByStatus.TryGetValue(status, out var chinese))
            {
                // Framework defaults are English ("Not Found", "One or more validation errors occurred.").
                if (string.IsNullOrEmpty(problem.Title) || IsAscii(problem.Title))
                {
                    problem.Title = chinese.Title;
                }

                if (string.IsNullOrEmpty(problem.Detail) || IsAscii(problem.Detail))
                {
                    problem.Detail = chinese.Detail;
                }
            }

            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }

    private static bool IsAscii(string text) => text.All(c => c < 128);
}
