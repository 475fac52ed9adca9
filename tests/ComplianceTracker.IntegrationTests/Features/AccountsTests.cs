using System.Net.Http.Headers;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Accounts;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Accounts without curl: bulk opening with one-time activation codes (hashed, expiring, usable once), activation,
/// reset, 停用 ending sign-in and existing tokens, edits, the paged list, the audit trail, and admins only.
/// </summary>
[NonParallelizable]
public class AccountsTests : SqliteAppFixture
{
    private const string NewPassword = "Kai@Tong2026x";

    [Test]
    public async Task Bulk_OpensReporterAndHeadWithCodes_SkipsExisting_AndNeverKeepsACodeInClear()
    {
        var codes = await AddInstitutionsAsync("ACC-B1", "ACC-B2");
        var admin = await App.ClientForAsync("admin");

        var body = await (await admin.PostAsJsonAsync("/api/users/bulk", new { institutions = new[] { codes[0], codes[1], "SD-CCB" }, roles = new[] { "Reporter", "BranchHead" } }))
            .ExpectAsync(HttpStatusCode.OK);
        var created = body.GetProperty("created").EnumerateArray().ToList();
        var issued = created.Select(a => a.GetProperty("activationCode").GetString()!).ToList();
        var stored = await App.QueryAsync(db => db.Users.Where(u => u.UserName!.StartsWith("ACC-B"))
            .Select(u => new { u.UserName, u.DisplayName, u.PasswordHash, u.ActivationCodeHash, u.ActivationExpiresAt, Institution = u.Institution!.Code, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList() })
            .OrderBy(u => u.UserName).ToListAsync());
        var audit = await App.QueryAsync(db => db.AuditEntries.Select(a => (a.Target ?? "") + " " + (a.Detail ?? "")).ToListAsync());
        var beforeActivation = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "ACC-B1-reporter", password = "" });

        Assert.Multiple(() =>
        {
            Assert.That(created.Select(a => a.GetProperty("userName").GetString()), Is.EquivalentTo(new[] { "ACC-B1-reporter", "ACC-B1-head", "ACC-B2-reporter", "ACC-B2-head" }));
            Assert.That(body.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()), Is.EquivalentTo(new[] { "SD-CCB-reporter", "SD-CCB-head" }));
            Assert.That(issued, Has.All.Match("^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$"), "typable: no 0/O/1/I");
            Assert.That(issued.Distinct().Count(), Is.EqualTo(4));
            Assert.That(stored.Select(u => u.DisplayName), Is.EqualTo(new[] { "验收测试银行ACC-B1负责人", "验收测试银行ACC-B1填报员", "验收测试银行ACC-B2负责人", "验收测试银行ACC-B2填报员" }));
            Assert.That(stored.Select(u => u.Roles.Single()), Is.EqualTo(new[] { "BranchHead", "Reporter", "BranchHead", "Reporter" }));
            Assert.That(stored.Select(u => u.Institution), Is.EqualTo(new[] { "ACC-B1", "ACC-B1", "ACC-B2", "ACC-B2" }));
            Assert.That(stored.Select(u => u.PasswordHash), Has.All.Null, "no password until activated");
            Assert.That(stored.Select(u => u.ActivationCodeHash), Has.All.StartWith("pbkdf2-sha256$"));
            foreach (var code in issued)
            {
                var bare = code.Replace("-", "", StringComparison.Ordinal);
                Assert.That(stored.Select(u => u.ActivationCodeHash), Has.None.Contain(code).And.None.Contain(bare), "the code is never stored");
                Assert.That(audit, Has.None.Contain(code).And.None.Contain(bare), "nor written in the audit log");
                Assert.That(App.LogLines, Has.None.Contain(code).And.None.Contain(bare), "nor in the logs");
            }

            Assert.That(stored.Select(u => u.ActivationExpiresAt!.Value.Date), Has.All.EqualTo(DateTime.UtcNow.AddDays(14).Date).Or.EqualTo(DateTime.UtcNow.AddDays(13).Date));
            Assert.That(beforeActivation.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task ActivationCode_WorksOnce_ThenThePersonSignsInWithTheirOwnPassword()
    {
        var (userName, code) = await NewAccountWithCodeAsync("acc-once");
        var anonymous = App.CreateClient();

        var first = await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code = code.ToLowerInvariant(), password = NewPassword });
        var token = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password = NewPassword });
        var again = await (await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code, password = "Other@Pass2026" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var stillFirst = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password = NewPassword });
        var hash = await App.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.ActivationCodeHash).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "typed in lower case, the code still works");
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.GetProperty("detail").GetString(), Does.Contain(ActivateAccountHandler.Refused));
            Assert.That(stillFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a used code changes nothing");
            Assert.That(hash, Is.Null, "the code is cleared once used");
        });
    }

    [Test]
    public async Task WrongCodeOrUnknownUser_GetTheSameAnswer_AndWrongCodesLockTheAccount()
    {
        var (userName, code) = await NewAccountWithCodeAsync("acc-wrong");
        var anonymous = App.CreateClient();

        var unknown = await (await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName = "nobody-at-all", code, password = NewPassword })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var wrong = await (await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code = "ABCDE-FGHJK", password = NewPassword })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var weak = await (await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code, password = "abc" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code = "ABCDE-FGHJM", password = NewPassword });
        await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code = "ABCDE-FGHJN", password = NewPassword });
        var locked = await (await anonymous.PostAsJsonAsync("/api/auth/activate", new { userName, code, password = NewPassword })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var password = await App.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.PasswordHash).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(unknown.GetProperty("detail").GetString(), Is.EqualTo(wrong.GetProperty("detail").GetString()), "an unknown user and a wrong code read alike");
            Assert.That(wrong.GetProperty("detail").GetString(), Does.Contain(ActivateAccountHandler.Refused));
            Assert.That(weak.GetProperty("detail").GetString(), Does.Contain("密码至少需要 8 个字符"), "the password policy applies, in Chinese");
            Assert.That(locked.GetProperty("detail").GetString(), Does.Contain("锁定"), "three wrong codes lock the account (the tests' setting)");
            Assert.That(password, Is.Null, "nothing was set");
        });
    }

    [Test]
    public async Task ExpiredCode_IsRefused()
    {
        var clock = new TestClock();
        clock.SetChina(new DateTime(2026, 12, 1, 9, 0, 0));
        await using var app = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var admin = await app.ClientForAsync("admin");
        var early = await CreateWithCodeAsync(admin, "acc-early");
        var late = await CreateWithCodeAsync(admin, "acc-late");

        clock.Advance(TimeSpan.FromDays(13));
        var inTime = await app.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName = "acc-early", code = early, password = NewPassword });
        clock.Advance(TimeSpan.FromDays(2));
        var expired = await (await app.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName = "acc-late", code = late, password = NewPassword })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(inTime.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "13 days on, the code still works");
            Assert.That(expired.GetProperty("detail").GetString(), Does.Contain(ActivateAccountHandler.Refused), "15 days on (the default is 14) it does not");
        });
    }

    [Test]
    public async Task Reset_GivesANewCode_TheOldPasswordAndTokenStopWorking()
    {
        var (client, _) = await TokenClientAsync("SD-BOC-reporter", ComplianceApp.DemoPassword);
        var admin = await App.ClientForAsync("admin");

        var reset = await (await admin.PostAsync("/api/users/SD-BOC-reporter/reset", null)).ExpectAsync(HttpStatusCode.OK);
        var code = reset.GetProperty("code").GetString()!;
        var oldPassword = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-BOC-reporter", password = ComplianceApp.DemoPassword });
        var oldToken = await client.GetAsync("/api/me");
        var activated = await App.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName = "SD-BOC-reporter", code, password = NewPassword });
        var newPassword = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-BOC-reporter", password = NewPassword });
        var audit = await App.QueryAsync(db => db.AuditEntries.Where(a => a.Target == "SD-BOC-reporter").Select(a => a.Action + " " + a.Detail).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(code, Does.Match("^[A-Z2-9]{5}-[A-Z2-9]{5}$"));
            Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old password stops working at once");
            Assert.That(oldToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "and so does a token issued before");
            Assert.That(activated.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(newPassword.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(audit, Has.Some.StartWith(AuditActions.PasswordReset).And.None.Contain(code));
        });
    }

    [Test]
    public async Task Disable_BlocksSignIn_AndAnExistingTokenAndSession_UntilEnabled()
    {
        var (client, _) = await TokenClientAsync("SD-ABC-reporter", ComplianceApp.DemoPassword);
        var browser = await SignInCookieClientAsync("SD-ABC-reporter");
        var admin = await App.ClientForAsync("admin");

        await (await admin.PutAsJsonAsync("/api/users/SD-ABC-reporter", new { isDisabled = true })).ExpectAsync(HttpStatusCode.OK);
        var oldToken = await client.GetAsync("/api/me");
        var session = await browser.GetAsync("/");
        var token = await (await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-ABC-reporter", password = ComplianceApp.DemoPassword })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var page = await SignInPageAsync("SD-ABC-reporter", ComplianceApp.DemoPassword);

        await (await admin.PutAsJsonAsync("/api/users/SD-ABC-reporter", new { isDisabled = false })).ExpectAsync(HttpStatusCode.OK);
        var again = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "SD-ABC-reporter", password = ComplianceApp.DemoPassword });

        Assert.Multiple(() =>
        {
            Assert.That(oldToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "an existing token stops working");
            Assert.That(session.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "an existing sign-in cookie stops working");
            Assert.That(session.Headers.Location?.ToString(), Does.Contain("/account/login"));
            Assert.That(token.GetProperty("detail").GetString(), Is.EqualTo("账号已停用，请联系管理员。"));
            Assert.That(page, Does.Contain("账号已停用，请联系管理员"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "enabled again, it signs in");
        });
    }

    [Test]
    public async Task Edit_ChangesRolesPlaceAndContacts_AndTheListFindsItPagedInTheDatabase()
    {
        var admin = await App.ClientForAsync("admin");
        var (userName, _) = await NewAccountWithCodeAsync("acc-edit");
        var bankName = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "SD-ICBC").Select(i => i.Name).SingleAsync());

        var edited = await (await admin.PutAsJsonAsync($"/api/users/{userName}", new { displayName = "赵会计", roles = new[] { "Reporter", "BranchHead" }, institutionCode = bankName, phoneNumber = "13800000001", email = "zhao@example.cn" }))
            .ExpectAsync(HttpStatusCode.OK);
        var refused = await (await admin.PutAsJsonAsync($"/api/users/{userName}", new { roles = new[] { "Nobody" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var found = await admin.GetAsync($"/api/users?q=赵会计&role=BranchHead&pageSize=1");
        var list = await found.ExpectAsync(HttpStatusCode.OK);
        var page = await (await admin.GetAsync("/api/users?pageSize=2&page=2")).ExpectAsync(HttpStatusCode.OK);
        var total = await App.QueryAsync(db => db.Users.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(edited.GetProperty("displayName").GetString(), Is.EqualTo("赵会计"));
            Assert.That(edited.GetProperty("institutionCode").GetString(), Is.EqualTo("SD-ICBC"), "the institution was found by its name");
            Assert.That(edited.GetProperty("phoneNumber").GetString(), Is.EqualTo("13800000001"));
            Assert.That(edited.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "BranchHead", "Reporter" }));
            Assert.That(refused.GetProperty("errors").GetProperty("roles")[0].GetString(), Does.Contain("填报员"));
            Assert.That(list.EnumerateArray().Select(u => u.GetProperty("userName").GetString()), Is.EqualTo(new[] { userName }));
            Assert.That(found.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo("1"));
            Assert.That(page.GetArrayLength(), Is.EqualTo(2));
            Assert.That(total, Is.GreaterThan(4));
        });
    }

    [Test]
    public async Task EveryAccountAction_IsInTheAuditLog()
    {
        var admin = await App.ClientForAsync("admin");
        await AddInstitutionsAsync("ACC-AU");
        var (userName, code) = await NewAccountWithCodeAsync("acc-audit");
        await App.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName, code = "WRONG-CODES", password = NewPassword });
        await App.CreateClient().PostAsJsonAsync("/api/auth/activate", new { userName, code, password = NewPassword });
        await admin.PutAsJsonAsync($"/api/users/{userName}", new { phoneNumber = "13900000000" });
        await admin.PutAsJsonAsync($"/api/users/{userName}", new { isDisabled = true });
        await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password = NewPassword });
        await admin.PutAsJsonAsync($"/api/users/{userName}", new { isDisabled = false });
        await admin.PostAsync($"/api/users/{userName}/reset", null);
        await admin.PostAsync($"/api/users/{userName}/unlock", null);
        await admin.PostAsJsonAsync("/api/users/bulk", new { institutions = new[] { "ACC-AU" }, roles = new[] { "Reporter" } });

        var actions = await App.QueryAsync(db => db.AuditEntries.Where(a => a.Target == userName || a.UserName == userName || a.Target == "ACC-AU-reporter" || a.Action == AuditActions.UsersBulkCreated)
            .Select(a => a.Action).ToListAsync());

        Assert.That(actions, Is.SupersetOf(new[]
        {
            AuditActions.UserCreated, AuditActions.ActivationFailed, AuditActions.AccountActivated, AuditActions.UserUpdated, AuditActions.UserDisabled,
            AuditActions.SignInDisabled, AuditActions.UserEnabled, AuditActions.PasswordReset, AuditActions.UserUnlocked, AuditActions.UsersBulkCreated,
        }));
    }

    [Test]
    public async Task NonAdmins_AreRefused_EveryAccountRoute()
    {
        var supervisor = await App.ClientForAsync("supervisor");
        var reporter = await App.ClientForAsync("SD-CCB-reporter");
        HttpResponseMessage[] answers =
        [
            await supervisor.GetAsync("/api/users"),
            await supervisor.PostAsJsonAsync("/api/users/bulk", new { institutions = new[] { "SD-CCB" }, roles = new[] { "Reporter" } }),
            await supervisor.PutAsJsonAsync("/api/users/SD-CCB-head", new { isDisabled = true }),
            await reporter.PostAsync("/api/users/SD-CCB-head/reset", null),
            await reporter.GetAsync("/api/users/SD-CCB-head"),
        ];
        var page = await (await SignInCookieClientAsync("supervisor")).GetAsync("/users/bulk");
        var disabled = await App.QueryAsync(db => db.Users.Where(u => u.UserName == "SD-CCB-head").Select(u => u.IsDisabled).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect).Or.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(page.Headers.Location?.ToString() ?? "/error/403", Does.Contain("403"));
            Assert.That(disabled, Is.False);
        });
    }

    private async Task<List<string>> AddInstitutionsAsync(params string[] codes)
    {
        await App.QueryAsync(async db =>
        {
            var jurisdiction = await db.Jurisdictions.OrderBy(j => j.Id).FirstAsync();
            db.Institutions.AddRange(codes.Select(code => new Institution { Code = code, Name = $"验收测试银行{code}", Type = InstitutionType.Bank, IsLegalEntity = true, Path = $"/{code}/", JurisdictionId = jurisdiction.Id }));
            return await db.SaveChangesAsync();
        });
        return [.. codes];
    }

    private async Task<(string UserName, string Code)> NewAccountWithCodeAsync(string userName) =>
        (userName, await CreateWithCodeAsync(await App.ClientForAsync("admin"), userName));

    private static async Task<string> CreateWithCodeAsync(HttpClient admin, string userName)
    {
        var body = await (await admin.PostAsJsonAsync("/api/users", new { userName, displayName = "测试账号", roles = new[] { "Reporter" }, institutionCode = "SD-CCB" }))
            .ExpectAsync(HttpStatusCode.Created);
        return body.GetProperty("activationCode").GetString()!;
    }

    private async Task<(HttpClient Client, string Token)> TokenClientAsync(string userName, string password)
    {
        var client = App.CreateClient();
        var body = await (await client.PostAsJsonAsync("/api/auth/token", new { userName, password })).ExpectAsync(HttpStatusCode.OK);
        var token = body.GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, token);
    }

    /// <summary>A client that signed in through the sign-in page (keeps its cookie, does not follow redirects).</summary>
    private async Task<HttpClient> SignInCookieClientAsync(string userName)
    {
        var (client, answer) = await App.SignInThroughPageAsync(userName, ComplianceApp.DemoPassword);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return client;
    }

    private async Task<string> SignInPageAsync(string userName, string password) =>
        await (await App.SignInThroughPageAsync(userName, password)).Answer.Content.ReadAsStringAsync();
}
