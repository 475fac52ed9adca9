using ClosedXML.Excel;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// The supervisor keeps the registry, at 1366 px and on a phone: 机构 from the navigation, 批量导入 a small file
/// (the result says how many were added), finds one of them, changes its 简称 and sees it in the list. From sign-in on,
/// only clicks.
/// </summary>
[NonParallelizable]
public class InstitutionRegistryPagesTests : BrowserAppFixture
{
    [TestCase(false, TestName = "Registry_ImportThenEditAShortName_AtTheDesk")]
    [TestCase(true, TestName = "Registry_ImportThenEditAShortName_OnAPhone")]
    public async Task Supervisor_ImportsASmallFile_ThenEditsAShortName(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var place = phone ? "西火" : "东和";
        var prefix = phone ? "PH" : "DK";
        var file = Path.Combine(Path.GetTempPath(), $"机构名录-{prefix}-{Guid.NewGuid():N}.xlsx");
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("机构名录");
            string[][] rows =
            [
                ["机构代码", "机构名称", "简称", "机构类型", "机构类别", "上级机构代码", "是否法人", "所属辖区代码", "联系人", "联系电话", "电子邮箱"],
                [$"{prefix}-VB1", $"上党{place}村镇银行营业部", $"{place}村镇营业部", "银行", "村镇银行", $"{prefix}-VB", "否", "SX-CZ-SD", "赵六", "0355-1111111", "zl@example.com"],
                [$"{prefix}-VB", $"长治上党{place}村镇银行股份有限公司", $"{place}村镇银行", "银行", "村镇银行", "", "是", "长治市上党区", "赵六", "0355-1111111", "zl@example.com"],
            ];
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    sheet.Cell(r + 1, c + 1).SetValue(rows[r][c]);
                }
            }

            workbook.SaveAs(file);
        }

        var page = await Browser.SignInAsync(await NewContextAsync(phone ? Browser.PhoneOptions(App) : Browser.ContextOptions(App)), "supervisor");
        await Browser.NavigateAsync(page, "机构");
        await page.WaitForURLAsync("**/institutions");
        var listOverflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"registry-list-{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "批量导入" }).ClickAsync();
        await page.WaitForURLAsync("**/institutions/import");
        await page.Locator("#file").SetInputFilesAsync(file);
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "导入" }));
        var result = await page.Locator("#import-result").InnerTextAsync();
        var importOverflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"registry-imported-{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "查看机构" }).ClickAsync();
        await page.WaitForURLAsync("**/institutions");
        await page.GetByLabel("名称、简称或代码").FillAsync($"{place}村镇银行营业部");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        await page.Locator("#institutions tbody tr").First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/institutions/{prefix}-VB1");
        var parentShown = await page.Locator("#parentCode").InputValueAsync();
        await page.GetByLabel("简称（图表和列表中显示）").FillAsync($"{place}村镇上党营业部");
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "保存" }));
        var notice = await page.Locator("#notice").InnerTextAsync();
        var editOverflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"registry-edited-{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "← 机构" }).ClickAsync();
        await page.WaitForURLAsync("**/institutions");
        await page.GetByLabel("名称、简称或代码").FillAsync($"{place}村镇");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        var listed = await page.Locator("#institutions").InnerTextAsync();
        await Browser.ScreenshotAsync(page, $"registry-filtered-{name}");
        var stored = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == $"{prefix}-VB1").Select(i => new { i.ShortName, i.Path }).SingleAsync());
        File.Delete(file);

        Assert.Multiple(() =>
        {
            Assert.That(result, Does.Contain("新增 2 家，更新 0 家，未变 0 家").And.Contain("为新机构开通账号"));
            Assert.That(parentShown, Is.EqualTo($"{prefix}-VB"));
            Assert.That(notice, Does.Contain("已保存"));
            Assert.That(listed, Does.Contain($"{place}村镇上党营业部").And.Contain($"长治上党{place}村镇银行股份有限公司").And.Contain("村镇银行").And.Contain("长治市上党区"));
            Assert.That(listed, Does.Not.Contain($"{prefix}-VB"), "names, not codes");
            Assert.That(stored.ShortName, Is.EqualTo($"{place}村镇上党营业部"));
            Assert.That(stored.Path, Is.EqualTo($"/{prefix}-VB/{prefix}-VB1/"));
            Assert.That(listOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(importOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(editOverflow, Is.LessThanOrEqualTo(0));
        });
    }
}
