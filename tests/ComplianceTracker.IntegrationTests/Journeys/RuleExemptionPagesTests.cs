using System.Globalization;
using ComplianceTracker.IntegrationTests.Features;
using ComplianceTracker.Web.Domain;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 10's 例外校验许可, at 1366 px and on a phone: a reporter's real tenfold rise is stopped as 疑似单位错误; the
/// supervisor finds the bank's week from 辖内待办 (filtered to the bank), opens its form, picks the check the figures
/// fail and allows it with a reason; the reporter, told in 消息, opens the form from the message and submits. The
/// exception is shown on the form. From sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class RuleExemptionPagesTests : BrowserAppFixture
{
    [TestCase(false, TestName = "RuleExemption_GrantedOnTheFormPage_AtTheDesk")]
    [TestCase(true, TestName = "RuleExemption_GrantedOnTheFormPage_OnAPhone")]
    public async Task TheSupervisorAllowsARealTenfoldRise_AndTheReporterSubmits(bool phone)
    {
        var name = phone ? "phone" : "desk";
        BrowserNewContextOptions Options() => phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App);
        var period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        var bank = await ReportingSupport.UntouchedBankAsync(App, period, last: phone);
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == bank).Select(i => i.Name).SingleAsync());
        var figures = await ReportingSupport.LastReportedFiguresAsync(App, bank, period);
        var slip = (await App.QueryAsync(db => ReportingSupport.Indicators(db).Where(i => i.Unit == "万元").Select(i => i.Code).ToListAsync()))
            .First(c => figures.GetValueOrDefault(c) is > 0);

        // The reporter types a tenfold rise: stopped as 疑似单位错误.
        var reporter = await Browser.SignInAsync(await NewContextAsync(Options()), $"{bank}-reporter");
        await ReportingSupport.OpenFromTodoAsync(reporter, period, bank);
        foreach (var (code, value) in figures)
        {
            var typed = code == slip ? value!.Value * 10m : value;
            await reporter.Locator($"#v-{code}").FillAsync(typed?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        await Browser.PostAsync(reporter.Locator("#submit-button"));
        var stopped = await reporter.Locator($"#m-{slip}").InnerTextAsync();

        // The supervisor: 辖内待办 filtered to the bank → the week's row → 查看报表 → 许可例外 with a reason.
        var supervisor = await Browser.SignInAsync(await NewContextAsync(Options()), "supervisor");
        await Browser.NavigateAsync(supervisor, "辖内待办");
        await supervisor.WaitForURLAsync("**/todo");
        await supervisor.Locator("#f-institution").SelectOptionAsync(new SelectOptionValue { Label = bankName });
        await supervisor.Locator("#filters button[type=submit]").ClickAsync();
        await supervisor.WaitForURLAsync("**/todo?**");
        if (await supervisor.Locator("#later a").IsVisibleAsync())
        {
            // This week's report falls due next Monday: on a Sunday it is folded under 显示以后各期.
            await supervisor.Locator("#later a").ClickAsync();
            await supervisor.WaitForURLAsync("**later=true**");
        }

        await supervisor.Locator($"#due-items tr[data-period='{period}']").GetByRole(AriaRole.Link, new() { Name = "查看报表" }).ClickAsync();
        await supervisor.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var options = await supervisor.Locator("#exempt-rule option").AllInnerTextsAsync();
        await Browser.PostAsync(supervisor.Locator("#exempt-button"));
        var noReason = await supervisor.Locator("#exempt-error").InnerTextAsync();
        await supervisor.Locator("#exempt-rule").SelectOptionAsync(new SelectOptionValue { Value = $"UNIT_SLIP:{slip}" });
        await supervisor.Locator("#exempt-reason").FillAsync("本周发放大额项目贷款，已电话核实");
        await Browser.PostAsync(supervisor.Locator("#exempt-button"));
        await supervisor.Locator("#notice", new() { HasTextString = "已许可" }).WaitForAsync();
        var shownToSupervisor = await supervisor.Locator("#exemption-list").InnerTextAsync();
        var supervisorOverflow = await Browser.OverflowAsync(supervisor);
        await Browser.ScreenshotAsync(supervisor, $"journey10-exemption-granted-{name}");

        // The reporter, told, opens the form from the message and submits the same figures.
        await Browser.OpenMessageAsync(reporter, "例外校验许可");
        await reporter.WaitForURLAsync($"**/report/{ReportingSupport.Form}/{period}/{bank}");
        var shownToReporter = await reporter.Locator("#exemption-list").InnerTextAsync();
        await reporter.Locator("#submit-note").FillAsync("大额项目贷款，监管员已许可");
        await Browser.PostAsync(reporter.Locator("#submit-button"));
        var comments = reporter.Locator("input[name^='c.']");
        if (await reporter.Locator("#status").InnerTextAsync() != "已报送，待审核" && await comments.CountAsync() > 0)
        {
            for (var i = 0; i < await comments.CountAsync(); i++)
            {
                await comments.Nth(i).FillAsync("本周数据已核对，变动属实。");
            }

            await Browser.PostAsync(reporter.Locator("#submit-button"));
        }

        var status = await reporter.Locator("#status").InnerTextAsync();
        var reporterOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey10-exemption-submitted-{name}");
        var stored = await ReportingSupport.StoredAsync(App, period, bank);

        Assert.Multiple(() =>
        {
            Assert.That(stopped, Does.Contain("疑似单位错误"));
            Assert.That(options, Has.Some.Contains("疑似单位错误"), "the check the figures fail is offered by its words");
            Assert.That(noReason, Does.Contain("许可原因"));
            Assert.That(shownToSupervisor, Does.Contain("疑似单位错误").And.Contain("已电话核实"));
            Assert.That(shownToReporter, Does.Contain("已电话核实"));
            Assert.That(status, Is.EqualTo("已报送，待审核"));
            Assert.That(stored!.Status, Is.EqualTo(SubmissionStatus.Submitted));
            Assert.That(supervisorOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(reporterOverflow, Is.LessThanOrEqualTo(0));
        });
    }
}
