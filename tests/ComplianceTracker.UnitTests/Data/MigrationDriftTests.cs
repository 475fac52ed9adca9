using ComplianceTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.UnitTests.Data;

/// <summary>Fails when the model changed and a provider's migration set was not updated (run add-migration.sh).</summary>
public class MigrationDriftTests
{
    public static IEnumerable<DatabaseProvider> Providers() => Enum.GetValues<DatabaseProvider>();

    /// <summary>Each provider's context as <c>dotnet ef</c> builds it: no connection is opened.</summary>
    private static DbContext Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDesignTimeFactory().CreateDbContext([]),
        DatabaseProvider.PostgreSQL => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    [TestCaseSource(nameof(Providers))]
    public void Model_HasNoChangesWithoutAMigration(DatabaseProvider provider)
    {
        using var context = Create(provider);

        Assert.Multiple(() =>
        {
            Assert.That(context.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(context.Database.HasPendingModelChanges(), Is.False,
                "The model has changes no migration covers: bash src/ComplianceTracker.Web/Data/Migrations/add-migration.sh <Name>");
        });
    }

    [TestCaseSource(nameof(Providers))]
    public void Migrations_BelongToTheirOwnProvider(DatabaseProvider provider)
    {
        using var context = Create(provider);
        var contextType = context.GetType();
        var folder = contextType.Name.Replace("ComplianceDbContext", "", StringComparison.Ordinal);
        var migrationTypes = typeof(ComplianceDbContext).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute), false)
                .OfType<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>().Any(a => a.ContextType == contextType))
            .ToList();

        Assert.That(migrationTypes, Is.Not.Empty);
        Assert.That(migrationTypes.Select(t => t.Namespace), Has.All.EqualTo($"ComplianceTracker.Web.Data.Migrations.{folder}"));
    }
}
