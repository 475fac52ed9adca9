using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Refuses oversize bodies before they are read (413), on Kestrel and behind any host.</summary>
public sealed class RequestLimits
{
    public const string Section = "Limits";

    /// <summary>Largest request body accepted, in bytes (default 2 MiB: a long circular is tens of KiB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Saves and submits run at most this many at once per server; the rest wait in line (oldest first) instead of
    /// all fighting for database connections, which on the due morning would slow every one of them down.
    /// </summary>
    [Range(1, 10_000)]
    public int ConcurrentWrites { get; set; } = 32;

    /// <summary>How many writes may wait in line before the server answers 503 with Retry-After.</summary>
    [Range(0, 1_000_000)]
    public int WriteQueue { get; set; } = 20_000;

    public const string WritePolicy = "writes";
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
