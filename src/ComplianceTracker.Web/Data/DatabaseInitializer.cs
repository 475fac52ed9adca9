using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data;

/// <summary>
/// Runs once at start, before the web server takes requests (hosted services start first): migrates (SQLite
/// always, the others when <c>Database:MigrateOnStartup</c>), creates the roles, loads reference data and, with
/// <c>Seed:Demo</c>, the demo. A failure here stops the app from starting.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceProvider root,
    DatabaseOptions database,
    SeedOptions seed,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken ct)
    {
        if (seed.Demo && seed.DemoPassword == SeedOptions.DefaultDemoPassword && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Seed:Demo is on with the default demo password outside Development. Set Seed:DemoPassword to a password of your own, or turn Seed:Demo off.");
        }

        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ComplianceDbContext>();

        // Servers starting together on one database (a Deployment's replicas) take turns: the first migrates and
        // seeds, the others wait and then find everything done. The lock is the database's own, held by this connection.
        await db.Database.OpenConnectionAsync(ct);
        await StartupLockAsync(db, acquire: true, ct);
        try
        {
            await MigrateAndSeedAsync(db, ct);
        }
        finally
        {
            await StartupLockAsync(db, acquire: false, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A session-level lock on PostgreSQL and SQL Server; SQLite is one file used by one server.</summary>
    private async Task StartupLockAsync(ComplianceDbContext db, bool acquire, CancellationToken ct)
    {
        var sql = (database.Provider, acquire) switch
        {
            (DatabaseProvider.PostgreSQL, true) => "SELECT pg_advisory_lock(7310226)",
            (DatabaseProvider.PostgreSQL, false) => "SELECT pg_advisory_unlock(7310226)",
            (DatabaseProvider.SqlServer, true) => "EXEC sp_getapplock @Resource = 'ComplianceTracker.Startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 600000",
            (DatabaseProvider.SqlServer, false) => "EXEC sp_releaseapplock @Resource = 'ComplianceTracker.Startup', @LockOwner = 'Session'",
            _ => null,
        };
        if (sql is not null)
        {
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    private async Task MigrateAndSeedAsync(ComplianceDbContext db, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.Sqlite || database.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(ct);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            throw new InvalidOperationException(
                $"The {database.Provider} database is missing migrations. Apply deploy/sql/{database.Provider.ToString().ToLowerInvariant()}.sql, or set Database:MigrateOnStartup=true.");
        }

        JobsSetup.InstallStorageSchema(db.Database.GetDbConnection(), database.Provider);

        // The startup lock above is the one mechanism that keeps two servers from seeding at once: each step checks
        // before it inserts, so the second server finds everything done.
        await using var seeding = root.CreateAsyncScope();
        await SeedAsync(seeding.ServiceProvider, ct);
    }

    private async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ComplianceDbContext>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var calendar = services.GetRequiredService<HolidayCalendar>();
        await calendar.ReloadAsync(db, ct);
        await services.GetRequiredService<ReferenceDataSeeder>().SeedAsync(ct);
        await EnsureFirstAdminAsync(services, ct);
        await calendar.ReloadAsync(db, ct);
        if (calendar.MissingYearWarning(ChinaTime.Today(services.GetRequiredService<TimeProvider>())) is { } warning)
        {
            logger.LogWarning("Holiday calendar: {Warning}", warning);
        }

        if (!environment.IsDevelopment())
        {
            // Demo accounts left from a Development run must not keep the published default password in production.
            var users = services.GetRequiredService<UserManager<AppUser>>();
            foreach (var demoUser in await db.Users.Where(u => u.IsDemo).ToListAsync(ct))
            {
                if (await users.CheckPasswordAsync(demoUser, SeedOptions.DefaultDemoPassword))
                {
                    throw new InvalidOperationException(
                        $"Demo account '{demoUser.UserName}' still has the default demo password outside Development. Delete the demo accounts or change their passwords.");
                }
            }
        }

        if (seed.Demo)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            // The password is printed only when it is the published default (Development); a configured one stays secret.
            logger.LogWarning(
                "Demo data and demo accounts are loaded (admin, supervisor, leader, <institutionCode>-reporter, <institutionCode>-head). Demo password: {Password}. Never use them in production.",
                seed.DemoPassword == SeedOptions.DefaultDemoPassword ? seed.DemoPassword : "(Seed:DemoPassword)");
        }
    }

    private async Task EnsureFirstAdminAsync(IServiceProvider services, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(seed.AdminUserName))
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var db = services.GetRequiredService<ComplianceDbContext>();
        var country = await db.Jurisdictions.OrderBy(j => j.Path.Length).FirstAsync(ct);
        var admin = new AppUser { UserName = seed.AdminUserName, DisplayName = "系统管理员", JurisdictionId = country.Id, LockoutEnabled = true };
        var created = await users.CreateAsync(admin, seed.AdminPassword ?? "");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Seed:AdminUserName {seed.AdminUserName}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }

        if (!await users.IsInRoleAsync(admin, Roles.Admin))
        {
            await users.AddToRoleAsync(admin, Roles.Admin);
        }

        logger.LogWarning("Created the first administrator {UserName}; remove Seed:AdminPassword from the configuration.", seed.AdminUserName);
    }
}