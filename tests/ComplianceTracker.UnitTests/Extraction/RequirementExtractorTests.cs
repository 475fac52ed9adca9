using System.Text;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>Requirement proposals from crafted circular sentences: kinds, splitting, appliesTo, exclusions, robustness.</summary>
public class RequirementExtractorTests
{
    private static readonly MetadataProposal Circular = new();

    private static List<RequirementProposal> Extract(string text, MetadataProposal? metadata = null) =>
        RequirementExtractor.Extract(text, ClauseParser.Parse(text), metadata ?? Circular);

    private static string Wrap(string body) => $"辖内各银行保险机构：\n\n为做好相关工作，现将有关事项通知如下。\n\n一、加强管理\n\n{body}\n\n二、其他\n\n各银行保险机构要加强宣传。\n\n特此通知。";

    private static RequirementProposal Single(string body) => Extract(Wrap(body)).First(p => p.Clause == "一、");

    [TestCase("各银行机构不得违规收取服务费用。", "不得")]
    [TestCase("严禁违规收取服务费用或变相转嫁服务成本。", "严禁")]
    [TestCase("对于有发展前景的企业，不盲目抽贷、断贷、压贷。", "不盲目")]
    [TestCase("在延期过程中不单独因疫情因素下调贷款风险分类。", "不单独")]
    public void Prohibitions(string body, string cue)
    {
        var p = Single(body);
        Assert.That(p.Kind, Is.EqualTo(RequirementKind.Prohibition));
        Assert.That(p.Reason, Does.Contain(cue).And.Contain("禁止"));
    }

    [TestCase("各银行保险机构要于文发之后十日内把贯彻落实措施报送我局。")]
    [TestCase("各银行机构应于2024年3月31日前完成整改并报送整改报告。")]
    [TestCase("请各机构在收到本通知后5个工作日内报送联系人名单。")]
    public void Deadlines(string body)
    {
        Assert.That(Single(body).Kind, Is.EqualTo(RequirementKind.Deadline));
    }

    [TestCase("各银行机构应于每季度结束后15日内报送统计表。")]
    [TestCase("各银行机构要按月报送贷款投放情况。")]
    [TestCase("本措施执行期暂定为自发布之日起期限6个月，实行“周报制”。")]
    [TestCase("各法人银行每月5日前上报监管报表。")]
    [TestCase("各机构应于每半年结束后30日内提交自评报告.")]
    public void RecurringReports(string body)
    {
        Assert.That(Single(body).Kind, Is.EqualTo(RequirementKind.RecurringReport));
    }

    [TestCase("力争年末普惠贷款余额突破11000亿元。")]
    [TestCase("2023年普惠型小微贷款增速高于各项贷款增速。")]
    [TestCase("对存续的普惠小微贷款减息1个百分点（年化）。")]
    [TestCase("不良贷款容忍度幅度不超过3个百分点。")]
    public void Targets(string body)
    {
        var p = Single(body);
        Assert.That(p.Kind, Is.EqualTo(RequirementKind.Target));
        Assert.That(p.Reason, Does.Contain("目标"));
    }

    [Test]
    public void SeveralNumericGoals_GiveOneTargetEach()
    {
        var targets = Extract(Wrap("至2025年末，实现辖内科技型企业贷款余额突破1万亿元，力争2023年科技企业贷款余额同比增长25%以上，突破8500亿元。"))
            .Where(p => p.Clause == "一、").ToList();
        Assert.That(targets, Has.Count.EqualTo(3));
        Assert.That(targets, Has.All.Matches<RequirementProposal>(p => p.Kind == RequirementKind.Target));
        Assert.That(targets[0].Text, Does.StartWith("至2025年末"));
        Assert.That(targets[2].Text, Does.Contain("同比增长25%以上，突破8500亿元"));
    }

    [TestCase("各银行机构要持续加强风险管理。")]
    [TestCase("各银行机构要避免出现行业性限贷、抽贷、断贷。")]
    [TestCase("工作人员近期原则上不出市。")]
    [TestCase("各机构要及时反馈服务落地情况。")]
    [TestCase("每日汇总本单位人员情况，定期开展演练。")]
    [TestCase("继续实现普惠型小微企业贷款“两增”目标，保持信贷余额持续稳步增长。")]
    [TestCase("严格执行重大事项报告制度。")]
    public void Principles(string body)
    {
        var p = Single(body);
        Assert.That(p.Kind, Is.EqualTo(RequirementKind.Principle));
        Assert.That(p.Reason, Does.Contain("原则"));
    }

