using System.Text.Encodings.Web;
using System.Text.Unicode;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.WebEncoders;

namespace ComplianceTracker.Web.Pages;

public static class PagesSetup
{
    /// <summary>The Razor pages: signed in everywhere but the sign-in and error pages, Chinese written as characters.</summary>
    public static IServiceCollection AddCompliancePages(this IServiceCollection services)
    {
        // Razor writes Chinese as characters, not as &#x...; escapes.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", Policies.SignedIn);
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/Activate");
            o.Conventions.AllowAnonymousToFolder("/Error");
            o.Conventions.AddPageRoute("/Reporting/FormBuilder", "/forms/new");
        }).AddMvcOptions(o => ChineseBindingMessages(o.ModelBindingMessageProvider));
        services.AddScoped<Shared.LayoutModel>();
        return services;
    }

    /// <summary>What model binding says, in Chinese, when a value in a form or a URL cannot be read; {field} is the property's display name.</summary>
    private static void ChineseBindingMessages(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"{field}“{value}”无法识别，请重新选择或填写。");
        messages.SetMissingBindRequiredValueAccessor(field => $"请填写{field}。");
        messages.SetMissingKeyOrValueAccessor(() => "请填写完整。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空。");
        messages.SetValueMustNotBeNullAccessor(value => $"“{value}”不能为空。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”无法识别，请重新选择或填写。");
        messages.SetUnknownValueIsInvalidAccessor(field => $"{field}无效，请重新选择或填写。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "填写的值无效，请重新选择或填写。");
        messages.SetValueIsInvalidAccessor(value => $"“{value}”无效，请重新选择或填写。");
        messages.SetValueMustBeANumberAccessor(field => $"{field}必须是数字。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "请填写数字。");
    }

    /// <summary>The binding and validation errors of a page, one sentence each, for its error box.</summary>
    public static string Errors(ModelStateDictionary state) =>
        string.Join("；", state.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage.TrimEnd('。')).Where(m => m.Length > 0).Distinct()) + "。";
}
