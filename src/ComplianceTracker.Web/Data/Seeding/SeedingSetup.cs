using ComplianceTracker.Web.Infrastructure;
namespace ComplianceTracker.Web.Data.Seeding;

public static class SeedingSetup
{
    /// <summary>Reference data (calendar, institutions, circulars, forms) and the demo scenario, read from <c>seeds/</c>.</summary>
    public static IServiceCollection AddSeeding(this IServiceCollection services, IConfiguration configuration)
    {
        var seed = services.AddValidatedOptions<SeedOptions>(configuration, SeedOptions.Section);
        services.AddSingleton(seed.Folder is { Length: > 0 } folder ? new SeedFiles(folder) : SeedFiles.Default());
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoReports>();
        services.AddScoped<DemoTargets>();
        return services;
    }
}
