using System.Data.Common;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Npgsql;

namespace ComplianceTracker.Web.Infrastructure.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process (the jobs still appear on the dashboard when off).</summary>
    public bool RunServer { get; set; } = true;
}

public static class JobsSetup
{
    /// <summary>Hangfire's storage follows the database: SQL Server, PostgreSQL, or in memory for the embedded SQLite.</summary>
    public static IServiceCollection AddComplianceJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedOptions<JobsOptions>(configuration, JobsOptions.Section);
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Compliance");
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            c.UseFilter(new JobMetricsFilter());
            switch (database.Provider)
            {
                case DatabaseProvider.SqlServer:
                    c.UseSqlServerStorage(connectionString);
                    break;
                case DatabaseProvider.PostgreSQL:
                    // The schema is installed by the database initializer inside the start-up lock (InstallStorageSchema):
                    // Hangfire.PostgreSql's own install is not safe when servers start together.
                    c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false });
                    break;
                default:
                    c.UseInMemoryStorage();
                    break;
            }
        });
        if (options.RunServer)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
            services.AddHostedService<RecurringJobsRegistration>();
        }

        return services;
    }

    /// <summary>
    /// Creates or upgrades Hangfire's own tables on PostgreSQL, on the initializer's open connection while it holds
    /// the start-up lock. SQL Server's storage installs under its own application lock; in-memory needs nothing.
    /// </summary>
    public static void InstallStorageSchema(DbConnection connection, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            PostgreSqlObjectsInstaller.Install((NpgsqlConnection)connection);
        }
    }

    /// <summary>The dashboard at <c>/jobs</c>: admins only, by the endpoint policy and by Hangfire's own filter.</summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminOnlyFilter()],
            DashboardTitle = "后台任务",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);

    private sealed class AdminOnlyFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
