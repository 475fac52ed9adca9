using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceTracker.Web.Data;

/// <summary>
/// SQLite settings for a file many requests write to: write-ahead logging (readers do not block the writer) and
/// <c>synchronous=NORMAL</c>, which in WAL mode stays consistent after a crash and skips an fsync per commit.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
