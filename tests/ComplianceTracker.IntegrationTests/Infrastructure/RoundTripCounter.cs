using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the database round trips of the requests that carry the <see cref="Header"/> header: every command the app's
/// DbContext executes (a query, or a batch of writes) and every commit of a transaction it began (a round trip of its
/// own on a server database). Other requests and background work are not counted.
/// </summary>
public sealed class RoundTripCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Header = "X-Count-Round-Trips";

    /// <summary>What <see cref="Commands"/> holds for the commit of a transaction.</summary>
    public const string Commit = "COMMIT";

    private static readonly AsyncLocal<RoundTripCounter?> Counting = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> commands = new();

    /// <summary>What the counted requests sent, in order: the SQL of each command, or "COMMIT".</summary>
    public IReadOnlyList<string> Commands => [.. commands];

    public int Count => commands.Count;

    public void Clear() => commands.Clear();

    /// <summary>Adds the counter to the app: to its DbContext, and as the first middleware (which marks counted requests).</summary>
    public void Register(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteComplianceDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgresComplianceDbContext>(o => o.AddInterceptors(this));
        services.AddSingleton<IStartupFilter>(new MarkCountedRequests(this));
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Add(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Add(command);
        return base.NonQueryExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Add(command);
        return base.ScalarExecuting(command, eventData, result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        AddCommit();
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        AddCommit();
        return ValueTask.FromResult(result);
    }

    private void Add(DbCommand command)
    {
        if (Counting.Value == this)
        {
            commands.Enqueue(command.CommandText);
        }
    }

    private void AddCommit()
    {
        if (Counting.Value == this)
        {
            commands.Enqueue(Commit);
        }
    }

    private sealed class MarkCountedRequests(RoundTripCounter counter) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextStep) =>
            {
                if (context.Request.Headers.ContainsKey(Header))
                {
                    Counting.Value = counter;
                }

                await nextStep(context);
            });
            next(app);
        };
    }
}
