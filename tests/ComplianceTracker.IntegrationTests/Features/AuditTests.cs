using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// The audit log: sign-ins (and refused ones) and privileged actions, written with the change they record (a refused
/// action leaves no line), read by admins through the API and the Excel export.
/// </summary>
public class AuditTests(DatabaseProvider provider) : AppFixture(provider)
{
    private Task<List<AuditEntry>> Lines(string action) => App.QueryAsync(db => db.AuditEntries.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync());

    [Test]
    public async Task SignIns_AreRecorded_TheRefusedOnesToo_WithTheNameTyped()
    {
        await App.ClientForAsync("SD-BOC-head");
        var wrong = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-BOC-reporter", password = "Wrong@Pass1" });
        var nobody = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "no-such-user", password = "Wrong@Pass1" });

        var issued = await Lines(AuditActions.TokenIssued);
        var failed = await Lines(AuditActions.SignInFailed);
        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(issued.Select(l => l.UserName), Does.Contain("SD-BOC-head"));
            Assert.That(issued.Where(l => l.UserName == "SD-BOC-head"), Has.All.Matches<AuditEntry>(l => l.Succeeded && l.RequestId != null), "the in-memory test server has no client address; Kestrel gives one");
            Assert.That(failed.Select(l => (l.UserName, l.Detail, l.Succeeded)), Is.SupersetOf(new[] { ("SD-BOC-reporter", "密码错误", false), ("no-such-user", "无此账号", false) }));
        });
    }

    [Test]
    public async Task Publishing_IsRecorded_WithItsObligations_AndARefusedPublishLeavesNoLine()
    {
        var id = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == "长上金发〔2022〕20号").Select(c => c.Id).SingleAsync());
        var before = (await Lines(AuditActions.CircularPublished)).Count;

        // Shanghai's supervisor may not publish a 上党 circular: refused, and nothing is logged as done.
        var refused = await (await As("supervisor-sh")).PostAsync($"/api/circulars/{id}/publish", null);
        var afterRefusal = (await Lines(AuditActions.CircularPublished)).Count;
        await (await (await As("supervisor")).PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var lines = await Lines(AuditActions.CircularPublished);

        Assert.Multiple(() =>
        {
            Assert.That((int)refused.StatusCode, Is.AnyOf(403, 404));
            Assert.That(afterRefusal, Is.EqualTo(before));
            Assert.That(lines, Has.Count.EqualTo(before + 1));
            Assert.That(lines[^1].UserName, Is.EqualTo("supervisor"));
            Assert.That(lines[^1].Target, Is.EqualTo("长上金发〔2022〕20号"));
        });
    }

    [Test]
    public async Task AReturnWithoutAReason_IsRefused_AndNotLogged()
    {
        var period = await ReportingSupport.CurrentPeriodAsync(await As("supervisor"));
        var response = await (await As("supervisor")).PostAsJsonAsync($"{ReportingSupport.SubmissionUrl(period, "SD-CCB")}/return", new { reason = "" });

        Assert.That((int)response.StatusCode, Is.AnyOf(400, 409));
        Assert.That(await Lines(AuditActions.SubmissionReturned), Is.Empty);
    }

    [Test]
    public async Task Admin_ReadsTheLog_FilteredByAction_NewestFirst_AndAnUnknownActionIsExplained()
    {
        await App.ClientForAsync("leader");
        var admin = await As("admin");

        var lines = await (await admin.GetAsync($"/api/audit?action={AuditActions.TokenIssued}&pageSize=500")).ExpectAsync(HttpStatusCode.OK);
        var bad = await (await admin.GetAsync("/api/audit?action=Hack")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var times = lines.EnumerateArray().Select(l => l.GetProperty("at").GetDateTimeOffset()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lines.EnumerateArray().Select(l => l.GetProperty("actionName").GetString()), Has.All.EqualTo("接口令牌签发"));
            Assert.That(lines.Strings("userName"), Does.Contain("leader"));
            Assert.That(times, Is.Ordered.Descending);
            Assert.That(bad.GetProperty("detail").GetString(), Does.Contain("没有名为“Hack”的审计动作"));
        });
    }

    [Test]
    public async Task TheExport_HoldsEveryLine_InChinese_AndIsItselfLogged()
    {
        var admin = await As("admin");
        await App.ClientForAsync("SD-ICBC-reporter");
        var today = ReportingSupport.TodayInChina.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var response = await admin.GetAsync($"/api/exports/audit.xlsx?from={today}&to={today}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheet("审计日志");
        var header = sheet.Row(5).CellsUsed().Select(c => c.GetString()).ToList();
        var rows = sheet.RowsUsed().Where(r => r.RowNumber() > 5 && r.Cell(1).DataType == XLDataType.Number).ToList();
        var inDatabase = await App.QueryAsync(db => db.AuditEntries.CountAsync());
        var exported = await Lines(AuditActions.Exported);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(header, Is.EqualTo(new[] { "序号", "时间", "账号", "动作", "对象", "详情", "结果", "来源地址", "请求编号" }));
            Assert.That(rows.Count, Is.EqualTo(inDatabase), "every line of today (all of them: the app started today), the export's own included: it is logged before it is built");
            Assert.That(rows.Select(r => r.Cell(4).GetString()), Does.Contain("接口令牌签发"));
            Assert.That(exported.Select(e => (e.UserName, e.Target)), Does.Contain(("admin", $"审计日志-{today}至{today}-全国.xlsx")), "who, and the file by its name");
        });
    }
}
