using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ComplianceTracker.Web.Data;

/// <summary>SQLite: the embedded default. Owns the migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteComplianceDbContext(DbContextOptions<SqliteComplianceDbContext> options)
    : ComplianceDbContext(options);

/// <summary>PostgreSQL (and openGauss, KingbaseES). Owns the migrations in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresComplianceDbContext(DbContextOptions<PostgresComplianceDbContext> options)
    : ComplianceDbContext(options);

/// <summary>SQL Server, the production database. Owns the migrations in <c>Data/Migrations/SqlServer</c>.</summary>
public sealed class SqlServerComplianceDbContext(DbContextOptions<SqlServerComplianceDbContext> options)
    : ComplianceDbContext(options);

// Design-time factories: `dotnet ef` builds each context without starting the app. The connection strings are
// placeholders: adding a migration or scripting it never connects.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteComplianceDbContext>
{
    public SqliteComplianceDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteComplianceDbContext>(), DatabaseProvider.Sqlite, "Data Source=design.db"));
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresComplianceDbContext>
{
    public PostgresComplianceDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresComplianceDbContext>(), DatabaseProvider.PostgreSQL, "Host=localhost;Database=compliance"));
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerComplianceDbContext>
{
    public SqlServerComplianceDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqlServerComplianceDbContext>(), DatabaseProvider.SqlServer, "Server=localhost;Database=Compliance;TrustServerCertificate=True"));
}
