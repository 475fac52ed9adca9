using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>Every endpoint the app maps, from its own endpoint data source, one per method, with a URL to call it.</summary>
public static class AppEndpoints
{
    /// <summary>
    /// The endpoints as the authorization middleware sees them. A page's endpoint carries its model's attributes only
    /// once the page is loaded, so pages are loaded first, as routing does on their first request.
    /// </summary>
    public static async Task<List<AppEndpoint>> ReadAsync(ComplianceApp app)
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        var loaded = new List<(RoutePattern Pattern, EndpointMetadataCollection Metadata)>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, metadata);
                metadata = new EndpointMetadataCollection(metadata.Concat(compiled.EndpointMetadata));
            }

            loaded.Add((endpoint.RoutePattern, metadata));
        }

        return loaded
            .SelectMany(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
                return methods.Where(m => m != "OPTIONS").Select(m => new AppEndpoint(
                    m,
                    e.Pattern,
                    e.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)) == true));
            })
            .DistinctBy(e => e.Name)
            .ToList();
    }

    /// <summary>Route values naming things every signed-in demo caller may see: the bank SD-CCB, its weekly form.</summary>
    public static async Task<Dictionary<string, string>> RouteValuesAsync(ComplianceApp app)
    {
        var period = await app.QueryAsync(db => db.ReportPeriods.OrderBy(p => p.Id).Select(p => new { p.Key, p.Form.Code }).FirstAsync());
        var circular = await app.QueryAsync(db => db.Circulars.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["form"] = period.Code,
            ["key"] = period.Key,
            ["period"] = period.Key,
            ["institution"] = "SD-CCB",
            ["id"] = circular.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["circularId"] = circular.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = "2026",
            ["userName"] = "SD-ICBC-reporter",
            ["code"] = "404",
            ["documentName"] = "v1",
        };
    }
}

public sealed record AppEndpoint(string Method, RoutePattern Pattern, IReadOnlyList<IAuthorizeData> Authorize, bool Anonymous, bool TakesForm)
{
    public string Name => $"{Method} /{Pattern.RawText?.TrimStart('/')}";

    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.IsCatchAll ? "" : Uri.EscapeDataString(values.GetValueOrDefault(parameter.Name, "1")),
            _ => "",
        })));
        return "/" + string.Join("/", segments).TrimEnd('/');
    }
}
