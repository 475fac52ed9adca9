using System.Data.Common;
using ComplianceTracker.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The weekly save and submit as plain SQL over ADO.NET, on the same database with the same number of clients: the
/// rows the app writes and nothing else (no HTTP, no token, no reads, no validation, no messages). A save inserts the
/// submission and its revision in one transaction; a submit updates the submission, inserts its status event, moves
/// the due item and inserts the due item's status change in another. It runs on a third batch of institutions (the
/// app's two batches are done), so it writes new rows as the app's first save does.
/// </summary>
public sealed class PlainSqlBaseline
{
    private readonly Options options;
    private readonly string connectionString;
    private readonly int formId;
    private readonly int periodId;
    private readonly int formVersion;
    private readonly string valuesJson;
    private readonly Dictionary<int, (int InstitutionId, int DueItemId)> targets;

    private PlainSqlBaseline(Options options, string connectionString, int formId, int periodId, int formVersion, string valuesJson, Dictionary<int, (int, int)> targets)
    {
        this.options = options;
        this.connectionString = connectionString;
        this.formId = formId;
        this.periodId = periodId;
        this.formVersion = formVersion;
        this.valuesJson = valuesJson;
        this.targets = targets;
    }

    /// <summary>The institution index (of the scenario's) the baseline's <paramref name="i"/>-th pair writes for.</summary>
    public int Index(int i) => (options.Submitters * 2) + i;

    /// <summary>Looks up the ids the writes need (the form, the open period, each institution and its due item), untimed.</summary>
    public static async Task<PlainSqlBaseline> PrepareAsync(Options options, Scenario scenario, string connectionString)
    {
        await using var connection = Open(options.Provider, connectionString);
        await connection.OpenAsync();
        int formId, periodId, formVersion;
        await using (var command = Command(connection, """SELECT p."FormId", p."Id", p."Version" FROM "ReportPeriods" p JOIN "ReportForms" f ON f."Id" = p."FormId" WHERE f."Code" = @form AND p."Key" = @key""",
            ("form", Scenario.FormCode), ("key", scenario.OpenPeriod)))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (formId, periodId, formVersion) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }

        var targets = new Dictionary<int, (int, int)>();
        var baseline = new PlainSqlBaseline(options, connectionString, formId, periodId, formVersion, System.Text.Json.JsonSerializer.Serialize(scenario.SaveValues), targets);
        for (var i = 0; i < options.Submitters; i++)
        {
            await using var command = Command(connection, """
                SELECT i."Id", d."Id" FROM "Institutions" i JOIN "Obligations" o ON o."InstitutionId" = i."Id" JOIN "DueItems" d ON d."ObligationId" = o."Id"
                WHERE i."Code" = @code AND d."PeriodKey" = @key
                """, ("code", scenario.InstitutionCode(baseline.Index(i))), ("key", scenario.OpenPeriod));
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            targets[i] = (reader.GetInt32(0), reader.GetInt32(1));
        }

        return baseline;
    }

    /// <summary>One institution's save and submit, each timed into its stats.</summary>
    public async Task SaveAndSubmitAsync(int i, LoadStats save, LoadStats submit)
    {
        var (institutionId, dueItemId) = targets[i];
        var userName = $"{Scenario.FormCode}-plain-{i}";
        var (submissionId, t1) = await LoadStats.TimeAsync(() => SaveAsync(institutionId, userName));
        save.Add(t1, true);
        var (_, t2) = await LoadStats.TimeAsync(() => SubmitAsync(submissionId, dueItemId, userName));
        submit.Add(t2, true);
    }

    private async Task<int> SaveAsync(int institutionId, string userName)
    {
        var now = DateTime.UtcNow;
        await using var connection = Open(options.Provider, connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = Command(connection, """
            INSERT INTO "Submissions" ("CommentsJson", "FormId", "FormVersion", "InstitutionId", "PeriodId", "Revision", "Status", "UpdatedAt", "ValuesJson")
            VALUES ('{}', @form, @version, @institution, @period, 1, 'Draft', @now, @values) RETURNING "Id"
            """, ("form", formId), ("version", formVersion), ("institution", institutionId), ("period", periodId), ("now", now), ("values", valuesJson));
        insert.Transaction = transaction;
        var id = Convert.ToInt32(await insert.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await using var revision = Command(connection, """
            INSERT INTO "SubmissionRevisions" ("CommentsJson", "CreatedAt", "CreatedBy", "Number", "Source", "SubmissionId", "ValuesJson")
            VALUES ('{}', @now, @by, 1, 'Api', @id, @values)
            """, ("now", now), ("by", userName), ("id", id), ("values", valuesJson));
        revision.Transaction = transaction;
        await revision.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return id;
    }

    private async Task<int> SubmitAsync(int submissionId, int dueItemId, string userName)
    {
        var now = DateTime.UtcNow;
        await using var connection = Open(options.Provider, connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // One command of four statements, as the app's SaveChanges sends them.
        await using var write = Command(connection, """
            INSERT INTO "DueItemStatusChanges" ("ChangedAt", "ChangedBy", "DueItemId", "From", "Reason", "To") VALUES (@now, @by, @item, 'Open', '报表已提交', 'Submitted');
            UPDATE "DueItems" SET "CompletedAt" = @now, "Status" = 'Submitted' WHERE "Id" = @item AND "Status" = 'Open';
            INSERT INTO "SubmissionEvents" ("At", "By", "From", "Revision", "SubmissionId", "To") VALUES (@now, @by, 'Draft', 1, @id, 'Submitted');
            UPDATE "Submissions" SET "FirstSubmittedAt" = @now, "Status" = 'Submitted', "SubmittedAt" = @now, "UpdatedAt" = @now WHERE "Id" = @id AND "Revision" = 1 AND "Status" = 'Draft';
            """, ("now", now), ("by", userName), ("item", dueItemId), ("id", submissionId));
        write.Transaction = transaction;
        var written = await write.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return written;
    }

    private static DbConnection Open(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(connectionString),
        DatabaseProvider.PostgreSQL => new NpgsqlConnection(connectionString),
        _ => throw new NotSupportedException($"{provider}: the plain SQL baseline runs on SQLite and PostgreSQL."),
    };

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
