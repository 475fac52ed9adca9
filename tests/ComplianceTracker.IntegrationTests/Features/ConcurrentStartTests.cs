namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// A new installation with two servers started at the same moment on one empty PostgreSQL database (as a Kubernetes
/// Deployment does): both migrate, seed the reference data and create the first admin together, and both come up.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class ConcurrentStartTests
{
    [Test]
    public async Task TwoServers_StartingTogether_OnAnEmptyDatabase_BothComeUp_AndSeedItOnce()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        var settings = new Dictionary<string, string>
        {
            ["Seed:Demo"] = "false",
            ["Seed:AdminUserName"] = "first-admin",
            ["Seed:AdminPassword"] = "First@Admin2026",
        };

        var starting = new[] { AppProcess.StartAsync("server-a", database, settings), AppProcess.StartAsync("server-b", database, settings) };
        AppProcess[] servers;
        try
        {
            servers = await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var server in starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result))
            {
                TestContext.Out.WriteLine(server.Output);
            }
        }

        try
        {
            var admins = await database.QueryAsync(db => (from u in db.Users
                                                           join ur in db.UserRoles on u.Id equals ur.UserId
                                                           join r in db.Roles on ur.RoleId equals r.Id
                                                           where r.Name == "Admin"
                                                           select u.UserName).ToListAsync());
            var roles = await database.QueryAsync(db => db.Roles.Select(r => r.Name).ToListAsync());
            var circulars = await database.QueryAsync(db => db.Circulars.GroupBy(c => c.NaturalKey).Select(g => g.Count()).ToListAsync());
            var token = await servers[1].CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "first-admin", password = "First@Admin2026" });

            Assert.Multiple(() =>
            {
                Assert.That(admins, Is.EqualTo(new[] { "first-admin" }));
                Assert.That(roles, Is.EquivalentTo(new[] { "Reporter", "BranchHead", "Supervisor", "Leader", "Admin" }));
                Assert.That(circulars, Is.Not.Empty.And.All.EqualTo(1), "each seeded circular once");
                Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            });
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
