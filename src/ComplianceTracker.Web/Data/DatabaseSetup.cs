using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Apply migrations at start. SQLite always migrates (it is the app's own file); on PostgreSQL and
    /// SQL Server a DBA applies the scripts in <c>deploy/sql/</c> unless this is true.
    /// </summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Folder for the SQLite file and other local state; relative to the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";
}

public static class DatabaseSetup
{
    public static IServiceCollection AddComplianceDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = services.AddValidatedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section);
        var connectionString = ResolveConnectionString(options, configuration.GetConnectionString("Compliance"), environment);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<ComplianceDbContext, SqliteComplianceDbContext>(o => Configure(o, options.Provider, connectionString));
                break;
            case DatabaseProvider.PostgreSQL:
                services.AddDbContext<ComplianceDbContext, PostgresComplianceDbContext>(o => Configure(o, options.Provider, connectionString));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<ComplianceDbContext, SqlServerComplianceDbContext>(o => Configure(o, options.Provider, connectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    /// <summary>Options for one provider's context, as the app and the design-time factories build them.</summary>
    public static DbContextOptions<TContext> Configure<TContext>(DbContextOptionsBuilder<TContext> builder, DatabaseProvider provider, string connectionString)
        where TContext : DbContext
    {
        Configure((DbContextOptionsBuilder)builder, provider, connectionString);
        return builder.Options;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(ComplianceDbContext).Assembly.FullName)).AddInterceptors(new SqlitePragmas())
                .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteCommandBatches>(),
            DatabaseProvider.PostgreSQL => builder.UseNpgsql(connectionString, o => o.EnableRetryOnFailure()),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };

    /// <summary>
    /// SQLite defaults to <c>compliance.db</c> in the data folder, which is created here, so a fresh clone
    /// needs nothing configured. PostgreSQL and SQL Server must be given a connection string.
    /// </summary>
    private static string ResolveConnectionString(DatabaseOptions options, string? configured, IHostEnvironment environment)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException($"Database:Provider is {options.Provider}: set ConnectionStrings:Compliance.")
                : configured;
        }

        var dataFolder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataFolder));
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=compliance.db" : configured);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.Combine(dataFolder, builder.DataSource);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource) ?? dataFolder);
        return builder.ToString();
    }
}
