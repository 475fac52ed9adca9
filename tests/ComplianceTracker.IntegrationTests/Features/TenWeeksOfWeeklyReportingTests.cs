using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Obligations;
using static ComplianceTracker.IntegrationTests.Features.ReportingSupport;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Ten weeks of the 上党 notice's 周报制 (每周一12:00前报送上周), lived on a clock the test moves through
/// September to November 2026: the 中秋 and 国庆 holidays, the make-up Sunday 9月20日 and Saturday 10月10日. The
/// jobs run at the moments the scheduler runs them. SD-CCB reports on the Wednesday of each week, SD-ICBC on the
/// due morning after its reminder, the other banks never. Every expected date below is written out by hand from
/// the State Council's 2026 notice, not computed by the product.
/// </summary>
[NonParallelizable]
public class TenWeeksOfWeeklyReportingTests(DatabaseProvider provider) : AppFixture(provider)
{
    private const string Early = "SD-CCB";
    private const string OnTheDay = "SD-ICBC";
    private const string Silent = "SD-BOC";

    /// <summary>Week (period key), its Monday, and when it falls due (China dates; 12:00).</summary>
    private static readonly (string Week, DateOnly Monday, DateOnly Due)[] Weeks =
    [
        ("2026-W37", D(9, 7), D(9, 14)),
        ("2026-W38", D(9, 14), D(9, 21)),
        ("2026-W39", D(9, 21), D(9, 28)),   // ends on 中秋's Sunday; Monday 9月28日 works
        ("2026-W40", D(9, 28), D(10, 8)),   // Monday 10月5日 is 国庆: 顺延至 Thursday 10月8日
        ("2026-W41", D(10, 5), D(10, 12)),
        ("2026-W42", D(10, 12), D(10, 19)),
        ("2026-W43", D(10, 19), D(10, 26)),
        ("2026-W44", D(10, 26), D(11, 2)),
        ("2026-W45", D(11, 2), D(11, 9)),
        ("2026-W46", D(11, 9), D(11, 16)),
    ];

    /// <summary>Two working days before each due date (Remind 2,0), counting 调休: 9月20日 (Sunday) and 10月10日 (Saturday) are working days.</summary>
    private static readonly Dictionary<DateOnly, DateOnly> TwoWorkingDaysBefore = new()
    {
        [D(9, 14)] = D(9, 10),
        [D(9, 21)] = D(9, 18),   // Friday: Sunday the 20th works, so Thursday is three before
        [D(9, 28)] = D(9, 23),   // Wednesday: 25–27 are 中秋
        [D(10, 8)] = D(9, 29),   // Tuesday, before 国庆
        [D(10, 12)] = D(10, 9),  // Friday: Saturday the 10th works
        [D(10, 19)] = D(10, 15),
        [D(10, 26)] = D(10, 22),
        [D(11, 2)] = D(10, 29),
        [D(11, 9)] = D(11, 5),
        [D(11, 16)] = D(11, 12),
    };

    /// <summary>Two working days overdue (to the head) and four (to the supervisor), with EscalateAfterWorkingDays = 2.</summary>
    private static readonly Dictionary<DateOnly, (DateOnly Head, DateOnly Supervisor)> Escalations = new()
    {
        [D(9, 14)] = (D(9, 16), D(9, 18)),
        [D(9, 21)] = (D(9, 23), D(9, 28)),   // 中秋 in between
        [D(9, 28)] = (D(9, 30), D(10, 9)),   // 国庆 in between
        [D(10, 8)] = (D(10, 10), D(10, 13)), // the make-up Saturday counts
        [D(10, 12)] = (D(10, 14), D(10, 16)),
        [D(10, 19)] = (D(10, 21), D(10, 23)),
        [D(10, 26)] = (D(10, 28), D(10, 30)),
        [D(11, 2)] = (D(11, 4), D(11, 6)),
        [D(11, 9)] = (D(11, 11), D(11, 13)),
        [D(11, 16)] = (D(11, 18), D(11, 20)),
    };

