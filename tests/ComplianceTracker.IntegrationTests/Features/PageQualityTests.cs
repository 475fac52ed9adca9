using Microsoft.Playwright;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Every main page, as the role that uses it: the browser reports no content-security-policy violation (no inline
/// script or style slipped in), axe-core finds no missing label, unnamed button or link, or text below WCAG AA contrast,
/// nothing scrolls sideways at tablet width, and the form can be filled by keyboard alone. Screenshots of each page at
/// 1366 px are saved.
/// </summary>
[NonParallelizable]
public class PageQualityTests : BrowserAppFixture
{
    private static readonly string[] AxeRules = ["label", "button-name", "link-name", "color-contrast", "html-has-lang", "document-title", "select-name", "image-alt", "duplicate-id-aria"];

    private string period = "";

    /// <summary>An open one-off item of SD-CCB (its page is 我的待办's 上传材料).</summary>
    private int oneOff;

    [OneTimeSetUp]
    public async Task FindTheCurrentPeriod()
    {
        period = await ReportingSupport.CurrentPeriodAsync(await App.ClientForAsync("supervisor"));
        oneOff = await App.QueryAsync(db => db.DueItems.Where(d => d.Obligation.Institution.Code == "SD-CCB" && d.PeriodKey == Web.Domain.DueItem.OncePeriodKey)
            .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
    }

    private IEnumerable<(string User, string Url, string Name)> MainPages() =>
    [
        ("SD-CCB-reporter", "/", "home-reporter"),
        ("SD-CCB-reporter", "/todo", "todo-reporter"),
        ("SD-CCB-reporter", $"/report/{ReportingSupport.Form}/{period}/SD-CCB", "report-form"),
        ("SD-CCB-reporter", $"/report/{ReportingSupport.Form}/{period}/SD-CCB/history", "report-history"),
        ("SD-CCB-reporter", $"/todo/{oneOff}", "todo-item"),
        ("SD-CCB-reporter", "/notifications", "notifications-reporter"),
        ("SD-CCB-head", "/", "home-head"),
        ("SD-CCB-head", "/approvals", "approvals"),
        ("supervisor", "/", "home-supervisor"),
        ("supervisor", "/todo", "todo-supervisor"),
        ("supervisor", "/completeness", "completeness"),
        ("supervisor", "/circulars", "circulars"),
        ("supervisor", "/circulars/new", "circular-new"),
        ("supervisor", "/targets", "targets"),
        ("supervisor", "/calendar", "calendar"),
        ("supervisor", "/institutions", "institutions"),
        ("supervisor", "/institutions/import", "institutions-import"),
        ("supervisor", "/jurisdictions", "jurisdictions"),
        ("supervisor", "/institutions/SD-RCB-HQ", "institution-edit"),
        ("supervisor", "/notifications", "notifications"),
        ("supervisor", "/unlock-requests", "unlock-requests"),
        ("supervisor", $"/todo/{oneOff}", "todo-item-supervisor"),
        ("SD-CCB-reporter", "/unlock-requests", "unlock-requests-reporter"),
        ("leader", "/dashboard", "dashboard"),
        ("admin", "/users", "users"),
        ("admin", "/users/new", "user-new"),
        ("admin", "/users/SD-CCB-reporter", "user-edit"),
        ("admin", "/users/bulk", "users-bulk"),
        ("SD-CCB-head", "/account/password", "own-password"),
    ];

    [Test]
    public async Task MainPages_BreakNoContentSecurityPolicy_AndPassTheAccessibilityChecks()
    {
        var problems = new List<string>();
        var axe = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Assets", "axe-core", "axe.min.js"));
        foreach (var group in MainPages().GroupBy(p => p.User))
        {
            // Two contexts per user: one under the real policy, one that lets axe-core's script in.
            var strict = await SignInAsync(group.Key);
            var violations = new List<string>();
            strict.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(message.Text);
                }
            };
            var checking = await SignInAsync(group.Key, bypassContentSecurityPolicy: true);
            foreach (var (_, url, name) in group)
            {
                var response = await strict.GotoAsync(url);
                await strict.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (response?.Status != 200)
                {
                    problems.Add($"{url} as {group.Key}: {response?.Status}");
                    continue;
                }

                await Browser.ScreenshotAsync(strict, $"page-{name}");
                problems.AddRange(violations.Select(v => $"{url}: {v}"));
                violations.Clear();

                await checking.GotoAsync(url);
                await checking.AddScriptTagAsync(new PageAddScriptTagOptions { Content = axe });
                var found = await checking.EvaluateAsync<string[]>(
                    "async rules => (await axe.run(document, { runOnly: { type: 'rule', values: rules } })).violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1).join(' ')))",
                    AxeRules);
                problems.AddRange(found.Select(f => $"{url}: {f}"));
            }

            await strict.Context.CloseAsync();
            await checking.Context.CloseAsync();
        }

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public async Task MainPages_DoNotScrollSideways_AtTabletWidth() =>
        Assert.That(await WiderThanTheScreenAsync(MainPages(), Browser.ContextOptions(App, new ViewportSize { Width = 768, Height = 1024 }), "tablet"), Is.Empty);

    [Test]
    public async Task BranchPages_DoNotScrollSideways_OnAPhone() =>
        Assert.That(await WiderThanTheScreenAsync(MainPages().Where(p => !p.User.StartsWith("supervisor", StringComparison.Ordinal) && p.User != "leader"), Browser.PhoneOptions(App), "phone"), Is.Empty);

    /// <summary>Each page opened as its user in a browser of <paramref name="options"/>: the pages wider than the screen, with by how much; a screenshot of each.</summary>
    private async Task<List<string>> WiderThanTheScreenAsync(IEnumerable<(string User, string Url, string Name)> pages, BrowserNewContextOptions options, string suffix)
    {
        var wide = new List<string>();
        foreach (var group in pages.GroupBy(p => p.User))
        {
            var page = await Browser.SignInAsync(await NewContextAsync(options), group.Key);
            foreach (var (_, url, name) in group)
            {
                await page.GotoAsync(url);
                if (await Browser.OverflowAsync(page) is > 0 and var overflow)
                {
                    wide.Add($"{url}: {overflow}px wider than the screen");
                }

                await Browser.ScreenshotAsync(page, $"page-{name}-{suffix}");
            }

            await page.Context.CloseAsync();
        }

        return wide;
    }

    [Test]
    public async Task TheWeeklyForm_CanBeFilledAndSaved_ByKeyboardAlone()
    {
        var bank = await ReportingSupport.UntouchedBankAsync(App, period);
        var page = await SignInAsync($"{bank}-reporter");
        await page.GotoAsync($"/report/{ReportingSupport.Form}/{period}/{bank}");
        var first = page.Locator("input[name^='v.']").First;
        var code = (await first.GetAttributeAsync("name"))![2..];
        await first.FocusAsync();
        await page.Keyboard.TypeAsync("123");

        // Tab through the page until the save button has the focus, then press Enter: no mouse.
        var reached = false;
        for (var i = 0; i < 200 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.textContent?.trim() === '保存草稿'");
        }

        Assert.That(reached, Is.True, "保存草稿 is reachable by Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("草稿已保存").WaitForAsync();
        var saved = await App.QueryAsync(db => db.Submissions.Where(s => s.Institution.Code == bank && s.Period.Key == period).Select(s => s.ValuesJson).SingleAsync());
        Assert.That(saved, Does.Contain($"\"{code}\":123"));
    }
}
