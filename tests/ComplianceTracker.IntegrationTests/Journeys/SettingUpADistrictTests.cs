using ClosedXML.Excel;
using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Journey 8 of JOURNEYS.md, "Setting up a district", on a fresh install (no demo data, the first administrator from
/// configuration), at 1366 px and on a phone: the administrator downloads the registry template from 机构 → 导入, fills
/// it with 200 institutions of 长治市上党区 (legal entities and their branches, parents after children), imports it,
/// opens the accounts of every new institution in one step and reads the one-time activation codes; a reporter
/// activates with the code from the sign-in page, choosing a password, and lands on the institution's start page. From
/// sign-in on, only clicks.
/// </summary>
[NonParallelizable]
public class SettingUpADistrictTests : BrowserAppFixture
{
    private const string Admin = "district-admin";
    private const string AdminPassword = "District@Admin2026";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Seed:Demo"] = "false",
        ["Seed:AdminUserName"] = Admin,
        ["Seed:AdminPassword"] = AdminPassword,
    };

    [TestCase(false, TestName = "SettingUpADistrict_ImportedAccountsOpenedAndActivated_AtTheDesk")]
    [TestCase(true, TestName = "SettingUpADistrict_ImportedAccountsOpenedAndActivated_OnAPhone")]
    public async Task TwoHundredInstitutions_AreImported_TheirAccountsOpened_AndAReporterActivates(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var prefix = phone ? "SDP" : "SDD";
        var demoAccounts = await App.QueryAsync(db => db.Users.CountAsync(u => u.IsDemo));
        var sampleInstitutions = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Code.StartsWith("SD-")));

        // The administrator: 机构 → 导入 → the template, filled with the district's 200 institutions, imported.
        var admin = await Browser.SignInAsync(await NewContextAsync(Options(phone)), Admin, AdminPassword);
        await Browser.NavigateAsync(admin, "机构");
        await admin.WaitForURLAsync("**/institutions");
        await admin.GetByRole(AriaRole.Link, new() { Name = "批量导入" }).ClickAsync();
        await admin.WaitForURLAsync("**/institutions/import");
        var template = await admin.RunAndWaitForDownloadAsync(() => admin.GetByRole(AriaRole.Link, new() { Name = "下载模板" }).ClickAsync());
        var filled = District(await File.ReadAllBytesAsync((await template.PathAsync())!), prefix, 200);
        await admin.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "上党区机构名录.xlsx", MimeType = XlsxType, Buffer = filled });
        await Browser.PostAsync(admin.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }));
        var imported = await admin.Locator("#import-result, #import-error").InnerTextAsync();
        var importOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey8-imported-{name}");
        var stored = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Code.StartsWith(prefix)));

        // Their accounts in one step: every institution without accounts, reporter and head, codes shown once.
        await admin.GetByRole(AriaRole.Link, new() { Name = "为新机构开通账号" }).ClickAsync();
        await admin.WaitForURLAsync("**/users/bulk**");
        await admin.Locator("#all").CheckAsync();
        await Browser.PostAsync(admin.GetByRole(AriaRole.Button, new() { Name = "开通并显示开通码" }));
        var reporterName = $"{prefix}-0007-reporter";
        var codeRow = admin.Locator($"#codes tbody tr[data-user='{reporterName}']");
        var rowText = await codeRow.InnerTextAsync();
        var code = (await codeRow.Locator("code.activation").InnerTextAsync()).Trim();
        var codesShown = await admin.Locator("#codes tbody tr").CountAsync();
        var codesOverflow = await Browser.OverflowAsync(admin);
        await Browser.ScreenshotAsync(admin, $"journey8-codes-{name}");
        var accounts = await App.QueryAsync(db => db.Users.CountAsync(u => u.UserName!.StartsWith(prefix)));
        var hashes = await App.QueryAsync(db => db.Users.Where(u => u.UserName == reporterName).Select(u => u.ActivationCodeHash).SingleAsync());

        // The reporter: from the sign-in page, activates with the code and a password of their own, and is at work.
        var reporter = await (await NewContextAsync(Options(phone))).NewPageAsync();
        await reporter.GotoAsync("/");
        await reporter.Locator("#activate-link").ClickAsync();
        await reporter.WaitForURLAsync("**/account/activate**");
        await reporter.GetByLabel("用户名").FillAsync(reporterName);
        await reporter.GetByLabel("开通码").FillAsync(code);
        await reporter.GetByLabel("新密码", new() { Exact = true }).FillAsync("Shangdang#Bank7Reporter");
        await reporter.GetByLabel("确认新密码").FillAsync("Shangdang#Bank7Reporter");
        await Browser.ScreenshotAsync(reporter, $"journey8-activate-{name}");
        await Browser.PostAsync(reporter.GetByRole(AriaRole.Button, new() { Name = "设置密码并登录" }));
        await reporter.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var who = await reporter.Locator("#who").InnerTextAsync();
        var start = await reporter.Locator("main").InnerTextAsync();
        var startOverflow = await Browser.OverflowAsync(reporter);
        await Browser.ScreenshotAsync(reporter, $"journey8-start-{name}");

        // The code worked once: a second activation with it is refused.
        var again = await (await NewContextAsync(Options(phone))).NewPageAsync();
        await again.GotoAsync("/");
        await again.Locator("#activate-link").ClickAsync();
        await again.GetByLabel("用户名").FillAsync(reporterName);
        await again.GetByLabel("开通码").FillAsync(code);
        await again.GetByLabel("新密码", new() { Exact = true }).FillAsync("Another#Password2026x");
        await again.GetByLabel("确认新密码").FillAsync("Another#Password2026x");
        await Browser.PostAsync(again.GetByRole(AriaRole.Button, new() { Name = "设置密码并登录" }));
        var refusedAgain = again.Url.Contains("/account/activate", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(demoAccounts, Is.Zero, "a fresh install has no demo accounts");
            Assert.That(sampleInstitutions, Is.Zero, "a fresh install has none of the sample institutions");
            Assert.That(imported, Does.Contain("新增 200 家"));
            Assert.That(stored, Is.EqualTo(200));
            Assert.That(rowText, Does.Contain($"上党区第7号"), "the codes list names the institution");
            Assert.That(code, Does.Match("^[A-Z2-9]{5}-[A-Z2-9]{5}$"));
            Assert.That(codesShown, Is.EqualTo(400), "a reporter and a head for each of the 200");
            Assert.That(accounts, Is.EqualTo(400));
            Assert.That(hashes, Is.Not.Null.And.Not.Contains(code.Replace("-", "", StringComparison.Ordinal)), "only a hash is stored");
            Assert.That(who, Does.Contain("上党区第7号"), "signed in, at the institution");
            Assert.That(start, Does.Not.Contain("SDD").And.Not.Contain("SDP"), "names, not codes");
            Assert.That(refusedAgain, Is.True, "a code works once");
            Assert.That(importOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(codesOverflow, Is.LessThanOrEqualTo(0));
            Assert.That(startOverflow, Is.LessThanOrEqualTo(0));
        });
    }

    /// <summary>
    /// The downloaded template filled with <paramref name="count"/> institutions of 长治市上党区: every tenth a village bank
    /// (法人), the others branches of it, each branch listed before its legal entity (the importer orders them).
    /// </summary>
    private static byte[] District(byte[] template, string prefix, int count)
    {
        using var workbook = new XLWorkbook(new MemoryStream(template));
        var sheet = workbook.Worksheets.First();
        var header = sheet.RowsUsed().First(r => r.CellsUsed().Any(c => c.GetString() == "机构代码"));
        var columns = header.CellsUsed().ToDictionary(c => c.GetString().Trim().TrimStart('*'), c => c.Address.ColumnNumber);
        var row = header.RowNumber() + 1;
        foreach (var used in sheet.RowsUsed().Where(r => r.RowNumber() >= row).ToList())
        {
            used.Clear();
        }

        for (var n = count; n >= 1; n--)
        {
            var legal = (n - 1) % 10 == 0;
            var entity = (n - 1) / 10 * 10 + 1;
            var code = $"{prefix}-{n:0000}";
            void Set(string column, string value)
            {
                if (columns.TryGetValue(column, out var c))
                {
                    sheet.Cell(row, c).SetValue(value);
                }
            }

            Set("机构代码", code);
            Set("机构名称", legal ? $"长治上党区第{n}号村镇银行股份有限公司" : $"长治上党区第{entity}号村镇银行上党区第{n}号支行");
            Set("简称", legal ? $"上党区第{n}号村镇银行" : $"上党区第{n}号支行");
            Set("机构类型", "银行");
            Set("机构类别", "村镇银行");
            Set("上级机构代码", legal ? "" : $"{prefix}-{entity:0000}");
            Set("是否法人", legal ? "是" : "否");
            Set("所属辖区代码", "SX-CZ-SD");
            Set("联系人", $"联系人{n}");
            Set("联系电话", $"1390355{n:0000}");
            Set("电子邮箱", $"contact{n}@example.cn");
            row++;
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
