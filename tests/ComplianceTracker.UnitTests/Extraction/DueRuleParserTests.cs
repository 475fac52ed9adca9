using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

public class DueRuleParserTests
{
    internal static DueRule Read(string sentence)
    {
        var parsed = DueRuleParser.Parse(sentence);
        Assert.That(parsed, Is.Not.Null, sentence);
        return parsed!.Value.Rule;
    }

    [TestCaseSource(typeof(SeedSentences), nameof(SeedSentences.WithDueRules))]
    public void SeedDueRule_IsReadFromItsRequirementText(string key, RequirementSeed requirement, string sentence, int? year)
    {
        var expected = requirement.DueRule!;
        var rule = Read(requirement.Text);

        Assert.Multiple(() =>
        {
            Assert.That(rule with { Assumed = null, Source = null }, Is.EqualTo(expected with { Assumed = null, Source = null, WeekStart = rule.WeekStart }));
            Assert.That(SeedSentences.Squeeze(rule.Source!), Is.EqualTo(SeedSentences.Squeeze(expected.Source!)));
            if (expected.Assumed is null)
            {
                Assert.That(rule.Assumed, Is.Null);
            }
            else
            {
                // The parser states the default it chose; what the circular's metadata lacks (its issue date) is the caller's to add.
                Assert.That(expected.Assumed, Does.StartWith(rule.Assumed ?? "(none)"));
            }
        });
    }

    [TestCaseSource(typeof(SeedSentences), nameof(SeedSentences.WithDueRules))]
    public void SeedDueRule_IsReadFromTheWholeSentence(string key, RequirementSeed requirement, string sentence, int? year)
    {
        var rule = Read(sentence);

        Assert.That(rule with { Assumed = null, Source = null }, Is.EqualTo(requirement.DueRule! with { Assumed = null, Source = null }));
    }

    [Test]
    public void SeedWeeklyRegime_WithTheIssueDateNote_MatchesTheSeedWordForWord()
    {
        var seed = SeedFiles.Default().Circulars().Single(c => c.Key == "shangdang-2022-20");
        var requirement = seed.Requirements.Single(r => r.DueRule is not null);
        var rule = DueRuleParser.NoteUnknownIssueDate(Read(requirement.Text), requirement.Text, seed.IssuedOnText);

        Assert.That(rule with { WeekStart = null }, Is.EqualTo(requirement.DueRule));
    }

    [Test]
    public void IssueDateNote_OnAOneOffDeadline()
    {
        var rule = DueRuleParser.NoteUnknownIssueDate(Read("于文发之后十日内报送。"), "于文发之后十日内报送。");

        Assert.That(rule.Assumed, Is.EqualTo("按发文日期起算，但文中未载明发布日期，需监管员补录发布日期"));
    }

    [Test]
    public void IssueDateNote_LeavesOtherRulesAlone()
    {
        var rule = Read("收到本通知后5个工作日内报送。");

        Assert.That(DueRuleParser.NoteUnknownIssueDate(rule, "收到本通知后5个工作日内报送。", "2022"), Is.SameAs(rule));
    }