    [Test]
    public void TwoKindsInOneMeasure_AreSplit()
    {
        var ps = Extract(Wrap("鼓励银行机构单列信贷计划。对于有发展前景的企业，不得盲目抽贷、断贷、压贷。")).Where(p => p.Clause == "一、").ToList();
        Assert.That(ps.Select(p => p.Kind), Is.EqualTo(new[] { RequirementKind.Principle, RequirementKind.Prohibition }));
    }

    [Test]
    public void ASentenceNamingItsOwnSubject_IsSplitAndNarrowed()
    {
        var ps = Extract(Wrap("各银行保险机构要加大支持力度。引导保险公司积极发展货物运输保险。")).Where(p => p.Clause == "一、").ToList();
        Assert.That(ps, Has.Count.EqualTo(2));
        Assert.That(ps[0].AppliesTo.InstitutionTypes, Is.EquivalentTo(new[] { InstitutionType.Bank, InstitutionType.Insurer }));
        Assert.That(ps[0].AppliesTo.Text, Is.EqualTo("各银行保险机构"));
        Assert.That(ps[1].AppliesTo.InstitutionTypes, Is.EqualTo(new[] { InstitutionType.Insurer }));
        Assert.That(ps[1].AppliesTo.Text, Is.EqualTo("引导保险公司"));
    }

    [TestCase("各保险机构要扩展保险责任。", new[] { InstitutionType.Insurer }, false)]
    [TestCase("银行机构要改进业务流程。", new[] { InstitutionType.Bank }, false)]
    [TestCase("辖内各法人机构要研究制定尽职免责制度。", new[] { InstitutionType.Bank, InstitutionType.Insurer }, true)]
    [TestCase("各分支机构应加大对基层网点的业务指导。", new[] { InstitutionType.Bank, InstitutionType.Insurer }, false)]
    [TestCase("法人银行要用好用足支小再贷款等政策。", new[] { InstitutionType.Bank }, true)]
    [TestCase("各地方金融组织要规范经营。", new[] { InstitutionType.LocalFinancialOrganisation }, false)]
    [TestCase("各金融机构要灵活调整住房按揭、个人贷款还款安排。", new[] { InstitutionType.Bank }, false)]
    [TestCase("各金融机构要适当扩展疾病险、医疗险等保险责任范围。", new[] { InstitutionType.Insurer }, false)]
    [TestCase("各金融机构要做好基础金融服务。", new[] { InstitutionType.Bank, InstitutionType.Insurer }, false)]
    public void AppliesTo(string body, InstitutionType[] types, bool legal)
    {
        var p = Single(body);
        Assert.That(p.AppliesTo.InstitutionTypes, Is.EquivalentTo(types));
        Assert.That(p.AppliesTo.LegalEntitiesOnly, Is.EqualTo(legal));
        Assert.That(p.AppliesTo.Text, Is.Not.Null);
    }

