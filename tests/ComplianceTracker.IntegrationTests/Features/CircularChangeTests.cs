using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// Journey 11 through the API: a draft is edited and deleted; a published circular is amended (by hand or by a later
/// circular) and repealed; open obligations follow, finished ones keep their history, the institutions concerned are
/// told once, both circulars show the relation; bad input is refused in Chinese and changes nothing.
/// </summary>
public class CircularChangeTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static DateOnly Today => ReportingSupport.TodayInChina;

    private static string Number() => $"长上金发〔2026〕{Random.Shared.Next(1000, 9_999_999)}号";

    private static object OneOff(string clause, int days, string[] types, bool legalEntitiesOnly = false) => new
    {
        clause,
        text = $"各银行机构须于文发之后{days}日内报送自查报告（{clause}）。",
        kind = "Deadline",
        dueRule = new { frequency = "Once", anchor = "IssueDate", offset = days, unit = "NaturalDays" },
        appliesTo = new { institutionTypes = types, legalEntitiesOnly },
    };

    private static object Monthly(string clause) => new
    {
        clause,
        text = "各银行机构须于每月结束后10日内报送月度统计表。",
        kind = "RecurringReport",
        dueRule = new { frequency = "Monthly", anchor = "PeriodEnd", offset = 10, unit = "NaturalDays" },
        appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
    };

    private static object Draft(string? number, string title, DateOnly issuedOn, DateOnly? effectiveTo, params object[] requirements) => new
    {
        documentNumber = number,
        title,
        issuers = new[] { "长治市上党区金融工作中心" },
        issuedOn = issuedOn.ToString("yyyy-MM-dd"),
        effectiveTo = effectiveTo?.ToString("yyyy-MM-dd"),
        text = $"{title}\n各银行机构：\n一、按要求报送。",
        requirements,
    };

    private async Task<int> CreateAsync(HttpClient supervisor, object draft) =>
        (await (await supervisor.PostAsJsonAsync("/api/circulars", draft)).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private async Task<int> PublishedAsync(HttpClient supervisor, object draft)
    {
        var id = await CreateAsync(supervisor, draft);
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    private sealed record Item(int Id, string Institution, string Clause, string PeriodKey, DateOnly? PeriodStart, DateTime? DueAt, DueItemStatus Status);

    private Task<List<Item>> ItemsAsync(int circularId) => App.QueryAsync(db => db.DueItems
        .Where(d => d.Obligation.Requirement.CircularId == circularId)
        .OrderBy(d => d.Obligation.Institution.Code).ThenBy(d => d.PeriodStart)
        .Select(d => new Item(d.Id, d.Obligation.Institution.Code, d.Obligation.Requirement.Clause, d.PeriodKey, d.PeriodStart, d.DueAt, d.Status))
        .ToListAsync());

    private Task<List<(string User, string Title, string Body)>> MessagesAsync(int circularId, NotificationKind kind) => App.QueryAsync(async db =>
        (await db.Notifications.Where(n => n.Kind == kind && n.Link == $"/circulars/{circularId}")
            .Select(n => new { User = db.Users.Where(u => u.Id == n.UserId).Select(u => u.UserName).Single(), n.Title, n.Body }).ToListAsync())
        .Select(n => (n.User!, n.Title, n.Body)).ToList());

    private static string Words(DateTime utc)
    {
        var china = utc.AddHours(8);
        return $"{china.Year}年{china.Month}月{china.Day}日";
    }

    [Test]
    public async Task Draft_EditedThenDeleted_ItsDocumentNumberCanBeRegisteredAgain()
    {
        var supervisor = await As("supervisor");
        var number = Number();
        var id = await CreateAsync(supervisor, Draft(number, "关于报送自查报告的通知", Today, null, OneOff("一、", 10, ["Bank"])));

        var otherNumber = Number();
        var edited = await (await supervisor.PutAsJsonAsync($"/api/circulars/{id}",
            Draft(otherNumber, "关于报送自查报告和月报的通知", Today.AddDays(-1), Today.AddMonths(6), OneOff("一、", 15, ["Bank", "Insurer"]), Monthly("二、"))))
            .ExpectAsync(HttpStatusCode.OK);
        var reread = await (await supervisor.GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(edited.GetProperty("documentNumber").GetString(), Is.EqualTo(otherNumber));
            Assert.That(reread.GetProperty("title").GetString(), Is.EqualTo("关于报送自查报告和月报的通知"));
            Assert.That(reread.GetProperty("issuedOn").GetString(), Is.EqualTo(Today.AddDays(-1).ToString("yyyy-MM-dd")));
            Assert.That(reread.GetProperty("requirements").Strings("kind"), Is.EqualTo(new[] { "Deadline", "RecurringReport" }));
            Assert.That(reread.GetProperty("requirements")[0].GetProperty("dueRule").GetProperty("offset").GetInt32(), Is.EqualTo(15));
            Assert.That(reread.GetProperty("requirements")[0].GetProperty("appliesTo").GetProperty("institutionTypes").EnumerateArray().Select(t => t.GetString()),
                Is.EquivalentTo(new[] { "Bank", "Insurer" }));
        });

        // Bad input changes nothing: a blank title is refused with a message saying what to fix.
        var refused = await (await supervisor.PutAsJsonAsync($"/api/circulars/{id}", Draft(otherNumber, " ", Today, null))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(refused.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()), Has.Some.Contains("标题"), refused.ToString());
        Assert.That(await App.QueryAsync(db => db.Requirements.CountAsync(r => r.CircularId == id)), Is.EqualTo(2));

        // The old number is free again after the edit; after deleting, the new one is too.
        await (await supervisor.DeleteAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.That(await App.QueryAsync(db => db.Circulars.AnyAsync(c => c.Id == id)), Is.False);
        await CreateAsync(supervisor, Draft(otherNumber, "关于报送自查报告的通知（重新登记）", Today, null, OneOff("一、", 10, ["Bank"])));
        await CreateAsync(supervisor, Draft(number, "关于报送自查报告的通知（原文号）", Today, null));

        var audited = await App.QueryAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.CircularUpdated || a.Action == AuditActions.CircularDeleted)
            .Select(a => a.Action).ToListAsync());
        Assert.That(audited, Does.Contain(AuditActions.CircularUpdated).And.Contain(AuditActions.CircularDeleted));
    }

    [Test]
    public async Task Published_CannotBeEditedOrDeleted_AndAnotherJurisdictionsSupervisorIsRefused()
    {
        var supervisor = await As("supervisor");
        var number = Number();
        var id = await PublishedAsync(supervisor, Draft(number, "关于报送自查报告的通知", Today, null, OneOff("一、", 10, ["Bank"])));
        var before = await ItemsAsync(id);

        var deleted = await (await supervisor.DeleteAsync($"/api/circulars/{id}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        var edited = await (await supervisor.PutAsJsonAsync($"/api/circulars/{id}", Draft(number, "改标题", Today, null))).ExpectProblemAsync(HttpStatusCode.Conflict);
        var shanghai = await As("supervisor-sh");
        await (await shanghai.PostAsJsonAsync($"/api/circulars/{id}/amend", new { reason = "延期", requirements = new[] { new { id = 0 } } })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await shanghai.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "废止", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await shanghai.DeleteAsync($"/api/circulars/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var reporter = await As("SD-CCB-reporter");
        await (await reporter.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "废止", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var circular = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == id).Select(c => new { c.Title, c.Status }).SingleAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(deleted.GetProperty("detail").GetString(), Does.Contain("废止"));
            Assert.That(edited.GetProperty("detail").GetString(), Does.Contain("修订"));
            Assert.That(circular.Title, Is.EqualTo("关于报送自查报告的通知"));
            Assert.That(circular.Status, Is.EqualTo(CircularStatus.Published));
            Assert.That(await ItemsAsync(id), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task AmendByHand_OpenItemsMove_SubmittedKeepDates_NewlyBoundGetItems_ReleasedClosed_EachInstitutionToldOnce()
    {
        var supervisor = await As("supervisor");
        var issued = Today.AddDays(-3);
        var id = await PublishedAsync(supervisor, Draft(Number(), "关于报送自查报告的通知", issued, null,
            OneOff("一、", 10, ["Bank"]), OneOff("二、", 20, ["Bank"])));
        var detail = await (await supervisor.GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK);
        var first = detail.GetProperty("requirements")[0].GetProperty("id").GetInt32();
        var second = detail.GetProperty("requirements")[1].GetProperty("id").GetInt32();
        var before = await ItemsAsync(id);

        // SD-ICBC hands in the first item before the change.
        var icbcFirst = before.Single(i => i.Institution == "SD-ICBC" && i.Clause == "一、");
        await (await (await As("SD-ICBC-reporter")).PostAsJsonAsync($"/api/obligations/{icbcFirst.Id}/status", new { status = "Submitted", reason = "已报送" })).ExpectAsync(HttpStatusCode.OK);

        var result = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new
        {
            reason = "根据工作安排延长报送期限",
            requirements = new object[]
            {
                new { id = first, dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 30, unit = "NaturalDays" }, appliesTo = new { institutionTypes = new[] { "Bank", "Insurer" }, legalEntitiesOnly = false } },
                new { id = second, appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = true } },
            },
        })).ExpectAsync(HttpStatusCode.OK);
        var after = await ItemsAsync(id);
        var amended = await App.QueryAsync(db => db.Requirements.Where(r => r.Id == first).Select(r => r.DueRule!.Offset).SingleAsync());

        var ccbFirst = after.Single(i => i.Institution == "SD-CCB" && i.Clause == "一、");
        var ccbBefore = before.Single(i => i.Institution == "SD-CCB" && i.Clause == "一、");
        Assert.Multiple(() =>
        {
            Assert.That(amended, Is.EqualTo(30));
            Assert.That(ccbFirst.DueAt, Is.InRange(ccbBefore.DueAt!.Value.AddDays(20), ccbBefore.DueAt!.Value.AddDays(24)),
                "SD-CCB's open item moves to the new deadline (20 days later, or the next working day after it)");
            Assert.That(ccbFirst.Status, Is.EqualTo(DueItemStatus.Open));
            Assert.That(after.Single(i => i.Id == icbcFirst.Id), Is.EqualTo(icbcFirst with { Status = DueItemStatus.Submitted }), "what was handed in keeps its date");
            Assert.That(after.Where(i => i.Institution == "SD-PICC").Select(i => i.Clause), Is.EqualTo(new[] { "一、" }), "the newly bound insurer gets the item");
            Assert.That(after.Single(i => i.Institution == "SD-CCB" && i.Clause == "二、").Status, Is.EqualTo(DueItemStatus.Waived), "a released branch's open item is closed, not deleted");
            Assert.That(after.Single(i => i.Institution == "SD-RCB" && i.Clause == "二、").Status, Is.EqualTo(DueItemStatus.Open), "the legal entity stays bound");
            Assert.That(result.GetProperty("institutionsBound").EnumerateArray().Select(e => e.GetString()), Does.Contain("中国人民财产保险股份有限公司长治市上党支公司"));
            Assert.That(result.GetProperty("dueItemsMoved").GetInt32(), Is.GreaterThan(0));
        });

        var told = await MessagesAsync(id, NotificationKind.CircularAmended);
        var ccb = told.Where(m => m.User.StartsWith("SD-CCB-", StringComparison.Ordinal)).ToList();
        var history = await (await supervisor.GetAsync($"/api/obligations/{after.Single(i => i.Institution == "SD-CCB" && i.Clause == "二、").Id}/history")).ExpectAsync(HttpStatusCode.OK);
        var audit = await App.QueryAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.CircularAmended).Select(a => a.Detail).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(ccb.Select(m => m.User), Is.EquivalentTo(new[] { "SD-CCB-reporter", "SD-CCB-head" }), "reporter and head, each once");
            Assert.That(ccb[0].Body, Does.Contain(Words(ccbFirst.DueAt!.Value)).And.Contain(Words(ccbBefore.DueAt!.Value)), "old and new due date in people's words");
            Assert.That(ccb[0].Body, Does.Contain("不再适用于贵机构").And.Contain("根据工作安排延长报送期限"));
            Assert.That(told.Select(m => m.User), Does.Contain("SD-PICC-reporter"), "the newly bound insurer is told");
            Assert.That(told.Where(m => m.User == "SD-ICBC-reporter").Select(m => m.Body).Single(), Does.Contain("不再适用").And.Not.Contain("改为"), "the item handed in did not move");
            Assert.That(history.Strings("to"), Is.EqualTo(new[] { "Waived" }));
            Assert.That(history.Strings("reason").Single(), Does.Contain("根据工作安排延长报送期限"));
            Assert.That(audit, Has.Some.Contains("根据工作安排延长报送期限"));
        });
    }

    [Test]
    public async Task AmendByALaterCircular_ShowsTheRelationOnBoth_AndAValidityShortenedRemovesUnreportedMonths()
    {
        var supervisor = await As("supervisor");
        var number = Number();
        var id = await PublishedAsync(supervisor, Draft(number, "关于报送月度统计表的通知", Today.AddDays(-20), Today.AddMonths(6), Monthly("一、")));
        var laterNumber = Number();
        var later = await PublishedAsync(supervisor, Draft(laterNumber, "关于调整月度统计表报送安排的通知", Today, null));
        var before = await ItemsAsync(id);

        var newEnd = Today.AddMonths(2);
        await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new { reason = "依据新通知缩短执行期", byCircularId = later, effectiveTo = newEnd.ToString("yyyy-MM-dd") }))
            .ExpectAsync(HttpStatusCode.OK);

        var after = await ItemsAsync(id);
        var amendedRelations = await (await supervisor.GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK);
        var laterRelations = await (await supervisor.GetAsync($"/api/circulars/{later}")).ExpectAsync(HttpStatusCode.OK);
        var reporterView = await (await (await As("SD-CCB-reporter")).GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.Count, Is.LessThan(before.Count), "months after the new end are gone");
            Assert.That(after.Where(i => i.PeriodStart > newEnd), Is.Empty);
            Assert.That(after.Select(i => i.Id), Is.SubsetOf(before.Select(i => i.Id)), "nothing added");
            Assert.That(amendedRelations.GetProperty("effectiveTo").GetString(), Is.EqualTo(newEnd.ToString("yyyy-MM-dd")));
            Assert.That(amendedRelations.GetProperty("relations").Strings("text"), Is.EqualTo(new[] { $"本通知已被 {laterNumber} 修订" }));
            Assert.That(amendedRelations.GetProperty("relations")[0].GetProperty("circularId").GetInt32(), Is.EqualTo(later));
            Assert.That(laterRelations.GetProperty("relations").Strings("text"), Is.EqualTo(new[] { $"本通知修订了 {number}" }));
            Assert.That(laterRelations.GetProperty("relations").Strings("direction"), Is.EqualTo(new[] { "Changes" }));
            Assert.That(reporterView.GetProperty("relations").Strings("kind"), Is.EqualTo(new[] { "Amends" }));
        });

        var told = await MessagesAsync(id, NotificationKind.CircularAmended);
        Assert.That(told.Where(m => m.User == "SD-CCB-reporter").Select(m => m.Body).Single(), Does.Contain($"被{laterNumber}修订").And.Contain("不再需要报送"));
    }

    [Test]
    public async Task Repeal_ClosesOpenItems_RemovesLaterPeriods_KeepsHistory_TellsTheBanks_AndCannotBeRepeatedOrAmended()
    {
        var supervisor = await As("supervisor");
        var issued = Today.AddMonths(-3);
        var id = await PublishedAsync(supervisor, Draft(Number(), "关于报送月度统计表的通知", issued, Today.AddMonths(6), Monthly("一、"), OneOff("二、", 10, ["Bank"])));
        var before = await ItemsAsync(id);
        var repealer = Number();
        var by = await CreateAsync(supervisor, Draft(repealer, "关于废止部分通知的通知", Today, null));

        // Before: bad effective date, and the missing reason, change nothing.
        var early = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "已完成阶段性任务", effectiveOn = issued.AddDays(-1).ToString("yyyy-MM-dd") }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = " ", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(early.GetProperty("errors").GetProperty("effectiveOn")[0].GetString(), Does.Contain("不能早于发文日期"));
        Assert.That(await ItemsAsync(id), Is.EqualTo(before));

        var result = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "已完成阶段性任务", effectiveOn = Today.ToString("yyyy-MM-dd"), byCircularId = by }))
            .ExpectAsync(HttpStatusCode.OK);
        var after = await ItemsAsync(id);
        var now = DateTime.UtcNow;
        var circular = await (await supervisor.GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(circular.GetProperty("status").GetString(), Is.EqualTo("Repealed"));
            Assert.That(circular.GetProperty("repealedOn").GetString(), Is.EqualTo(Today.ToString("yyyy-MM-dd")));
            Assert.That(circular.GetProperty("relations").Strings("text"), Is.EqualTo(new[] { $"本通知已被 {repealer} 废止" }));
            Assert.That(after.Where(i => i.PeriodStart > Today), Is.Empty, "months that start later are gone");
            Assert.That(before.Where(i => i.PeriodStart > Today), Is.Not.Empty, "there were later months");
            var current = after.Where(i => i.Clause == "一、" && i.PeriodStart <= Today && i.DueAt > now).Select(i => i.Status).ToList();
            Assert.That(current, Is.Not.Empty.And.All.EqualTo(DueItemStatus.Repealed), "the current month closes as 已废止");
            var finished = after.Where(i => i.DueAt < now).Select(i => i.Status).ToList();
            Assert.That(finished, Is.Not.Empty.And.None.EqualTo(DueItemStatus.Repealed), "finished months keep their history");
            Assert.That(result.GetProperty("dueItemsRemoved").GetInt32(), Is.EqualTo(before.Count - after.Count));
        });

        var told = await MessagesAsync(id, NotificationKind.CircularRepealed);
        Assert.Multiple(() =>
        {
            Assert.That(told.Where(m => m.User.StartsWith("SD-CCB-", StringComparison.Ordinal)).Select(m => m.User), Is.EquivalentTo(new[] { "SD-CCB-reporter", "SD-CCB-head" }));
            Assert.That(told.First().Body, Does.Contain($"被{repealer}废止").And.Contain($"{Today.Year}年{Today.Month}月{Today.Day}日"));
        });

        // Repealed: neither amended nor repealed again, and nothing changes.
        var again = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "再次废止", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var amend = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new { reason = "延期", effectiveTo = Today.AddYears(1).ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(again.GetProperty("detail").GetString(), Does.Contain("已于").And.Contain("废止"));
            Assert.That(amend.GetProperty("detail").GetString(), Does.Contain("不能再修订"));
            Assert.That(await ItemsAsync(id), Is.EqualTo(after));
            Assert.That(await MessagesAsync(id, NotificationKind.CircularRepealed), Has.Count.EqualTo(told.Count));
            Assert.That(await App.QueryAsync(db => db.CircularRelations.CountAsync(r => r.ToCircularId == id)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Repeal_TheDemoWeeklyCircular_RemovesItsUnreportedPeriodsToCome_AndKeepsEveryReportedWeek()
    {
        var supervisor = await As("supervisor");
        var id = await App.QueryAsync(db => db.Circulars.Where(c => c.NaturalKey == "demo-shangdang-weekly").Select(c => c.Id).SingleAsync());
        Task<List<(string Key, DateOnly Start, bool Reported)>> PeriodsAsync() => App.QueryAsync(async db =>
            (await db.ReportPeriods.Where(p => p.Form.Code == ReportingSupport.Form).OrderBy(p => p.Start)
                .Select(p => new { p.Key, p.Start, Reported = db.Submissions.Any(s => s.PeriodId == p.Id) }).ToListAsync())
            .Select(p => (p.Key, p.Start, p.Reported)).ToList());
        var before = await PeriodsAsync();

        await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "周报制工作结束", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectAsync(HttpStatusCode.OK);

        var after = await PeriodsAsync();
        var listed = (await (await supervisor.GetAsync($"/api/forms/{ReportingSupport.Form}/periods")).ExpectAsync(HttpStatusCode.OK)).Strings("key");
        Assert.Multiple(() =>
        {
            Assert.That(before.Where(p => p.Start >= Today && !p.Reported), Is.Not.Empty, "the demo has weeks to come");
            Assert.That(after.Where(p => p.Start >= Today && !p.Reported), Is.Empty, "weeks to come without a report are gone");
            Assert.That(after.Where(p => p.Reported), Is.EqualTo(before.Where(p => p.Reported)), "every reported week stays");
            Assert.That(after.Where(p => p.Start < Today), Is.EqualTo(before.Where(p => p.Start < Today)), "weeks under way or past stay");
            Assert.That(listed, Is.EquivalentTo(after.Select(p => p.Key)));
        });
    }

    [Test]
    public async Task Amend_BadInput_IsRefusedWithMessagesAndChangesNothing()
    {
        var supervisor = await As("supervisor");
        var id = await PublishedAsync(supervisor, Draft(Number(), "关于报送自查报告的通知", Today, null, OneOff("一、", 10, ["Bank"])));
        var requirement = (await (await supervisor.GetAsync($"/api/circulars/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("requirements")[0].GetProperty("id").GetInt32();
        var before = await ItemsAsync(id);

        var noReason = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new { requirements = new[] { new { id = requirement } } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var nothing = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new { reason = "调整" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var bad = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new
        {
            reason = "调整",
            requirements = new object[]
            {
                new { id = requirement, dueRule = new { frequency = "Once", anchor = "IssueDate", offset = -5, unit = "NaturalDays" }, appliesTo = new { institutionTypes = Array.Empty<string>() } },
                new { id = 999_999 },
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var self = await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/amend", new { reason = "调整", byCircularId = id, effectiveTo = Today.AddMonths(1).ToString("yyyy-MM-dd") })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = bad.GetProperty("errors");
        Assert.Multiple(async () =>
        {
            Assert.That(noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("修订原因"));
            Assert.That(nothing.GetProperty("errors").GetProperty("requirements")[0].GetString(), Does.Contain("请至少修改一项"));
            Assert.That(errors.GetProperty("requirements[0].dueRule.offset")[0].GetString(), Does.Contain("期限天数"));
            Assert.That(errors.GetProperty("requirements[0].appliesTo.institutionTypes")[0].GetString(), Does.Contain("机构类型"));
            Assert.That(errors.GetProperty("requirements[1].id")[0].GetString(), Does.Contain("999999"));
            Assert.That(self.GetProperty("errors").GetProperty("byCircularId")[0].GetString(), Does.Contain("本文件自身"));
            Assert.That(await ItemsAsync(id), Is.EqualTo(before));
            Assert.That(await App.QueryAsync(db => db.Requirements.Where(r => r.Id == requirement).Select(r => r.DueRule!.Offset).SingleAsync()), Is.EqualTo(10));
            Assert.That(await MessagesAsync(id, NotificationKind.CircularAmended), Is.Empty);
        });
    }

    [Test]
    public async Task AmendPage_KeepsNoShiftExemptHolidaysAndTimeOfDay_AndCanChangeThem()
    {
        var supervisor = await As("supervisor");
        var id = await PublishedAsync(supervisor, Draft(Number(), "关于按月报送统计表的通知", Today.AddDays(-45), Today.AddMonths(8), new
        {
            clause = "一、",
            text = "各银行机构须于每月结束后10日内17:00前报送月度统计表，遇节假日不顺延，逢劳动节、国庆节免报。",
            kind = "RecurringReport",
            dueRule = new { frequency = "Monthly", anchor = "PeriodEnd", offset = 10, unit = "NaturalDays", timeOfDay = "17:00", noShift = true, exemptHolidays = new[] { "劳动节", "国庆节" }, source = "每月结束后10日内17:00前" },
            appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
        }));
        var (browser, _) = await App.SignInThroughPageAsync("supervisor", ComplianceApp.DemoPassword);
        Task<DueRule> RuleAsync() => App.QueryAsync(db => db.Requirements.Where(r => r.CircularId == id).Select(r => r.DueRule!).SingleAsync());

        // Only the offset changes, as a browser without script posts the form: 不顺延, 免报 and the time stay.
        var form = AmendForm(await browser.GetStringAsync($"/circulars/{id}/amend"));
        form["Input.Reason"] = "统计口径调整，报送时间相应延后";
        form["Input.Rows[0].Rule.Offset"] = "15";
        var preview = await browser.PostAsync($"/circulars/{id}/amend?handler=Preview", new FormUrlEncodedContent(form));
        var previewHtml = await preview.Content.ReadAsStringAsync();
        var unchanged = await RuleAsync();
        var confirmed = await browser.PostAsync($"/circulars/{id}/amend?handler=Confirm", new FormUrlEncodedContent(AmendForm(previewHtml)));
        var amended = await RuleAsync();

        // Then the supervisor lets the rule shift to the next working day and exempts 劳动节 only, typed as people say it (五一).
        form = AmendForm(await browser.GetStringAsync($"/circulars/{id}/amend"));
        form["Input.Reason"] = "国庆节期间恢复报送";
        form.Remove("Input.Rows[0].Rule.NoShift");
        form["Input.Rows[0].Rule.ExemptHolidays"] = "五一";
        var second = await browser.PostAsync($"/circulars/{id}/amend?handler=Confirm", new FormUrlEncodedContent(form));
        var changed = await RuleAsync();

        // A holiday the calendar does not know is refused on the page, and nothing changes.
        form = AmendForm(await browser.GetStringAsync($"/circulars/{id}/amend"));
        form["Input.Reason"] = "调整";
        form["Input.Rows[0].Rule.ExemptHolidays"] = "劳动节、植树节";
        var refused = await browser.PostAsync($"/circulars/{id}/amend?handler=Confirm", new FormUrlEncodedContent(form));
        var refusedHtml = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(previewHtml, Does.Contain("id=\"amend-preview\""), "the preview is shown");
            Assert.That(unchanged.Offset, Is.EqualTo(10), "previewing changes nothing");
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(amended.Offset, Is.EqualTo(15));
            Assert.That(amended.NoShift, Is.True, "不顺延 survives the amendment");
            Assert.That(amended.ExemptHolidays, Is.EqualTo(new[] { "劳动节", "国庆节" }), "免报 survives the amendment");
            Assert.That(amended.TimeOfDay, Is.EqualTo(new TimeOnly(17, 0)));
            Assert.That(amended.Source, Is.EqualTo("每月结束后10日内17:00前"), "the words it was read from are kept");
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(changed.NoShift, Is.False);
            Assert.That(changed.ExemptHolidays, Is.EqualTo(new[] { "劳动节" }));
            Assert.That(changed.Offset, Is.EqualTo(15));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refusedHtml, Does.Contain("免报节日“植树节”无法识别"));
            Assert.That(await RuleAsync(), Is.EqualTo(changed), "a refused amendment changes nothing");
            Assert.That(await MessagesAsync(id, NotificationKind.CircularAmended), Has.Count.GreaterThan(0));
        });
    }

    [Test]
    public async Task Patch_ExtraDays_AreValidatedLikeCreate_AndMoveTheDueMomentsNotYetReached()
    {
        var supervisor = await As("supervisor");
        var id = await PublishedAsync(supervisor, Draft(Number(), "关于报送自查报告的通知", Today, null, OneOff("一、", 10, ["Bank"])));
        var before = await ItemsAsync(id);
        var dueDay = DateOnly.FromDateTime(before[0].DueAt!.Value.AddHours(8));

        // Bad days are refused in Chinese, and nothing changes: the same day twice, a day outside 2000–2100.
        var twice = await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new
        {
            extraDays = new[] { new { date = dueDay.ToString("yyyy-MM-dd"), isWorkingDay = false }, new { date = dueDay.ToString("yyyy-MM-dd"), isWorkingDay = true } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var outOfRange = await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new
        {
            extraDays = new[] { new { date = "1999-10-09", isWorkingDay = false } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var afterRefusals = await ItemsAsync(id);
        var storedAfterRefusals = await App.QueryAsync(db => db.Circulars.Where(c => c.Id == id).Select(c => c.ExtraDays).SingleAsync());

        // Another jurisdiction's supervisor does not see the circular.
        await (await (await As("supervisor-sh")).PatchAsJsonAsync($"/api/circulars/{id}", new
        {
            extraDays = new[] { new { date = dueDay.ToString("yyyy-MM-dd"), isWorkingDay = false } },
        })).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The due day becomes a rest day of the circular's own: the open item moves to a later working day.
        var patched = await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new
        {
            extraDays = new[] { new { date = dueDay.ToString("yyyy-MM-dd"), isWorkingDay = false } },
        })).ExpectAsync(HttpStatusCode.OK);
        var moved = (await ItemsAsync(id))[0];
        var movedExplanation = await App.QueryAsync(db => db.DueItems.Where(d => d.Id == moved.Id).Select(d => d.DueExplanation).SingleAsync());

        // Removing it again (an empty list) moves the item back.
        await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new { extraDays = Array.Empty<object>() })).ExpectAsync(HttpStatusCode.OK);
        var back = (await ItemsAsync(id))[0];

        // A repealed circular's days no longer change.
        await (await supervisor.PostAsJsonAsync($"/api/circulars/{id}/repeal", new { reason = "相关工作已完成", effectiveOn = Today.ToString("yyyy-MM-dd") })).ExpectAsync(HttpStatusCode.OK);
        var repealed = await (await supervisor.PatchAsJsonAsync($"/api/circulars/{id}", new
        {
            extraDays = new[] { new { date = dueDay.ToString("yyyy-MM-dd"), isWorkingDay = false } },
        })).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(twice.GetProperty("errors").GetProperty("extraDays")[0].GetString(), Does.Contain("重复"));
            Assert.That(outOfRange.GetProperty("errors").GetProperty("extraDays")[0].GetString(), Does.Contain("2000年至2100年"));
            Assert.That(afterRefusals, Is.EqualTo(before), "refused days move nothing");
            Assert.That(storedAfterRefusals, Is.Empty, "refused days are not saved");
            Assert.That(patched.GetProperty("extraDays")[0].GetProperty("date").GetString(), Is.EqualTo(dueDay.ToString("yyyy-MM-dd")));
            Assert.That(patched.GetProperty("extraDays")[0].GetProperty("isWorkingDay").GetBoolean(), Is.False);
            Assert.That(DateOnly.FromDateTime(moved.DueAt!.Value.AddHours(8)), Is.GreaterThan(dueDay), "the open item moved past the new rest day");
            Assert.That(movedExplanation, Does.Contain("本通知另行安排的休息日"));
            Assert.That(back.DueAt, Is.EqualTo(before[0].DueAt), "without the day the item is due as before");
            Assert.That(repealed.GetProperty("detail").GetString(), Does.Contain("废止"));
        });
    }

    /// <summary>The fields of the 修订 form as a browser without script posts them: inputs, ticked boxes, chosen options, text areas.</summary>
    private static Dictionary<string, string> AmendForm(string html)
    {
        var start = html.IndexOf("id=\"amend-form\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), html);
        var form = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        static string? Attribute(string tag, string name) =>
            System.Text.RegularExpressions.Regex.Match(tag, $@"\s{name}=""([^""]*)""") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        var fields = new Dictionary<string, string>();
        foreach (System.Text.RegularExpressions.Match input in System.Text.RegularExpressions.Regex.Matches(form, "<input\\s[^>]*>"))
        {
            var tag = input.Value;
            if (Attribute(tag, "name") is { } name && (Attribute(tag, "type") is not ("checkbox" or "radio") || Attribute(tag, "checked") is not null))
            {
                fields.TryAdd(name, Attribute(tag, "value") ?? "");
            }
        }

        foreach (System.Text.RegularExpressions.Match select in System.Text.RegularExpressions.Regex.Matches(form, "<select\\s(?<attrs>[^>]*)>(?<options>.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var options = System.Text.RegularExpressions.Regex.Matches(select.Groups["options"].Value, "<option\\s[^>]*>").Select(o => o.Value).ToList();
            var chosen = options.FirstOrDefault(o => Attribute(o, "selected") is not null) ?? options.FirstOrDefault();
            if (Attribute(" " + select.Groups["attrs"].Value, "name") is { } name && chosen is not null)
            {
                fields[name] = Attribute(chosen, "value") ?? "";
            }
        }

        foreach (System.Text.RegularExpressions.Match area in System.Text.RegularExpressions.Regex.Matches(form, "<textarea\\s(?<attrs>[^>]*)>(?<text>.*?)</textarea>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            if (Attribute(" " + area.Groups["attrs"].Value, "name") is { } name)
            {
                fields[name] = System.Net.WebUtility.HtmlDecode(area.Groups["text"].Value);
            }
        }

        return fields;
    }
}
