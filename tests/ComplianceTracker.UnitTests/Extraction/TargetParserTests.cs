using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

public class TargetParserTests
{
    /// <summary>Seed goals whose requirement text names its own noun and date; the others lean on the goal before them in the sentence.</summary>
    private static readonly string[] NeedsTheSentence = ["为企业节约成本100亿元以上", "支持700万人稳就业", "同比增长25%以上，突破8500亿元"];

    private static TargetSpec Read(string sentence, int? year = null)
    {
        var parsed = TargetParser.Parse(sentence, year);
        Assert.That(parsed, Is.Not.Null, sentence);
        return parsed!.Value.Target;
    }

    [TestCaseSource(typeof(SeedSentences), nameof(SeedSentences.WithTargets))]
    public void SeedTarget_IsAmongTheGoalsOfItsSentence(string key, RequirementSeed requirement, string sentence, int? year)
    {
        var goals = TargetParser.ParseAll(sentence, year);
        var text = SeedSentences.Squeeze(requirement.Text);
        var mine = goals.Where(g => text.Contains(SeedSentences.Squeeze(g.Evidence.Text), StringComparison.Ordinal)
            || SeedSentences.Squeeze(g.Evidence.Text).Contains(text, StringComparison.Ordinal)).Select(g => g.Target).ToList();

        Assert.That(mine, Has.Member(requirement.Target), string.Join(" | ", goals.Select(g => g.Target)));
    }

    [TestCaseSource(typeof(SeedSentences), nameof(SeedSentences.WithTargets))]
    public void SeedTarget_IsReadFromItsRequirementTextAlone(string key, RequirementSeed requirement, string sentence, int? year)
    {
        if (NeedsTheSentence.Any(n => requirement.Text.StartsWith(n, StringComparison.Ordinal)))
        {
            Assert.Ignore("This goal takes its noun and date from the goal before it; read with ParseAll on the whole sentence.");
        }

        Assert.That(Read(requirement.Text, year), Is.EqualTo(requirement.Target));
    }