    [Test]
    public void LegalEntitiesAndBranches_InOneSentence_AreTwoRequirements()
    {
        var ps = Extract(Wrap("辖内各法人机构要研究制定尽职免责制度，各分支机构应加大对基层网点机构的业务指导。")).Where(p => p.Clause == "一、").ToList();
        Assert.That(ps.Select(p => p.AppliesTo.LegalEntitiesOnly), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void WithoutASubject_TheLeadInThenTheAddresseesDecide()
    {
        const string text = "全市各金融机构，地方金融组织：\n\n一、加强管理\n\n各金融机构和地方金融组织要落实措施。\n\n一是强化场所管理。凡进出人员要测温。\n\n二是做好宣传。加强宣传引导。";
        var ps = Extract(text, new MetadataProposal { Addressees = new Proposed<string>("全市各金融机构，地方金融组织", new Evidence(0, 14, "全市各金融机构，地方金融组织")) });
        Assert.That(ps.Select(p => p.Clause), Is.EqualTo(new[] { "一、一是", "一、二是" }));
        Assert.That(ps, Has.All.Matches<RequirementProposal>(p =>
            p.AppliesTo.InstitutionTypes.Count == 3 && p.AppliesTo.Text == "各金融机构和地方金融组织"));
    }

    [TestCase("我局将在年度监管评级中充分考虑上述工作推进落实情况。")]
    [TestCase("监管部门应始终靠前担当作为，与各政府部门凝聚合力。")]
    [TestCase("各监管处室今年要重点加强监管工作。")]
    [TestCase("区政府金融工作中心将会同相关部门组成督导组。")]
    public void WhatTheRegulatorWillDo_IsNotARequirement(string body)
    {
        Assert.That(Extract(Wrap(body)).Where(p => p.Clause == "一、"), Is.Empty);
    }

    [Test]
    public void RegulatorSentence_ThenAnInstitutionDuty_KeepsOnlyTheDuty()
    {
        var ps = Extract(Wrap("监管部门及各行业协会将积极沟通对接。鼓励各银行机构加强与融资担保中心合作。")).Where(p => p.Clause == "一、").ToList();
        Assert.That(ps, Has.Count.EqualTo(1));
        Assert.That(ps[0].Text, Does.StartWith("鼓励各银行机构"));
        Assert.That(ps[0].AppliesTo.InstitutionTypes, Is.EqualTo(new[] { InstitutionType.Bank }));
    }

    [Test]
    public void ANewsReport_GivesNothing()
    {
        const string text = "3月以来，上海银保监局印发专项通知积极应对。一、扛起金融担当\n上海银保监局要求辖内银行保险机构进一步提高政治站位。某银行一周内放款近5亿元。";
        Assert.That(Extract(text, new MetadataProposal { LooksLikeCircular = false }), Is.Empty);
    }

    [Test]
    public void TextWithoutObligations_GivesNothing()
    {
        const string text = "某银行上周发放贷款5亿元，服务客户300户。\n\n该行负责人表示，将继续做好金融服务。";
        Assert.That(Extract(text), Is.Empty);
    }

    [Test]
    public void UnnumberedReply_WithADeadline()
    {
        const string text = "某某银行：\n\n你行关于设立分行的请示收悉。经审查，同意你行设立分行。你行应于六个月内完成筹建工作，并向我局报告。\n\n此复。";
        var ps = Extract(text);
        Assert.That(ps, Has.Count.EqualTo(1));
        Assert.That(ps[0].Kind, Is.EqualTo(RequirementKind.Deadline));
        Assert.That(ps[0].Clause, Is.EqualTo("正文"));
    }

    [Test]
    public void Evidence_IsTheExactSpan_AcrossAPageBreak()
    {
        const string body = "各银行机构要完善内部风险监测、评估和\n\n- 3 -\n\n预警体系。";
        var text = Wrap(body);
        var p = Single(body);
        Assert.That(text.Substring(p.Evidence.Start, p.Evidence.Length), Is.EqualTo(p.Evidence.Text));
        Assert.That(p.Text, Is.EqualTo("各银行机构要完善内部风险监测、评估和预警体系。"));
    }

    [Test]
    public void AsciiPunctuation_IsRead()
    {
        var ps = Extract("各银行机构:\n\n一、加强管理\n\n(一)各银行机构不得违规收费;各银行机构要加强管理.\n\n(二)各银行机构应于每月10日前报送报表!\n\n特此通知.");
        Assert.That(ps.Select(p => (p.Clause, p.Kind)), Is.EqualTo(new[]
        {
            ("一、（一）", RequirementKind.Prohibition), ("一、（一）", RequirementKind.Principle), ("一、（二）", RequirementKind.RecurringReport),
        }));
    }

    [Test]
    public void AnotherRegulatorsStatisticsNotice_MonthlyQuarterlyAndAsciiPunctuation()
    {
        const string text = "中国人民银行某某中心支行关于做好2024年普惠金融统计监测工作的通知\n\n某银发〔2024〕15号\n\n辖区各银行业金融机构、各小额贷款公司：\n\n"
            + "为做好统计监测工作，现将有关事项通知如下：\n\n一、明确职责分工\n\n(一)各银行业金融机构要明确牵头部门，于2024年3月15日前将联系人名单报送我行调查统计科。\n\n"
            + "(二)各小额贷款公司应当指定专人负责数据报送工作.\n\n二、按时报送数据\n\n1. 各银行业金融机构应于每月结束后10个工作日内报送普惠金融统计报表.\n\n"
            + "2. 各法人银行每季度结束后15日内报送普惠金融发展情况分析报告.\n\n3. 不得迟报、漏报、瞒报，严禁虚报数据。\n\n三、工作目标\n\n"
            + "力争2024年末辖区普惠小微贷款余额同比增长20%以上，有贷款余额户数达到5万户。\n\n四、其他事项\n\n我行将定期通报各机构报送质量。对报送质量差的机构，人民银行将予以约谈。\n\n"
            + "- 2 -\n\n联系人：张三，电话：0123-4567890\n\n中国人民银行某某中心支行\n\n2024年1月10日";
        var ps = Extract(text, new MetadataProposal { IssuedOn = new Proposed<DateOnly>(new DateOnly(2024, 1, 10), new Evidence(0, 1, "中")) });
        Assert.That(ps.Select(p => (p.Clause, p.Kind)), Is.EqualTo(new[]
        {
            ("一、（一）", RequirementKind.Deadline), ("一、（二）", RequirementKind.Principle), ("二、1.", RequirementKind.RecurringReport),
            ("二、2.", RequirementKind.RecurringReport), ("二、3.", RequirementKind.Prohibition), ("三、", RequirementKind.Target), ("三、", RequirementKind.Target),
        }));
        Assert.Multiple(() =>
        {
            Assert.That(ps[0].DueRule?.FixedDate, Is.EqualTo(new DateOnly(2024, 3, 15)));
            Assert.That(ps[1].AppliesTo.InstitutionTypes, Is.EqualTo(new[] { InstitutionType.LocalFinancialOrganisation }));
            Assert.That(ps[2].DueRule?.Frequency, Is.EqualTo(DueFrequency.Monthly));
            Assert.That(ps[3].DueRule?.Frequency, Is.EqualTo(DueFrequency.Quarterly));
            Assert.That(ps[3].AppliesTo.LegalEntitiesOnly, Is.True);
            Assert.That(ps[4].AppliesTo.InstitutionTypes, Is.EqualTo(new[] { InstitutionType.Bank }));
            Assert.That(ps[5].Target?.Value, Is.EqualTo(20m));
            Assert.That(ps[6].Target?.Value, Is.EqualTo(5m));
            Assert.That(ps[5].Target?.By, Is.EqualTo(new DateOnly(2024, 12, 31)));
        });
    }

    [Test]
    public void AnApproval_GivesTheInstitutionsDutiesNotTheDecision()
    {
        const string text = "关于某某银行设立分行的批复\n\n某某银行股份有限公司：\n\n你行《关于设立某某分行的请示》收悉。经审查，现批复如下：\n\n"
            + "一、同意你行在某某市设立某某分行。\n\n二、你行应自收到本批复之日起6个月内完成筹建工作，并向我局提交开业申请。逾期未提交的，本批复文件失效。\n\n"
            + "三、筹建期间不得开展任何金融业务活动。\n\n此复。";
        var ps = Extract(text);
        Assert.That(ps.Select(p => (p.Clause, p.Kind)), Is.EqualTo(new[] { ("二、", RequirementKind.Deadline), ("三、", RequirementKind.Prohibition) }));
    }

    [Test]
    public void DueRulesAndTargets_AreAttachedWithTheirWords()
    {
        var deadline = Single("各银行保险机构要于文发之后十日内把贯彻落实措施报送我局。");
        Assert.That(deadline.DueRule, Is.Not.Null);
        Assert.That(deadline.DueRule!.Offset, Is.EqualTo(10));
        var weekly = Single("本措施执行期暂定为自发布之日起期限6个月，实行“周报制”。");
        Assert.That(weekly.DueRule?.Frequency, Is.EqualTo(DueFrequency.Weekly));
        var target = Single("力争年末普惠贷款余额突破11000亿元。");
        Assert.That(target.Target?.Comparator, Is.EqualTo(">"));
        Assert.That(target.Target?.Value, Is.EqualTo(11000m));
    }

    [Test]
    public void AFactWithANumber_IsNotATarget()
    {
        Assert.That(Single("各银行机构要继续加大投放，今年以来已累计发放贷款5亿元。").Kind, Is.EqualTo(RequirementKind.Principle));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("一、")]
    [TestCase("不得")]
    [TestCase("（一）不得。（二）要。")]
    public void OddInput_NeverThrows(string text)
    {
        Assert.DoesNotThrow(() => Extract(text));
    }

    [Test]
    public void ClausesThatDoNotFitTheText_NeverThrow()
    {
        var clauses = new List<ClauseNode> { new("一、", "一、", 1, 50, 500, "x", [new ClauseNode("（一）", "一、（一）", 2, 400, 20, null, [])]) };
        Assert.DoesNotThrow(() => RequirementExtractor.Extract("一、各银行要加强管理。", clauses, Circular));
    }

    [Test]
    [Category("Slow")]
    public void GarbageAndFiveMegabytes_NeverThrowAndStayFast()
    {
        var random = new Random(11);
        var chars = "一二三四五六七八九十、（）()1234567890.．是条附件：。，\n **#-—各银行保险机构要不得于日内前报送每月亿元%".ToCharArray();
        var garbage = new string(Enumerable.Range(0, 200_000).Select(_ => chars[random.Next(chars.Length)]).ToArray());
        Assert.DoesNotThrow(() => Extract(garbage));

        var sb = new StringBuilder();
        while (sb.Length < 5_000_000)
        {
            sb.Append("各银行机构要加强管理，不得违规收费，力争贷款余额突破100亿元，并于每月5日前报送报表。\n\n");
        }

        var big = sb.ToString();
        Assert.That(Extract(big), Is.Not.Empty);
    }
}