    [Test]
    public void TenDaysAfterIssue_FromSeed001()
    {
        const string sentence = "各银行保险机构党委和纪委要把改进金融服务作为“一把手工程”来抓，并于文发之后十日内把贯彻落实措施报送我局机构监管处和普惠金融处。";
        var parsed = DueRuleParser.Parse(sentence, 100)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Rule, Is.EqualTo(new DueRule { Frequency = DueFrequency.Once, Anchor = DueAnchor.IssueDate, Offset = 10, Unit = DueUnit.NaturalDays, Source = "于文发之后十日内" }));
            Assert.That(parsed.Evidence.Text, Is.EqualTo("于文发之后十日内"));
            Assert.That(parsed.Evidence.Start, Is.EqualTo(100 + sentence.IndexOf("于文发", StringComparison.Ordinal)));
            Assert.That(parsed.Evidence.Length, Is.EqualTo("于文发之后十日内".Length));
        });
    }

    [TestCase("请各机构于本通知印发之日起15个工作日内报送自查报告。", DueAnchor.IssueDate, 15, DueUnit.WorkingDays)]
    [TestCase("自本通知印发之日起3个月内完成整改。", DueAnchor.IssueDate, 3, DueUnit.Months)]
    [TestCase("收到本通知后5个工作日内将联系人名单报送我局。", DueAnchor.ReceiptDate, 5, DueUnit.WorkingDays)]
    [TestCase("请于收到本通知之日起十五日内反馈意见。", DueAnchor.ReceiptDate, 15, DueUnit.NaturalDays)]
    [TestCase("各机构应在本通知下发后30天内完成系统改造。", DueAnchor.IssueDate, 30, DueUnit.NaturalDays)]
    [TestCase("自发文之日起两个月内完成清理。", DueAnchor.IssueDate, 2, DueUnit.Months)]
    [TestCase("本通知发布后2周内报送方案。", DueAnchor.IssueDate, 14, DueUnit.NaturalDays)]
    public void RelativeDeadlines(string sentence, DueAnchor anchor, int offset, DueUnit unit)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.Once));
            Assert.That(rule.Anchor, Is.EqualTo(anchor));
            Assert.That(rule.Offset, Is.EqualTo(offset));
            Assert.That(rule.Unit, Is.EqualTo(unit));
            Assert.That(rule.Assumed, Is.Null);
            Assert.That(sentence, Does.Contain(rule.Source));
        });
    }

    [Test]
    public void RelativeDeadline_WithFullWidthDigitsAndTime()
    {
        var rule = Read("请于本通知印发之日起１０个工作日内（17:00前）报送。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.Offset, Is.EqualTo(10));
            Assert.That(rule.Unit, Is.EqualTo(DueUnit.WorkingDays));
            Assert.That(rule.TimeOfDay, Is.EqualTo(new TimeOnly(17, 0)));
        });
    }

    [TestCase("请于2024年6月30日前完成整改并报送整改报告。", 2024, 6, 30)]
    [TestCase("各机构应于2023年12月底前完成存量业务清理。", 2023, 12, 31)]
    [TestCase("2023年底前完成系统上线。", 2023, 12, 31)]
    [TestCase("于2024年2月末前报送。", 2024, 2, 29)]
    [TestCase("请于二〇二四年三月一日前报送。", 2024, 3, 1)]
    [TestCase("请于２０２４年６月３０日之前报送。", 2024, 6, 30)]
    [TestCase("请各单位于2024年3月15日（星期五）前将自查报告报送至邮箱。", 2024, 3, 15)]
    public void FixedDates(string sentence, int year, int month, int day)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.Once));
            Assert.That(rule.Anchor, Is.EqualTo(DueAnchor.FixedDate));
            Assert.That(rule.FixedDate, Is.EqualTo(new DateOnly(year, month, day)));
            Assert.That(rule.Assumed, Is.Null);
        });
    }

    [Test]
    public void FixedDate_WithTimeOfDay()
    {
        var rule = Read("请于2024年6月30日17:00前通过系统报送。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.FixedDate, Is.EqualTo(new DateOnly(2024, 6, 30)));
            Assert.That(rule.TimeOfDay, Is.EqualTo(new TimeOnly(17, 0)));
            Assert.That(rule.Source, Is.EqualTo("于2024年6月30日17:00前"));
        });
    }

    [Test]
    public void YearlyDate_NotAtMonthEnd_IsCountedInDaysAndSaysSo()
    {
        var rule = Read("每年1月20日前报送上年度数据。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.Yearly));
            Assert.That(rule.Offset, Is.EqualTo(20));
            Assert.That(rule.Unit, Is.EqualTo(DueUnit.NaturalDays));
            Assert.That(rule.Assumed, Does.Contain("闰年"));
        });
    }

    [Test]
    public void WithinDays_WithNoStart_CountsFromIssueAndSaysSo()
    {
        var rule = Read("请在10个工作日内报送整改报告。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.Anchor, Is.EqualTo(DueAnchor.IssueDate));
            Assert.That(rule.Offset, Is.EqualTo(10));
            Assert.That(rule.Unit, Is.EqualTo(DueUnit.WorkingDays));
            Assert.That(rule.Assumed, Does.Contain("未写明起算日"));
        });
    }

    [Test]
    public void QuarterEnd_IsAFixedDate()
    {
        Assert.That(Read("2024年第一季度末前完成系统改造。").FixedDate, Is.EqualTo(new DateOnly(2024, 3, 31)));
    }

    [Test]
    public void SeedTexts_GiveDueRulesOnlyWhereTheSeedsHaveThem()
    {
        var files = SeedFiles.Default();
        var stray = new List<string>();
        foreach (var seed in files.Circulars())
        {
            var dated = seed.Requirements.Where(r => r.DueRule is not null).Select(r => SeedSentences.Squeeze(r.Text)).ToList();
            foreach (var sentence in SeedSentences.Squeeze(files.CircularText(seed)).Split('。'))
            {
                if (DueRuleParser.Parse(sentence) is { } found && !dated.Any(d => d.Contains(SeedSentences.Squeeze(found.Evidence.Text), StringComparison.Ordinal)))
                {
                    stray.Add($"{seed.Key}: {found.Evidence.Text} in {sentence}");
                }
            }
        }

        Assert.That(stray, Is.Empty);
    }

    [Test]
    public void FixedDate_WithoutYear_LeavesTheDateToTheSupervisor()
    {
        var rule = Read("请于6月30日前报送自查报告。");

        Assert.Multiple(() =>
        {
            Assert.That(rule.Anchor, Is.EqualTo(DueAnchor.FixedDate));
            Assert.That(rule.FixedDate, Is.Null);
            Assert.That(rule.Assumed, Does.Contain("未写明年份"));
            Assert.That(rule.Source, Is.EqualTo("于6月30日前"));
        });
    }

    [TestCase("本措施执行期暂定为自发布之日起期限6个月，实行“周报制”")]
    [TestCase("实行'周报制'。")]
    [TestCase("实行\"周报制\"")]
    public void WeeklyRegime_DefaultsToMondayNoon(string sentence)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.Weekly));
            Assert.That(rule.Anchor, Is.EqualTo(DueAnchor.PeriodEnd));
            Assert.That(rule.Offset, Is.EqualTo(1));
            Assert.That(rule.Unit, Is.EqualTo(DueUnit.NaturalDays));
            Assert.That(rule.TimeOfDay, Is.EqualTo(new TimeOnly(12, 0)));
            Assert.That(rule.Assumed, Does.Contain("默认次周一12:00前报送"));
            Assert.That(rule.Source, Does.StartWith("实行").And.Contain("周报制"));
        });
    }

    [Test]
    public void WeeklyRegime_TermBecomesDuration()
    {
        var rule = Read("本措施执行期暂定为自发布之日起期限6个月，实行“周报制”");

        Assert.Multiple(() =>
        {
            Assert.That(rule.DurationMonths, Is.EqualTo(6));
            Assert.That(rule.Source, Is.EqualTo("实行“周报制”"));
        });
    }

    [TestCase("各机构应于每周一12:00前报送上周数据。", DueFrequency.Weekly, 1, DueUnit.NaturalDays, 12, 0)]
    [TestCase("每季度结束后15日内报送季度统计表。", DueFrequency.Quarterly, 15, DueUnit.NaturalDays, null, null)]
    [TestCase("请于次月第3个工作日17:00前报送上月数据。", DueFrequency.Monthly, 3, DueUnit.WorkingDays, 17, 0)]
    [TestCase("每月结束后5个工作日内上报月度报表。", DueFrequency.Monthly, 5, DueUnit.WorkingDays, null, null)]
    [TestCase("请于每月10日前报送上月业务数据.", DueFrequency.Monthly, 10, DueUnit.NaturalDays, null, null)]
    [TestCase("每半年结束后30日内报送半年度报告。", DueFrequency.HalfYearly, 30, DueUnit.NaturalDays, null, null)]
    [TestCase("每年4月30日前报送上年度社会责任报告。", DueFrequency.Yearly, 4, DueUnit.Months, null, null)]
    [TestCase("每季后十日内下午5点前报送。", DueFrequency.Quarterly, 10, DueUnit.NaturalDays, 17, 0)]
    [TestCase("每周五12时前报送本周情况。", DueFrequency.Weekly, -2, DueUnit.NaturalDays, 12, 0)]
    [TestCase("各银行应于每季度终了后20日内向人民银行报送季度报告。", DueFrequency.Quarterly, 20, DueUnit.NaturalDays, null, null)]
    [TestCase("各法人银行机构应于每年3月31日前报送上一年度的年度报告。", DueFrequency.Yearly, 3, DueUnit.Months, null, null)]
    [TestCase("于每月第5个工作日前报送上月数据。", DueFrequency.Monthly, 5, DueUnit.WorkingDays, null, null)]
    [TestCase("各机构应于每月结束后10日内,通过系统报送上月数据。", DueFrequency.Monthly, 10, DueUnit.NaturalDays, null, null)]
    [TestCase("按月报送,每月8日17:30前完成。", DueFrequency.Monthly, 8, DueUnit.NaturalDays, 17, 30)]
    [TestCase("银行应当在季度结束后30日内披露季度信息。", DueFrequency.Quarterly, 30, DueUnit.NaturalDays, null, null)]
    [TestCase("各机构要按季向当地监管部门报送监测报表，于季后10日内报送。", DueFrequency.Quarterly, 10, DueUnit.NaturalDays, null, null)]
    [TestCase("各机构应于每季度结束后次月15日前报送本季度监测表。", DueFrequency.Quarterly, 15, DueUnit.NaturalDays, null, null)]
    [TestCase("按季度报送，季后首月15日前。", DueFrequency.Quarterly, 15, DueUnit.NaturalDays, null, null)]
    [TestCase("请于每月初5个工作日内报送上月情况。", DueFrequency.Monthly, 5, DueUnit.WorkingDays, null, null)]
    [TestCase("于每半年结束后20个工作日内报送半年度工作总结。", DueFrequency.HalfYearly, 20, DueUnit.WorkingDays, null, null)]
    [TestCase("各法人机构应于每年度结束后4个月内报送年度报告。", DueFrequency.Yearly, 4, DueUnit.Months, null, null)]
    [TestCase("报送时间为每周五下午3点前。", DueFrequency.Weekly, 5, DueUnit.NaturalDays, 15, 0)]
    // The deadline rules real circulars use: working days from the period's end, 季后, 旬后.
    [TestCase("各机构应于月后第二个工作日报送上月数据。", DueFrequency.Monthly, 2, DueUnit.WorkingDays, null, null)]
    [TestCase("各机构应于每月前5个工作日内报送上月业务数据。", DueFrequency.Monthly, 5, DueUnit.WorkingDays, null, null)]
    [TestCase("请于季后15日内报送本季度情况。", DueFrequency.Quarterly, 15, DueUnit.NaturalDays, null, null)]
    [TestCase("每季度结束后10个工作日内报送季度监测表。", DueFrequency.Quarterly, 10, DueUnit.WorkingDays, null, null)]
    [TestCase("各机构应于旬后3日内报送旬报。", DueFrequency.TenDay, 3, DueUnit.NaturalDays, null, null)]
    [TestCase("实行旬报制，每旬结束后2个工作日内报送。", DueFrequency.TenDay, 2, DueUnit.WorkingDays, null, null)]
    public void RecurringRegimes(string sentence, DueFrequency frequency, int offset, DueUnit unit, int? hour, int? minute)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(frequency));
            Assert.That(rule.Anchor, Is.EqualTo(DueAnchor.PeriodEnd));
            Assert.That(rule.Offset, Is.EqualTo(offset));
            Assert.That(rule.Unit, Is.EqualTo(unit));
            Assert.That(rule.TimeOfDay, Is.EqualTo(hour is null ? null : new TimeOnly(hour.Value, minute!.Value)));
            Assert.That(rule.Assumed, Is.Null);
        });
    }

    [TestCase("请各机构按月报送统计数据。", DueFrequency.Monthly, 10, DueUnit.NaturalDays)]
    [TestCase("实行月报制。", DueFrequency.Monthly, 10, DueUnit.NaturalDays)]
    [TestCase("按季度报送工作进展情况。", DueFrequency.Quarterly, 15, DueUnit.NaturalDays)]
    [TestCase("每半年向我局报告一次落实情况。", DueFrequency.HalfYearly, 1, DueUnit.Months)]
    [TestCase("每年向监管部门报送年度工作总结。", DueFrequency.Yearly, 1, DueUnit.Months)]
    [TestCase("每周一次向我局报送舆情监测情况。", DueFrequency.Weekly, 1, DueUnit.NaturalDays)]
    public void RecurringRegimes_WithoutTime_StateTheDefault(string sentence, DueFrequency frequency, int offset, DueUnit unit)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(frequency));
            Assert.That(rule.Offset, Is.EqualTo(offset));
            Assert.That(rule.Unit, Is.EqualTo(unit));
            Assert.That(rule.Assumed, Does.StartWith("文中未规定").And.Contain("默认"));
        });
    }

    [TestCase("下午5点前", 17, 0)]
    [TestCase("12时前", 12, 0)]
    [TestCase("17:30前", 17, 30)]
    [TestCase("17：00前", 17, 0)]
    [TestCase("上午九点半前", 9, 30)]
    public void TimesOfDay(string time, int hour, int minute)
    {
        var rule = Read($"请于每周一{time}报送上周数据。");

        Assert.That(rule.TimeOfDay, Is.EqualTo(new TimeOnly(hour, minute)));
    }

    [TestCase("每周五17:00前报送本周（上周六至本周五）数据。", DayOfWeek.Saturday, 0)]
    [TestCase("统计周期为上周六至本周五，于每周一12:00前报送。", DayOfWeek.Saturday, 3)]
    [TestCase("统计周期为周日至周六，每周一报送上周数据。", DayOfWeek.Sunday, 2)]
    public void WeeklyRegime_OwnWeek(string sentence, DayOfWeek weekStart, int offset)
    {
        var rule = Read(sentence);

        Assert.Multiple(() =>
        {
            Assert.That(rule.Frequency, Is.EqualTo(DueFrequency.Weekly));
            Assert.That(rule.WeekStart, Is.EqualTo(weekStart));
            Assert.That(rule.Offset, Is.EqualTo(offset));
        });
    }

    [TestCase("周报执行期为一年，实行周报制。", 12)]
    [TestCase("实行“月报制”，为期3个月。", 3)]
    public void RecurringRegime_Term(string sentence, int months)
    {
        Assert.That(Read(sentence).DurationMonths, Is.EqualTo(months));
    }

    [TestCase("请各机构尽快完成整改。")]
    [TestCase("要及时向属地和行业主管部门报备相关信息。")]
    [TestCase("定期开展应急处置演练，及时报送有关情况。")]
    [TestCase("本单位疫情防控机构要对外出人员登记造册并每日汇总本单位涉疫地区来温人员情况。")]
    [TestCase("将纾困融资工作机制延续至2023年12月底，拓宽纾困融资行业领域。")]
    [TestCase("力争2023年绿色融资余额突破1.2万亿元。")]
    [TestCase("力争年末普惠贷款余额突破11000亿元")]
    [TestCase("纳入年度重点工作考核。")]
    [TestCase("严格执行重大事项报告制度和信贷相关政策。")]
    [TestCase("本通知自印发之日起施行。")]
    [TestCase("本措施执行期暂定为自发布之日起期限6个月。")]
    [TestCase("截至2023年6月30日，全市贷款余额增长12%。")]
    [TestCase("第四季度到期的小微企业贷款，鼓励银行业金融机构延期还本付息。")]
    [TestCase("对2023年12月31日前到期的贷款，可延期还本付息。")]
    [TestCase("对3月1日前发放的贷款不得抽贷。")]
    [TestCase("各机构须在每个工作日17:00前报送当日数据。")]
    [TestCase("对按月付息的贷款，银行应加强贷后管理，相关风险情况纳入日常监测，发现重大风险时按重大事项报告制度处理。")]
    [TestCase("对2023年3月1日前发布的产品进行清理。")]
    [TestCase("发生重大事件后2小时内报告。")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("“周报")]
    [TestCase("于于于于于于年年年月月月日日日前前前")]
    public void NotDueRules(string sentence)
    {
        Assert.That(DueRuleParser.Parse(sentence), Is.Null);
    }

    [Test]
    public void NeverThrows_OnGarbageOrHugeInput()
    {
        var random = new Random(42);
        var alphabet = "于自本通知印发之日起后内前个工作日月年季度周每报送制“”\"'0123456789一二三四五六七八九十:：，。 \n(（）)".ToCharArray();
        for (var i = 0; i < 300; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            Assert.DoesNotThrow(() => DueRuleParser.Parse(new string(chars)));
        }

        var huge = string.Concat(Enumerable.Repeat("于文发之后十日内报送，", 50_000));
        var started = DateTime.UtcNow;
        Assert.Multiple(() =>
        {
            Assert.That(DueRuleParser.Parse(huge), Is.Not.Null);
            Assert.That(DueRuleParser.Parse(new string('9', 100_000) + "日内"), Is.Null);
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void BothParsers_OnRandomPhrases_NeverThrow_AndEvidenceMapsBack()
    {
        var random = new Random(1);
        var pieces = new[] { "于", "自", "本通知", "印发", "之日起", "后", "内", "前", "个工作日", "日", "月", "年", "季度", "每", "周", "报送", "制", "“", "”", "'", "0", "12", "2023", "十", "两", "点", "半", ":", "：", "，", "。", "、", "（", "）", "(", ")", "《", "》", "突破", "高于", "不高于", "以上", "以内", "亿元", "万人", "%", "个百分点", "增速", "各项贷款", "余额", "力争", "年末", "至", "较", "幅度", "提高", "减息", "支持", "为", "累计投放", "年均", "同比增长", "\n", " ", "1.5", "1,000", "百分之", "≥", "次月", "第", "结束", "披露", "收到", "底", "末", "已", "截至" };
        for (var i = 0; i < 3000; i++)
        {
            var s = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                if (DueRuleParser.Parse(s, 2) is { } d)
                {
                    Assert.That(s.Substring(d.Evidence.Start - 2, d.Evidence.Length), Is.EqualTo(d.Evidence.Text));
                    Assert.That(d.Rule.Source, Is.EqualTo(d.Evidence.Text));
                }

                foreach (var t in TargetParser.ParseAll(s, random.Next(2) == 0 ? null : 2023, 3))
                {
                    Assert.That(s.Substring(t.Evidence.Start - 3, t.Evidence.Length), Is.EqualTo(t.Evidence.Text));
                    Assert.That(t.Target.Metric, Is.Not.Null);
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"{s}: {e}");
            }
        }
    }
}
