using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real database of its own: a SQLite file, or a PostgreSQL database on the server named by
/// <c>COMPLIANCE_TEST_POSTGRES</c>. Migrations applied, reference data and the demo scenario seeded: by copying the
/// test run's template database when the app's clock and settings would seed the same (<see cref="TemplateDatabases"/>),
/// by its own start-up on an empty database otherwise.
/// </summary>
public sealed class ComplianceApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Test@Pass2026";
    public const string PostgresVariable = "COMPLIANCE_TEST_POSTGRES";

    /// <summary>The SQLite file's name in the app's data folder.</summary>
    private const string SqliteFile = "compliance-test.db";

    private readonly Dictionary<string, HttpClient> clients = new(StringComparer.Ordinal);
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
    private readonly string connectionString;
    private readonly string? postgresDatabase;
    private readonly string? postgresAdmin;

    private IReadOnlyDictionary<string, string> extraSettings = new Dictionary<string, string>();
    private TimeProvider? clock;
    private RoundTripCounter? roundTrips;

    private ComplianceApp(DatabaseProvider provider, string connectionString, string? postgresDatabase, string? postgresAdmin)
    {
        Provider = provider;
        this.connectionString = connectionString;
        this.postgresDatabase = postgresDatabase;
        this.postgresAdmin = postgresAdmin;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Every log line the app wrote (message and exception), to check what must never be logged.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>
    /// Starts the app on a database of its own, migrated and seeded. With <paramref name="clock"/> (a
    /// <c>FakeTimeProvider</c>) the app, its start-up, its demo data and its tokens all live at the time the test sets;
    /// such an app, or one with settings that could change what is seeded, starts on an empty database, the others on
    /// a copy of the run's template (its start-up then finds the migrations applied and the seeds there).
    /// </summary>
    /// <param name="provider">The database the app runs on.</param>
    /// <param name="settings">Configuration added to the app's.</param>
    /// <param name="clock">The app's clock (a <c>FakeTimeProvider</c>), or null for the system clock.</param>
    /// <param name="kestrel">Serve on a real port (for a browser).</param>
    /// <param name="roundTrips">Counts the database commands of the requests that ask for it (<see cref="RoundTripCounter"/>).</param>
    public static async Task<ComplianceApp> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null, bool kestrel = false, RoundTripCounter? roundTrips = null)
    {
        var fromTemplate = TemplateDatabases.Fits(settings, clock);
        ComplianceApp app;
        if (provider == DatabaseProvider.PostgreSQL)
        {
            var (connectionString, database, admin) = fromTemplate ? await TemplateDatabases.CopyPostgresAsync() : await TestDatabase.CreatePostgresDatabaseAsync();
            app = new ComplianceApp(provider, connectionString, database, admin);
        }
        else
        {
            app = new ComplianceApp(provider, $"Data Source={SqliteFile}", null, null);
            if (fromTemplate)
            {
                await TemplateDatabases.CopySqliteAsync(Path.Combine(app.dataFolder, SqliteFile));
            }
        }

        app.extraSettings = settings ?? app.extraSettings;
        app.clock = clock;
        app.roundTrips = roundTrips;

        // Creating the server runs the start-up: migrations, seeds, demo. A browser needs a real port (Kestrel).
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
        }
        else
        {
            _ = app.Server;
        }

        return app;
    }

    /// <summary>
    /// Starts the app on the (empty) database <paramref name="connectionString"/> names, with the settings every app
    /// gets and the system clock, and stops it: the database is then migrated and seeded (a template's making).
    /// </summary>
    internal static async Task MigrateAndSeedAsync(DatabaseProvider provider, string connectionString)
    {
        await using var app = new ComplianceApp(provider, connectionString, postgresDatabase: null, postgresAdmin: null);
        _ = app.Server;
    }

    /// <summary>A second server of the same deployment: another instance of the app on the same PostgreSQL database.</summary>
    public static ComplianceApp SecondServer(ComplianceApp first, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    {
        Assert.That(first.Provider, Is.EqualTo(DatabaseProvider.PostgreSQL), "servers share a database server; SQLite is one process's file");
        var app = new ComplianceApp(first.Provider, first.connectionString, postgresDatabase: null, postgresAdmin: null)
        {
            extraSettings = settings ?? first.extraSettings,
            clock = clock ?? first.clock,
        };
        _ = app.Server;
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Compliance", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:DataFolder", dataFolder);
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Seed:DemoPassword", DemoPassword);
        builder.UseSetting("Auth:SigningKey", "integration-tests-signing-key-0123456789abcdef");
        builder.UseSetting("Auth:MaxFailedAccessAttempts", "3");
        builder.UseSetting("Limits:MaxRequestBodyBytes", "65536");
        // Tests run the jobs themselves, at the moments they choose.
        builder.UseSetting("Jobs:RunServer", "false");
        foreach (var (key, value) in extraSettings)
        {
            builder.UseSetting(key, value);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (roundTrips is not null)
        {
            builder.ConfigureTestServices(roundTrips.Register);
        }
    }

    /// <summary>Where a browser reaches the app when it runs on Kestrel.</summary>
    public Uri Address => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

    /// <summary>Runs a job (or any scoped service) as the server does, in a scope of its own.</summary>
    public async Task<T> RunAsync<TJob, T>(Func<TJob, Task<T>> run)
        where TJob : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    /// <summary>A client signed in with a bearer token as the given demo user (one per user, reused).</summary>
    public async Task<HttpClient> ClientForAsync(string userName)
    {
        if (clients.TryGetValue(userName, out var cached))
        {
            return cached;
        }

        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"sign-in of {userName}: {await response.Content.ReadAsStringAsync()}");
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        clients[userName] = client;
        return client;
    }

    /// <summary>
    /// Signs in through the sign-in page (with its antiforgery token) as a browser without script would: a client that
    /// keeps its cookie and does not follow redirects, and the page's answer (a redirect when signed in).
    /// </summary>
    public async Task<(HttpClient Client, HttpResponseMessage Answer)> SignInThroughPageAsync(string userName, string password)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        return (client, answer);
    }

    /// <summary>Runs a query against the app's database, to check what a request did or did not change.</summary>
    public async Task<T> QueryAsync<T>(Func<ComplianceDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ComplianceDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
        if (postgresDatabase is not null)
        {
            await TestDatabase.DropPostgresDatabaseAsync(postgresAdmin!, postgresDatabase);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private sealed record TokenBody(string AccessToken);
}

/// <summary>Base of every integration fixture: runs once per provider, each with its own fresh database.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSQL)]
public abstract class AppFixture(DatabaseProvider provider)
{
    protected ComplianceApp App { get; private set; } = null!;

    /// <summary>Configuration a fixture adds to the app's (a real SMTP server's port, say).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>The app's clock, when a fixture sets the time (a <c>FakeTimeProvider</c>).</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Counts the database round trips of the requests that ask for it, when a fixture needs that.</summary>
    protected virtual RoundTripCounter? RoundTrips => null;

    /// <summary>
    /// Runs before the app starts: a server the app's settings point to (SMTP, say), which may skip the fixture
    /// before an app is started for nothing.
    /// </summary>
    protected virtual Task BeforeAppStartsAsync() => Task.CompletedTask;

    protected DatabaseProvider Provider => provider;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        await BeforeAppStartsAsync();
        App = await ComplianceApp.StartAsync(provider, Settings, Clock, roundTrips: RoundTrips);
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    protected Task<HttpClient> As(string userName) => App.ClientForAsync(userName);
}

/// <summary>A fixture with one app of its own on a SQLite file, for tests that do not depend on the database.</summary>
public abstract class SqliteAppFixture
{
    protected ComplianceApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApp() => App = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite);

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
