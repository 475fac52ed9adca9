using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// One migrated and seeded database per provider for the whole test run, copied for each app instead of migrating
/// and seeding again: a SQLite file copied, or a PostgreSQL <c>CREATE DATABASE … TEMPLATE</c>. The template is made
/// by starting the app once on an empty database, with the settings every app gets and the system clock, and stopping
/// it. An app started on a copy still runs its start-up (migrations, seeds, demo), which finds everything done.
/// <para>
/// The demo data depends on the clock: it is made at "now". A template is therefore used only by apps on the system
/// clock, and made again when the hour in China changes, so a copy holds what a fresh start would have made but for
/// minutes, as a fixture's own app does by its last test. Apps whose settings could change what is seeded (anything
/// not known to be irrelevant to seeding, see <see cref="Fits"/>) start on an empty database as before.
/// </para>
/// </summary>
public static class TemplateDatabases
{
    /// <summary>Settings known not to change what start-up migrates or seeds (they reach e-mail, jobs, limits, exports, telemetry).</summary>
    private static readonly string[] SeedingNeutralSettings =
    [
        "Notifications:Smtp:",
        "Exports:",
        "Excel:",
        "SignInLimit:",
        "Auth:RequireHttps",
        "Auth:TokenLifetimeMinutes",
        "Telemetry:",
        "Jobs:RunServer",
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<DatabaseProvider, Template> Current = [];

    /// <summary>
    /// Whether an app with these inputs may start on a copy of the template: on the system clock, with no setting that
    /// could change the seeded data.
    /// </summary>
    public static bool Fits(IReadOnlyDictionary<string, string>? settings, TimeProvider? clock) =>
        clock is null && (settings is null || settings.Keys.All(key => SeedingNeutralSettings.Any(neutral => key.StartsWith(neutral, StringComparison.OrdinalIgnoreCase))));

    /// <summary>Copies the SQLite template (made first if needed) to <paramref name="file"/>.</summary>
    public static async Task CopySqliteAsync(string file)
    {
        await Gate.WaitAsync();
        try
        {
            var template = await CurrentAsync(DatabaseProvider.Sqlite);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Copy(template.Name, file);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A new PostgreSQL database copied from the template (made first if needed); ignores the test when no server is
    /// configured, fails under CI.
    /// </summary>
    public static async Task<(string ConnectionString, string Database, string Admin)> CopyPostgresAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var template = await CurrentAsync(DatabaseProvider.PostgreSQL);
            var admin = template.Admin!;
            var database = $"ct_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template.Name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            return (new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, database, admin);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes the templates (at the end of the run).</summary>
    public static async Task DeleteAsync()
    {
        await Gate.WaitAsync();
        try
        {
            foreach (var template in Current.Values)
            {
                await DeleteAsync(template);
            }

            Current.Clear();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Hour() => TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture);

    /// <summary>The provider's template for this hour, made now if there is none; called inside the gate.</summary>
    private static async Task<Template> CurrentAsync(DatabaseProvider provider)
    {
        var hour = Hour();
        if (Current.TryGetValue(provider, out var current) && current.Hour == hour)
        {
            return current;
        }

        var made = provider == DatabaseProvider.PostgreSQL ? await MakePostgresAsync(hour) : await MakeSqliteAsync(hour);
        if (current is not null)
        {
            await DeleteAsync(current);
        }

        Current[provider] = made;
        return made;
    }

    private static async Task<Template> MakeSqliteAsync(string hour)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ct-tests", $"template-{Guid.NewGuid():N}");
        var file = Path.Combine(folder, "compliance.db");
        Directory.CreateDirectory(folder);
        try
        {
            await ComplianceApp.MigrateAndSeedAsync(DatabaseProvider.Sqlite, $"Data Source={file}");

            // One self-contained file to copy: every connection closed, the write-ahead log folded into the file and
            // switched off (the app's connections switch it on again on the copy).
            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync();
            }

            Assert.That(File.Exists($"{file}-wal"), Is.False, "the SQLite template has no write-ahead log left beside it");
            return new Template(DatabaseProvider.Sqlite, hour, file, Admin: null);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private static async Task<Template> MakePostgresAsync(string hour)
    {
        var (connectionString, database, admin) = await TestDatabase.CreatePostgresDatabaseAsync();
        try
        {
            await ComplianceApp.MigrateAndSeedAsync(DatabaseProvider.PostgreSQL, connectionString);

            // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template: close this process's idle
            // connections, end any other session on it, and let nobody connect again.
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var close = new NpgsqlCommand(
                $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();",
                connection);
            await close.ExecuteNonQueryAsync();
            return new Template(DatabaseProvider.PostgreSQL, hour, database, admin);
        }
        catch
        {
            await TestDatabase.DropPostgresDatabaseAsync(admin, database);
            throw;
        }
    }

    private static async Task DeleteAsync(Template template)
    {
        if (template.Provider == DatabaseProvider.PostgreSQL)
        {
            await TestDatabase.DropPostgresDatabaseAsync(template.Admin!, template.Name);
        }
        else if (Path.GetDirectoryName(template.Name) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A template: the SQLite file's path or the PostgreSQL database's name, and the hour (China time) it was made in.</summary>
    private sealed record Template(DatabaseProvider Provider, string Hour, string Name, string? Admin);
}
