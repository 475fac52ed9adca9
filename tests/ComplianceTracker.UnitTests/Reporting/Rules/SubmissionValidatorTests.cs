using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.Reporting.Rules;

/// <summary>Rules over a submission: which fire, which are skipped, and what the reporter reads.</summary>
public class SubmissionValidatorTests
{
    private static readonly IReadOnlyList<IndicatorInfo> Indicators =
    [
        new("LOAN_BAL", "各项贷款余额", "万元", 2, false),
        new("LOAN_NEW", "本周各项贷款新发放额", "万元", 2, false),
        new("PHXW_BAL", "普惠型小微企业贷款余额", "万元", 2, false),
        new("PHXW_NEW", "本周新增普惠型小微企业贷款", "万元", 2, false),
        new("PHXW_CNT", "普惠型小微企业贷款户数", "户", 0, false),
        new("NPL_RATIO", "各项贷款不良率", "%", 2, false),
        new("AFFECTED_NPL_RATIO", "受疫情影响严重行业贷款不良率", "%", 2, false),
    ];

    private static IReadOnlyList<ValidationFinding> Validate(
        IReadOnlyDictionary<string, decimal?> values,
        IReadOnlyDictionary<string, decimal?>? previous,
        params RuleDefinition[] rules) => SubmissionValidator.Validate(Indicators, rules, values, previous);

    private static RuleDefinition Rule(string left, string op, string right, RuleSeverity severity = RuleSeverity.Error, string? message = null) =>
        new("R01", left, op, right, severity, message);

    [Test]
    public void Validate_NewAboveBalance_ReturnsErrorNamingBoth()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_NEW"] = 1200m, ["PHXW_BAL"] = 1000m };

