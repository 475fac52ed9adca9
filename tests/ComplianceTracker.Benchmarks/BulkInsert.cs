using System.Data.Common;
using System.Text;

namespace ComplianceTracker.Benchmarks;

/// <summary>Multi-row INSERTs in one transaction: portable SQL (quoted identifiers) for SQLite and PostgreSQL.</summary>
public static class BulkInsert
{
    public static async Task RunAsync(DbConnection connection, string table, string[] columns, IEnumerable<object?[]> rows, int rowsPerStatement = 400)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var batch = new List<object?[]>(rowsPerStatement);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == rowsPerStatement)
            {
                await ExecuteAsync(connection, transaction, table, columns, batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await ExecuteAsync(connection, transaction, table, columns, batch);
        }

        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, List<object?[]> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ");
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = $"@p{r}_{c}";
                sql.Append(c == 0 ? name : $", {name}");
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = rows[r][c] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync();
    }
}
