using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ComplianceTracker.Web.Infrastructure.Security;

/// <summary>
/// Behind the bank's load balancer the app sees the balancer's address and plain HTTP. The balancer's addresses are
/// listed in <c>ForwardedHeaders:KnownProxies</c> (or networks in <c>KnownNetworks</c>, CIDR); only then are its
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> believed, so that secure cookies, HSTS and the sign-in limit per
/// address see the real client and scheme. Nothing configured: only loopback is trusted (the framework's default).
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddComplianceForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
