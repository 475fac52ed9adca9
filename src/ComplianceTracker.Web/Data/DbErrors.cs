using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ComplianceTracker.Web.Data;

/// <summary>Tells a lost race (a concurrency token or a unique key) from other write failures, on every provider.</summary>
public static class DbErrors
{
    public static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException || IsUniqueViolation(exception.InnerException);

    private static bool IsUniqueViolation(Exception? inner) => inner switch
    {
        SqliteException e => e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException e => e.SqlState == PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException e => e.Number is 2601 or 2627,
        _ => false,
    };
}
