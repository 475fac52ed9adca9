using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Journeys;

/// <summary>
/// Part of journey 8: a district that is not in the shipped list of areas. The administrator opens 机构 → 辖区, adds
/// 长治市潞州区 below 长治市 and sees it in the tree; a wrong code is refused on the page with the field named. Only
/// clicks from sign-in, at 1366 px and on a phone.
/// </summary>
[NonParallelizable]
public class JurisdictionPagesTests : BrowserAppFixture
{
    [TestCase(false, TestName = "Jurisdictions_AdminAddsADistrict_AtTheDesk")]
    [TestCase(true, TestName = "Jurisdictions_AdminAddsADistrict_OnAPhone")]
    public async Task Admin_AddsADistrictBelowItsCity(bool phone)
    {
        var name = phone ? "phone" : "desk";
        var (code, district) = phone ? ("SX-CZ-TL", "长治市屯留区") : ("SX-CZ-LZ", "长治市潞州区");
        var page = await Browser.SignInAsync(await NewContextAsync(Options(phone)), "admin");
        await Browser.NavigateAsync(page, "机构");
        await page.WaitForURLAsync("**/institutions");
        await page.GetByRole(AriaRole.Link, new() { Name = "辖区", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/jurisdictions");

        await page.GetByLabel("上级辖区").SelectOptionAsync(new SelectOptionValue { Label = "长治市" });
        await page.GetByLabel("辖区名称").FillAsync(district);
        await page.GetByLabel("辖区代码").FillAsync("sx cz");
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "增设" }));
        var refusal = await page.Locator(".field-error[data-field=code]").InnerTextAsync();
        var storedAfterRefusal = await App.QueryAsync(db => db.Jurisdictions.CountAsync(j => j.Name == district));

        await page.GetByLabel("辖区代码").FillAsync(code);
        await Browser.PostAsync(page.GetByRole(AriaRole.Button, new() { Name = "增设" }));
        var notice = await page.Locator("#notice").InnerTextAsync();
        var listed = await page.Locator($"#jurisdictions li[data-code='{code}']").InnerTextAsync();
        var overflow = await Browser.OverflowAsync(page);
        await Browser.ScreenshotAsync(page, $"jurisdictions-{name}");
        var parent = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == code).Select(j => j.Parent!.Name).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(refusal, Does.Contain("大写字母"));
            Assert.That(storedAfterRefusal, Is.Zero);
            Assert.That(notice, Does.Contain($"已增设辖区“{district}”"));
            Assert.That(listed, Does.Contain(district));
            Assert.That(parent, Is.EqualTo("长治市"));
            Assert.That(overflow, Is.LessThanOrEqualTo(0));
        });
    }
}
