using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.IntegrationTests.Features;

public class StartupTests
{
    [Test]
    public void Start_OutsideDevelopmentWithDemoAndDefaultPassword_IsRefused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:DataFolder", folder);
            b.UseSetting("Seed:Demo", "true");
        });

        var error = Assert.Catch(() => _ = factory.Server);

        Assert.That(error!.ToString(), Does.Contain("Seed:DemoPassword"));
        Assert.That(File.Exists(Path.Combine(folder, "compliance.db")), Is.False, "nothing is created before the refusal");
    }
}
