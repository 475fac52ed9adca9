using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>The phrases of the deadline rules real circulars use: 不顺延, 免报, a time of day, working days from the period's end, 旬.</summary>
public class DeadlineRulePhrasesTests
{
    private static DueRule Read(string sentence) => DueRuleParserTests.Read(sentence);

    [TestCase("各机构应于每月10日前报送上月数据，遇节假日不顺延。")]
    [TestCase("请于收到本通知后5个工作日内报送，节假日不予顺延。")]
    [TestCase("于2024年10月1日前报送，不顺延。")]
    public void NoShift_IsRead(string sentence)
    {
        var parsed = DueRuleParser.Parse(sentence)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rule.NoShift, Is.True);
            Assert.That(parsed.Rule.Source, Does.Contain("顺延"));
        });
    }

    [TestCase("各机构应于每月10日前报送上月数据，遇节假日顺延。")]
    [TestCase("每季度结束后15日内报送季度统计表。")]
    public void WithoutNoShift_DatesMove(string sentence) =>
        Assert.That(Read(sentence).NoShift, Is.False);

    [TestCase("按月报送，每月10日前报送上月数据，逢劳动节、国庆节免报。", new[] { "劳动节", "国庆节" })]
    [TestCase("实行周报制，每周一12:00前报送，遇春节、国庆节放假期间免报。", new[] { "春节", "国庆节" })]
    [TestCase("每旬结束后3日内报送，逢春节所在旬不报。", new[] { "春节" })]
    [TestCase("实行周报制，逢国庆、中秋假期暂停报送。", new[] { "中秋节", "国庆节" })]
    public void Exempt_NamesTheHolidays(string sentence, string[] holidays)
    {
        var parsed = DueRuleParser.Parse(sentence)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rule.ExemptHolidays, Is.EqualTo(holidays));
            Assert.That(parsed.Rule.Source, Does.Contain("免报").Or.Contain("不报").Or.Contain("暂停报送"));
        });
    }

    [TestCase("按月报送，每月10日前报送上月数据，逢五一、十一长假免报。", new[] { "劳动节", "国庆节" })]
    [TestCase("实行周报制，每周一12:00前报送上周情况，遇“五一”“十一”假期暂停报送。", new[] { "劳动节", "国庆节" })]
    [TestCase("实行周报制，每周五17:00前报送本周监测数据，春节期间免报。", new[] { "春节" })]
    [TestCase("每旬结束后3日内报送旬报，元旦、春节期间不报。", new[] { "元旦", "春节" })]
    [TestCase("实行周报制，每周一前报送，十一期间暂停报送。", new[] { "国庆节" })]
    [TestCase("实行周报制，每周一前报送，五一、十一黄金周期间无需报送。", new[] { "劳动节", "国庆节" })]
    [TestCase("每月二十一日前报送上月数据，逢十一免报。", new[] { "国庆节" })]
    public void Exempt_ColloquialNamesAndHolidaysWithoutFeng(string sentence, string[] holidays)
    {
        var parsed = DueRuleParser.Parse(sentence)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rule.ExemptHolidays, Is.EqualTo(holidays));
            Assert.That(parsed.Rule.Source, Does.Contain("免报").Or.Contain("不报").Or.Contain("暂停报送").Or.Contain("无需报送"));
        });
    }

    [TestCase("按月报送，每月10日前报送上月数据，遇每月十一日至二十一日期间免报。")]
    [TestCase("按月报送，每月10日前报送上月数据，逢十一个工作日内已报送的免报。")]
    [TestCase("按月报送，每月二十一日前报送上月数据，二十一日期间不报。")]
    public void Exempt_ANumberIsNoHoliday(string sentence) =>
        Assert.That(Read(sentence).ExemptHolidays, Is.Null.Or.Empty);

    [TestCase("五一、十一长假", new[] { "劳动节", "国庆节" })]
    [TestCase("“十一”", new[] { "国庆节" })]
    [TestCase("五一劳动节", new[] { "劳动节" })]
    [TestCase("第十一条", new string[0])]
    [TestCase("二十一日", new string[0])]
    [TestCase("十一个工作日", new string[0])]
    [TestCase("五一二", new string[0])]
    public void HolidaysIn_ReadsFiveOneAndTenOneOnlyAsWords(string words, string[] holidays) =>
        Assert.That(DueRuleParser.HolidaysIn(words), Is.EqualTo(holidays));

    [Test]
    public void Exempt_OnAOneOffDeadline_IsNotARule() =>
        Assert.That(Read("请于收到本通知后10日内报送，逢国庆节免报。").ExemptHolidays, Is.Null);

    [TestCase("各机构应于每月5日16:00时前报送上月数据。", 16, 0)]
    [TestCase("请于每周一下午4点前报送上周情况。", 16, 0)]
    [TestCase("各机构于每季度结束后10日内17:00前报送。", 17, 0)]
    [TestCase("请于收到本通知后3个工作日内（16:00时前）报送。", 16, 0)]
    [TestCase("请于2025年4月30日16:00时前报送。", 16, 0)]
    public void TimeOfDay_IsRead(string sentence, int hour, int minute) =>
        Assert.That(Read(sentence).TimeOfDay, Is.EqualTo(new TimeOnly(hour, minute)));

    [Test]
    public void TenDay_WithoutADay_StatesTheDefault()
    {
        var rule = Read("请各机构按旬报送监测数据。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.TenDay));
            Assert.That(rule.Offset, Is.EqualTo(3));
            Assert.That(rule.Assumed, Does.Contain("旬后3日内"));
        });
    }

    private const string Circular =
        "关于加强统计工作的通知\n各银行：\n为做好统计工作，现通知如下：\n一、按月报送统计数据\n各银行应于每月10日前报送上月统计数据。\n"
        + "二、按季报送监测表。\n各银行应于每季度结束后15日内报送季度监测表。\n三、加强队伍建设。\n各银行应于每年1月31日前报送上年度培训情况。\n"
        + "人民银行某某分行\n2024年3月1日\n";

    [Test]
    public void AHeadingThatRestatesItsBody_IsOneRequirement()
    {
        var requirements = CircularExtractor.Extract(Circular).Requirements;
        var second = requirements.Where(r => r.Clause == "二、").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(second, Has.Count.EqualTo(1));
            Assert.That(second[0].Text, Is.EqualTo("按季报送监测表。各银行应于每季度结束后15日内报送季度监测表。"));
            Assert.That(second[0].DueRule?.Frequency, Is.EqualTo(DueFrequency.Quarterly));
            Assert.That(second[0].DueRule?.Offset, Is.EqualTo(15));
            Assert.That(second[0].Evidence.Text, Does.StartWith("按季报送监测表。").And.EndWith("季度监测表。"));
            Assert.That(requirements.Count(r => r.Clause == "一、"), Is.EqualTo(1));
        });
    }

    [Test]
    public void AHeadingThatSaysSomethingElse_StaysItsOwnRequirement()
    {
        // "加强队伍建设" is not what the yearly report sentence after it says: both stay.
        var texts = CircularExtractor.Extract(Circular).Requirements.Select(r => r.Text).ToList();

        Assert.That(texts, Does.Contain("加强队伍建设。").And.Contain("各银行应于每年1月31日前报送上年度培训情况。"));
    }
}
