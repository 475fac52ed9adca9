using System.Text.Encodings.Web;
using System.Text.Unicode;
using ComplianceTracker.Web.Infrastructure;
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
            o.Conventions.AllowAnonymousToFolder("/Error");
        }).AddMvcOptions(o => ChineseBindingMessages(o.ModelBindingMessageProvider));
        services.AddScoped<Shared.LayoutModel>();
        return services;
    }

    /// <summary>What model binding says about a value it cannot read, in Chinese, naming what was typed.</summary>
    private static void ChineseBindingMessages(Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}”格式不正确，请检查后重新填写。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”格式不正确，请检查后重新填写。");
        messages.SetUnknownValueIsInvalidAccessor(field => "所填内容格式不正确，请检查后重新填写。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "所填内容格式不正确，请检查后重新填写。");
        messages.SetValueIsInvalidAccessor(value => $"“{value}”格式不正确，请检查后重新填写。");
        messages.SetValueMustBeANumberAccessor(field => "请填写数字。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "请填写数字。");
        messages.SetValueMustNotBeNullAccessor(value => "此项不能为空。");
        messages.SetMissingBindRequiredValueAccessor(field => "请填写此项。");
        messages.SetMissingKeyOrValueAccessor(() => "请填写此项。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空。");
    }
}