        var findings = Validate(values, null, Rule("PHXW_NEW", "<=", "PHXW_BAL"));

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleCode, Is.EqualTo("R01"));
            Assert.That(findings[0].IndicatorCode, Is.EqualTo("PHXW_NEW"));
            Assert.That(findings[0].Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(findings[0].Message, Is.EqualTo("“本周新增普惠型小微企业贷款”（1,200.00万元）不应大于“普惠型小微企业贷款余额”（1,000.00万元）。"));
        });
    }

    [Test]
    public void Validate_NewWithinBalance_ReturnsNothing()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_NEW"] = 1000m, ["PHXW_BAL"] = 1000m };

        Assert.That(Validate(values, null, Rule("PHXW_NEW", "<=", "PHXW_BAL")), Is.Empty);
    }

    [TestCase("<=", 5, 4, "不应大于")]
    [TestCase("<", 4, 4, "应小于")]
    [TestCase(">=", 3, 4, "不应小于")]
    [TestCase(">", 4, 4, "应大于")]
    [TestCase("==", 3, 4, "应等于")]
    [TestCase("!=", 4, 4, "不应等于")]
    public void Validate_EachOperatorBroken_FiresWithItsWording(string op, decimal left, decimal right, string wording)
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = left, ["LOAN_NEW"] = right };

        var findings = Validate(values, null, Rule("LOAN_BAL", op, "LOAN_NEW"));

        Assert.That(findings.Single().Message, Is.EqualTo($"“各项贷款余额”（{left:0}.00万元）{wording}“本周各项贷款新发放额”（{right:0}.00万元）。"));
    }

    [TestCase("<=", 4, 4)]
    [TestCase("<=", 3, 4)]
    [TestCase("<", 3, 4)]
    [TestCase(">=", 4, 4)]
    [TestCase(">=", 5, 4)]
    [TestCase(">", 5, 4)]
    [TestCase("==", 4, 4)]
    [TestCase("!=", 3, 4)]
    public void Validate_EachOperatorHeld_ReturnsNothing(string op, decimal left, decimal right)
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = left, ["LOAN_NEW"] = right };

        Assert.That(Validate(values, null, Rule("LOAN_BAL", op, "LOAN_NEW")), Is.Empty);
    }

    [Test]
    public void Validate_EqualityIsExactOnDecimals()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 0.3m, ["LOAN_NEW"] = 0.1m, ["PHXW_BAL"] = 0.2m };

        Assert.That(Validate(values, null, Rule("LOAN_NEW + PHXW_BAL", "==", "LOAN_BAL")), Is.Empty);
    }

    [TestCase("PHXW_BAL")]
    [TestCase("PHXW_BAL + LOAN_BAL")]
    [TestCase("abs(PHXW_BAL)")]
    public void Validate_ValueLeftEmpty_SkipsTheRule(string left)
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_BAL"] = null, ["LOAN_BAL"] = -1m };

        Assert.That(Validate(values, null, Rule(left, ">", "1000000")).Where(f => f.RuleCode is not null), Is.Empty);
    }

    [Test]
    public void Validate_CodeMissingFromValues_SkipsTheRule()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 100m };

        Assert.That(Validate(values, null, Rule("LOAN_NEW", "<=", "LOAN_BAL - 1000")), Is.Empty);
    }

    [Test]
    public void Validate_DivisionByZero_SkipsTheRule()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_BAL"] = 10m, ["LOAN_BAL"] = 0m };

        Assert.That(Validate(values, null, Rule("PHXW_BAL / LOAN_BAL", "<=", "0.5")), Is.Empty);
    }

    [Test]
    public void Validate_PrevWithoutPreviousPeriod_SkipsTheRule()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1m };

        Assert.That(Validate(values, null, Rule("LOAN_BAL", ">=", "prev(LOAN_BAL) * 0.5")), Is.Empty);
    }

    [Test]
    public void Validate_PrevCodeEmptyInPreviousPeriod_SkipsTheRule()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1m };
        var previous = new Dictionary<string, decimal?> { ["LOAN_BAL"] = null };

        Assert.That(Validate(values, previous, Rule("LOAN_BAL", ">=", "prev(LOAN_BAL) * 0.5")), Is.Empty);
    }

    [Test]
    public void Validate_PrevBalanceHalved_WarnsWithBothPeriods()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 40m };
        var previous = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 400000m };

        var finding = Validate(values, previous, Rule("LOAN_BAL", ">=", "prev(LOAN_BAL) * 0.5", RuleSeverity.Warning)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Warning));
            Assert.That(finding.IndicatorCode, Is.EqualTo("LOAN_BAL"));
            Assert.That(finding.Message, Is.EqualTo("“各项贷款余额”（40.00万元）不应小于上期“各项贷款余额” × 0.5（计算结果200,000.00万元）。"));
        });
    }

    [Test]
    public void Validate_SinglePrevSide_IsNamedAsLastPeriod()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_CNT"] = 90m };
        var previous = new Dictionary<string, decimal?> { ["PHXW_CNT"] = 100m };

        var finding = Validate(values, previous, Rule("PHXW_CNT", ">=", "prev(PHXW_CNT)")).Single();

        Assert.That(finding.Message, Is.EqualTo("“普惠型小微企业贷款户数”（90户）不应小于上期“普惠型小微企业贷款户数”（100户）。"));
    }

    [Test]
    public void Validate_AbsTolerance_FiresOnlyOutsideTheBand()
    {
        var rule = Rule("abs(LOAN_BAL - prev(LOAN_BAL) - LOAN_NEW)", "<=", "LOAN_BAL * 0.05", RuleSeverity.Warning);
        var previous = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1000m };
        var inside = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1000m, ["LOAN_NEW"] = 50m };
        var outside = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1000m, ["LOAN_NEW"] = 51m };

        Assert.Multiple(() =>
        {
            Assert.That(Validate(inside, previous, rule), Is.Empty);
            Assert.That(Validate(outside, previous, rule).Single().Message, Is.EqualTo(
                "|“各项贷款余额” - 上期“各项贷款余额” - “本周各项贷款新发放额”|（计算结果51.00万元）不应大于“各项贷款余额” × 0.05（计算结果50.00万元）。"));
        });
    }

    [Test]
    public void Validate_GivenMessage_LeadsAndFiguresFollow()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_NEW"] = 1234567.8m, ["PHXW_BAL"] = 1000m };
        var rule = Rule("PHXW_NEW", "<=", "PHXW_BAL", message: "本周新增普惠型小微企业贷款不应大于其余额。");

        var finding = Validate(values, null, rule).Single();

        Assert.That(finding.Message, Is.EqualTo(
            "本周新增普惠型小微企业贷款不应大于其余额：“本周新增普惠型小微企业贷款”（1,234,567.80万元），“普惠型小微企业贷款余额”（1,000.00万元）。"));
    }

    [Test]
    public void Validate_RatioPlusPoints_ShowsPercentResult()
    {
        var values = new Dictionary<string, decimal?> { ["AFFECTED_NPL_RATIO"] = 6.5m, ["NPL_RATIO"] = 1.25m };

        var finding = Validate(values, null, Rule("AFFECTED_NPL_RATIO", "<=", "NPL_RATIO + 3", RuleSeverity.Warning)).Single();

        Assert.That(finding.Message, Is.EqualTo("“受疫情影响严重行业贷款不良率”（6.50%）不应大于“各项贷款不良率” + 3（计算结果4.25%）。"));
    }

    [Test]
    public void Validate_LiteralSide_IsShownAsWritten()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_NEW"] = 0m };

        var finding = Validate(values, null, Rule("PHXW_NEW", ">", "0")).Single();

        Assert.That(finding.Message, Is.EqualTo("“本周新增普惠型小微企业贷款”（0.00万元）应大于0。"));
    }

    [Test]
    public void Validate_ShareOfBalances_IsAPureNumberWithFourDecimals()
    {
        var values = new Dictionary<string, decimal?> { ["PHXW_BAL"] = 2m, ["LOAN_BAL"] = 3m };

        var finding = Validate(values, null, Rule("PHXW_BAL / LOAN_BAL", "<=", "0.5")).Single();

        Assert.That(finding.Message, Is.EqualTo("“普惠型小微企业贷款余额” ÷ “各项贷款余额”（计算结果0.6667）不应大于0.5。"));
    }

    [Test]
    public void Validate_FormulaKeepsNeededParentheses()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 10m, ["LOAN_NEW"] = 4m, ["PHXW_BAL"] = 1m };

        var finding = Validate(values, null, Rule("LOAN_BAL - (LOAN_NEW - PHXW_BAL)", "<", "-(LOAN_NEW + 1) * 2")).Single();

        Assert.That(finding.Message, Does.StartWith("“各项贷款余额” - (“本周各项贷款新发放额” - “普惠型小微企业贷款余额”)（计算结果7.00万元）应小于-(“本周各项贷款新发放额” + 1) × 2（计算结果-10.00万元）"));
    }

    [Test]
    public void Validate_IndicatorCodeIsTheFirstOnTheLeft_OrOnTheRightWhenTheLeftHasNone()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 10m, ["PHXW_BAL"] = 20m };

        var findings = SubmissionValidator.Validate(Indicators,
        [
            new RuleDefinition("R01", "2 * PHXW_BAL - LOAN_BAL", "<=", "LOAN_BAL", RuleSeverity.Error, null),
            new RuleDefinition("R02", "100", "<=", "LOAN_BAL", RuleSeverity.Warning, null),
        ], values, null);

        Assert.That(findings.Select(f => (f.RuleCode, f.IndicatorCode)), Is.EqualTo(new[] { ("R01", "PHXW_BAL"), ("R02", "LOAN_BAL") }));
    }

    [Test]
    public void Validate_CodeNotInIndicators_IsNamedByItsCode()
    {
        var values = new Dictionary<string, decimal?> { ["OTHER"] = 5m, ["LOAN_BAL"] = 1m };

        var finding = Validate(values, null, Rule("OTHER", "<=", "LOAN_BAL")).Single();

        Assert.That(finding.Message, Is.EqualTo("“OTHER”（5）不应大于“各项贷款余额”（1.00万元）。"));
    }

    [Test]
    public void Validate_BrokenRule_ThrowsNamingTheRule()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = 1m };

        Assert.That(() => Validate(values, null, Rule("LOAN_BAL", "=>", "0")),
            Throws.TypeOf<RuleSyntaxException>().With.Message.StartsWith("规则“R01”的运算符“=>”无效"));
    }

    [Test]
    public void Validate_FindingsComeInOrder_BuiltInsThenRules()
    {
        var values = new Dictionary<string, decimal?> { ["LOAN_BAL"] = -5m, ["LOAN_NEW"] = 1m, ["PHXW_CNT"] = 1.5m };

        var findings = Validate(values, null, Rule("LOAN_NEW", "<=", "LOAN_BAL"));

        Assert.That(findings.Select(f => (f.RuleCode, f.IndicatorCode, f.Severity)), Is.EqualTo(new (string?, string?, RuleSeverity)[]
        {
            (null, "LOAN_BAL", RuleSeverity.Warning),
            (null, "PHXW_CNT", RuleSeverity.Error),
            ("R01", "LOAN_NEW", RuleSeverity.Error),
        }));
    }
}
