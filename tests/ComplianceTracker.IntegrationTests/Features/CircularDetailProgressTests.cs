using System.Diagnostics;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The circular detail page at scale, without a browser: the progress per institution of a circular bound to
/// more than a thousand banks (more due items than one page of the due-items handler holds) matches the database
/// page by page, each page read in as many queries as for ten banks; and the publish preview names exactly the institutions, with
/// exactly the number of requirements, that publishing then binds.
/// </summary>
[Category("Slow")]
public partial class CircularDetailProgressTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const string Jurisdiction = "SX-CZ-SD";

    [Test]
    public async Task Progress_OfACircularBindingThousandsOfInstitutions_MatchesTheDatabase_InAFixedNumberOfQueries()
    {
        var supervisor = await As("supervisor");
        var id = await CreateCircularAsync(supervisor, "各类机构均须于发文之日起10日内报送自查报告。", ["Bank", "Insurer", "LocalFinancialOrganisation"], legalEntitiesOnly: false);
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        using var browser = await SignInAsync("supervisor");
        using var counter = await CommandCounter.StartAsync(App);

        var (smallRows, smallQueries) = await ProgressAsync(browser, counter, id);

        await AddBanksAsync(1200);
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        await SpreadStatusesAsync(id);
        var (rows, queries) = await ProgressAsync(browser, counter, id);
        var expected = await ExpectedAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(expected.Values.Sum(e => e.Counts.Values.Sum()), Is.GreaterThan(1000), "more due items than two pages of the due-items handler");
            Assert.That(rows.Keys, Is.EquivalentTo(expected.Keys), "every bound institution has its row");
            foreach (var (code, (obligations, counts)) in expected)
            {
                Assert.That(rows.GetValueOrDefault(code).Obligations, Is.EqualTo(obligations), $"obligations of {code}");
                foreach (var status in Enum.GetValues<DueItemStatus>())
                {
                    Assert.That(rows.GetValueOrDefault(code).Counts?.GetValueOrDefault(status), Is.EqualTo(counts.GetValueOrDefault(status)), $"{status} of {code}");
                }
            }

            Assert.That(expected.Values.Sum(e => e.Counts.GetValueOrDefault(DueItemStatus.Overdue)), Is.GreaterThan(0));
            Assert.That(smallRows.Count, Is.LessThan(50));
            Assert.That(queries, Is.EqualTo(smallQueries), "a page of the progress costs the same queries for 1,200 banks as for a handful");
        });
    }

    [Test]
    public async Task PublishPreview_NamesExactlyTheInstitutionsAndRequirementsPublishingBinds()
    {
        var supervisor = await As("supervisor");
        var id = await CreateCircularAsync(supervisor, "法人银行须于发文之日起10日内报送自查报告。", ["Bank"], legalEntitiesOnly: true,
            second: ("二、", "银行和保险机构须于发文之日起20日内报送整改报告。", ["Bank", "Insurer"]));
        using var browser = await SignInAsync("supervisor");

        var html = await (await browser.GetAsync($"/circulars/{id}?confirm=true")).Content.ReadAsStringAsync();
        var preview = PreviewRow().Matches(html).ToDictionary(m => m.Groups["code"].Value, m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var bound = await App.QueryAsync(db => db.Obligations.Where(o => o.Requirement.CircularId == id)
            .GroupBy(o => o.Institution.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        Assert.Multiple(() =>
        {
            Assert.That(preview, Is.Not.Empty);
            Assert.That(preview.Values, Has.Some.EqualTo(2).And.Some.EqualTo(1), "a legal-entity bank carries both requirements, a branch or an insurer one");
            Assert.That(preview, Is.EquivalentTo(bound), "the preview is the publisher's own rule");
        });
    }

    private async Task<int> CreateCircularAsync(HttpClient supervisor, string text, string[] types, bool legalEntitiesOnly, (string Clause, string Text, string[] Types)? second = null)
    {
        var requirements = new List<object>
        {
            Requirement("一、", text, types, legalEntitiesOnly, 10),
        };
        if (second is { } s)
        {
            requirements.Add(Requirement(s.Clause, s.Text, s.Types, false, 20));
        }

        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = $"长上金发〔2026〕{Guid.NewGuid():N}号"[..30],
            title = "关于报送自查报告的通知",
            issuers = new[] { "长治市上党区金融工作中心" },
            issuedOn = "2026-01-05",
            text = $"一、{text}\n二、{second?.Text ?? "请认真落实。"}",
            jurisdictionCode = Jurisdiction,
            requirements,
        })).ExpectAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetInt32();
    }

    private static object Requirement(string clause, string text, string[] types, bool legalEntitiesOnly, int days) => new
    {
        clause,
        text,
        kind = "Deadline",
        dueRule = new { frequency = "Once", anchor = "IssueDate", offset = days, unit = "NaturalDays" },
        appliesTo = new { institutionTypes = types, legalEntitiesOnly },
    };

    /// <summary>Banks of the demo jurisdiction, as many as asked, with codes no other test uses.</summary>
    private Task AddBanksAsync(int count) => App.QueryAsync(async db =>
    {
        var jurisdiction = await db.Jurisdictions.SingleAsync(j => j.Code == Jurisdiction);
        var prefix = $"SCALE{Guid.NewGuid():N}"[..12];
        for (var i = 0; i < count; i++)
        {
            var code = $"{prefix}-{i:D4}";
            db.Institutions.Add(new Institution { Code = code, Name = $"规模测试银行{i:D4}", Type = InstitutionType.Bank, IsLegalEntity = i % 3 == 0, Path = $"/{code}/", JurisdictionId = jurisdiction.Id });
        }

        return await db.SaveChangesAsync();
    });

    /// <summary>Due items in every status: done, submitted, waived, marked overdue, open past due, open not yet due.</summary>
    private Task SpreadStatusesAsync(int circularId) => App.QueryAsync(async db =>
    {
        var items = db.DueItems.Where(d => d.Obligation.Requirement.CircularId == circularId);
        var future = DateTime.UtcNow.AddDays(30);
        var past = DateTime.UtcNow.AddDays(-3);
        await items.ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, future).SetProperty(d => d.Status, DueItemStatus.Open));
        await items.Where(d => d.Id % 7 == 1).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DueItemStatus.Done));
        await items.Where(d => d.Id % 7 == 2).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DueItemStatus.Submitted));
        await items.Where(d => d.Id % 7 == 3).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DueItemStatus.Waived));
        await items.Where(d => d.Id % 7 == 4).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DueItemStatus.Overdue).SetProperty(d => d.DueAt, past));
        return await items.Where(d => d.Id % 7 == 5).ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, past));
    });

    /// <summary>Per institution code: obligations, and due items by the status a person reads (open past due is overdue).</summary>
    private async Task<Dictionary<string, (int Obligations, Dictionary<DueItemStatus, int> Counts)>> ExpectedAsync(int circularId)
    {
        var now = DateTime.UtcNow;
        var obligations = await App.QueryAsync(db => db.Obligations.Where(o => o.Requirement.CircularId == circularId)
            .Select(o => o.Institution.Code).ToListAsync());
        var items = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Requirement.CircularId == circularId)
            .Select(d => new { d.Obligation.Institution.Code, d.Status, d.DueAt }).ToListAsync());
        return obligations.GroupBy(c => c).ToDictionary(
            g => g.Key,
            g => (g.Count(), items.Where(i => i.Code == g.Key)
                .GroupBy(i => DueItemRules.EffectiveStatus(i.Status, i.DueAt, now))
                .ToDictionary(s => s.Key, s => s.Count())));
    }

    /// <summary>
    /// The page's progress table by institution code, walked page by page (下一页 until there is none), and how many
    /// database commands about due items the first page made.
    /// </summary>
    private static async Task<(Dictionary<string, (int Obligations, Dictionary<DueItemStatus, int>? Counts)> Rows, int Queries)> ProgressAsync(HttpClient browser, CommandCounter counter, int id)
    {
        var rows = new Dictionary<string, (int, Dictionary<DueItemStatus, int>?)>();
        var queries = 0;
        for (var page = 1; ; page++)
        {
            counter.Reset();
            var response = await browser.GetAsync($"/circulars/{id}?page={page}");
            queries = page == 1 ? counter.Count : queries;
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            var table = html[html.IndexOf("id=\"progress\"", StringComparison.Ordinal)..];
            table = table[..table.IndexOf("</tbody>", StringComparison.Ordinal)];
            foreach (Match row in ProgressRow().Matches(table))
            {
                var counts = StatusCell().Matches(row.Groups["cells"].Value)
                    .ToDictionary(c => Enum.Parse<DueItemStatus>(c.Groups["status"].Value), c => int.Parse(c.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture))
                    .Where(c => c.Value > 0)
                    .ToDictionary(c => c.Key, c => c.Value);
                rows[row.Groups["code"].Value] = (int.Parse(row.Groups["obligations"].Value, System.Globalization.CultureInfo.InvariantCulture), counts);
            }

            var pager = html.IndexOf("id=\"progress-pager\"", StringComparison.Ordinal);
            if (pager < 0 || !html[pager..html.IndexOf("</nav>", pager, StringComparison.Ordinal)].Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return (rows, queries);
            }
        }
    }

    private async Task<HttpClient> SignInAsync(string userName)
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = TokenField().Match(login).Groups["token"].Value;
        var post = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = ComplianceApp.DemoPassword,
        }));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<tr data-institution=\"(?<code>[^\"]+)\">\\s*<td data-label=\"机构\">[^<]*</td>\\s*<td data-label=\"义务数\">(?<obligations>\\d+)</td>(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex ProgressRow();

    [GeneratedRegex("data-status=\"(?<status>\\w+)\">(?<count>\\d+)</td>")]
    private static partial Regex StatusCell();

    [GeneratedRegex("<tr data-institution=\"(?<code>[^\"]+)\">.*?<td data-label=\"适用要求数\">(?<count>\\d+)</td>", RegexOptions.Singleline)]
    private static partial Regex PreviewRow();

    /// <summary>Counts the commands EF Core sends to this app's database that read due items, while a request runs.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> subscriptions = [];
        private readonly string database;
        private int count;

        private CommandCounter(string database)
        {
            this.database = database;
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref count);

        public static async Task<CommandCounter> StartAsync(ComplianceApp app) =>
            new(await app.QueryAsync(db => Task.FromResult(Key(db.Database.GetDbConnection()))));

        public void Reset() => Interlocked.Exchange(ref count, 0);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
                && data.Command.Connection is { } connection && Key(connection) == database
                && data.Command.CommandText.Contains("DueItems", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose() => subscriptions.ForEach(s => s.Dispose());

        private static string Key(System.Data.Common.DbConnection connection) => $"{connection.DataSource}|{connection.Database}";
    }
}
