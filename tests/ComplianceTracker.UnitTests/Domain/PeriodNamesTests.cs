using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;

namespace ComplianceTracker.UnitTests.Domain;

/// <summary>Periods as people say them, from the keys the deadline engine makes.</summary>
public class PeriodNamesTests
{
    [TestCase("2026-W49", 2026, "第49周（11月30日—12月6日）")]
    [TestCase("2026-W49", 2027, "2026年第49周（11月30日—12月6日）")]
    [TestCase("2022-W45", 2026, "2022年第45周（11月7日—11月13日）")]
    [TestCase("2026-W01", 2026, "第1周（2025年12月29日—2026年1月4日）")]
    [TestCase("2026-W53", 2026, "第53周（2026年12月28日—2027年1月3日）")]
    [TestCase("2026-11", 2026, "2026年11月")]
    [TestCase("2026-Q4", 2026, "2026年第四季度")]
    [TestCase("2026-Q1", 2026, "2026年第一季度")]
    [TestCase("2026-H1", 2026, "2026年上半年")]
    [TestCase("2026-H2", 2026, "2026年下半年")]
    [TestCase("2026", 2026, "2026年度")]
    [TestCase("once", 2026, "一次性")]
    [TestCase("2026-13", 2026, "2026-13")]
    [TestCase("2025-W53", 2026, "2025-W53")]
    [TestCase("其他", 2026, "其他")]
    public void NamesTheKey(string key, int currentYear, string expected) =>
        Assert.That(PeriodNames.Name(key, currentYear: currentYear), Is.EqualTo(expected));

    [Test]
    public void AWeekThatStartsOnAnotherDay_IsNamedByItsOwnDates()
    {
        // A Friday-to-Thursday week keeps the ISO key of the week it mostly covers.
        var start = new DateOnly(2026, 11, 27);
        var key = DueCalculator.PeriodKey(DueFrequency.Weekly, start);

        Assert.That(PeriodNames.Name(key, start, start.AddDays(6), 2026), Is.EqualTo("第49周（11月27日—12月3日）"));
    }

    [Test]
    public void EveryKeyTheEngineMakes_HasAName()
    {
        var day = new DateOnly(2025, 12, 29);
        foreach (var frequency in Enum.GetValues<DueFrequency>().Where(f => f != DueFrequency.Once))
        {
            for (var d = day; d < day.AddYears(2); d = d.AddDays(5))
            {
                var key = DueCalculator.PeriodKey(frequency, d);
                Assert.That(PeriodNames.Name(key, currentYear: 2026), Does.Not.Contain("-").And.Not.EqualTo(key), $"{frequency} {key}");
            }
        }
    }

    [TestCase("2026-W49", 2026, "第49周")]
    [TestCase("2022-W45", 2026, "2022年第45周")]
    [TestCase("2026-11", 2026, "2026年11月")]
    public void ShortNames(string key, int currentYear, string expected) =>
        Assert.That(PeriodNames.ShortName(key, currentYear), Is.EqualTo(expected));
}