    [Test]
    public void ParseAll_001Clause2_CarriesTopicAndDate()
    {
        const string sentence = "力争2023年累计投放无缝续贷突破12000亿元，为企业节约成本100亿元以上，切实做到稳预期降成本。";
        var goals = TargetParser.ParseAll(sentence, 2023, 10);

        Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
        {
            new TargetSpec("无缝续贷累计投放金额", ">", 12000m, "亿元", new DateOnly(2023, 12, 31), null),
            new TargetSpec("无缝续贷为企业节约成本", ">=", 100m, "亿元", new DateOnly(2023, 12, 31), null),
        }));
        Assert.Multiple(() =>
        {
            Assert.That(goals[0].Evidence.Text, Is.EqualTo("力争2023年累计投放无缝续贷突破12000亿元"));
            Assert.That(goals[0].Evidence.Start, Is.EqualTo(10));
            Assert.That(goals[1].Evidence.Text, Is.EqualTo("为企业节约成本100亿元以上"));
            Assert.That(goals[1].Evidence.Start, Is.EqualTo(10 + sentence.IndexOf("为企业", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void ParseAll_001Clause4_ThreeGoals()
    {
        var goals = TargetParser.ParseAll("至2025年末，实现辖内科技型企业贷款余额突破1万亿元，力争2023年辖内科技企业贷款余额同比增长25%以上，突破8500亿元，科技金融服务能力显著增强。", 2023);

        Assert.Multiple(() =>
        {
            Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
            {
                new TargetSpec("辖内科技型企业贷款余额", ">", 1m, "万亿元", new DateOnly(2025, 12, 31), null),
                new TargetSpec("辖内科技企业贷款余额同比增速", ">=", 25m, "%", new DateOnly(2023, 12, 31), null),
                new TargetSpec("辖内科技企业贷款余额", ">", 8500m, "亿元", new DateOnly(2023, 12, 31), null),
            }));
            Assert.That(goals[0].Evidence.Text, Is.EqualTo("至2025年末，实现辖内科技型企业贷款余额突破1万亿元"));
        });
    }

    [TestCase("力争年末普惠贷款余额突破11000亿元", 2023, "普惠贷款余额", ">", 11000, "亿元", "2023-12-31")]
    [TestCase("至2025年末实现辖内绿色融资余额突破1.5万亿元", null, "辖内绿色融资余额", ">", 1.5, "万亿元", "2025-12-31")]
    [TestCase("全年新增普惠型小微企业贷款不少于50亿元。", 2024, "新增普惠型小微企业贷款", ">=", 50, "亿元", "2024-12-31")]
    [TestCase("到2024年末，涉农贷款余额不低于3000亿元。", null, "涉农贷款余额", ">=", 3000, "亿元", "2024-12-31")]
    [TestCase("普惠型小微企业贷款不良率控制在3%以内", null, "普惠型小微企业贷款不良率", "<=", 3, "%", null)]
    [TestCase("新发放普惠型小微企业贷款平均利率不超过5.5%", null, "新发放普惠型小微企业贷款平均利率", "<=", 5.5, "%", null)]
    [TestCase("首贷户数量不少于1000户", null, "首贷户数量", ">=", 1000, "户", null)]
    [TestCase("力争2024年新设科技支行至少10家", null, "新设科技支行", ">=", 10, "家", "2024-12-31")]
    [TestCase("2024年6月末，线上贷款余额超过200万元", null, "线上贷款余额", ">", 200, "万元", "2024-06-30")]
    [TestCase("普惠贷款余额较年初增长百分之二十以上", null, "普惠贷款余额较年初增速", ">=", 20, "%", null)]
    [TestCase("单笔贷款金额不高于500元", null, "单笔贷款金额", "<=", 500, "元", null)]
    [TestCase("惠及市民不少于十万人", null, "惠及市民", ">=", 10, "万人", null)]
    [TestCase("全年发放贷款不少于1200笔;", 2025, "发放贷款", ">=", 1200, "笔", "2025-12-31")]
    [TestCase("力争２０２４年绿色贷款余额突破１．２万亿元", null, "绿色贷款余额", ">", 1.2, "万亿元", "2024-12-31")]
    [TestCase("综合融资成本下降0.5个百分点", null, "综合融资成本下降幅度", ">=", 0.5, "个百分点", null)]
    [TestCase("不良率低于2%", null, "不良率", "<", 2, "%", null)]
    [TestCase("力争全年新增普惠型小微企业贷款100亿元。", 2024, "新增普惠型小微企业贷款", ">=", 100, "亿元", "2024-12-31")]
    [TestCase("各项贷款余额达到5000亿元", null, "各项贷款余额", ">=", 5000, "亿元", null)]
    [TestCase("制造业中长期贷款占比提高2个百分点", null, "制造业中长期贷款占比提高幅度", ">=", 2, "个百分点", null)]
    [TestCase("力争到2025年末，全市普惠型小微企业贷款余额突破2万亿元", 2023, "全市普惠型小微企业贷款余额", ">", 2, "万亿元", "2025-12-31")]
    [TestCase("2024年新增绿色贷款1,000亿元以上", null, "新增绿色贷款", ">=", 1000, "亿元", "2024-12-31")]
    [TestCase("全年培育科技型企业首贷户500户", 2024, "培育科技型企业首贷户", ">=", 500, "户", "2024-12-31")]
    [TestCase("全年小微企业贷款不良率≤3%", 2024, "小微企业贷款不良率", "<=", 3, "%", "2024-12-31")]
    [TestCase("对公贷款余额>=500亿元", null, "对公贷款余额", ">=", 500, "亿元", null)]
    [TestCase("普惠贷款余额较2022年末增长20%以上", 2023, "普惠贷款余额较2022年末增速", ">=", 20, "%", null)]
    [TestCase("2024年一季度末，小微企业贷款余额不低于200亿元", null, "小微企业贷款余额", ">=", 200, "亿元", "2024-03-31")]
    [TestCase("力争2024年上半年末首贷户突破3000户", null, "首贷户", ">", 3000, "户", "2024-06-30")]
    [TestCase("年化利率不超过24%", 2023, "年化利率", "<=", 24, "%", null)]
    [TestCase("到2025年，绿色信贷占比提升至15%以上。", null, "绿色信贷占比", ">=", 15, "%", "2025-12-31")]
    [TestCase("融资担保费率降至1%以下。", null, "融资担保费率", "<=", 1, "%", null)]
    [TestCase("小微企业贷款平均利率下降50个基点。", null, "小微企业贷款平均利率下降幅度", ">=", 50, "个基点", null)]
    [TestCase("各银行业金融机构要确保个人住房贷款首付比例不低于20%。", null, "个人住房贷款首付比例", ">=", 20, "%", null)]
    [TestCase("力争2024年末辖内银行机构涉农贷款余额同比增速达到10%。", null, "辖内银行机构涉农贷款余额同比增速", ">=", 10, "%", "2024-12-31")]
    public void NumericGoals(string sentence, int? year, string metric, string comparator, double value, string unit, string? by)
    {
        var target = Read(sentence, year);

        Assert.That(target, Is.EqualTo(new TargetSpec(metric, comparator, (decimal)value, unit, by is null ? null : DateOnly.Parse(by, System.Globalization.CultureInfo.InvariantCulture), null)));
    }

    [Test]
    public void GrowthAboveAllLoans_HasNoValue()
    {
        var target = Read("2023年普惠型小微贷款总体实现增速高于各项贷款增速", 2023);

        Assert.That(target, Is.EqualTo(new TargetSpec("普惠型小微贷款增速", "growth>", null, null, new DateOnly(2023, 12, 31), "各项贷款增速")));
    }

    [Test]
    public void GrowthNotBelowAllLoans()
    {
        var target = Read("涉农贷款增速不低于各项贷款平均增速。");

        Assert.That(target, Is.EqualTo(new TargetSpec("涉农贷款增速", "growth>=", null, null, null, "各项贷款平均增速")));
    }

    [Test]
    public void GrowthAboveAllLoans_ByPercentagePoints()
    {
        var target = Read("普惠型小微企业贷款增速高于各项贷款平均增速3个百分点");

        Assert.That(target, Is.EqualTo(new TargetSpec("普惠型小微企业贷款增速", "growth>", 3m, "个百分点", null, "各项贷款平均增速")));
    }

    [Test]
    public void NotBelowLastYear_HasNoValue()
    {
        var goals = TargetParser.ParseAll("单户授信1000万元及以下小微企业贷款同比增速不低于各项贷款同比增速，有贷款余额户数不低于上年同期水平");

        Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
        {
            new TargetSpec("单户授信1000万元及以下小微企业贷款同比增速", "growth>=", null, null, null, "各项贷款同比增速"),
            new TargetSpec("有贷款余额户数", ">=", null, null, null, "上年同期水平"),
        }));
    }

    [Test]
    public void ParseAll_EnumeratedGoals()
    {
        var goals = TargetParser.ParseAll("贷款余额增速不低于20%、不良率不超过2%");

        Assert.Multiple(() =>
        {
            Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
            {
                new TargetSpec("贷款余额增速", ">=", 20m, "%", null, null),
                new TargetSpec("不良率", "<=", 2m, "%", null, null),
            }));
            Assert.That(goals.Select(g => g.Evidence.Text), Is.EqualTo(new[] { "贷款余额增速不低于20%", "不良率不超过2%" }));
        });
    }

    [Test]
    public void ParseAll_SubGoalTakesTheDate()
    {
        var goals = TargetParser.ParseAll("力争2024年末民营企业贷款余额达到8000亿元，其中制造业民营企业贷款不少于2000亿元");

        Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
        {
            new TargetSpec("民营企业贷款余额", ">=", 8000m, "亿元", new DateOnly(2024, 12, 31), null),
            new TargetSpec("制造业民营企业贷款", ">=", 2000m, "亿元", new DateOnly(2024, 12, 31), null),
        }));
    }

    [Test]
    public void ParseAll_EnumeratedAmountsShareTheCue()
    {
        var goals = TargetParser.ParseAll("确保全年新增涉农贷款500亿元、普惠型涉农贷款300亿元。", 2024);

        Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[]
        {
            new TargetSpec("新增涉农贷款", ">=", 500m, "亿元", new DateOnly(2024, 12, 31), null),
            new TargetSpec("普惠型涉农贷款", ">=", 300m, "亿元", new DateOnly(2024, 12, 31), null),
        }));
    }

    [Test]
    public void FactThenGoal_OnlyTheGoal()
    {
        var goals = TargetParser.ParseAll("截至2022年末，全市普惠贷款余额5000亿元，力争2023年末突破6000亿元。");

        Assert.Multiple(() =>
        {
            Assert.That(goals.Select(g => g.Target), Is.EqualTo(new[] { new TargetSpec("全市普惠贷款余额", ">", 6000m, "亿元", new DateOnly(2023, 12, 31), null) }));
            Assert.That(goals[0].Evidence.Text, Is.EqualTo("力争2023年末突破6000亿元"));
        });
    }

    [Test]
    public void RatioAboveAllLoans()
    {
        var target = Read("落实普惠型小微企业贷款不良率容忍度可放宽至不高于各项贷款不良率3个百分点的监管要求");

        Assert.That(target, Is.EqualTo(new TargetSpec("普惠型小微企业贷款不良率容忍度", "ratio<=+", 3m, "个百分点", null, "各项贷款不良率")));
    }

    [Test]
    public void RateCut_Annualised()
    {
        var target = Read("落实好普惠小微贷款阶段性减息政策，对存续、新发放或到期的普惠小微贷款减息1个百分点（年化）。");

        Assert.That(target, Is.EqualTo(new TargetSpec("存续、新发放或到期的普惠小微贷款减息幅度（年化）", ">=", 1m, "个百分点", null, null)));
    }

    [Test]
    public void Sentence_WithPageBreak_EvidenceSpansTheBreak()
    {
        const string sentence = "各金融机构适当提高住宿、餐饮等行业的不良贷款\n\n容忍度，幅度不超过3个百分点。";
        var parsed = TargetParser.Parse(sentence)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Target, Is.EqualTo(new TargetSpec("住宿、餐饮等行业不良贷款容忍度提高幅度", "<=", 3m, "个百分点", null, null)));
            Assert.That(parsed.Evidence.Text, Does.StartWith("提高住宿").And.EndWith("3个百分点"));
            Assert.That(sentence.Substring(parsed.Evidence.Start, parsed.Evidence.Length), Is.EqualTo(parsed.Evidence.Text));
        });
    }

    [TestCase("保持信贷余额较同期持续稳步增长。")]
    [TestCase("继续实现普惠型小微企业贷款“两增”目标，确保个体工商户贷款增量扩面。")]
    [TestCase("商业银行要确保全年新增普惠型小微企业贷款增长。")]
    [TestCase("对单户授信总额1000万元及以下的小微企业贷款给予支持。")]
    [TestCase("对不超过500万元的贷款给予贴息。")]
    [TestCase("截至2023年末，全市普惠贷款余额达5000亿元，同比增长20%。")]
    [TestCase("自2020年初疫情发生以来，已通过该模式为上游超过700家涉农小企业成功发放贷款。")]
    [TestCase("将纾困融资工作机制延续至2023年12月底。")]
    [TestCase("于文发之后十日内把贯彻落实措施报送我局。")]
    [TestCase("本措施执行期暂定为自发布之日起期限6个月，实行“周报制”")]
    [TestCase("贯彻落实《上海银行业保险业支持上海科创中心建设的行动方案（2022-2025年）》工作要求。")]
    [TestCase("联系电话：0355—8089936")]
    [TestCase("单户授信总额1000万元（含）以下的普惠型小微企业贷款")]
    [TestCase("确保2024年普惠型小微企业贷款实现“两增”目标。")]
    [TestCase("服务质量要高于行业平均水平")]
    [TestCase("上海银行一周内通过在线供应链金融平台放款近5亿元。")]
    [TestCase("本轮疫情发生以来，日均服务客户数量达平日2倍以上。")]
    [TestCase("")]
    [TestCase("%%%亿元亿元突破突破以上")]
    public void NotTargets(string sentence)
    {
        Assert.That(TargetParser.Parse(sentence, 2023), Is.Null);
    }

    [Test]
    public void SeedTexts_GiveGoalsOnlyWhereTheSeedsHaveTargets()
    {
        var files = SeedFiles.Default();
        var stray = new List<string>();
        foreach (var seed in files.Circulars())
        {
            var targets = seed.Requirements.Where(r => r.Target is not null).Select(r => SeedSentences.Squeeze(r.Text)).ToList();
            foreach (var sentence in SeedSentences.Squeeze(files.CircularText(seed)).Split('。'))
            {
                foreach (var goal in TargetParser.ParseAll(sentence, seed.IssuedOn?.Year))
                {
                    var words = SeedSentences.Squeeze(goal.Evidence.Text);
                    if (!targets.Any(t => t.Contains(words, StringComparison.Ordinal) || words.Contains(t, StringComparison.Ordinal)))
                    {
                        stray.Add($"{seed.Key}: {goal.Evidence.Text}");
                    }
                }
            }
        }

        Assert.That(stray, Is.Empty);
    }

    [Test]
    public void NeverThrows_OnGarbageOrHugeInput()
    {
        var random = new Random(7);
        var alphabet = "力争年末2023至突破高于不高于以上以内各项贷款增速余额亿元万人%个百分点（年化）0123456789.一二三十百，。、《》 \n".ToCharArray();
        for (var i = 0; i < 300; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            Assert.DoesNotThrow(() => TargetParser.ParseAll(new string(chars), 2023));
        }

        var started = DateTime.UtcNow;
        Assert.Multiple(() =>
        {
            Assert.That(TargetParser.ParseAll(string.Concat(Enumerable.Repeat("力争年末普惠贷款余额突破11000亿元，", 20_000)), 2023), Is.Not.Empty);
            Assert.That(TargetParser.Parse(new string('9', 100_000) + "亿元以上"), Is.Null);
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }
}
