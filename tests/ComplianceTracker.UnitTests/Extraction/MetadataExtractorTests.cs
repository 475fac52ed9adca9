using System.Text;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>The metadata rules against the five hand-checked seeds and crafted texts for each rule.</summary>
public class MetadataExtractorTests
{
    private static readonly SeedFiles Files = SeedFiles.Default();

    public static IEnumerable<string> Keys() => SeedFiles.Default().Circulars().Select(s => s.Key);

    private static (CircularSeed Seed, string Text, MetadataProposal Metadata) Read(string key)
    {
        var seed = Files.Circulars().Single(s => s.Key == key);
        var text = Files.CircularText(seed);
        return (seed, text, MetadataExtractor.Extract(text));
    }

    // ------------------------------------------------------------------ the five seeds

    [TestCaseSource(nameof(Keys))]
    public void Seed_MetadataMatchesTheHandCheckedAnswer(string key)
    {
        var (seed, _, metadata) = Read(key);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo(seed.DocumentNumber), "documentNumber");
            Assert.That(metadata.Title?.Value, Is.EqualTo(seed.Title), "title");
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(seed.Issuers), "issuers");
            Assert.That(metadata.IssuedOn?.Value, Is.EqualTo(seed.IssuedOn), "issuedOn");
            Assert.That(metadata.Addressees?.Value, Is.EqualTo(seed.Addressees), "addressees");
            Assert.That(metadata.ValidityMonths?.Value, Is.EqualTo(seed.ValidityMonths), "validityMonths");
            Assert.That(metadata.EffectiveFrom?.Value, Is.EqualTo(seed.EffectiveFrom), "effectiveFrom");
            Assert.That(metadata.EffectiveTo?.Value, Is.EqualTo(seed.EffectiveTo), "effectiveTo");
            Assert.That(metadata.Attachments.Select(a => a.Value), Is.EqualTo(seed.Attachments), "attachments");
            Assert.That(metadata.Contacts.Select(c => c.Value), Is.EqualTo(seed.Contacts), "contacts");
            Assert.That(metadata.LooksLikeCircular, Is.EqualTo(seed.DocumentKind != DocumentKind.NewsReport), "looksLikeCircular");
            if (seed.IssuedOn is not null)
            {
                Assert.That(metadata.IssuedOn?.Evidence.Text, Is.EqualTo(seed.IssuedOnText), "issuedOnText");
            }

            if (seed.ValidityMonths is not null)
            {
                Assert.That(metadata.ValidityMonths?.Evidence.Text, Is.EqualTo(seed.ValidityText), "validityText");
            }
        });
    }

    [TestCaseSource(nameof(Keys))]
    public void Seed_EveryEvidenceIsTheExactSpanOfTheText(string key)
    {
        var (_, text, metadata) = Read(key);

        Assert.That(AllEvidence(metadata).Where(e => text.Substring(e.Start, e.Length) != e.Text), Is.Empty);
    }


    [Test]
    public void Seed001_CitesTheActionPlans_ButNotItsOwnNumber()
    {
        var (_, _, metadata) = Read("shcbirc-2023-24");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Contain("上海市加强集成创新持续优化营商环境行动方案"));
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Not.Contain("沪银保监发〔2023〕24号"));
        });
    }

    [Test]
    public void Seed003_TheIssuedDocumentInTheTitleIsNotCited_TheProvincialMeasuresAre()
    {
        var (_, _, metadata) = Read("shangdang-2022-20");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Contain("山西省加快复工复产和服务业复苏若干措施"));
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Not.Contain("长治市上党区加快金融支持复工复产 全面恢复经济社会复苏若干措施（试行）"));
        });
    }

    // ------------------------------------------------------------------ 文号

    [TestCase("沪银保监发〔2023〕24号", "沪银保监发〔2023〕24号")]
    [TestCase("沪银保监发 〔2023〕 24 号", "沪银保监发〔2023〕24号")]
    [TestCase("银保监办发[2021]15号", "银保监办发〔2021〕15号")]
    [TestCase("银保监办发［2021］15号", "银保监办发〔2021〕15号")]
    [TestCase("浙银保监发﹝2022﹞3号", "浙银保监发〔2022〕3号")]
    [TestCase("京银保监复〔２０２２〕１２号", "京银保监复〔2022〕12号")]
    public void DocumentNumber_OnItsOwnLine_AnyBracketIsNormalised(string line, string expected)
    {
        var text = $"北京银保监局\n\n{line}\n\n关于同意某某银行变更注册资本的批复\n\n某某银行：\n\n你行请示收悉。现批复如下：同意。\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo(expected));
            Assert.That(metadata.DocumentNumber?.Evidence.Text, Is.EqualTo(line));
            Assert.That(metadata.Title?.Value, Is.EqualTo("关于同意某某银行变更注册资本的批复"));
            Assert.That(metadata.Addressees?.Value, Is.EqualTo("某某银行"));
        });
    }

    [Test]
    public void DocumentNumber_CitedInParenthesesOrAfter根据_IsCited_NotOwn()
    {
        const string text = "各银行业金融机构：\n\n根据《关于进一步强化金融支持防汛抗洪和灾后重建工作的通知》（银保监发〔2020〕10号）和《中国人民银行关于做好2020年信贷工作的通知》（银发〔2020〕99号）要求，现将有关事项通知如下：\n一、……\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.DocumentNumber, Is.Null);
            Assert.That(metadata.Cited.Select(c => c.Value), Is.SupersetOf(new[]
            {
                "银保监发〔2020〕10号", "银发〔2020〕99号",
                "关于进一步强化金融支持防汛抗洪和灾后重建工作的通知", "中国人民银行关于做好2020年信贷工作的通知",
            }));
            Assert.That(metadata.LooksLikeCircular, Is.True);
        });
    }

    [Test]
    public void DocumentNumber_OwnAtTheTop_AndCitedInTheBody_AreToldApart()
    {
        const string text = "中国银保监会办公厅文件\n\n银保监办发〔2022〕7号\n\n中国银保监会办公厅关于做好2022年银行业保险业服务新市民工作的通知\n\n各银保监局：\n\n为贯彻落实《国务院办公厅关于进一步优化营商环境的意见》（国办发〔2021〕5号），现就有关事项通知如下。\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo("银保监办发〔2022〕7号"));
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Contain("国办发〔2021〕5号"));
            Assert.That(metadata.Cited.Select(c => c.Value), Does.Not.Contain("银保监办发〔2022〕7号"));
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "中国银保监会办公厅" }));
            Assert.That(metadata.Addressees?.Value, Is.EqualTo("各银保监局"));
        });
    }

    [Test]
    public void DocumentNumber_ANewsArticleMentioningANumber_HasNoOwnNumber()
    {
        var metadata = MetadataExtractor.Extract("近日，人民银行印发银发〔2023〕1号文，要求各银行做好服务。记者了解到，多家银行已经行动。");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.DocumentNumber, Is.Null);
            Assert.That(metadata.Cited.Select(c => c.Value), Is.EqualTo(new[] { "银发〔2023〕1号" }));
            Assert.That(metadata.LooksLikeCircular, Is.False);
        });
    }

    [Test]
    public void DocumentNumber_InAOneLineText_RightAfterTheLetterhead_IsOwn()
    {
        var metadata = MetadataExtractor.Extract("上海银保监局文件沪银保监发〔2023〕24号上海银保监局关于做好某项工作的通知各银行：现将有关事项通知如下。");

        Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo("沪银保监发〔2023〕24号"));
    }

    // ------------------------------------------------------------------ title

    [Test]
    public void Title_SplitOverLines_IsJoined_AndTheIssuerNamesAboveItAreIssuers()
    {
        const string text = "甲市地方金融监督管理局\n乙市中心支行\n关于做好小微企业\n金融服务工作的通知\n\n各金融机构：\n\n现将有关事项通知如下：\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Title?.Value, Is.EqualTo("关于做好小微企业金融服务工作的通知"));
            Assert.That(metadata.Title?.Evidence.Text, Is.EqualTo("关于做好小微企业\n金融服务工作的通知"));
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "甲市地方金融监督管理局", "乙市中心支行" }));
        });
    }

    [Test]
    public void Title_BelowAShortSentenceOfSiteFurniture_IsStillTheHeadline()
    {
        var metadata = MetadataExtractor.Extract("欢迎访问本网站。\n关于做好金融服务工作的通知\n各银行：\n现将有关事项通知如下：\n");

        Assert.That(metadata.Title?.Value, Is.EqualTo("关于做好金融服务工作的通知"));
    }

    [Test]
    public void Title_OfAForwardingNotice_TheForwarderIsTheIssuer()
    {
        var metadata = MetadataExtractor.Extract("浙江银保监局办公室转发中国银保监会办公厅关于做好新市民金融服务工作的通知\n\n各银保监分局，各银行保险机构：\n\n现将有关文件转发给你们，请遵照执行。\n");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Title?.Value, Is.EqualTo("浙江银保监局办公室转发中国银保监会办公厅关于做好新市民金融服务工作的通知"));
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "浙江银保监局办公室" }));
            Assert.That(metadata.Addressees?.Value, Is.EqualTo("各银保监分局，各银行保险机构"));
        });
    }

    [Test]
    public void IssueDate_AtTheEndWithoutSignatureNames_IsStillTheIssueDate()
    {
        var metadata = MetadataExtractor.Extract("关于做好某项工作的通知\n\n各银行：\n\n现将有关事项通知如下：\n一、加强管理。\n\n特此通知。\n\n2022年6月30日\n（此件公开发布）\n");

        Assert.That(metadata.IssuedOn?.Value, Is.EqualTo(new DateOnly(2022, 6, 30)));
    }

    [Test]
    public void Title_NoHeadline_IsNull_NothingInvented()
    {
        const string text = "各银行保险机构：\n\n为做好近期工作，现将有关事项通知如下：\n一、加强管理。\n二、及时报告我局。\n\n特此通知。\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Title, Is.Null);
            Assert.That(metadata.Issuers, Is.Empty, "我局 alone does not name the issuer");
            Assert.That(metadata.Addressees?.Value, Is.EqualTo("各银行保险机构"));
            Assert.That(metadata.LooksLikeCircular, Is.True);
        });
    }

    [Test]
    public void Title_OfAnOpinionAndOfAMeasuresIssue_AreRead()
    {
        var opinion = MetadataExtractor.Extract("中国人民银行 国家金融监督管理总局关于金融支持住房租赁市场发展的意见\n\n各省、自治区、直辖市分行：\n\n现提出如下意见。\n");
        var issue = MetadataExtractor.Extract("关于印发《银行保险机构消费者权益保护管理办法》的通知\n\n各监管局：\n\n现将《办法》印发给你们，请遵照执行。\n");

        Assert.Multiple(() =>
        {
            Assert.That(opinion.Title?.Value, Is.EqualTo("中国人民银行 国家金融监督管理总局关于金融支持住房租赁市场发展的意见"));
            Assert.That(opinion.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "中国人民银行", "国家金融监督管理总局" }));
            Assert.That(issue.Title?.Value, Is.EqualTo("关于印发《银行保险机构消费者权益保护管理办法》的通知"));
            Assert.That(issue.Cited.Select(c => c.Value), Does.Not.Contain("银行保险机构消费者权益保护管理办法"));
            Assert.That(issue.Cited.Select(c => c.Value), Does.Not.Contain("办法"), "《办法》 is the short name of what it issues");
        });
    }

    // ------------------------------------------------------------------ issuers and dates

    [Test]
    public void JointIssuers_FromTheSignature_EachOnTheirOwn_WithTheDateBelow()
    {
        const string text = "关于加强汛期金融服务的通知\n\n各金融机构：\n\n现将有关事项通知如下：\n一、做好应急预案。\n\n某某市地方金融监督管理局    中国人民银行某某市中心支行\n国家金融监督管理总局某某监管分局\n2023年7月15日\n\n抄送：省地方金融监督管理局。\n某某市金融办综合处    2023年7月16日印发\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "某某市地方金融监督管理局", "中国人民银行某某市中心支行", "国家金融监督管理总局某某监管分局" }));
            Assert.That(metadata.IssuedOn?.Value, Is.EqualTo(new DateOnly(2023, 7, 15)));
            Assert.That(metadata.IssuedOn?.Evidence.Text, Is.EqualTo("2023年7月15日"));
            Assert.That(metadata.Contacts, Is.Empty, "the 抄送 list and 印发 line are not contacts");
        });
    }

    [TestCase("二〇二三年三月一日", 2023, 3, 1)]
    [TestCase("二○二一年十二月十二日", 2021, 12, 12)]
    [TestCase("二〇二四年一月三十一日", 2024, 1, 31)]
    [TestCase("2023.03.01", 2023, 3, 1)]
    [TestCase("2023-03-01", 2023, 3, 1)]
    [TestCase("2023/3/1", 2023, 3, 1)]
    [TestCase("2023年3月1日", 2023, 3, 1)]
    public void IssueDate_ChineseNumeralAndAsciiSpellings(string written, int year, int month, int day)
    {
        var text = $"关于做好某项工作的通知\n\n各银行：\n\n特此通知。\n\n上海银保监局\n{written}\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.IssuedOn?.Value, Is.EqualTo(new DateOnly(year, month, day)));
            Assert.That(metadata.IssuedOn?.Evidence.Text, Is.EqualTo(written));
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "上海银保监局" }));
        });
    }

    [Test]
    public void IssueDate_PageFurnitureOfARepostingSite_IsNotTheIssueDate()
    {
        const string text = "首页 > 政策法规\n关于做好普惠金融工作的通知\n发布时间：2019-05-12 来源：某某银保监局 浏览次数：1024 打印本页\n2019-05-12\n来源：本站\n各银行：\n\n现将有关事项通知如下：\n一、做好服务。\n\n特此通知。\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.IssuedOn, Is.Null);
            Assert.That(metadata.Title?.Value, Is.EqualTo("关于做好普惠金融工作的通知"));
            Assert.That(metadata.Addressees?.Value, Is.EqualTo("各银行"));
        });
    }

    [Test]
    public void IssueDate_WithoutTheYear_IsNotProposed()
    {
        var metadata = MetadataExtractor.Extract("关于做好某项工作的通知\n\n各银行：\n\n特此通知。\n\n上海银保监局\n4月12日\n");

        Assert.That(metadata.IssuedOn, Is.Null);
    }

    [Test]
    public void Issuer_FromTheSourceLineOfARepostedArticle()
    {
        var metadata = MetadataExtractor.Extract("近日，辖内银行机构积极开展活动，服务实体经济。某银行推出新产品。内容来源：浙江银保监局责任编辑：张三");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "浙江银保监局" }));
            Assert.That(metadata.LooksLikeCircular, Is.False);
            Assert.That(metadata.Title, Is.Null);
            Assert.That(metadata.Addressees, Is.Null);
        });
    }

    [Test]
    public void Issuer_FromALetterhead_WhenNothingElseNamesIt()
    {
        var metadata = MetadataExtractor.Extract("某某市地方金融监督管理局文件\n\n某金发〔2023〕5号\n\n各小额贷款公司：\n\n现将有关事项通知如下：\n一、规范经营。\n");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Issuers.Select(i => i.Value), Is.EqualTo(new[] { "某某市地方金融监督管理局" }));
            Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo("某金发〔2023〕5号"));
        });
    }

    // ------------------------------------------------------------------ validity, attachments, contacts

    [Test]
    public void Validity_MonthsFromIssue_EffectiveFrom_AndEffectiveTo()
    {
        var months = MetadataExtractor.Extract("本通知自发布之日起期限6个月。");
        var years = MetadataExtractor.Extract("本办法有效期三年。");
        var from = MetadataExtractor.Extract("本办法自2024年1月1日起施行。");
        var to = MetadataExtractor.Extract("本通知有效期至2025年12月31日。");
        var both = MetadataExtractor.Extract("本措施有效期自2024年1月1日至2025年12月31日。");

        Assert.Multiple(() =>
        {
            Assert.That(months.ValidityMonths?.Value, Is.EqualTo(6));
            Assert.That(months.ValidityMonths?.Evidence.Text, Is.EqualTo("本通知自发布之日起期限6个月"));
            Assert.That(years.ValidityMonths?.Value, Is.EqualTo(36));
            Assert.That(from.EffectiveFrom?.Value, Is.EqualTo(new DateOnly(2024, 1, 1)));
            Assert.That(from.EffectiveTo, Is.Null);
            Assert.That(to.EffectiveTo?.Value, Is.EqualTo(new DateOnly(2025, 12, 31)));
            Assert.That(to.EffectiveFrom, Is.Null);
            Assert.That(to.ValidityMonths, Is.Null, "the year of an end date is not a validity of 25 years");
            Assert.That(both.EffectiveFrom?.Value, Is.EqualTo(new DateOnly(2024, 1, 1)));
            Assert.That(both.EffectiveTo?.Value, Is.EqualTo(new DateOnly(2025, 12, 31)));
        });
    }

    [Test]
    public void Validity_FromTheDayOfIssue_IsTheIssueDate()
    {
        var metadata = MetadataExtractor.Extract("关于做好某项工作的通知\n\n各银行：\n\n本通知自发布之日起施行，有效期两年。\n\n某某监管分局\n2022年6月30日\n");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.EffectiveFrom?.Value, Is.EqualTo(new DateOnly(2022, 6, 30)));
            Assert.That(metadata.EffectiveFrom?.Evidence.Text, Is.EqualTo("自发布之日起施行"));
            Assert.That(metadata.ValidityMonths?.Value, Is.EqualTo(24));
        });
    }

    [Test]
    public void Validity_ALoanTermIsNotTheCircularsValidity()
    {
        var metadata = MetadataExtractor.Extract("对受困企业贷款可延期还本付息，延长还款期限6个月，最长延至2023年6月30日。");

        Assert.Multiple(() =>
        {
            Assert.That(metadata.ValidityMonths, Is.Null);
            Assert.That(metadata.EffectiveTo, Is.Null);
        });
    }

    [Test]
    public void Attachments_NumberedList_NumberedLabels_AndASingleOne()
    {
        var list = MetadataExtractor.Extract("特此通知。\n\n附件：1. 《统计表》\n      2. 填报说明\n\n某某局\n2023年1月5日\n");
        var labels = MetadataExtractor.Extract("特此通知。\n\n附件1：机构名单\n附件2：《报送模板》\n\n某某局\n");
        var single = MetadataExtractor.Extract("特此通知。\n\n附件：联系人名单\n\n附件\n\n联系人名单\n");
        var sentence = MetadataExtractor.Extract("附件所列机构应于3月底前完成自查。\n");

        Assert.Multiple(() =>
        {
            Assert.That(list.Attachments.Select(a => a.Value), Is.EqualTo(new[] { "统计表", "填报说明" }));
            Assert.That(labels.Attachments.Select(a => a.Value), Is.EqualTo(new[] { "机构名单", "报送模板" }));
            Assert.That(single.Attachments.Select(a => a.Value), Is.EqualTo(new[] { "联系人名单" }));
            Assert.That(sentence.Attachments, Is.Empty);
        });
    }

    [Test]
    public void Contacts_LinesAndAnInlineContact_NotTheCopyList()
    {
        const string text = "请于每月5日前报送我局（联系人：王五，电话：010-66279113）。\n\n联系人：张三\n联系电话：021-12345678\n电子邮箱：abc@example.cn\n\n抄送：人民银行上海总部，联系电话见附件。\n";
        var metadata = MetadataExtractor.Extract(text);

        Assert.That(metadata.Contacts.Select(c => c.Value), Is.EqualTo(new[]
        {
            "联系人：张三", "联系电话：021-12345678", "电子邮箱：abc@example.cn", "联系人：王五，电话：010-66279113",
        }));
    }

    [Test]
    public void Contacts_AFormsEmptyFields_AreNotContacts()
    {
        var metadata = MetadataExtractor.Extract("附件2\n\n周报统计表\n\n银行名称：\n联系人：        联系电话：\n");

        Assert.That(metadata.Contacts, Is.Empty);
    }

    // ------------------------------------------------------------------ robustness

    [Test]
    public void AnyInput_GivesAProposal_WithoutThrowing()
    {
        var random = new Random(20231);
        var garbage = new byte[20_000];
        random.NextBytes(garbage);
        var inputs = new[]
        {
            string.Empty, " ", "\n\n\n", "：", "〔", "〔2023〕", "《《《《", "》》》", "关于", "附件：", "联系人：",
            Encoding.Latin1.GetString(garbage), Encoding.UTF8.GetString(garbage),
            string.Concat(Enumerable.Repeat("《关于（〔[", 3000)), string.Concat(Enumerable.Repeat("二〇二三年", 5000)),
        };

        Assert.That(() => inputs.Select(MetadataExtractor.Extract).ToList(), Throws.Nothing);
    }

    [Test]
    public void FiveMegabytesOfText_IsReadQuickly()
    {
        var seed = Files.Circulars().Single(s => s.Key == "shcbirc-2023-24");
        var body = Files.CircularText(seed);
        var huge = new StringBuilder(body);
        while (huge.Length < 5_000_000)
        {
            huge.Append(body, 300, body.Length - 300).Append("（银发〔2020〕99号）《通知》").Append('\n');
        }

        // Speed is measured by the benchmark (tests/ComplianceTracker.Benchmarks, extraction); here only the result.
        var metadata = MetadataExtractor.Extract(huge.ToString());

        Assert.That(metadata.DocumentNumber?.Value, Is.EqualTo("沪银保监发〔2023〕24号"));
    }

    private static IEnumerable<Evidence> AllEvidence(MetadataProposal m) =>
        new[] { m.DocumentNumber?.Evidence, m.Title?.Evidence, m.IssuedOn?.Evidence, m.Addressees?.Evidence, m.EffectiveFrom?.Evidence, m.EffectiveTo?.Evidence, m.ValidityMonths?.Evidence }
            .OfType<Evidence>()
            .Concat(m.Issuers.Concat(m.Attachments).Concat(m.Contacts).Concat(m.Cited).Select(p => p.Evidence));
}
