using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Refuses oversize bodies before they are read (413), on Kestrel and behind any host.</summary>
public sealed class RequestLimits
{
    public const string Section = "Limits";

    /// <summary>Largest request body accepted, in bytes (default 2 MiB: a long circular is tens of KiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;
}

public static class RequestLimitsMiddleware
{
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app, RequestLimits limits) =>
        app.Use(async (context, next) =>
        {
            // An endpoint may allow more (the Excel upload does) with RequestSizeLimitAttribute metadata.
            var max = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? limits.MaxRequestBodyBytes;
            if (context.Request.ContentLength > max)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = max;
            }

            await next(context);
        });
}
