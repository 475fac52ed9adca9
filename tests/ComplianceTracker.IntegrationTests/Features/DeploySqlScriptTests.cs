using Npgsql;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The DBA's path: <c>deploy/sql/postgresql.sql</c> applied by hand must build exactly the schema the app's own
/// migrations build, and applying it a second time must change nothing (the script is idempotent).
/// </summary>
[TestFixture]
public class DeploySqlScriptTests
{
    [Test]
    public async Task PostgresScript_BuildsTheSameSchemaAsTheMigrations_AndCanRunTwice()
    {
        await using var scripted = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        await using var migrated = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);

        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "sql", "postgresql.sql"));
        await ExecuteAsync(scripted.ConnectionString, script);
        var afterFirstRun = await SchemaAsync(scripted.ConnectionString);
        await ExecuteAsync(scripted.ConnectionString, script);

        await using (var db = migrated.Context())
        {
            await db.Database.MigrateAsync();
        }

        var expected = await SchemaAsync(migrated.ConnectionString);
        Assert.Multiple(async () =>
        {
            Assert.That(expected, Has.Count.GreaterThan(200), "the migrated schema has the app's tables, columns and indexes");
            Assert.That(afterFirstRun, Is.EqualTo(expected), "the script builds what the migrations build");
            Assert.That(await SchemaAsync(scripted.ConnectionString), Is.EqualTo(expected), "a second run changes nothing");
        });
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every column (type, nullability, default), index and constraint of the public schema, one line each, sorted.</summary>
    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        const string sql = """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ComplianceTracker.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, $"no ComplianceTracker.sln above {AppContext.BaseDirectory}");
        return root!.FullName;
    }
}
