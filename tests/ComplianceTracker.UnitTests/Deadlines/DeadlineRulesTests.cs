using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.UnitTests.Deadlines;

/// <summary>
/// The deadline rules real circulars use (不顺延, 免报, a time of day, working days from the period's end, 旬, a circular's
/// own rest and working days), over the seeded national calendar. Every expected date is counted by hand from
/// seeds/calendar/2024.json–2026.json; the comment of each case says how.
/// </summary>
public class DeadlineRulesTests
{
    private readonly DueCalculator calculator = new(ChineseCalendarDeadlineTests.Calendar);

    private static DateOnly D(string iso) => ChineseCalendarDeadlineTests.D(iso);

    private static DateOnly DueDate(DueMoment due) => ChineseCalendarDeadlineTests.DueDate(due);

    private static DueRule Every(DueFrequency frequency, int offset, DueUnit unit = DueUnit.NaturalDays) =>
        new() { Frequency = frequency, Anchor = DueAnchor.PeriodEnd, Offset = offset, Unit = unit };

    private static DueRule FromIssue(int days) => new() { Anchor = DueAnchor.IssueDate, Offset = days };

    // ---- 1. 不顺延 ----

    [Test]
    public void NoShift_NationalDay2024_StaysOnOctober1()
    {
        // Issued Saturday 2024-09-21 + 10 days → Tuesday 2024-10-01 (国庆节 10-01..10-07). 不顺延: stays there;
        // with 顺延 it would be the first working day after the holiday, Tuesday 10-08.
        var kept = calculator.OneOff(FromIssue(10) with { NoShift = true }, D("2024-09-21"));
        var moved = calculator.OneOff(FromIssue(10), D("2024-09-21"));

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(kept), Is.EqualTo(D("2024-10-01")));
            Assert.That(kept.Explanation, Is.EqualTo("2024-09-21 发文，10日内 → 2024-10-01（星期二，国庆节） → 不顺延"));
            Assert.That(DueDate(moved), Is.EqualTo(D("2024-10-08")));
        });
    }

    [Test]
    public void NoShift_SpringFestival2025_StaysOnTheHoliday()
    {
        // Issued Saturday 2025-01-18 + 10 → Tuesday 2025-01-28, the first day of 春节 (01-28..02-04): stays.
        // 顺延 would give Wednesday 02-05, the first working day after 02-04.
        Assert.Multiple(() =>
        {
            Assert.That(DueDate(calculator.OneOff(FromIssue(10) with { NoShift = true }, D("2025-01-18"))), Is.EqualTo(D("2025-01-28")));
            Assert.That(DueDate(calculator.OneOff(FromIssue(10), D("2025-01-18"))), Is.EqualTo(D("2025-02-05")));
        });
    }

    [Test]
    public void NoShift_QingMing2026_FixedDateOnSundayStays()
    {
        // "2026年4月5日前，不顺延": Sunday 04-05 is 清明节 (04-04..04-06); 顺延 would give Tuesday 04-07.
        var rule = new DueRule { Anchor = DueAnchor.FixedDate, FixedDate = D("2026-04-05") };

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(calculator.OneOff(rule with { NoShift = true }, null)), Is.EqualTo(D("2026-04-05")));
            Assert.That(calculator.OneOff(rule with { NoShift = true }, null).Explanation, Does.Contain("不顺延"));
            Assert.That(DueDate(calculator.OneOff(rule, null)), Is.EqualTo(D("2026-04-07")));
        });
    }

    [Test]
    public void NoShift_MayDay2025_QuarterlyReportThirtyFiveDaysAfterQ1()
    {
        // Q1 2025 ends Monday 03-31; + 35 days = 04-30 (+30) + 5 = Monday 05-05, the last day of 劳动节 (05-01..05-05).
        // 不顺延 keeps 05-05; 顺延 gives Tuesday 05-06.
        var kept = calculator.Periods(Every(DueFrequency.Quarterly, 35) with { NoShift = true }, D("2025-01-01"), D("2025-03-31")).Single();
        var moved = calculator.Periods(Every(DueFrequency.Quarterly, 35), D("2025-01-01"), D("2025-03-31")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(kept.Due), Is.EqualTo(D("2025-05-05")));
            Assert.That(DueDate(moved.Due), Is.EqualTo(D("2025-05-06")));
        });
    }

    [Test]
    public void NoShift_OnAWorkingDay_IsStillNamed()
    {
        // Issued Monday 2024-03-04 + 10 → Thursday 03-14, a working day: nothing moves, but the rule is said.
        var due = calculator.OneOff(FromIssue(10) with { NoShift = true }, D("2024-03-04"));

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(due), Is.EqualTo(D("2024-03-14")));
            Assert.That(due.Explanation, Does.EndWith("遇节假日不顺延"));
        });
    }

    // ---- 2. 免报 ----

    [Test]
    public void Exempt_MayDayAndNationalDay2024_MonthlyReport_SkipsMayAndOctober()
    {
        // "按月报送，逢劳动节、国庆节免报", April–October 2024. May holds 劳动节 (05-01..05-05) and October 国庆节 (10-01..10-07):
        // no report. April holds only the make-up Sunday 04-28 and September only the make-up Sunday 09-29 (working days,
        // not the holiday): reported.
        var rule = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = ["劳动节", "国庆节"] };

        var periods = calculator.Periods(rule, D("2024-04-01"), D("2024-10-31"));
        var exempt = calculator.ExemptPeriods(rule, D("2024-04-01"), D("2024-10-31"));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2024-04", "2024-06", "2024-07", "2024-08", "2024-09" }));
            Assert.That(exempt, Is.EqualTo(new[] { new ExemptPeriod("2024-05", "2024年5月", "劳动节"), new ExemptPeriod("2024-10", "2024年10月", "国庆节") }));
            Assert.That(periods[0].Due.Explanation, Does.EndWith("（逢劳动节、国庆节所在报告期免报）"));
        });
    }

    [Test]
    public void Exempt_NationalDay2025_WeeklyReport_SkipsTheTwoHolidayWeeks()
    {
        // Weeks (Monday–Sunday) from 2025-09-22 to 2025-10-19. 2025-09-22 is the Monday of ISO week 39.
        // W39 09-22..09-28 holds only the make-up Sunday 09-28: reported. W40 09-29..10-05 holds 10-01..10-05 and W41
        // 10-06..10-12 holds 10-06..10-08, days named "国庆节、中秋节": both exempt. W42 10-13..10-19: reported.
        var rule = Every(DueFrequency.Weekly, 1) with { ExemptHolidays = ["国庆节"] };

        var periods = calculator.Periods(rule, D("2025-09-22"), D("2025-10-19"));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2025-W39", "2025-W42" }));
            Assert.That(calculator.ExemptPeriods(rule, D("2025-09-22"), D("2025-10-19")).Select(p => p.Key), Is.EqualTo(new[] { "2025-W40", "2025-W41" }));
        });
    }

    [Test]
    public void Exempt_SpringFestival2026_TenDayReport_SkipsMiddleAndLastTenDaysOfFebruary()
    {
        // 春节 2026 is 02-15..02-23. February's 上旬 02-01..02-10 holds none: reported; 中旬 02-11..02-20 and 下旬
        // 02-21..02-28 hold holiday days: exempt; March 上旬: reported.
        var rule = Every(DueFrequency.TenDay, 3) with { ExemptHolidays = ["春节"] };

        var periods = calculator.Periods(rule, D("2026-02-01"), D("2026-03-10"));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2026-02-D1", "2026-03-D1" }));
            Assert.That(calculator.ExemptPeriods(rule, D("2026-02-01"), D("2026-03-10")).Select(p => p.Name),
                Is.EqualTo(new[] { "2026年2月中旬（2月11日—2月20日）", "2026年2月下旬（2月21日—2月28日）" }));
        });
    }

    [Test]
    public void Exempt_QingMing_OnlyTheNamedHolidayCounts()
    {
        // Monthly 2024, exempt 春节 only: April (清明节 04-04..04-06) is reported, February (春节 02-10..02-17) is not.
        var rule = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = ["春节"] };

        Assert.That(calculator.Periods(rule, D("2024-01-01"), D("2024-04-30")).Select(p => p.Key), Is.EqualTo(new[] { "2024-01", "2024-03", "2024-04" }));
    }

    // ---- 3. A time of day ----

    [Test]
    public void TimeOfDay_SixteenHundred_AfterTheSpringFestival2024Move()
    {
        // Issued Monday 2024-02-05 + 5 → Saturday 02-10 (春节 02-10..02-17) → Sunday 02-18, a make-up working day; 16:00.
        var due = calculator.OneOff(FromIssue(5) with { TimeOfDay = new TimeOnly(16, 0) }, D("2024-02-05"));

        Assert.Multiple(() =>
        {
            Assert.That(ChinaTime.ToChina(due.DueAtUtc!.Value).DateTime, Is.EqualTo(new DateTime(2024, 2, 18, 16, 0, 0)));
            Assert.That(due.Explanation, Does.EndWith("16:00前"));
        });
    }

    // ---- 4. Working days from the period's end ----

    [TestCase("2024-09-01", "2024-10-09")] // Sept ends Mon 09-30; 10-01..10-07 国庆节; Tue 10-08 is the 1st, Wed 10-09 the 2nd.
    [TestCase("2025-04-01", "2025-05-07")] // April ends Wed 04-30; 05-01..05-05 劳动节; Tue 05-06 the 1st, Wed 05-07 the 2nd.
    [TestCase("2026-01-01", "2026-02-03")] // January ends Sat 01-31; Sun 02-01 rests; Mon 02-02 the 1st, Tue 02-03 the 2nd.
    [TestCase("2026-03-01", "2026-04-02")] // March ends Tue 03-31; Wed 04-01 the 1st, Thu 04-02 the 2nd (清明节 starts 04-04).
    public void SecondWorkingDayAfterTheMonth(string month, string expected)
    {
        // "月后第二个工作日": 2 working days counted from the day after the month's last day.
        var period = calculator.Periods(Every(DueFrequency.Monthly, 2, DueUnit.WorkingDays), D(month), D(month)).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D(expected)));
    }

    [TestCase("2024-01-01", "2024-02-06")] // Jan ends Wed 01-31; Thu 02-01 (1), Fri 02-02 (2), Sun 02-04 make-up (3), Mon 02-05 (4), Tue 02-06 (5).
    [TestCase("2025-01-01", "2025-02-10")] // Jan ends Fri 01-31 in 春节; 02-01..02-04 rest; Wed 02-05 (1), Thu (2), Fri 02-07 (3), Sat 02-08 make-up (4), Mon 02-10 (5).
    [TestCase("2026-02-01", "2026-03-06")] // Feb ends Sat 02-28 (a make-up day, but the period's own); Mon 03-02 (1) … Fri 03-06 (5).
    [TestCase("2024-03-01", "2024-04-08")] // Mar ends Sun 03-31; Mon 04-01 (1), Tue (2), Wed 04-03 (3), 04-04..04-06 清明节, Sun 04-07 make-up (4), Mon 04-08 (5).
    public void FirstFiveWorkingDaysOfTheNextMonth(string month, string expected)
    {
        // "每月前5个工作日内": the 5th working day after the month ends.
        var period = calculator.Periods(Every(DueFrequency.Monthly, 5, DueUnit.WorkingDays), D(month), D(month)).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D(expected)));
    }

    [TestCase("2025-01-01", "2025-04-15")] // Q1 ends Mon 03-31; + 15 = Tue 04-15, a working day.
    [TestCase("2025-10-01", "2026-01-15")] // Q4 ends Wed 12-31; + 15 = Thu 2026-01-15, after the 元旦 days.
    [TestCase("2024-04-01", "2024-07-15")] // Q2 ends Sun 06-30; + 15 = Mon 07-15.
    [TestCase("2024-01-01", "2024-04-15")] // Q1 ends Sun 03-31; + 15 = Mon 04-15, after 清明节 04-04..04-06.
    public void FifteenDaysAfterTheQuarter(string quarter, string expected)
    {
        // "季后15日内": natural days from the quarter's end.
        var period = calculator.Periods(Every(DueFrequency.Quarterly, 15), D(quarter), D(quarter)).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D(expected)));
    }

    [TestCase(false, "2025-04-07")] // Q1 2025 ends 03-31; + 5 = Sat 04-05 (清明节 04-04..04-06) → Mon 04-07.
    [TestCase(true, "2025-04-05")] // 不顺延: Saturday 04-05 itself.
    public void FiveDaysAfterTheQuarter_AcrossQingMing2025(bool noShift, string expected)
    {
        var period = calculator.Periods(Every(DueFrequency.Quarterly, 5) with { NoShift = noShift }, D("2025-01-01"), D("2025-03-31")).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D(expected)));
    }

    [TestCase("2025-07-01", "2025-10-21")] // Q3 ends Tue 09-30; 10-01..10-08 rest; Thu 10-09 (1), Fri (2), Sat 10-11 make-up (3), Mon 10-13 (4) … Fri 10-17 (8), Mon 10-20 (9), Tue 10-21 (10).
    [TestCase("2024-07-01", "2024-10-18")] // Q3 ends Mon 09-30; 10-01..10-07 rest; Tue 10-08 (1), Wed (2), Thu (3), Fri 10-11 (4), Sat 10-12 make-up (5), Mon 10-14 (6) … Fri 10-18 (10).
    [TestCase("2026-01-01", "2026-04-15")] // Q1 ends Tue 03-31; Wed 04-01 (1), Thu (2), Fri 04-03 (3), 04-04..04-06 清明节, Tue 04-07 (4) … Fri 04-10 (7), Mon 04-13 (8), Tue (9), Wed 04-15 (10).
    public void TenWorkingDaysAfterTheQuarter(string quarter, string expected)
    {
        // "每季度结束后10个工作日内".
        var period = calculator.Periods(Every(DueFrequency.Quarterly, 10, DueUnit.WorkingDays), D(quarter), D(quarter)).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D(expected)));
    }

    // ---- 5. Ten-day periods (旬) ----

    [Test]
    public void TenDay_ThreeDaysAfter_AcrossNationalDay2024()
    {
        // "旬后3日内", 2024-09-21 to 2024-10-31:
        // 09月下旬 09-21..09-30 → 10-03 (国庆节) → Tue 10-08; 10月上旬 10-01..10-10 → Sun 10-13 → Mon 10-14;
        // 10月中旬 10-11..10-20 → Wed 10-23; 10月下旬 10-21..10-31 → Sun 11-03 → Mon 11-04.
        var periods = calculator.Periods(Every(DueFrequency.TenDay, 3), D("2024-09-21"), D("2024-10-31"));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2024-09-D3", "2024-10-D1", "2024-10-D2", "2024-10-D3" }));
            Assert.That(periods.Select(p => DueDate(p.Due)), Is.EqualTo(new[] { D("2024-10-08"), D("2024-10-14"), D("2024-10-23"), D("2024-11-04") }));
            Assert.That(periods.Select(p => (p.Start, p.End)), Is.EqualTo(new[]
            {
                (D("2024-09-21"), D("2024-09-30")), (D("2024-10-01"), D("2024-10-10")), (D("2024-10-11"), D("2024-10-20")), (D("2024-10-21"), D("2024-10-31")),
            }));
            Assert.That(periods[0].Due.Explanation, Does.StartWith("报告期2024年9月下旬（9月21日—9月30日），期末"));
        });
    }

    [Test]
    public void TenDay_ThreeDaysAfter_AcrossMayDay2026()
    {
        // 2026-04 下旬 04-21..04-30 + 3 → Sun 05-03 (劳动节 05-01..05-05) → Wed 05-06.
        var period = calculator.Periods(Every(DueFrequency.TenDay, 3), D("2026-04-25"), D("2026-04-30")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(period.Key, Is.EqualTo("2026-04-D3"));
            Assert.That(DueDate(period.Due), Is.EqualTo(D("2026-05-06")));
        });
    }

    [TestCase("2026-11-D1", "2026年11月上旬（11月1日—11月10日）")]
    [TestCase("2026-11-D2", "2026年11月中旬（11月11日—11月20日）")]
    [TestCase("2026-11-D3", "2026年11月下旬（11月21日—11月30日）")]
    [TestCase("2024-02-D3", "2024年2月下旬（2月21日—2月29日）")]
    [TestCase("2025-02-D3", "2025年2月下旬（2月21日—2月28日）")]
    public void TenDay_PeopleSName(string key, string expected) =>
        Assert.That(PeriodNames.Name(key), Is.EqualTo(expected));

    [TestCase("2026-11-01", "2026-11-D1")]
    [TestCase("2026-11-10", "2026-11-D1")]
    [TestCase("2026-11-11", "2026-11-D2")]
    [TestCase("2026-11-21", "2026-11-D3")]
    [TestCase("2026-12-31", "2026-12-D3")]
    public void TenDay_Key(string start, string expected) =>
        Assert.That(DueCalculator.PeriodKey(DueFrequency.TenDay, D(start)), Is.EqualTo(expected));

    [Test]
    public void TenDay_HasItsLabelsAndSheetName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DueFrequency.TenDay.Label(), Is.EqualTo("每旬"));
            Assert.That(new ReportForm { Code = "x", Name = "x", Frequency = DueFrequency.TenDay }.SheetName, Is.EqualTo("旬报"));
        });
    }

    // ---- 6. A circular's own rest and working days ----

    [Test]
    public void ExtraRestDay_OnAMakeUpSaturday2026_MovesTheDeadline()
    {
        // Monthly, 10 days after the month: September 2026 ends Wed 09-30 → Sat 10-10, a 国庆节 make-up working day: stays.
        // The circular declares "2026-10-10 休息": Sat 10-10 rests, Sun 10-11 rests → Mon 10-12.
        var rule = Every(DueFrequency.Monthly, 10);
        var national = calculator.Periods(rule, D("2026-09-01"), D("2026-09-30")).Single();
        var own = calculator.ForCircular([new ExtraDay(D("2026-10-10"), false)]).Periods(rule, D("2026-09-01"), D("2026-09-30")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(national.Due), Is.EqualTo(D("2026-10-10")));
            Assert.That(DueDate(own.Due), Is.EqualTo(D("2026-10-12")));
            Assert.That(own.Due.Explanation, Does.Contain("2026-10-10（星期六，本通知另行安排的休息日） → 按本通知另行安排的休息日顺延至 2026-10-12（星期一）"));
        });
    }

    [Test]
    public void ExtraWorkingDay_InMayDay2024_CountsAsTheFirstWorkingDay()
    {
        // "月后第二个工作日", April 2024 ends Tue 04-30; nationally 05-01..05-05 rest → Mon 05-06 (1), Tue 05-07 (2).
        // The circular declares "2024-05-04 上班": Sat 05-04 (1), Mon 05-06 (2).
        var rule = Every(DueFrequency.Monthly, 2, DueUnit.WorkingDays);
        var own = calculator.ForCircular([new ExtraDay(D("2024-05-04"), true)]).Periods(rule, D("2024-04-01"), D("2024-04-30")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(calculator.Periods(rule, D("2024-04-01"), D("2024-04-30")).Single().Due), Is.EqualTo(D("2024-05-07")));
            Assert.That(DueDate(own.Due), Is.EqualTo(D("2024-05-06")));
            Assert.That(own.Due.Explanation, Does.Contain("按本通知另行安排的休息日和上班日计算（2024-05-04 上班）"));
        });
    }

    [Test]
    public void ExtraRestDay_AfterQingMing2025_PushesOneMoreDay()
    {
        // Issued Wed 2025-03-26 + 10 → Sat 04-05 (清明节 04-04..04-06) → nationally Mon 04-07; the circular rests on
        // 04-07 as a local holiday → Tue 04-08.
        var due = calculator.ForCircular([new ExtraDay(D("2025-04-07"), false)]).OneOff(FromIssue(10), D("2025-03-26"));

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(due), Is.EqualTo(D("2025-04-08")));
            Assert.That(due.Explanation, Does.Contain("按本通知另行安排的休息日顺延至 2025-04-08（星期二）"));
        });
    }

    [Test]
    public void ExtraDays_ApplyThroughTheCircularsSchedule_AndOnlyThere()
    {
        // The same one-off requirement of two circulars, one with a local rest day on Thu 2024-03-14 (issued Mon 03-04 + 10).
        var requirement = new Requirement { Clause = "一", Text = "十日内报送", Kind = RequirementKind.Deadline, DueRule = FromIssue(10) };
        var plain = new Circular { NaturalKey = "a", Title = "a", Text = "a", IssuedOn = D("2024-03-04") };
        var local = new Circular { NaturalKey = "b", Title = "b", Text = "b", IssuedOn = D("2024-03-04"), ExtraDays = [new ExtraDay(D("2024-03-14"), false)] };

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(calculator.Schedule(requirement, local).Single().Due), Is.EqualTo(D("2024-03-15")));
            Assert.That(DueDate(calculator.Schedule(requirement, plain).Single().Due), Is.EqualTo(D("2024-03-14")));
        });
    }

    [Test]
    public void Exempt_IsMatchedAgainstTheNationalNames_UnderACircularsOwnDays()
    {
        // A circular that declares 2024-10-07 a working day still exempts October 2024 for 国庆节 (10-01..10-06 rest).
        var rule = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = ["国庆节"] };
        var own = calculator.ForCircular([new ExtraDay(D("2024-10-07"), true)]);

        Assert.That(own.Periods(rule, D("2024-09-01"), D("2024-11-30")).Select(p => p.Key), Is.EqualTo(new[] { "2024-09", "2024-11" }));
    }

    [Test]
    public void ExtraDayLines_Read()
    {
        var (days, errors) = ExtraDay.Parse("2026-10-09 休息\n\n 2026-10-10  上班 \r\n");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(days, Is.EqualTo(new[] { new ExtraDay(D("2026-10-09"), false), new ExtraDay(D("2026-10-10"), true) }));
            Assert.That(ExtraDay.ToLines(days), Is.EqualTo("2026-10-09 休息\n2026-10-10 上班"));
        });
    }

    [TestCase("2026-10-09 放假", "第1行“2026-10-09 放假”")]
    [TestCase("2026-10-09 休息\n2026-13-01 上班", "第2行“2026-13-01 上班”")]
    [TestCase("2026-10-09 休息\n2026-10-09 上班", "第2行“2026-10-09 上班”与前面的行日期重复")]
    [TestCase("国庆加班", "第1行“国庆加班”")]
    public void ExtraDayLines_ABadLine_IsNamedAndNothingIsKept(string text, string expected)
    {
        var (days, errors) = ExtraDay.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(days, Is.Empty);
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.Contain(expected));
        });
    }

    [Test]
    public void DueRule_WithTheSameExemptHolidays_AreEqual()
    {
        var a = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = ["劳动节", "国庆节"] };
        var b = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = new List<string> { "劳动节", "国庆节" } };

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(b with { ExemptHolidays = ["国庆节"] }));
            Assert.That(a, Is.Not.EqualTo(b with { NoShift = true }));
        });
    }

    // ---- 7. The review form's preview ----

    [Test]
    public void Preview_FirstThreeDates_AndTheExemptPeriods()
    {
        // Monthly, 10 days after the month, 免报 劳动节; validity not given → one year from 2024-04-01. April → 05-10 Fri;
        // May exempt; June → 07-10 Wed; July → 08-10 Sat → Mon 08-12.
        var preview = new PreviewDueDatesHandler(calculator).Handle(new PreviewDueRequest
        {
            DueRule = Every(DueFrequency.Monthly, 10) with { ExemptHolidays = ["劳动节"] },
            IssuedOn = D("2024-03-20"),
            ValidFrom = D("2024-04-01"),
        });

        Assert.Multiple(() =>
        {
            Assert.That(preview.Dates.Select(d => d.PeriodKey), Is.EqualTo(new[] { "2024-04", "2024-06", "2024-07" }));
            Assert.That(preview.Dates.Select(d => DateOnly.FromDateTime(d.DueAt!.Value.DateTime)), Is.EqualTo(new[] { D("2024-05-10"), D("2024-07-10"), D("2024-08-12") }));
            Assert.That(preview.ExemptPeriods.Select(p => p.Key), Is.EqualTo(new[] { "2024-05" }));
            Assert.That(preview.Note, Does.Contain("按自生效之日起一年预览"));
        });
    }
}
