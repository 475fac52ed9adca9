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
        });
        services.AddScoped<Shared.LayoutModel>();
        return services;
    }
}
