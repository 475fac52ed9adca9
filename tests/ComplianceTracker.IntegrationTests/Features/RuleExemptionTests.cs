using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 例外校验许可 (journey 10): a bank's correct figure that a check takes for a mistake (a real tenfold rise, refused as
/// 疑似单位错误) is let through for that bank and that period only, by a supervisor of the bank, with a reason; the bank
/// is told, the submit then passes, and the exception is in the audit log and the circular's 台账. Bad requests change
/// nothing.
/// </summary>
public class RuleExemptionTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task ATenfoldRise_IsLetThroughForThatBankAndPeriod_ByItsSupervisor_WithAReason()
    {
        var period = await ReportingSupport.CurrentPeriodAsync(await As("supervisor"));
        var banks = await App.QueryAsync(db => ReportingSupport.UntouchedBanks(db, period).Take(2).ToListAsync());
        var (bank, other) = (banks[0], banks[1]);
        var url = ReportingSupport.SubmissionUrl(period, bank);
        var exceptions = $"/api/forms/{ReportingSupport.Form}/periods/{period}/exceptions";
        var reporter = await As($"{bank}-reporter");
        var supervisor = await As("supervisor");

        // A 万元 figure ten times last week's: refused as 疑似单位错误.
        var figures = await ReportingSupport.LastReportedFiguresAsync(App, bank, period);
        var wanYuan = await App.QueryAsync(db => ReportingSupport.Indicators(db).Where(i => i.Unit == "万元").Select(i => i.Code).ToListAsync());
        var slip = wanYuan.First(c => figures.GetValueOrDefault(c) is > 0);
        figures[slip] *= 10;
        var current = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = figures, baseRevision = current.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
        var comments = ReportingSupport.CommentsForWarnings(saved);
        var key = saved.GetProperty("validation").EnumerateArray()
            .Single(f => f.GetProperty("indicatorCode").GetString() == slip && f.GetProperty("message").GetString()!.StartsWith("疑似单位错误", StringComparison.Ordinal))
            .GetProperty("exemptionKey").GetString();
        var refused = await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        // Bad requests: no reason, a check the form does not have, a bank of another jurisdiction's supervisor, a reporter.
        var noReason = await (await supervisor.PostAsJsonAsync(exceptions, new { institution = bank, rule = key })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var noSuchRule = await (await supervisor.PostAsJsonAsync(exceptions, new { institution = bank, rule = "UNIT_SLIP:NO_SUCH", reason = "核实无误" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var elsewhere = await (await (await As("supervisor-sh")).PostAsJsonAsync(exceptions, new { institution = bank, rule = key, reason = "核实无误" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var byReporter = await reporter.PostAsJsonAsync(exceptions, new { institution = bank, rule = key, reason = "核实无误" });
        var storedAfterRefusals = await App.QueryAsync(db => db.RuleExemptions.CountAsync());

        // Granted with a reason: the bank is told, the check no longer blocks, a second grant is refused.
        const string Reason = "该行本周发放一笔大额项目贷款，已电话核实，数据属实";
        var granted = await (await supervisor.PostAsJsonAsync(exceptions, new { institution = bank, rule = key, reason = Reason })).ExpectAsync(HttpStatusCode.Created);
        var again = await (await supervisor.PostAsJsonAsync(exceptions, new { institution = bank, rule = key, reason = Reason })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var view = await (await reporter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = ReportingSupport.CommentsForWarnings(view) })).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await reporter.GetAsync($"{exceptions}?institution={bank}")).ExpectAsync(HttpStatusCode.OK);

        // Only that bank: the same tenfold figure from another bank is still refused.
        var otherUrl = ReportingSupport.SubmissionUrl(period, other);
        var otherReporter = await As($"{other}-reporter");
        var otherFigures = await ReportingSupport.LastReportedFiguresAsync(App, other, period);
        var otherSlip = wanYuan.First(c => otherFigures.GetValueOrDefault(c) is > 0);
        otherFigures[otherSlip] *= 10;
        var otherCurrent = await (await otherReporter.GetAsync(otherUrl)).ExpectAsync(HttpStatusCode.OK);
        var otherSaved = await (await otherReporter.PutAsJsonAsync(otherUrl, new { values = otherFigures, baseRevision = otherCurrent.GetProperty("revision").GetInt32() })).ExpectAsync(HttpStatusCode.OK);
        await (await otherReporter.PostAsJsonAsync($"{otherUrl}/submit", new { comments = ReportingSupport.CommentsForWarnings(otherSaved) })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var told = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.RuleExempted && db.Users.Any(u => u.Id == n.UserId && u.UserName == $"{bank}-reporter"))
            .Select(n => n.Body).ToListAsync());
        var audited = await App.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.RuleExemptionGranted && a.Detail!.Contains(Reason)));
        var circularId = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        var ledgerResponse = await supervisor.GetAsync($"/api/exports/circular-ledger.xlsx?circularId={circularId}");
        using var ledger = new XLWorkbook(new MemoryStream(await ledgerResponse.Content.ReadAsByteArrayAsync()));
        var ledgerRow = ledger.Worksheet("解锁与更正").RowsUsed().Select(r => string.Join("|", r.CellsUsed().Select(c => c.GetString()))).FirstOrDefault(r => r.Contains("例外校验许可")) ?? "";

        Assert.Multiple(() =>
        {
            Assert.That(key, Is.EqualTo($"{UnitSlipCheck.Code}:{slip}"));
            Assert.That(refused.ToString(), Does.Contain("疑似单位错误"));
            Assert.That(noReason.GetProperty("errors").GetProperty("reason").ToString(), Does.Contain("许可原因"));
            Assert.That(noSuchRule.GetProperty("errors").GetProperty("rule").ToString(), Does.Contain("没有可许可例外的校验"));
            Assert.That(elsewhere.GetProperty("detail").GetString(), Does.Contain("无权查看"), "another jurisdiction's supervisor is told in Chinese");
            Assert.That(byReporter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(storedAfterRefusals, Is.Zero, "refused requests store nothing");
            Assert.That(granted.GetProperty("ruleName").GetString(), Does.StartWith("疑似单位错误："));
            Assert.That(again.GetProperty("detail").GetString(), Does.Contain("无需重复许可"));
            Assert.That(listed.EnumerateArray().Select(e => e.GetProperty("reason").GetString()), Is.EqualTo(new[] { Reason }));
            Assert.That(told, Has.Count.EqualTo(1));
            Assert.That(told[0], Does.Contain("疑似单位错误").And.Contain(Reason));
            Assert.That(audited, Is.EqualTo(1));
            Assert.That(ledgerResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ledgerRow, Does.Contain(Reason).And.Contain("疑似单位错误").And.Contain("第"), "in the 台账, with the week as people say it");
        });
    }
}
