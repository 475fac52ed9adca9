using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

public class ChineseNumeralsTests
{
    [TestCase("15", 15)]
    [TestCase("１５", 15)]
    [TestCase("十", 10)]
    [TestCase("十日", null)]
    [TestCase("十五", 15)]
    [TestCase("二十一", 21)]
    [TestCase("一百", 100)]
    [TestCase("一百二十", 120)]
    [TestCase("一百零五", 105)]
    [TestCase("一千零一", 1001)]
    [TestCase("两", 2)]
    [TestCase("两千", 2000)]
    [TestCase("十万", 100000)]
    [TestCase("三万五千", 35000)]
    [TestCase("二三", null)]
    [TestCase("", null)]
    [TestCase("abc", null)]
    [TestCase("99999999999", null)]
    public void Parse(string text, int? expected)
    {
        Assert.That(ChineseNumerals.Parse(text), Is.EqualTo(expected));
    }

    [TestCase("1.5", 1.5)]
    [TestCase("１．５", 1.5)]
    [TestCase("11000", 11000)]
    [TestCase("一点五", 1.5)]
    [TestCase("零点五", 0.5)]
    [TestCase("二十五", 25)]
    [TestCase("1.", null)]
    [TestCase(".5", null)]
    [TestCase("1.2.3", null)]
    [TestCase("点五", null)]
    public void ParseDecimal(string text, double? expected)
    {
        Assert.That(ChineseNumerals.ParseDecimal(text), Is.EqualTo(expected is null ? null : (decimal?)(decimal)expected.Value));
    }

    [TestCase("二〇二三", 2023)]
    [TestCase("2023", 2023)]
    [TestCase("２０２３", 2023)]
    [TestCase("二零二一", 2021)]
    [TestCase("两〇二三", null)]
    [TestCase("二〇二", null)]
    public void ParseYear(string text, int? expected)
    {
        Assert.That(ChineseNumerals.ParseYear(text), Is.EqualTo(expected));
    }

    [Test]
    public void Fold_RemovesWhiteSpaceAndMapsBack()
    {
        var folded = ChineseNumerals.Fold("不良贷款\n\n容忍度 ３％：", out var map);

        Assert.Multiple(() =>
        {
            Assert.That(folded, Is.EqualTo("不良贷款容忍度3%:"));
            Assert.That(map[4], Is.EqualTo(6));
            Assert.That(map, Has.Length.EqualTo(folded.Length));
        });
    }
}
