using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// In December 2026, with 2027's holidays not entered, the demo regime's 2027 due dates carry
/// “2027年节假日安排未录入，日期可能变化” in the ledger export and in the reminders; once 2027's days are stored the
/// mark is gone from both. (The pages are checked in the browser journey, <c>NewYearTests</c>.)
/// </summary>
public class UnconfirmedYearTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const string Mark = "2027年节假日安排未录入，日期可能变化";

    private readonly TestClock clock = StartedClock();

    protected override TimeProvider Clock => clock;

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));

    private static TestClock StartedClock()
    {
        var clock = new TestClock();
        clock.Set(Now);
        return clock;
    }

    private async Task<List<(int Id, DateTime DueAt)>> OpenItemsIn2027Async() =>
        (await App.QueryAsync(db => db.DueItems
            .Where(d => d.Status == DueItemStatus.Open && d.DueAt != null && db.ReportForms.Any(f => f.Code == ReportingSupport.Form && f.RequirementId == d.Obligation.RequirementId))
            .Select(d => new { d.Id, DueAt = d.DueAt!.Value }).ToListAsync()))
        .Where(d => d.DueAt.AddHours(8).Year == 2027).OrderBy(d => d.DueAt).ThenBy(d => d.Id).Select(d => (d.Id, d.DueAt)).ToList();

    /// <summary>Runs the reminder job each morning of the week before <paramref name="dueAt"/> until the item's reminder is written; its text.</summary>
    private async Task<string> ReminderOfAsync(int itemId, DateTime dueAt)
    {
        var day = DateOnly.FromDateTime(dueAt.AddHours(8)).AddDays(-7);
        try
        {
            for (; day < DateOnly.FromDateTime(dueAt.AddHours(8)); day = day.AddDays(1))
            {
                clock.SetChina(day.ToDateTime(new TimeOnly(9, 0)));
                await App.RunAsync<SendDueRemindersJob, int>(j => j.RunAsync(CancellationToken.None));
                if (await App.QueryAsync(db => db.Notifications.Where(n => n.DueItemId == itemId && n.Kind == NotificationKind.Reminder).Select(n => n.Title + "\n" + n.Body).FirstOrDefaultAsync()) is { } text)
                {
                    return text;
                }
            }
        }
        finally
        {
            clock.Set(Now);
        }

        Assert.Fail($"no reminder for due item {itemId}");
        return "";
    }

    private async Task<List<string>> LedgerExplanationsAsync()
    {
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var response = await (await As("supervisor")).GetAsync($"/api/exports/circular-ledger.xlsx?circularId={circularId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("义务与期限");
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "期限依据"));
        var column = header.CellsUsed().First(c => c.GetString() == "期限依据").Address.ColumnNumber;
        return sheet.RowsUsed().Where(r => r.RowNumber() > header.RowNumber()).Select(r => r.Cell(column).GetString()).ToList();
    }

    [Test]
    public async Task DueDatesIn2027_CarryTheMark_UntilItsDaysAreStored()
    {
        var items = await OpenItemsIn2027Async();
        Assert.That(items, Has.Count.GreaterThanOrEqualTo(2), "the demo regime runs into 2027");
        var firstWeek = items.Where(i => i.DueAt == items[0].DueAt).ToList();
        var laterWeek = items.First(i => i.DueAt > items[0].DueAt.AddDays(6));

        var ledgerBefore = await LedgerExplanationsAsync();
        var reminderBefore = await ReminderOfAsync(firstWeek[0].Id, firstWeek[0].DueAt);

        // 2027's days are entered (a day that moves none of these due dates).
        await (await (await As("admin")).PutAsJsonAsync("/api/calendar/2027", new[] { new { date = "2027-10-01", kind = "Holiday", name = "国庆节" } })).ExpectAsync(HttpStatusCode.OK);
        var ledgerAfter = await LedgerExplanationsAsync();
        var reminderAfter = await ReminderOfAsync(laterWeek.Id, laterWeek.DueAt);

        Assert.Multiple(() =>
        {
            Assert.That(ledgerBefore.Count(e => e.Contains(Mark, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(items.Count), "every 2027 due date in the ledger");
            Assert.That(ledgerBefore, Has.Some.Not.Contains("未录入"), "2026 due dates carry no mark");
            Assert.That(reminderBefore, Does.Contain(Mark));
            Assert.That(ledgerAfter, Has.None.Contains("未录入"));
            Assert.That(reminderAfter, Does.Not.Contain("未录入"));
        });
    }
}
