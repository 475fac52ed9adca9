using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.UnitTests.Deadlines;

/// <summary>
/// Deadlines counted the Chinese way with the seeded holiday calendar (2020–2026): natural days per 民法典
/// 201–203 moving off holidays and weekends, make-up working days (调休) counting as working days.
/// </summary>
public class ChineseCalendarDeadlineTests
{
    internal static readonly HolidayCalendar Calendar = HolidayCalendar.From(SeedFiles.Default().CalendarYears().SelectMany(y => y.ToDays()));

    private readonly DueCalculator calculator = new(Calendar);

    internal static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    internal static DateOnly DueDate(DueMoment due) => DateOnly.FromDateTime(ChinaTime.ToChina(due.DueAtUtc!.Value).DateTime);

    private DueMoment NaturalDays(string issued, int days) =>
        calculator.OneOff(new DueRule { Anchor = DueAnchor.IssueDate, Offset = days, Unit = DueUnit.NaturalDays }, D(issued));

    private DueMoment WorkingDays(string issued, int days) =>
        calculator.OneOff(new DueRule { Anchor = DueAnchor.IssueDate, Offset = days, Unit = DueUnit.WorkingDays }, D(issued));

    // Calendar facts the rest relies on.
    [TestCase("2024-02-10", false, "春节")]
    [TestCase("2024-02-18", true, "春节调休上班")]
    [TestCase("2023-10-07", true, null)]
    [TestCase("2023-10-01", false, null)]
    [TestCase("2025-01-28", false, "春节")]
    [TestCase("2026-10-07", false, null)]
    [TestCase("2026-10-10", true, null)]
    [TestCase("2022-12-31", false, "元旦")]
    [TestCase("2024-05-08", true, null)]
    [TestCase("2024-05-11", true, "劳动节调休上班")]
    public void Calendar_KnowsHolidaysAndMakeUpDays(string date, bool working, string? name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Calendar.IsWorkingDay(D(date)), Is.EqualTo(working));
            if (name is not null)
            {
                Assert.That(Calendar.HolidayName(D(date)), Is.EqualTo(name));
            }
        });
    }

    [Test]
    public void Seed_Shanghai2023_24_TenDaysFromMarch1_EndsMonday13th()
    {
        var due = NaturalDays("2023-03-01", 10);

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(due), Is.EqualTo(D("2023-03-13")));
            Assert.That(due.Explanation, Is.EqualTo("2023-03-01 发文，10日内 → 2023-03-11（星期六） → 顺延至 2023-03-13（星期一）"));
        });
    }

    [Test]
    public void Seed_Shangdang2022_20_WeeklyReport_IsDueTheNextMondayNoonUnlessAHoliday()
    {
        var rule = new DueRule { Frequency = DueFrequency.Weekly, Anchor = DueAnchor.PeriodEnd, Offset = 1, TimeOfDay = new TimeOnly(12, 0) };

        // The week of 2022-09-26 ends on Sunday 10-02, inside the National Day holiday (10-01 to 10-07; 10-08 and 10-09 are make-up days).
        var periods = calculator.Periods(rule, D("2022-09-19"), D("2022-10-09"));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => DueDate(p.Due)), Is.EqualTo(new[] { D("2022-09-26"), D("2022-10-08"), D("2022-10-10") }));
            Assert.That(periods[1].Due.Explanation, Does.Contain("顺延至 2022-10-08（星期六，国庆节调休上班）"));
            Assert.That(ChinaTime.ToChina(periods[0].Due.DueAtUtc!.Value).Hour, Is.EqualTo(12));
        });
    }

    [Test]
    public void SpringFestival2024_DeadlineInTheHoliday_MovesToTheMakeUpSunday()
    {
        // 2024-02-01 + 10 → 02-11 (春节 02-10..02-17) → 02-18, a Sunday declared a working day.
        var due = NaturalDays("2024-02-01", 10);

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(due), Is.EqualTo(D("2024-02-18")));
            Assert.That(due.Explanation, Does.Contain("2024-02-11（星期日，春节）"));
            Assert.That(due.Explanation, Does.Contain("顺延至 2024-02-18（星期日，春节调休上班）"));
        });
    }

    [Test]
    public void SpringFestival2025_FifteenDaysIntoTheHoliday_MovesToTheFirstWorkingDayAfter()
    {
        // 2025-01-13 + 15 → 01-28 (春节 01-28..02-04; 01-26 and 02-08 are make-up days) → 02-05.
        Assert.That(DueDate(NaturalDays("2025-01-13", 15)), Is.EqualTo(D("2025-02-05")));
    }

    [Test]
    public void NationalDay2023_DeadlineOnOctober1_MovesToTheMakeUpSaturday()
    {
        // 2023-09-21 + 10 → 10-01 (中秋节、国庆节 09-29..10-06) → 10-07, a Saturday declared a working day.
        Assert.That(DueDate(NaturalDays("2023-09-21", 10)), Is.EqualTo(D("2023-10-07")));
    }

    [Test]
    public void NationalDay2026_DemoLikeDeadline_MovesOffTheHolidayWeek()
    {
        // 2026-09-27 + 10 → 10-07 (国庆节 10-01..10-07) → 10-08 Thursday.
        Assert.That(DueDate(NaturalDays("2026-09-27", 10)), Is.EqualTo(D("2026-10-08")));
    }

    [Test]
    public void MakeUpSaturday_IsAWorkingDay_SoADeadlineOnItStays()
    {
        // 2023-09-27 + 10 → 10-07, a make-up Saturday: no move.
        var due = NaturalDays("2023-09-27", 10);

        Assert.Multiple(() =>
        {
            Assert.That(DueDate(due), Is.EqualTo(D("2023-10-07")));
            Assert.That(due.Explanation, Does.Not.Contain("顺延"));
        });
    }

    [Test]
    public void WorkingDays_AcrossTheMayDayHoliday_SkipHolidaysAndCountTheMakeUpDay()
    {
        // From Tuesday 2024-04-30: 05-01..05-05 are off; 05-06, 05-07, 05-08 are the three working days.
        Assert.That(DueDate(WorkingDays("2024-04-30", 3)), Is.EqualTo(D("2024-05-08")));
    }

    [Test]
    public void WorkingDays_CountingAMakeUpSaturday()
    {
        // From Wednesday 2024-05-08: Thursday 09, Friday 10, Saturday 11 (劳动节调休上班).
        Assert.That(DueDate(WorkingDays("2024-05-08", 3)), Is.EqualTo(D("2024-05-11")));
    }

    [Test]
    public void WorkingDays_FifteenFromIssue_AcrossNationalDay2025()
    {
        // "本通知印发之日起15个工作日内", issued Thursday 2025-09-25: 26, 28(Sun, make-up), 29, 30, then 10-01..10-08 off,
        // 10-09, 10-10, 10-11(Sat, make-up), 13, 14, 15, 16, 17, 20, 21, 22 → the 15th is 10-22.
        Assert.That(DueDate(WorkingDays("2025-09-25", 15)), Is.EqualTo(D("2025-10-22")));
    }

    [TestCase("2023-01-31", 1, "2023-02-28")]
    [TestCase("2024-01-31", 1, "2024-02-29")]
    [TestCase("2024-08-31", 1, "2024-09-30")]
    [TestCase("2022-05-14", 6, "2022-11-14")]
    [TestCase("2025-03-31", 6, "2025-09-30")]
    public void Months_EndOnTheCorrespondingDay_OrTheMonthsLastDay(string issued, int months, string expected)
    {
        var due = calculator.OneOff(new DueRule { Anchor = DueAnchor.IssueDate, Offset = months, Unit = DueUnit.Months }, D(issued));

        Assert.That(DueDate(due), Is.EqualTo(D(expected)));
    }

    [Test]
    public void Months_EndingOnAHoliday_MoveToTheNextWorkingDay()
    {
        // "自本通知印发之日起3个月内", issued 2023-07-01 → 10-01 (国庆) → 10-07 (make-up Saturday).
        var due = calculator.OneOff(new DueRule { Anchor = DueAnchor.IssueDate, Offset = 3, Unit = DueUnit.Months }, D("2023-07-01"));

        Assert.That(DueDate(due), Is.EqualTo(D("2023-10-07")));
    }

    [Test]
    public void FixedDate_OnNewYearsDay_MovesOff()
    {
        // "于2024年1月1日前完成": a holiday → the next working day, 2024-01-02.
        var due = calculator.OneOff(new DueRule { Anchor = DueAnchor.FixedDate, FixedDate = D("2024-01-01") }, issuedOn: null);

        Assert.That(DueDate(due), Is.EqualTo(D("2024-01-02")));
    }

    [Test]
    public void Quarterly_FifteenDaysAfterQ3_2024_MovesOffTheWeekend()
    {
        // "每季度结束后15日内报送": Q3 ends 09-30 → 10-15 is a Tuesday (after the National Day week): stays.
        var rule = new DueRule { Frequency = DueFrequency.Quarterly, Anchor = DueAnchor.PeriodEnd, Offset = 15 };

        var period = calculator.Periods(rule, D("2024-07-01"), D("2024-09-30")).Single();

        Assert.That(DueDate(period.Due), Is.EqualTo(D("2024-10-15")));
    }

    [Test]
    public void Monthly_ThirdWorkingDayOfTheNextMonth_At17()
    {
        // "次月第3个工作日17:00前报送": September 2025 → October has 10-01..10-08 off → 10-09, 10-10, 10-11 (make-up Saturday).
        var rule = new DueRule { Frequency = DueFrequency.Monthly, Anchor = DueAnchor.PeriodEnd, Offset = 3, Unit = DueUnit.WorkingDays, TimeOfDay = new TimeOnly(17, 0) };

        var period = calculator.Periods(rule, D("2025-09-01"), D("2025-09-30")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(period.Key, Is.EqualTo("2025-09"));
            Assert.That(ChinaTime.ToChina(period.Due.DueAtUtc!.Value).DateTime, Is.EqualTo(new DateTime(2025, 10, 11, 17, 0, 0)));
            Assert.That(period.Due.Explanation, Does.EndWith("17:00前"));
        });
    }

    [Test]
    public void Spring2020Extension_February2_IsAHoliday()
    {
        // 国办发明电〔2020〕1号 extended the 2020 Spring Festival to 02-02; 2020-01-24 + 7 → 01-31 → 02-03 Monday.
        Assert.That(DueDate(NaturalDays("2020-01-24", 7)), Is.EqualTo(D("2020-02-03")));
    }

    [Test]
    public void MissingYearWarning_FromDecember_WhenNextYearIsMissing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Calendar.MissingYearWarning(D("2026-11-30")), Is.Null);
            Assert.That(Calendar.MissingYearWarning(D("2026-12-01")), Does.Contain("2027"));
            Assert.That(Calendar.MissingYearWarning(D("2027-03-01")), Does.Contain("2027"));
        });
    }
}
