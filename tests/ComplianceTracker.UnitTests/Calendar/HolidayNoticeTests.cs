using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Calendar;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.UnitTests.Calendar;

/// <summary>
/// The real notice texts (seeds/calendar/notices) parse to exactly the seeded years (seeds/calendar/{year}.json),
/// day for day: date, kind and name.
/// </summary>
public class HolidayNoticeTests
{
    private static readonly SeedFiles Seeds = SeedFiles.Default();

    private static string Notice(string file) => File.ReadAllText(Path.Combine(Seeds.Folder, "calendar", "notices", file));

    private static List<string> Seeded(int year) =>
        Seeds.CalendarYears().Single(y => y.Year == year).Days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind} {d.Name}").ToList();

    private static List<string> Lines(IEnumerable<CalendarDayDto> days) => days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind} {d.Name}").ToList();

    [TestCase(2021)]
    [TestCase(2022)]
    [TestCase(2023)]
    [TestCase(2024)]
    [TestCase(2025)]
    [TestCase(2026)]
    public void Parse_RealNotice_EqualsSeededYear(int year)
    {
        var parsed = HolidayNotice.Parse(Notice($"{year}.txt"));

        Assert.That(parsed.Year, Is.EqualTo(year));
        Assert.That(parsed.Amends, Is.False);
        Assert.That(Lines(parsed.Days), Is.EqualTo(Seeded(year)));
    }

    [TestCase(2021)]
    [TestCase(2022)]
    [TestCase(2023)]
    [TestCase(2025)]
    [TestCase(2026)]
    public void Parse_RealNotice_HasNoNotes(int year) =>
        Assert.That(HolidayNotice.Parse(Notice($"{year}.txt")).Notes, Is.Empty);

    [Test]
    public void Parse_2024Notice_NotesThatNewYearsEveIsOnlyEncouraged()
    {
        var notes = HolidayNotice.Parse(Notice("2024.txt")).Notes;

        Assert.That(notes, Has.Count.EqualTo(1));
        Assert.That(notes[0], Does.Contain("春节").And.Contain("除夕"));
    }

    [Test]
    public void Parse_2020NoticeAlone_KeepsTheOriginalSpringFestival()
    {
        var parsed = HolidayNotice.Parse(Notice("2020.txt"));

        Assert.That(parsed.Days.Single(d => d.Date == new DateOnly(2020, 2, 1)).Kind, Is.EqualTo(CalendarDayKind.Workday));
        Assert.That(parsed.Days.Where(d => d.Name == "春节").Max(d => d.Date), Is.EqualTo(new DateOnly(2020, 1, 30)));
    }

    [Test]
    public void Parse_ExtensionOnTheStoredYear_GivesTheSeeded2020()
    {
        var original = HolidayNotice.Parse(Notice("2020.txt")).Days;

        var amended = HolidayNotice.Parse(Notice("2020-extension.txt"), original);

        Assert.That(amended.Year, Is.EqualTo(2020));
        Assert.That(amended.Amends, Is.True);
        Assert.That(Lines(amended.Days), Is.EqualTo(Seeded(2020)));
        Assert.That(amended.Notes, Has.Some.Contains("2020年2月1日原为“春节调休上班”"));
    }

    [Test]
    public void Parse_BothTextsTogether_GivesTheSeeded2020()
    {
        var parsed = HolidayNotice.Parse(Notice("2020.txt") + "\n\n" + Notice("2020-extension.txt"));

        Assert.That(parsed.Amends, Is.False);
        Assert.That(Lines(parsed.Days), Is.EqualTo(Seeded(2020)));
    }

    [Test]
    public void Parse_ExtensionWithoutTheYear_IsRefusedSayingWhatIsMissing()
    {
        var e = Assert.Throws<RuleViolationException>(() => HolidayNotice.Parse(Notice("2020-extension.txt"), []));

        Assert.That(e!.Errors["text"][0], Does.Contain("2020 年的节假日安排尚未录入"));
    }

    [Test]
    public void Parse_TextOnOneLine_ReadsTheSameDays()
    {
        var text = Notice("2025.txt").Replace("\n", "", StringComparison.Ordinal);

        Assert.That(Lines(HolidayNotice.Parse(text).Days), Is.EqualTo(Seeded(2025)));
    }

    [Test]
    public void Parse_AsciiPunctuationAndFullWidthDigits_ReadsTheSameDays()
    {
        var text = Notice("2026.txt").Replace('（', '(').Replace('）', ')').Replace('：', ':').Replace('，', ',').Replace("2月15日", "２月１５日", StringComparison.Ordinal);

        Assert.That(Lines(HolidayNotice.Parse(text).Days), Is.EqualTo(Seeded(2026)));
    }

    [Test]
    public void Parse_WrongDayCount_BecomesANote()
    {
        var parsed = HolidayNotice.Parse(Notice("2026.txt").Replace("共9天", "共8天", StringComparison.Ordinal));

        Assert.That(parsed.Notes, Has.One.Contains("春节：通知写“共8天”").And.Contains("是9天"));
        Assert.That(parsed.Days.Count(d => d.Name == "春节"), Is.EqualTo(9));
    }

    [Test]
    public void Parse_WrongWeekdayAnnotation_BecomesANote()
    {
        var parsed = HolidayNotice.Parse(Notice("2022.txt").Replace("1月29日（星期六）", "1月29日（星期日）", StringComparison.Ordinal));

        Assert.That(parsed.Notes, Has.One.EqualTo("春节：通知注明2022年1月29日为“星期日”，但该日是星期六，请核对。"));
    }

    [Test]
    public void Parse_WorkdayOnAWeekday_IsNotedNotStored()
    {
        var parsed = HolidayNotice.Parse(Notice("2026.txt").Replace("5月9日（周六）上班", "5月8日（周五）上班", StringComparison.Ordinal));

        Assert.That(parsed.Days.Any(d => d.Date == new DateOnly(2026, 5, 8)), Is.False);
        Assert.That(parsed.Notes, Has.One.Contains("2026年5月8日是星期五"));
    }

    [Test]
    public void Parse_HolidayWithCompensatoryDay_MarksBothDaysOff()
    {
        var parsed = HolidayNotice.Parse("国务院办公厅关于2014年部分节假日安排的通知\n三、清明节：4月5日放假，4月7日（星期一）补休。");

        Assert.That(Lines(parsed.Days), Is.EqualTo(new[] { "2014-04-05 Holiday 清明节", "2014-04-07 Holiday 清明节" }));
    }

    [Test]
    public void Parse_NoYear_IsRefusedSayingTheYearIsMissing()
    {
        var e = Assert.Throws<RuleViolationException>(() => HolidayNotice.Parse("一、元旦：1月1日放假，共1天。"));

        Assert.That(e!.Errors["text"][0], Does.StartWith("没有找到通知所属的年份"));
    }

    [Test]
    public void Parse_NoFestivalLines_IsRefusedSayingTheLinesAreMissing()
    {
        var e = Assert.Throws<RuleViolationException>(() => HolidayNotice.Parse("国务院办公厅关于2027年部分节假日安排的通知\n各省、自治区、直辖市人民政府："));

        Assert.That(e!.Errors["text"][0], Does.StartWith("没有找到 2027 年的节日安排"));
    }
}

/// <summary>Whatever is pasted, the parser answers with days and notes or a refusal, never a crash.</summary>
public class HolidayNoticeOddTextTests
{
    [TestCase("国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：0000年13月45日放假，共1天。", "不是有效日期")]
    [TestCase("国务院办公厅关于2026年部分节假日安排的通知\n二、春节：2月30日至3月1日放假调休，共2天。", "不是有效日期")]
    [TestCase("国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。\n延长2026年元旦假期至2月31日。", "不是有效日期")]
    public void Parse_ImpossibleDates_AreNotedNotThrown(string text, string note) =>
        Assert.That(HolidayNotice.Parse(text).Notes, Has.Some.Contains(note));
}
