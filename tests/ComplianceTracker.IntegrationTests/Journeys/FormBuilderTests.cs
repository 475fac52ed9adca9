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
}
