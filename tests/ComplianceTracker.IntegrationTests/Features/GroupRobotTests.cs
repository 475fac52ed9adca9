using System.Security.Cryptography;
using System.Text;
using System.Web;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 企业微信 and 钉钉 group robots, set by an admin, receive messages over HTTP: a real listener on loopback answers as
/// the robots do, including their rate-limit error, which the outbox retries.
/// </summary>
public class GroupRobotTests(DatabaseProvider provider) : AppFixture(provider)
{
    private readonly TestClock clock = new();
    private readonly RobotListener robots = new();

    protected override TimeProvider Clock => clock;

    [OneTimeTearDown]
    public void StopListener() => robots.Dispose();

    [TearDown]
    public void LetTimeRun()
    {
        clock.Release();
        robots.Refuse = null;
    }

    private async Task<JsonElement> SetRobotAsync(object body) =>
        await (await (await As("admin")).PutAsJsonAsync("/api/robots", body)).ExpectAsync(HttpStatusCode.OK);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // The tests move the clock by days: tokens issued at one moment stay valid at the others.
        ["Auth:TokenLifetimeMinutes"] = "100000",
    };

    /// <summary>
    /// The institution's earliest weekly due item of the demo circular that can still be chased (open or overdue), and a
    /// China-time moment on the day after its week began: 催报 is refused before a period begins.
    /// </summary>
    private async Task<(int Id, DateTime Moment)> ChasableItemOfAsync(string institution, int hour)
    {
        var item = await App.QueryAsync(db => db.DueItems
            .Where(d => d.Obligation.Institution.Code == institution && d.Obligation.Requirement.Circular.NaturalKey == "demo-shangdang-weekly"
                && (d.Status == DueItemStatus.Open || d.Status == DueItemStatus.Overdue) && d.DueAt != null && d.PeriodStart != null)
            .OrderBy(d => d.DueAt).Select(d => new { d.Id, d.PeriodStart }).FirstAsync());
        return (item.Id, item.PeriodStart!.Value.AddDays(1).ToDateTime(new TimeOnly(hour, 0)));
    }

    private Task<Delivery> RobotDeliveryOfChaseAsync(int dueItemId) =>
        App.QueryAsync(db => db.Deliveries.SingleAsync(d => d.DedupKey.StartsWith($"Chase:{dueItemId}:") && d.Channel == DeliveryChannel.Robot));

    [Test]
    public async Task OnlyAdminsSeeOrSetRobots_AndTheKeyIsNeverShown()
    {
        var set = await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("sd-boc"), institution = "SD-BOC" });
        var list = await (await (await As("admin")).GetAsync("/api/robots")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That(set.GetProperty("url").GetString(), Does.Not.Contain("secret-key"));
            Assert.That(list.ToString(), Does.Not.Contain("secret-key"), "the key in the address is a secret");
            Assert.That(list.EnumerateArray().Select(r => r.GetProperty("institution").GetString()), Does.Contain("SD-BOC"));
            foreach (var user in new[] { "supervisor", "leader", "SD-BOC-reporter", "SD-BOC-head" })
            {
                var client = await As(user);
                Assert.That((await client.GetAsync("/api/robots")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), user);
                Assert.That((await client.PutAsJsonAsync("/api/robots", new { kind = "WeCom", url = "http://127.0.0.1:1/x", institution = "SD-BOC" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), user);
            }

            Assert.That((await App.CreateClient().GetAsync("/api/robots")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("ftp://127.0.0.1/robot", "SD-ABC", null, "url")]
    [TestCase("", "SD-ABC", null, "url")]
    [TestCase("http://127.0.0.1:1/robot", "SD-ABC", "supervisor", "institution")]
    [TestCase("http://127.0.0.1:1/robot", null, null, "institution")]
    [TestCase("http://127.0.0.1:1/robot", "NO-SUCH-BANK", null, "institution")]
    [TestCase("http://127.0.0.1:1/robot", null, "SD-ABC-reporter", "user")]
    public async Task BadRobotSettings_AreRefusedInChinese_AndNothingIsSaved(string url, string? institution, string? user, string field)
    {
        var before = await App.QueryAsync(db => db.GroupRobots.CountAsync());

        var problem = await (await (await As("admin")).PutAsJsonAsync("/api/robots", new { kind = "WeCom", url, institution, user })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out var messages), Is.True, problem.ToString());
            Assert.That(messages.ToString(), Does.Match("[\u4e00-\u9fff]"));
            Assert.That(await App.QueryAsync(db => db.GroupRobots.CountAsync()), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Chase_PostsOnceToTheInstitutionsWeComRobot_InItsJson()
    {
        await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("sd-ccb"), institution = "SD-CCB" });
        var (id, moment) = await ChasableItemOfAsync("SD-CCB", 10);
        clock.SetChina(moment.AddMinutes(15));
        var supervisor = await As("supervisor");

        await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);

        var posts = robots.PostsTo("sd-ccb");
        Assert.Multiple(() =>
        {
            Assert.That(posts, Has.Count.EqualTo(1), "two chases in the same minute are one message");
            Assert.That(posts[0].Query, Is.EqualTo("?key=sd-ccb-secret-key"));
            Assert.That(posts[0].Body.GetProperty("msgtype").GetString(), Is.EqualTo("text"));
            Assert.That(posts[0].Content, Does.StartWith("【催报】"));
            Assert.That(posts[0].Content, Does.Contain("中国建设银行长治上党支行"));
        });
    }

    [Test]
    public async Task RateLimitedPost_IsRetriedAfterTheBackOff_AndSentOnce()
    {
        await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("sd-icbc"), institution = "SD-ICBC" });
        var (id, start) = await ChasableItemOfAsync("SD-ICBC", 11);
        clock.SetChina(start);
        robots.Refuse = 45009;

        await (await (await As("supervisor")).PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        var pending = await RobotDeliveryOfChaseAsync(id);
        robots.Refuse = null;
        await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        var tooSoon = await RobotDeliveryOfChaseAsync(id);
        clock.SetChina(start.AddMinutes(2));
        await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        var sent = await RobotDeliveryOfChaseAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(pending.Status, Is.EqualTo(DeliveryStatus.Pending));
            Assert.That(pending.Attempts, Is.EqualTo(1));
            Assert.That(pending.LastError, Does.Contain("45009"));
            Assert.That(pending.NextAttemptAt, Is.EqualTo(pending.CreatedAt.AddMinutes(1)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(tooSoon.Attempts, Is.EqualTo(1), "not before its next attempt");
            Assert.That(sent.Status, Is.EqualTo(DeliveryStatus.Sent));
            Assert.That(sent.Attempts, Is.EqualTo(2));
            Assert.That(robots.PostsTo("sd-icbc"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task RobotThatKeepsRefusing_IsGivenUpAfterSixAttempts_AndTheInboxCopyStands()
    {
        await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("sd-abc"), institution = "SD-ABC" });
        var (id, moment) = await ChasableItemOfAsync("SD-ABC", 14);
        clock.SetChina(moment);
        robots.Refuse = 45009;

        await (await (await As("supervisor")).PostAsync($"/api/obligations/{id}/remind", null)).ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < 8; i++)
        {
            moment = moment.AddHours(5);
            clock.SetChina(moment);
            await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        }

        var delivery = await RobotDeliveryOfChaseAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(delivery.Attempts, Is.EqualTo(DeliveryDispatcher.MaxAttempts));
            Assert.That(await App.QueryAsync(db => db.Notifications.CountAsync(n => n.DueItemId == id && n.Kind == NotificationKind.Chase)), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task EscalationToTheSupervisor_GoesToTheirSignedDingTalkRobot_EighteenPostsAMinuteAtMost()
    {
        const string Secret = "SEC0123456789abcdef";
        await SetRobotAsync(new { kind = "DingTalk", url = robots.UrlFor("supervisor"), secret = Secret, user = "supervisor" });

        // Far past every due moment of the demo: every overdue item escalates to the 上党 supervisor.
        clock.SetChina(new DateTime(2026, 12, 21, 9, 30, 0));
        var recorded = await App.RunAsync<EscalateOverdueJob, int>(j => j.RunAsync(CancellationToken.None));
        var firstMinute = robots.PostsTo("supervisor").Count;
        var expected = await App.QueryAsync(db => db.Deliveries.CountAsync(d => d.Channel == DeliveryChannel.Robot && d.DedupKey.StartsWith("Escalation:") && d.DedupKey.Contains(":supervisor:robot:")));
        for (var minute = 1; minute <= expected / DeliveryDispatcher.RobotPostsPerMinute + 1; minute++)
        {
            clock.SetChina(new DateTime(2026, 12, 21, 9, 30 + minute, 0));
            await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        }

        var posts = robots.PostsTo("supervisor");
        var query = HttpUtility.ParseQueryString(posts[0].Query);
        var timestamp = query["timestamp"]!;
        var expectedSign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}")));
        Assert.Multiple(() =>
        {
            Assert.That(recorded, Is.GreaterThan(0));
            Assert.That(expected, Is.GreaterThan(DeliveryDispatcher.RobotPostsPerMinute), "the demo has more overdue items than one minute's posts");
            Assert.That(firstMinute, Is.EqualTo(DeliveryDispatcher.RobotPostsPerMinute));
            Assert.That(posts, Has.Count.EqualTo(expected), "the rest follow in the next minutes, each once");
            Assert.That(posts.Select(p => p.Content).Distinct().Count(), Is.EqualTo(expected));
            Assert.That(posts[0].Content, Does.StartWith("【逾期升级】"));
            Assert.That(timestamp, Is.EqualTo(new DateTimeOffset(2026, 12, 21, 9, 30, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(query["sign"], Is.EqualTo(expectedSign), "钉钉 加签: HMAC-SHA256 of timestamp\\nsecret");
            Assert.That(query["access_token"] ?? query["key"], Is.Not.Null);
        });
    }

    /// <summary>
    /// The demo form's week under way, its due moment, the banks of the supervisor's jurisdiction that have not
    /// reported it (by short name, in code order) and their reporters' mobiles, worked out from the tables. Every
    /// reporter of the district gets a mobile first.
    /// </summary>
    private async Task<(int PeriodId, string Week, DateTime DueChina, int Expected, List<string> Missing, List<string> Mobiles)> WeekUnderWayAsync() =>
        await App.QueryAsync(async db =>
        {
            var reporters = await db.Users.Where(u => u.UserName!.EndsWith("-reporter") && u.InstitutionId != null).OrderBy(u => u.UserName).ToListAsync();
            for (var n = 0; n < reporters.Count; n++)
            {
                reporters[n].PhoneNumber = $"1380000{n:0000}";
            }

            await db.SaveChangesAsync();
            var now = DateTime.UtcNow;
            var form = await db.ReportForms.SingleAsync(f => f.Code == Web.Data.Seeding.DemoSeeder.DemoFormCode);
            var period = await db.ReportPeriods.Where(p => p.FormId == form.Id && p.DueAt > now).OrderBy(p => p.DueAt).FirstAsync();
            var path = await db.Users.Where(u => u.UserName == "supervisor").Select(u => u.Jurisdiction!.Path).SingleAsync();
            var bound = await db.Institutions.Where(i => i.IsActive && i.Jurisdiction.Path.StartsWith(path) && db.Obligations.Any(o => o.RequirementId == form.RequirementId && o.InstitutionId == i.Id))
                .Select(i => new
                {
                    i.Id, i.Code, Name = i.ShortName ?? i.Name,
                    Reported = db.Submissions.Any(s => s.PeriodId == period.Id && s.InstitutionId == i.Id && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved)),
                })
                .ToListAsync();
            var missing = bound.Where(b => !b.Reported).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();
            var mobiles = reporters.Where(r => missing.Any(m => m.Id == r.InstitutionId)).Select(r => r.PhoneNumber!).Order(StringComparer.Ordinal).ToList();
            return (period.Id, PeriodNames.ShortName(period.Key, period.Start.Year), DateTime.SpecifyKind(period.DueAt.AddHours(8), DateTimeKind.Unspecified), bound.Count, missing.Select(m => m.Name).ToList(), mobiles);
        });

    private List<RobotPost> Digests(string robot) => robots.PostsTo(robot).Where(p => p.Content.StartsWith('《')).ToList();

    [Test]
    public async Task RobotDigest_OnTheDueDay_SaysWhoHasNotReported_AndMentionsTheirReporters_OncePerSlot()
    {
        await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("digest-supervisor"), user = "supervisor" });
        await SetRobotAsync(new { kind = "DingTalk", url = robots.UrlFor("digest-leader"), user = "leader" });
        var week = await WeekUnderWayAsync();
        var dueDay = week.DueChina.Date;

        clock.SetChina(dueDay.AddHours(8).AddMinutes(45));
        var beforeNine = await App.RunAsync<SendRobotDigestJob, int>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(dueDay.AddHours(9));
        await App.RunAsync<SendRobotDigestJob, int>(j => j.RunAsync(CancellationToken.None));
        clock.SetChina(dueDay.AddHours(9).AddMinutes(15));
        await App.RunAsync<SendRobotDigestJob, int>(j => j.RunAsync(CancellationToken.None));
        // Only the digests: the same robots may carry other messages of this fixture's earlier tests.
        var morning = Digests("digest-supervisor");
        var leaderMorning = Digests("digest-leader");
        clock.SetChina(week.DueChina.AddHours(-1));
        await App.RunAsync<SendRobotDigestJob, int>(j => j.RunAsync(CancellationToken.None));
        var later = Digests("digest-supervisor");

        var text = morning.Count > 0 ? morning[0].Content : "";
        var due = week.DueChina.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(week.Missing, Is.Not.Empty, "the demo week under way has banks that have not reported");
            Assert.That(beforeNine, Is.Zero, "nothing before 09:00");
            Assert.That(morning, Has.Count.EqualTo(1), "one message per group per slot, however often the job runs");
            Assert.That(text, Does.StartWith($"《").And.Contain($"》{week.Week}：已报 {week.Expected - week.Missing.Count}/{week.Expected}"));
            Assert.That(text, Does.Contain($"未报：{string.Join("、", week.Missing)}（截止 今日{due}）"));
            Assert.That(morning[0].Body.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal),
                Is.EqualTo(week.Mobiles), "企业微信: the reporters of the banks that have not reported");
            Assert.That(leaderMorning, Has.Count.EqualTo(1));
            Assert.That(leaderMorning[0].Body.GetProperty("at").GetProperty("atMobiles").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal),
                Is.EqualTo(week.Mobiles), "钉钉: at.atMobiles");
            Assert.That(week.Mobiles, Is.All.Matches<string>(m => leaderMorning[0].Content.Contains("@" + m, StringComparison.Ordinal)), "钉钉 highlights only mobiles written in the text");
            Assert.That(later, Has.Count.EqualTo(2), "an hour before the due moment, once more");
            Assert.That(later[^1].Content, Does.Contain("未报："));
        });
    }

    [Test]
    public async Task TestMessage_ReachesTheRobot_AndSaysWhatItAnswered()
    {
        var robot = await SetRobotAsync(new { kind = "WeCom", url = robots.UrlFor("sd-psbc"), institution = "SD-PSBC" });
        var admin = await As("admin");

        var ok = await (await admin.PostAsync($"/api/robots/{robot.GetProperty("id").GetInt32()}/test", null)).ExpectAsync(HttpStatusCode.OK);
        robots.Refuse = 93000;
        var refused = await (await admin.PostAsync($"/api/robots/{robot.GetProperty("id").GetInt32()}/test", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(ok.GetProperty("sent").GetBoolean(), Is.True);
            Assert.That(robots.PostsTo("sd-psbc").Single().Content, Does.Contain("测试"));
            Assert.That(refused.GetProperty("sent").GetBoolean(), Is.False);
            Assert.That(refused.GetProperty("error").GetString(), Does.Contain("93000").And.Contain("机器人未接受消息"));
        });
    }
}
