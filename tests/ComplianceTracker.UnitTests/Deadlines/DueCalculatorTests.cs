using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.UnitTests.Deadlines;

public class DueCalculatorTests
{
    private readonly DueCalculator calculator = new(new ComplianceTracker.Web.Features.Calendar.HolidayCalendar());

    private static readonly DueRule TenNaturalDays = new() { Anchor = DueAnchor.IssueDate, Offset = 10, Unit = DueUnit.NaturalDays, Source = "于文发之后十日内" };

    [Test]
    public void OneOff_TenDaysFromIssueEndingOnSaturday_MovesToMonday()
    {
        // 沪银保监发〔2023〕24号: issued 2023-03-01, "于文发之后十日内" → 2023-03-11 is a Saturday.
        var due = calculator.OneOff(TenNaturalDays, new DateOnly(2023, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(ChinaTime.ToChina(due.DueAtUtc!.Value).DateTime, Is.EqualTo(new DateTime(2023, 3, 13, 23, 59, 59)));
            Assert.That(due.Explanation, Is.EqualTo("2023-03-01 发文，10日内 → 2023-03-11（星期六） → 顺延至 2023-03-13（星期一）"));
        });
    }

    [Test]
    public void OneOff_FirstDayNotCounted_EndsTenDaysAfterIssue()
    {
        // 民法典 第二百零一条: the day of issue is not counted, so ten days from a Monday end on the Thursday after next.
        var due = calculator.OneOff(TenNaturalDays, new DateOnly(2023, 3, 6));

        Assert.That(ChinaTime.ToChina(due.DueAtUtc!.Value).Date, Is.EqualTo(new DateTime(2023, 3, 16)));
    }

    [Test]
    public void OneOff_UnknownIssueDate_StaysUnknownWithReason()
    {
        var due = calculator.OneOff(TenNaturalDays, issuedOn: null);

        Assert.Multiple(() =>
        {
            Assert.That(due.DueAtUtc, Is.Null);
            Assert.That(due.Explanation, Does.Contain("发文日期未知"));
        });
    }

    [Test]
    public void OneOff_WorkingDaysWithTimeOfDay_SkipsWeekendAndKeepsTime()
    {
        var rule = new DueRule { Anchor = DueAnchor.IssueDate, Offset = 3, Unit = DueUnit.WorkingDays, TimeOfDay = new TimeOnly(17, 0) };

        // Thursday 2024-05-16 + 3 working days: Fri 17, Mon 20, Tue 21.
        var due = calculator.OneOff(rule, new DateOnly(2024, 5, 16));

        Assert.Multiple(() =>
        {
            Assert.That(due.DueAtUtc, Is.EqualTo(new DateTime(2024, 5, 21, 9, 0, 0, DateTimeKind.Utc)));
            Assert.That(due.Explanation, Does.EndWith("17:00前"));
        });
    }

    [Test]
    public void OneOff_OneMonthFromJanuary31_EndsOnLastDayOfFebruary()
    {
        var rule = new DueRule { Anchor = DueAnchor.IssueDate, Offset = 1, Unit = DueUnit.Months };

        // 2024-02-29 is a Thursday (leap year).
        var due = calculator.OneOff(rule, new DateOnly(2024, 1, 31));

        Assert.That(ChinaTime.ToChina(due.DueAtUtc!.Value).Date, Is.EqualTo(new DateTime(2024, 2, 29)));
    }

    [Test]
    public void OneOff_FixedDate_UsesTheDateItself()
    {
        var rule = new DueRule { Anchor = DueAnchor.FixedDate, FixedDate = new DateOnly(2024, 6, 28) };

        var due = calculator.OneOff(rule, issuedOn: null);

        Assert.That(ChinaTime.ToChina(due.DueAtUtc!.Value).Date, Is.EqualTo(new DateTime(2024, 6, 28)));
    }

    [Test]
    public void Periods_WeeklyRegime_AreMondayToSundayDueNextMondayNoon()
    {
        var rule = new DueRule { Frequency = DueFrequency.Weekly, Anchor = DueAnchor.PeriodEnd, Offset = 1, TimeOfDay = new TimeOnly(12, 0) };

        // Issued on Wednesday 2022-11-09: the first period is the week it falls in.
        var periods = calculator.Periods(rule, new DateOnly(2022, 11, 9), new DateOnly(2022, 11, 27));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2022-W45", "2022-W46", "2022-W47" }));
            Assert.That(periods[0].Start, Is.EqualTo(new DateOnly(2022, 11, 7)));
            Assert.That(periods[0].End, Is.EqualTo(new DateOnly(2022, 11, 13)));
            Assert.That(periods[0].Due.DueAtUtc, Is.EqualTo(new DateTime(2022, 11, 14, 4, 0, 0, DateTimeKind.Utc)));
        });
    }

    [Test]
    public void Periods_WeekAcrossNewYear_UsesIsoWeekYear()
    {
        var rule = new DueRule { Frequency = DueFrequency.Weekly, Anchor = DueAnchor.PeriodEnd, Offset = 1 };

        var periods = calculator.Periods(rule, new DateOnly(2020, 12, 30), new DateOnly(2021, 1, 5));

        Assert.That(periods.Select(p => p.Key), Is.EqualTo(new[] { "2020-W53", "2021-W01" }));
    }

    [TestCase(DueFrequency.Monthly, "2022-11")]
    [TestCase(DueFrequency.Quarterly, "2022-Q4")]
    [TestCase(DueFrequency.HalfYearly, "2022-H2")]
    [TestCase(DueFrequency.Yearly, "2022")]
    public void PeriodKey_ForEachFrequency_FollowsTheApiFormat(DueFrequency frequency, string expected)
    {
        Assert.That(DueCalculator.PeriodKey(frequency, new DateOnly(2022, 11, 1)), Is.EqualTo(expected));
    }

    [Test]
    public void Periods_QuarterlyFifteenDaysAfterEnd_RollsOffTheWeekend()
    {
        // "每季度结束后15日内报送": Q1 2023 ends 2023-03-31; +15 → 2023-04-15 (Saturday) → Monday 2023-04-17.
        var rule = new DueRule { Frequency = DueFrequency.Quarterly, Anchor = DueAnchor.PeriodEnd, Offset = 15 };

        var periods = calculator.Periods(rule, new DateOnly(2023, 1, 1), new DateOnly(2023, 3, 31));

        Assert.Multiple(() =>
        {
            Assert.That(periods.Single().Key, Is.EqualTo("2023-Q1"));
            Assert.That(ChinaTime.ToChina(periods.Single().Due.DueAtUtc!.Value).Date, Is.EqualTo(new DateTime(2023, 4, 17)));
        });
    }
}
