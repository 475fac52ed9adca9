using System.Text;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Every endpoint that takes a body or a query, read from the app's own endpoint data source, gets malformed and hostile
/// input (broken JSON, wrong types, huge numbers, deep nesting, nulls, control characters, SQL and script text, bad
/// dates and pages in the query) from callers its policy admits. Each answer is a 4xx with Chinese problem details (or
/// a success that changed nothing it should not): never a 5xx. Seeded, so a failure replays.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class EndpointFuzzTests : SqliteAppFixture
{
    private static readonly string[] Bodies =
    [
        "", "{", "}", "[]", "null", "0", "\"text\"", "{\"values\":", "{\"values\":{\"A01\":\"十二万\"}}", "{\"values\":{\"A01\":1e400}}",
        "{\"values\":{\"A01\":-99999999999999999999999999999}}", "{\"baseRevision\":\"one\"}", "{\"baseRevision\":-1,\"values\":null}",
        "{\"reason\":null}", "{\"reason\":\"" + new string('长', 5000) + "\"}", "{\"until\":\"2026-02-30T25:61:00+08:00\",\"institution\":\"SD-CCB\"}",
        "{\"userName\":\"' OR 1=1 --\",\"password\":\"x\"}", "{\"title\":\"<script>alert(1)</script>\",\"requirements\":[{}]}",
        "{\"requirements\":[{\"kind\":\"Nonsense\",\"dueRule\":{\"kind\":\"Weekly\",\"days\":-5}}]}", "{\"days\":[{\"date\":\"9999-99-99\",\"kind\":\"Holiday\"}]}",
        "{\"entries\":[{\"institution\":null,\"indicator\":\"\",\"value\":\"NaN\"}],\"year\":-1}", "{\"kind\":\"WeCom\",\"url\":\"ftp://x\",\"institution\":\"SD-CCB\"}",
        "{\"status\":\"Late\",\"reason\":\"\\u0000\\u0001\"}", "{\"text\":\"\\uD800\"}", new string('[', 3000) + new string(']', 3000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
    ];

    private static readonly string[] Queries =
    [
        "?page=-1&pageSize=0", "?page=999999999&pageSize=99999", "?from=2026-13-45&to=yesterday", "?status=Late&kind=Other",
        "?circularId=abc", "?institution=%27%20OR%201%3D1", "?form=%00&period=2026-W99", "?keys=" + Uri.EscapeDataString(new string(',', 500)),
        "?unread=maybe", "?year=-5",
    ];

    [TestCase("SD-CCB-reporter")]
    [TestCase("SD-CCB-head")]
    [TestCase("supervisor")]
    [TestCase("admin")]
    public async Task HostileInput_ToEveryApiEndpoint_NeverGetsA5xx(string user)
    {
        var values = await AppEndpoints.RouteValuesAsync(App);
        var client = await App.ClientForAsync(user);
        var random = new Random(20261122);
        var endpoints = (await AppEndpoints.ReadAsync(App)).Where(e => e.Name.Contains(" /api/", StringComparison.Ordinal) && !e.Name.EndsWith("/auth/token", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        var calls = 0;
        foreach (var endpoint in endpoints)
        {
            var url = endpoint.Url(values);
            var attempts = endpoint.Method == "GET"
                ? Queries.Select(q => (url + q, (HttpContent?)null))
                : Bodies.Select(b => (url, (HttpContent?)(endpoint.TakesForm ? Form(b, random) : new StringContent(b, Encoding.UTF8, "application/json"))));
            foreach (var (target, content) in attempts)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), target) { Content = content };
                using var response = await client.SendAsync(request);
                calls++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{endpoint.Method} {target} as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"[..Math.Min(600, 200 + target.Length)]);
                }
                else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                    var title = problem.GetProperty("title").GetString() ?? "";
                    if (!title.Any(c => c >= 0x4E00 && c <= 0x9FFF))
                    {
                        failures.Add($"{endpoint.Method} {target} as {user}: {(int)response.StatusCode} with a title not in Chinese: {title}");
                    }
                }
            }
        }

        Assert.That(calls, Is.GreaterThan(300));
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures.Take(30)));
    }

    /// <summary>A multipart upload whose "file" is the hostile text, or random bytes named as a workbook.</summary>
    private static MultipartFormDataContent Form(string body, Random random)
    {
        var bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        return new MultipartFormDataContent
        {
            { new ByteArrayContent(body.Length > 0 ? Encoding.UTF8.GetBytes(body) : bytes), "file", body.Length > 0 ? "周报.xlsx" : "random.docx" },
            { new StringContent(body.Length > 10 ? body[..10] : "abc"), "baseRevision" },
        };
    }
}
