using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Obligations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>The recurring sweeps: idempotent, safe when two run at once; and the dashboard that shows them, admins only.</summary>
public class JobsTests(DatabaseProvider provider) : AppFixture(provider)
{
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> run)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider);
    }

    [Test]
    public async Task MarkOverdue_RecordsEachPastDueItemOnce_EvenWhenTwoRunAtOnce()
    {
        var now = DateTime.UtcNow;
        var pastDueOpen = await App.QueryAsync(db => db.DueItems.Where(d => d.Status == DueItemStatus.Open && d.DueAt < now).Select(d => d.Id).ToListAsync());
        Assert.That(pastDueOpen, Is.Not.Empty, "the demo leaves some deadlines and weeks unsent");

        var results = await Task.WhenAll(
            InScopeAsync(sp => sp.GetRequiredService<MarkOverdueJob>().RunAsync(CancellationToken.None)),
            InScopeAsync(sp => sp.GetRequiredService<MarkOverdueJob>().RunAsync(CancellationToken.None)));
        var again = await InScopeAsync(sp => sp.GetRequiredService<MarkOverdueJob>().RunAsync(CancellationToken.None));

        var history = await App.QueryAsync(db => db.DueItemStatusChanges
            .Where(h => pastDueOpen.Contains(h.DueItemId) && h.To == DueItemStatus.Overdue)
            .GroupBy(h => h.DueItemId).Select(g => g.Count()).ToListAsync());
        var statuses = await App.QueryAsync(db => db.DueItems.Where(d => pastDueOpen.Contains(d.Id)).Select(d => d.Status).Distinct().ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(history, Has.Count.EqualTo(pastDueOpen.Count));
            Assert.That(history, Has.All.EqualTo(1), "one history row per item, whichever server won");
            Assert.That(statuses, Is.EqualTo(new[] { DueItemStatus.Overdue }));
            Assert.That(again, Is.Zero, "a rerun finds nothing to do");
            Assert.That(results.Sum() + again, Is.LessThanOrEqualTo(pastDueOpen.Count));
        });
    }

    [Test]
    public async Task RefreshSchedules_ExpiresACircularPastItsValidity_AndAddsNothingTwice()
    {
        var supervisor = await As("supervisor");
        var id = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == "长上金发〔2022〕20号").Select(c => c.Id).SingleAsync());
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { issuedOn = "2022-05-16" })).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var demo = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var demoItems = await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Requirement.CircularId == demo));

        await InScopeAsync(async sp => { await sp.GetRequiredService<RefreshSchedulesJob>().RunAsync(CancellationToken.None); return 0; });
        await InScopeAsync(async sp => { await sp.GetRequiredService<RefreshSchedulesJob>().RunAsync(CancellationToken.None); return 0; });

        var statuses = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == id || c.Id == demo).ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.Multiple(async () =>
        {
            Assert.That(statuses[id], Is.EqualTo(CircularStatus.Expired), "valid 2022-05-16 to 2022-11-16");
            Assert.That(statuses[demo], Is.EqualTo(CircularStatus.Published));
            Assert.That(await App.QueryAsync(db => db.DueItems.CountAsync(d => d.Obligation.Requirement.CircularId == demo)), Is.EqualTo(demoItems));
        });
    }

    [Test]
    public async Task Dashboard_IsForAdminsOnly()
    {
        using var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var refused = await anonymous.GetAsync("/jobs");
        var supervisor = await (await As("supervisor")).GetAsync("/jobs");
        var reporter = await (await As("SD-ICBC-reporter")).GetAsync("/jobs");
        var admin = await (await As("admin")).GetAsync("/jobs");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(refused.Headers.Location?.ToString(), Does.Contain("/account/login"));
            Assert.That(supervisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(reporter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
