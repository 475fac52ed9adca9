using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 9's form step, at 1366 px and on a phone: a supervisor opens a published circular with a weekly regime and
/// no form, clicks 建立报表, uploads the statistics table attached to it, adds a rule (seeing the as-you-type error
/// on a bad one, then none on the corrected one) and saves; the bank's reporter then finds the circular's weeks in 我的待办 and
/// opens the new form (its weeks are there at once: the circular was already published). From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class FormBuilderTests : BrowserAppFixture
{
    [TestCase(false, TestName = "FormBuilder_AtTheDesk")]
    [TestCase(true, TestName = "FormBuilder_OnAPhone")]
    public async Task Supervisor_BuildsTheWeeklyFormFromItsStatisticsTable_AndTheBankCanFillIt(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var suffix = Random.Shared.Next(1000, 9_999_999);
        var number = $"长上金发〔2026〕{suffix}号";
        var title = $"关于金融机构支持复工复产实行周报制的通知（{suffix}）";
        var circularId = await StatisticsTables.PublishWeeklyCircularAsync(await App.ClientForAsync("supervisor"), number, title);
        var table = Path.Combine(Path.GetTempPath(), $"周报统计表-{suffix}.xlsx");
        await File.WriteAllBytesAsync(table, StatisticsTables.Shangdang());

        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await supervisor.WaitForURLAsync($"**/circulars/{circularId}");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "建立报表" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/forms/new?requirement=*");

        await supervisor.GetByLabel("统计表文件").SetInputFilesAsync(table);
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "上传统计表" }));
        var proposed = await supervisor.Locator("#notice").InnerTextAsync();
        var names = await supervisor.Locator("input.indicator-name").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        var code = $"WB{suffix}";
        await supervisor.Locator("#f-code").FillAsync(code);

        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "添加规则" }));
        var expression = supervisor.Locator("input.rule-expression").First;
        var check = supervisor.Locator("#rule-check-0");
        await expression.FillAsync("A02 <= A01 +");
        await check.Locator(".field-error").WaitForAsync();
        var badRule = await check.InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"form-builder-bad-rule-{name}");
        await expression.FillAsync("A02 <= A01");
        await check.Locator(".ok").WaitForAsync();
        await supervisor.GetByLabel("提示语").First.FillAsync("本周各项贷款新发放额不应大于各项贷款余额");
        var overflow = await Browser.OverflowAsync(supervisor);
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "保存报表" }));
        var saved = await supervisor.Locator("#notice").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"form-builder-saved-{name}");

        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "SD-ICBC-reporter");
        await Browser.NavigateAsync(reporter, "我的待办");
        await reporter.WaitForURLAsync("**/todo");
        await reporter.Locator("#due-items tbody tr, table tbody tr", new() { HasTextString = number }).First.Locator("a.act").ClickAsync();
        await reporter.WaitForURLAsync($"**/report/{code}/**");
        var form = await reporter.Locator("main").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"form-builder-bank-{name}");
        var rules = await App.QueryAsync(db => db.FormRules.Where(r => db.ReportForms.Any(f => f.Id == r.FormId && f.Code == code)).Select(r => r.Left + " " + r.Operator + " " + r.Right).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(proposed, Does.Contain("4 个栏目、25 个指标"));
            Assert.That(names, Is.EqualTo(StatisticsTables.ShangdangSeed().Sections.SelectMany(s => s.Indicators).Select(i => i.Name).ToArray()));
            Assert.That(badRule, Does.Contain("缺少数字或指标代码").And.Contain("位置：表达式末尾"), "the as-you-type check says what and where");
            Assert.That(saved, Does.Contain("报表已保存"));
            Assert.That(rules, Is.EqualTo(new[] { "A02 <= A01" }));
            Assert.That(form, Does.Contain("各项贷款余额").And.Contain("受疫情影响严重行业贷款不良率"));
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }

    [TestCase(false, TestName = "FormVersion_AtTheDesk")]
    [TestCase(true, TestName = "FormVersion_OnAPhone")]
    public async Task Supervisor_ChangesAFormBanksReportOn_ByANewVersionFromNextWeek_AndTheBankIsTold(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var suffix = Random.Shared.Next(1000, 9_999_999);
        var number = $"长上金发〔2026〕{suffix}号";
        var title = $"关于金融机构贷款投放实行周报制的通知（{suffix}）";
        var api = await App.ClientForAsync("supervisor");
        var circularId = await StatisticsTables.PublishWeeklyCircularAsync(api, number, title);
        var requirement = await App.QueryAsync(db => db.Requirements.Where(r => r.CircularId == circularId).Select(r => r.Id).SingleAsync());
        var code = $"WV{suffix}";
        static object Indicator(string c, string n, string unit) => new { code = c, name = n, unit, decimals = 0, required = true };
        await (await api.PostAsJsonAsync("/api/forms", new
        {
            code,
            name = "贷款投放周报",
            requirementId = requirement,
            sections = new[] { new { name = "一、贷款", indicators = new[] { Indicator("A01", "各项贷款余额", "万元"), Indicator("A02", "贷款户数", "户") } } },
        })).ExpectAsync(HttpStatusCode.Created);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var periods = (await (await api.GetAsync($"/api/forms/{code}/periods")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var open = periods.FindIndex(p => DateOnly.Parse(p.GetProperty("start").GetString()!) <= today && DateOnly.Parse(p.GetProperty("end").GetString()!) >= today);
        var thisWeek = periods[open].GetProperty("key").GetString();
        var next = periods[open + 1];
        var nextName = Web.Domain.PeriodNames.Name(next.GetProperty("key").GetString()!, DateOnly.Parse(next.GetProperty("start").GetString()!), DateOnly.Parse(next.GetProperty("end").GetString()!), today.Year);
        var bank = await App.ClientForAsync("SD-ICBC-reporter");
        await (await bank.PutAsJsonAsync($"/api/forms/{code}/periods/{thisWeek}/submissions/SD-ICBC", new { values = new Dictionary<string, decimal?> { ["A01"] = 1000m, ["A02"] = 5m }, baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);

        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "supervisor");
        await Browser.NavigateAsync(supervisor, "通知文件");
        await supervisor.WaitForURLAsync("**/circulars");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await supervisor.WaitForURLAsync($"**/circulars/{circularId}");
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "修改报表（发布新版本）" }).ClickAsync();
        await supervisor.WaitForURLAsync($"**/forms/{code}/edit");
        var notice = await supervisor.Locator("#version-notice").InnerTextAsync();
        var offered = await supervisor.Locator("#from-period option").AllInnerTextsAsync();
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "删除指标" }).Last);
        await supervisor.Locator("#version-reason").FillAsync("上级行不再统计贷款户数");
        var overflow = await Browser.OverflowAsync(supervisor);
        await Browser.PostAsync(supervisor.GetByRole(AriaRole.Button, new() { Name = "发布第2版" }));
        var published = await supervisor.Locator("#notice").InnerTextAsync();
        var versions = await supervisor.Locator("#versions").InnerTextAsync();
        await Browser.ScreenshotAsync(supervisor, $"form-version-published-{name}");

        var reporter = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "SD-ICBC-reporter");
        await Browser.OpenMessageAsync(reporter, "【报表新版本】贷款投放周报 第2版");
        await reporter.WaitForURLAsync($"**/report/{code}/**");
        var heading = await reporter.Locator("h1").InnerTextAsync();
        var form = await reporter.Locator("main").InnerTextAsync();
        await Browser.ScreenshotAsync(reporter, $"form-version-bank-{name}");

        Assert.Multiple(() =>
        {
            Assert.That(notice, Does.Contain("已有机构报送数据").And.Contain("现行为第1版").And.Contain("第2版"));
            Assert.That(offered[0], Is.EqualTo(nextName), "the first week it may start from is next week, as people say it");
            Assert.That(offered, Has.None.Contains(thisWeek!), "not keys");
            Assert.That(published, Does.Contain("第2版已发布"));
            Assert.That(versions, Does.Contain("第1版").And.Contain($"第2版：自{nextName}起").And.Contain("停用指标：贷款户数").And.Contain("上级行不再统计贷款户数"));
            Assert.That(reporter.Url, Does.EndWith($"/report/{code}/{next.GetProperty("key").GetString()}/SD-ICBC"));
            Assert.That(heading, Is.EqualTo("贷款投放周报（表式第2版）"));
            Assert.That(form, Does.Contain("各项贷款余额").And.Not.Contain("贷款户数"));
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "nothing scrolls sideways");
        });
    }
}
