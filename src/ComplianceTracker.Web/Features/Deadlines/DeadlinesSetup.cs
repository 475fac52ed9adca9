namespace ComplianceTracker.Web.Features.Deadlines;

public static class DeadlinesSetup
{
    /// <summary>The deadline engine: due moments counted on the working-day calendar the Calendar feature provides.</summary>
    public static IServiceCollection AddDeadlines(this IServiceCollection services)
    {
        services.AddScoped<DueCalculator>();
        return services;
    }
}
