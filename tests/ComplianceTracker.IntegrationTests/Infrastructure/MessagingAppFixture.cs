namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// A fixture whose app sends e-mail to a real SMTP server and posts to a real HTTP listener answering as 企业微信 group
/// robots, for tests of who hears what; with a second server of the same deployment on PostgreSQL, to show each message
/// is recorded once however many servers tell it.
/// </summary>
public abstract class MessagingAppFixture(DatabaseProvider provider) : AppFixture(provider)
{
    protected SmtpServer Smtp { get; } = new();

    protected RobotListener Robots { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => Smtp.Settings;

    protected override async Task BeforeAppStartsAsync() => await Smtp.StartAsync();

    [OneTimeTearDown]
    public void StopServers()
    {
        Smtp.Dispose();
        Robots.Dispose();
    }

    /// <summary>
    /// Gives the people e-mail addresses (<c>user@bank.test</c>) and the bank a group robot at the listener's <c>bank</c>
    /// path: where the messages about the bank arrive.
    /// </summary>
    protected async Task GiveAddressesAndARobotAsync(string bank, params string[] userNames)
    {
        await App.QueryAsync(async db =>
        {
            foreach (var user in await db.Users.Where(u => userNames.Contains(u.UserName!)).ToListAsync())
            {
                user.Email = $"{user.UserName}@bank.test".ToLowerInvariant();
            }

            return await db.SaveChangesAsync();
        });
        await (await (await App.ClientForAsync("admin")).PutAsJsonAsync("/api/robots", new { kind = "WeCom", url = Robots.UrlFor("bank"), institution = bank })).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A second server of the deployment on PostgreSQL; SQLite is one file for one server, so none there.</summary>
    protected ComplianceApp? SecondServer() => Provider == DatabaseProvider.PostgreSQL ? ComplianceApp.SecondServer(App, Settings) : null;
}
