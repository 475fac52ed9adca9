using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Error;

/// <summary>The Chinese error page for people (404, 403, 500 and the rest): what happened and what to do, never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string? RequestId { get; private set; }

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            404 => ("页面不存在", "您要找的页面不存在，或已被移除。请检查地址，或从首页重新进入。"),
            403 => ("无权访问", "您没有查看此页面的权限。如需访问，请联系本机构负责人或监管员。"),
            400 => ("请求有误", "请求的内容有误，请返回上一页检查后重试。"),
            >= 500 => ("系统出错了", "服务器处理请求时出错，您的操作可能未完成。请稍后重试；如问题持续，请联系管理员。"),
            _ => ("出错了", $"请求未能完成（{code}）。请返回首页重试。"),
        };
        RequestId = code >= 500 ? Activity.Current?.Id ?? HttpContext.TraceIdentifier : null;
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            Response.StatusCode = code is >= 400 and < 600 ? code : 400;
        }
    }
}