    private static readonly DateTime Start = new(2026, 8, 31, 7, 0, 0);
    private static readonly DateOnly LastDay = D(11, 20);

    private readonly TestClock clock = StartedClock();
    private readonly SmtpServer smtp = new();
    private readonly RobotListener robots = new();
    private readonly List<(DateTime At, string Job)> runs = [];

    protected override TimeProvider Clock => clock;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(smtp.Settings)
    {
        ["Auth:TokenLifetimeMinutes"] = "200000",
        ["Notifications:RemindDaysBefore"] = "2,0",
        ["Notifications:EscalateAfterWorkingDays"] = "2",
    };

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static TestClock StartedClock()
    {
        var clock = new TestClock();
        clock.SetChina(Start);
        return clock;
    }

    protected override Task BeforeAppStartsAsync() => smtp.StartAsync();

    [OneTimeSetUp]
    public async Task LiveTenWeeks()
    {
        await App.QueryAsync(async db =>
        {
            foreach (var (user, address) in new[] { ($"{OnTheDay}-reporter", "icbc-reporter@bank.test"), ($"{Silent}-head", "boc-head@bank.test"), ("supervisor", "supervisor@pbc.test") })
            {
                (await db.Users.SingleAsync(u => u.UserName == user)).Email = address;
            }

            return await db.SaveChangesAsync();
        });
        var admin = await As("admin");
        await (await admin.PutAsJsonAsync("/api/robots", new { kind = "WeCom", url = robots.UrlFor("icbc"), institution = OnTheDay })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync("/api/robots", new { kind = "DingTalk", url = robots.UrlFor("supervisor"), user = "supervisor" })).ExpectAsync(HttpStatusCode.OK);

        for (var day = DateOnly.FromDateTime(Start); day <= LastDay; day = day.AddDays(1))
        {
            await RunAtAsync(day, new TimeOnly(0, 5), "refresh", () => App.RunAsync<RefreshSchedulesJob, int>(async j =>
            {
                await j.RunAsync(CancellationToken.None);
                return 0;
            }));
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                await RunAtAsync(day, new TimeOnly(8, 30), "digest", () => App.RunAsync<SendWeeklyDigestJob, int>(j => j.RunAsync(CancellationToken.None)));
            }

            await RunAtAsync(day, new TimeOnly(9, 0), "remind", () => App.RunAsync<SendDueRemindersJob, int>(j => j.RunAsync(CancellationToken.None)));
            await RunAtAsync(day, new TimeOnly(9, 30), "escalate", () => App.RunAsync<EscalateOverdueJob, int>(j => j.RunAsync(CancellationToken.None)));
            foreach (var (week, monday, due) in Weeks)
            {
                if (day == monday.AddDays(2))
                {
                    await RunAtAsync(day, new TimeOnly(10, 0), $"{Early} reports {week}", () => ReportAsync(Early, week));
                }

                if (day == due)
                {
                    await RunAtAsync(day, new TimeOnly(10, 0), $"{OnTheDay} reports {week}", () => ReportAsync(OnTheDay, week));
                }
            }

            // The overdue sweep runs every minute; these two show the minute a due item turns.
            await RunAtAsync(day, new TimeOnly(12, 0), "overdue", () => App.RunAsync<MarkOverdueJob, int>(j => j.RunAsync(CancellationToken.None)));
            await RunAtAsync(day, new TimeOnly(12, 1), "overdue", () => App.RunAsync<MarkOverdueJob, int>(j => j.RunAsync(CancellationToken.None)));
        }
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        smtp.Dispose();
        robots.Dispose();
    }

    /// <summary>Sets the clock, runs the step, then the delivery job as the every-minute schedule would.</summary>
    private async Task RunAtAsync(DateOnly day, TimeOnly time, string job, Func<Task<int>> step)
    {
        var at = day.ToDateTime(time);
        clock.SetChina(at);
        await step();
        clock.SetChina(at.AddSeconds(30));
        await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));
        runs.Add((at, job));
    }

    private async Task<int> ReportAsync(string institution, string week)
    {
        var reporter = await As($"{institution}-reporter");
        var url = SubmissionUrl(week, institution);
        var saved = await (await reporter.PutAsJsonAsync(url, new { values = await GoodFiguresAsync(App, 3), baseRevision = 0 })).ExpectAsync(HttpStatusCode.OK);
        await (await reporter.PostAsJsonAsync($"{url}/submit", new { comments = CommentsForWarnings(saved) })).ExpectAsync(HttpStatusCode.OK);
        return 1;
    }

    private sealed record Sent(string Key, string User, NotificationKind Kind, string Title, DateTime CreatedAt)
    {
        public DateOnly ChinaDay => DateOnly.FromDateTime(CreatedAt.AddHours(8));
    }

    /// <summary>Every notification about the ten weeks' due items: (due item key) → who got what, when.</summary>
    private async Task<List<(string Week, string Institution, string Step, Sent Message)>> TenWeeksMessagesAsync()
    {
        var weeks = Weeks.Select(w => w.Week).ToList();
        var rows = await App.QueryAsync(db => (from n in db.Notifications
                                                join d in db.DueItems on n.DueItemId equals d.Id
                                                join u in db.Users on n.UserId equals u.Id
                                                where weeks.Contains(d.PeriodKey) && db.ReportForms.Any(f => f.Code == Form && f.RequirementId == d.Obligation.RequirementId)
                                                select new { d.PeriodKey, d.Obligation.Institution.Code, n.DedupKey, u.UserName, n.Kind, n.Title, n.CreatedAt }).ToListAsync());
        return rows.Select(r => (r.PeriodKey, r.Code, r.DedupKey.Split(':')[2], new Sent(r.DedupKey, r.UserName!, r.Kind, r.Title, r.CreatedAt))).ToList();
    }

    /// <summary>The banks the weekly regime applies to (the 上党 banks): the three of the scenario and the others.</summary>
    private async Task<List<string>> BanksAsync()
    {
        var banks = await App.QueryAsync(db => db.DueItems
            .Where(d => d.PeriodKey == "2026-W37" && db.ReportForms.Any(f => f.Code == Form && f.RequirementId == d.Obligation.RequirementId))
            .Select(d => d.Obligation.Institution.Code).OrderBy(c => c).ToListAsync());
        Assert.That(banks, Is.SupersetOf(new[] { Early, OnTheDay, Silent }).And.Count.GreaterThan(3));
        return banks;
    }

    [Test]
    public async Task DueMoments_AreTheHandCountedOnes_AndItemsTurnOverdueAtTheMinuteAfter()
    {
        var items = await App.QueryAsync(db => db.DueItems
            .Where(d => d.Obligation.Institution.Code == Silent && db.ReportForms.Any(f => f.Code == Form && f.RequirementId == d.Obligation.RequirementId))
            .Select(d => new { d.PeriodKey, d.DueAt, d.DueExplanation, d.Status, Turned = d.History.Where(h => h.To == DueItemStatus.Overdue).Select(h => (DateTime?)h.ChangedAt).FirstOrDefault() })
            .ToListAsync());

        Assert.Multiple(() =>
        {
            foreach (var (week, _, due) in Weeks)
            {
                var item = items.Single(i => i.PeriodKey == week);
                var dueAt = due.ToDateTime(new TimeOnly(12, 0));
                Assert.That(item.DueAt!.Value.AddHours(8), Is.EqualTo(dueAt), week);
                Assert.That(item.Status, Is.EqualTo(DueItemStatus.Overdue), week);
                Assert.That(item.Turned?.AddHours(8), Is.EqualTo(dueAt.AddMinutes(1)), $"{week}: open at 12:00, overdue at 12:01");
            }

            Assert.That(items.Single(i => i.PeriodKey == "2026-W40").DueExplanation, Does.Contain("顺延至 2026-10-08"));
        });
    }

    [Test]
    public async Task Reminders_GoTwoWorkingDaysBefore_AndOnTheDay_ToTheReportersOfBanksThatHaveNotReported()
    {
        var banks = await BanksAsync();
        var reminders = (await TenWeeksMessagesAsync()).Where(m => m.Message.Kind == NotificationKind.Reminder).ToList();

        var expected = new List<(string Week, string Institution, string Step, string User, DateOnly Day)>();
        foreach (var (week, monday, due) in Weeks)
        {
            var earlyReports = monday.AddDays(2).ToDateTime(new TimeOnly(10, 0));
            foreach (var bank in banks)
            {
                foreach (var (step, day) in new[] { ("before2", TwoWorkingDaysBefore[due]), ("before0", due) })
                {
                    // Reminders go at 09:00; SD-CCB reports at 10:00 on the week's Wednesday, SD-ICBC at 10:00 on the due day.
                    var remindedAt = day.ToDateTime(new TimeOnly(9, 0));
                    var reportedBefore = bank == Early ? earlyReports < remindedAt : false;
                    if (!reportedBefore)
                    {
                        expected.Add((week, bank, step, $"{bank}-reporter", day));
                    }
                }
            }
        }

        var actual = reminders.Select(m => (m.Week, m.Institution, m.Step, m.Message.User, m.Message.ChinaDay)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EquivalentTo(expected));
            Assert.That(actual.Where(a => a.Institution == Early).Select(a => a.Week), Is.EquivalentTo(new[] { "2026-W39", "2026-W40" }),
                "SD-CCB reports on Wednesdays: only 中秋's and 国庆's weeks remind it first (Wednesday 9:00 and Tuesday)");
        });
    }

    [Test]
    public async Task Escalation_GoesToTheHeadAfterTwoWorkingDays_AndToTheSupervisorAfterFour_OnlyForWhatStaysUnreported()
    {
        var banks = await BanksAsync();
        var escalations = (await TenWeeksMessagesAsync()).Where(m => m.Message.Kind == NotificationKind.Escalation).ToList();

        var expected = new List<(string Week, string Institution, string Step, string User, DateOnly Day)>();
        foreach (var (week, _, due) in Weeks)
        {
            foreach (var bank in banks.Where(b => b is not Early and not OnTheDay))
            {
                expected.Add((week, bank, "head", $"{bank}-head", Escalations[due].Head));
                expected.Add((week, bank, "supervisor", "supervisor", Escalations[due].Supervisor));
            }
        }

        var actual = escalations.Select(m => (m.Week, m.Institution, m.Step, m.Message.User, m.Message.ChinaDay)).ToList();
        Assert.That(actual, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task EveryMessage_ReachedItsChannels_Once()
    {
        var notifications = await App.QueryAsync(db => (from n in db.Notifications
                                                         join u in db.Users on n.UserId equals u.Id
                                                         where u.Email != null
                                                         select new { u.Email, n.Title }).ToListAsync());
        var mails = await smtp.WaitForAsync(notifications.Count);
        var robotDeliveries = await App.QueryAsync(db => db.Deliveries.Where(d => d.Channel == DeliveryChannel.Robot)
            .Select(d => new { Robot = db.GroupRobots.Where(r => r.Id == d.RobotId).Select(r => r.Url).Single(), d.Title, d.Body, d.Status }).ToListAsync());
        var unsent = await App.QueryAsync(db => db.Deliveries.CountAsync(d => d.Status != DeliveryStatus.Sent));

        Assert.Multiple(() =>
        {
            Assert.That(notifications.Select(n => n.Email), Is.SupersetOf(new[] { "icbc-reporter@bank.test", "boc-head@bank.test", "supervisor@pbc.test" }));
            Assert.That(unsent, Is.Zero, "every e-mail and robot post was accepted");
            Assert.That(mails.Select(m => (m.To.Mailboxes.Single().Address, m.Subject)), Is.EquivalentTo(notifications.Select(n => (n.Email!, n.Title))),
                "one e-mail per notification of a user with an address");
            Assert.That(robots.PostsTo("icbc").Select(p => p.Content), Is.EquivalentTo(robotDeliveries.Where(d => d.Robot.Contains("/icbc/")).Select(d => $"{d.Title}\n{d.Body}")));
            Assert.That(robots.PostsTo("supervisor").Select(p => p.Content), Is.EquivalentTo(robotDeliveries.Where(d => d.Robot.Contains("/supervisor/")).Select(d => $"{d.Title}\n{d.Body}")));
            Assert.That(robots.PostsTo("icbc").Count(p => p.Content.StartsWith("【待报送】") || p.Content.StartsWith("【今日到期】")), Is.GreaterThanOrEqualTo(2 * Weeks.Length),
                "SD-ICBC's group hears both reminders of every week");
            Assert.That(robots.PostsTo("supervisor").Count(p => p.Content.StartsWith("【每周摘要】")), Is.EqualTo(runs.Count(r => r.Job == "digest")));
        });
    }

    [Test]
    public async Task MondayDigest_SumsUpLastWeek_ForTheSupervisor()
    {
        var banks = await BanksAsync();
        var digests = await App.QueryAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.Digest && db.Users.Any(u => u.Id == n.UserId && u.UserName == "supervisor"))
            .OrderBy(n => n.CreatedAt).Select(n => new { n.Title, n.Body, n.CreatedAt }).ToListAsync());

        // The week of 10月12日–18日 had W41 due on the 12th: SD-CCB on time (Wednesday the 7th), SD-ICBC on time (10:00), the rest not.
        var digest = digests.Single(d => d.Title.Contains("2026-W42"));
        Assert.Multiple(() =>
        {
            Assert.That(digests, Has.Count.EqualTo(runs.Count(r => r.Job == "digest")), "one per Monday");
            Assert.That(digests.Select(d => DateOnly.FromDateTime(d.CreatedAt.AddHours(8)).DayOfWeek), Has.All.EqualTo(DayOfWeek.Monday));
            Assert.That(digest.Body, Does.Contain($"上周到期 {banks.Count} 项：按时完成 2 项，逾期完成 0 项，尚未完成 {banks.Count - 2} 项。"));
            Assert.That(digest.Body, Does.Contain("当前逾期"));
        });
    }

    [Test]
    public async Task RunningEveryJobAgain_SendsNothingNew()
    {
        var before = await CountsAsync();
        var mailsBefore = (await smtp.MessagesAsync()).Count;
        var postsBefore = robots.Posts.Count;
        clock.SetChina(LastDay.ToDateTime(new TimeOnly(12, 30)));

        await App.RunAsync<RefreshSchedulesJob, int>(async j =>
            {
                await j.RunAsync(CancellationToken.None);
                return 0;
            });
        await App.RunAsync<SendDueRemindersJob, int>(j => j.RunAsync(CancellationToken.None));
        await App.RunAsync<EscalateOverdueJob, int>(j => j.RunAsync(CancellationToken.None));
        await App.RunAsync<MarkOverdueJob, int>(j => j.RunAsync(CancellationToken.None));
        await App.RunAsync<DeliverNotificationsJob, int>(j => j.RunAsync(CancellationToken.None));

        // Nothing is still on its way: the jobs send as they run, and the SMTP server and the robot listener record a
        // message before they answer. So whatever the runs sent is already there.
        Assert.Multiple(async () =>
        {
            Assert.That(await CountsAsync(), Is.EqualTo(before));
            Assert.That(await smtp.MessagesAsync(), Has.Count.EqualTo(mailsBefore));
            Assert.That(robots.Posts, Has.Count.EqualTo(postsBefore));
        });
    }

    private Task<(int Notifications, int Deliveries, int Overdue)> CountsAsync() => App.QueryAsync(async db =>
        (await db.Notifications.CountAsync(), await db.Deliveries.CountAsync(), await db.DueItems.CountAsync(d => d.Status == DueItemStatus.Overdue)));
}
