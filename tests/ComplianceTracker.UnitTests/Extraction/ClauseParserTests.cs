using System.Text;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>The clause tree on crafted texts: each marker style, inline markers, page breaks, markdown, attachments.</summary>
public class ClauseParserTests
{
    private static List<ClauseNode> Flatten(IEnumerable<ClauseNode> nodes) =>
        nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children))).ToList();

    private static List<string> Paths(string text) => Flatten(ClauseParser.Parse(text)).Select(n => n.Path).ToList();

    private static string Own(string text, ClauseNode n) => text.Substring(n.Start, n.Length);

    [Test]
    public void EachMarkerStyle_NestsInOrder()
    {
        const string text = "各银行机构：\n\n一、总体要求\n\n（一）加强领导。各银行要建立机制。\n\n1. 各行要制定方案。\n\n（1）方案要报送。\n\n（2）方案要更新。\n\n2. 各行要培训。\n\n（二）完善制度。各银行要修订制度。\n\n二、具体措施\n\n各银行要落实。";
        Assert.That(Paths(text), Is.EqualTo(new[]
        {
            "正文", "一、", "一、（一）", "一、（一）1.", "一、（一）1.（1）", "一、（一）1.（2）", "一、（一）2.", "一、（二）", "二、",
        }));
    }

    [TestCase("一、要求\n(一)各行要落实。\n(二)各行要报告。", "一、（二）")]
    [TestCase("一、要求\n1、各行要落实。\n2、各行要报告。", "一、2.")]
    [TestCase("一、要求\n1．各行要落实。\n2．各行要报告。", "一、2.")]
    [TestCase("一、要求\n(1)各行要落实。\n(2)各行要报告。", "一、（2）")]
    [TestCase("一、要求\n１．各行要落实。\n２．各行要报告。", "一、2.")]
    public void AsciiAndFullWidthVariants_NormaliseThePath(string text, string last)
    {
        Assert.That(Paths(text).Last(), Is.EqualTo(last));
    }

    [Test]
    public void InlineMarkers_InOneLongParagraph()
    {
        const string text = "现将有关事项通知如下：一、坚持人民至上，全心为民助企（一）以党建为引领。各银行保险机构要强化党建。（二）开辟绿色通道。各银行保险机构要提高能力。二、加强纾困（三）加大信贷投放。鼓励银行机构单列信贷计划。特此通知。";
        var nodes = Flatten(ClauseParser.Parse(text));
        Assert.That(nodes.Select(n => n.Path), Is.EqualTo(new[] { "正文", "一、", "一、（一）", "一、（二）", "二、", "二、（三）", "正文" }));
        var first = nodes.Single(n => n.Path == "一、");
        Assert.That(first.Heading, Is.EqualTo("坚持人民至上，全心为民助企"));
        var three = nodes.Single(n => n.Path == "二、（三）");
        Assert.That(three.Heading, Is.EqualTo("加大信贷投放。"));
        Assert.That(Own(text, three), Does.EndWith("鼓励银行机构单列信贷计划。"));
        Assert.That(Own(text, nodes[^1]), Is.EqualTo("特此通知。"));
    }

    [Test]
    public void YiShi_ErShi_AsClausesUnderTheirSection()
    {
        const string text = "一、加强管理\n\n各机构要落实措施。\n\n一是强化场所管理。凡进出人员要测温。\n\n二是强化人员管理。近期原则上不出市。\n\n二、强化服务\n\n一是稳定预期。不盲目抽贷。二是满足需求，建立绿色通道。";
        Assert.That(Paths(text), Is.EqualTo(new[] { "一、", "一、一是", "一、二是", "二、", "二、一是", "二、二是" }));
    }

    [Test]
    public void MisNumberedOrEmbeddedNumbers_AreNotClauses()
    {
        const string text = "一、总体要求\n\n各银行要推进大数据2.0应用，范围包括：一、二类账户，第3.5条。\n\n三、这不是第二项\n\n二、具体措施\n\n各行要落实。";
        Assert.That(Paths(text), Is.EqualTo(new[] { "一、", "二、" }));
    }

    [Test]
    public void PageBreakDebris_DoesNotSplitOrNumberAClause()
    {
        const string text = "一、加强管理。各银行要完善内部风险监测、评估和\n\n- 3 -\n\n预警体系。\n\n—4—\n\n\f二、强化服务。各银行要提供替代服务。\n\n第5页\n\n三、做好报告。各银行要报送。";
        var nodes = Flatten(ClauseParser.Parse(text));
        Assert.That(nodes.Select(n => n.Path), Is.EqualTo(new[] { "一、", "二、", "三、" }));
        Assert.That(Own(text, nodes[0]), Does.Contain("预警体系。"));
    }

    [Test]
    public void RepeatedRunningHeader_IsDebris()
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= 4; i++)
        {
            sb.Append($"某某银保监局文件\n\n{ChineseNumber(i)}、第{i}项措施。各银行要落实第{i}项。\n\n");
        }

        var nodes = Flatten(ClauseParser.Parse(sb.ToString()));
        Assert.That(nodes.Where(n => n.Marker.Length > 0).Select(n => n.Path), Is.EqualTo(new[] { "一、", "二、", "三、", "四、" }));
    }

    [Test]
    public void MarkdownHeadingsWithBoldMarkers()
    {
        const string text = "# 关于加强管理的通知\n\n## **一、加大信贷投放**\n\n各银行要加大投放。\n\n**（一）**各银行要单列计划。\n\n**（二）优化流程。**各银行要简化手续。\n\n### 二、强化保障\n\n各保险机构要扩大覆盖面。";
        var nodes = Flatten(ClauseParser.Parse(text));
        Assert.That(nodes.Select(n => n.Path), Is.EqualTo(new[] { "正文", "一、", "一、（一）", "一、（二）", "二、" }));
        Assert.That(nodes[1].Heading, Is.EqualTo("加大信贷投放"));
        Assert.That(nodes[2].Heading, Is.Null);
        Assert.That(nodes[3].Heading, Is.EqualTo("优化流程。"));
        Assert.That(nodes[4].Heading, Is.EqualTo("强化保障"));
    }

    [Test]
    public void Attachments_StartNewTopLevelSections()
    {
        const string text = "各银行机构：\n\n现将办法印发给你们，请认真执行。\n\n附件：1、实施办法\n\n2、统计表\n\n某某局\n\n附件1\n\n实施办法\n\n一、总体要求\n\n1. 各银行要落实。\n\n2. 各银行要报告。\n\n二、报送要求\n\n1. 各银行要按月报送。\n\n本办法自发布之日起施行。\n\n附件二\n\n一、填表说明\n\n1. 按季填报。";
        var paths = Paths(text);
        Assert.That(paths, Is.EqualTo(new[]
        {
            "正文", "附件1 正文", "附件1 一、", "附件1 一、1.", "附件1 一、2.", "附件1 二、", "附件1 二、1.", "附件1 正文",
            "附件2 一、", "附件2 一、1.",
        }));
    }

    [Test]
    public void UnnumberedText_IsOneBodyClause()
    {
        const string text = "某某银行：\n\n你行关于设立分行的请示收悉。经审查，同意你行设立分行。你行应于六个月内完成筹建工作。\n\n此复。";
        var nodes = ClauseParser.Parse(text);
        Assert.That(nodes.Select(n => n.Path), Is.EqualTo(new[] { "正文" }));
        Assert.That(Own(text, nodes[0]), Does.StartWith("某某银行").And.EndWith("此复。"));
    }

    [Test]
    public void ArticlesOfARegulation()
    {
        const string text = "第一条 为规范管理，制定本办法。\n第二条 银行机构应当建立制度。\n第三条 本办法自发布之日起施行。";
        Assert.That(Paths(text), Is.EqualTo(new[] { "第一条", "第二条", "第三条" }));
    }

    [TestCase("")]
    [TestCase("   \n\n\t ")]
    [TestCase("一、")]
    [TestCase("（一）")]
    [TestCase("**")]
    [TestCase("附件1")]
    [TestCase("一、一、一、一、二、二、（一）（一）（（（）））1.1.1.2.")]
    public void OddInput_NeverThrows(string text)
    {
        Assert.DoesNotThrow(() => ClauseParser.Parse(text));
    }

    [Test]
    [Category("Slow")]
    public void GarbageAndFiveMegabytes_NeverThrowAndStayFast()
    {
        var random = new Random(7);
        var chars = "一二三四五六七八九十、（）()1234567890.．是条附件：。，\n **#-—各银行要不得".ToCharArray();
        var garbage = new string(Enumerable.Range(0, 200_000).Select(_ => chars[random.Next(chars.Length)]).ToArray());
        Assert.DoesNotThrow(() => ClauseParser.Parse(garbage));

        var sb = new StringBuilder();
        var n = 0;
        while (sb.Length < 5_000_000)
        {
            n++;
            sb.Append($"（{ChineseNumber(n % 90 + 1)}）各银行机构要加强管理，不得违规收费。\n\n- {n} -\n\n");
        }

        var big = sb.ToString();
        Assert.That(ClauseParser.Parse(big), Is.Not.Empty);
    }

    private static string ChineseNumber(int n) => n switch
    {
        < 10 => "一二三四五六七八九"[n - 1].ToString(),
        10 => "十",
        < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => "一二三四五六七八九"[n / 10 - 1] + "十" + (n % 10 == 0 ? "" : "一二三四五六七八九"[n % 10 - 1].ToString()),
    };
}
