using Microsoft.EntityFrameworkCore.Update;

namespace ComplianceTracker.Web.Data;

/// <summary>
/// SQLite writes a SaveChanges in batches, as the server databases do: its provider sends each INSERT and UPDATE as a
/// command of its own, so a submit (the submission, its history rows and the due item) took five. Microsoft.Data.Sqlite
/// runs a command of several statements one after the other; a batch stops where a later row needs a key the database
/// generates, as on the server databases.
/// </summary>
public sealed class SqliteCommandBatches(ModificationCommandBatchFactoryDependencies dependencies) : IModificationCommandBatchFactory
{
    /// <summary>Statements in one command at most: some 20 parameters each stay far below SQLite's 32,766.</summary>
    private const int StatementsPerBatch = 100;

    public ModificationCommandBatch Create() => new Batch(dependencies);

    private sealed class Batch(ModificationCommandBatchFactoryDependencies dependencies) : AffectedCountModificationCommandBatch(dependencies, StatementsPerBatch);
}
