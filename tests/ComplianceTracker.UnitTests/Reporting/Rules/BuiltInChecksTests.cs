using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.Reporting.Rules;

/// <summary>The checks that come from indicator metadata alone, with no rule.</summary>
public class BuiltInChecksTests
{
    private static IReadOnlyList<ValidationFinding> Check(IndicatorInfo indicator, decimal? value) =>
        SubmissionValidator.Validate([indicator], [], new Dictionary<string, decimal?> { [indicator.Code] = value }, null);

    private static readonly IndicatorInfo Balance = new("LOAN_BAL", "各项贷款余额", "万元", 2, true);
    private static readonly IndicatorInfo Borrowers = new("FIRST_CNT", "本周新增首贷户数", "户", 0, true);
    private static readonly IndicatorInfo Ratio = new("NPL_RATIO", "各项贷款不良率", "%", 2, false);

    [Test]
    public void Validate_RequiredLeftEmpty_ReturnsErrorAskingForIt()
    {
        var finding = Check(Balance, null).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleCode, Is.Null);
            Assert.That(finding.IndicatorCode, Is.EqualTo("LOAN_BAL"));
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(finding.Message, Is.EqualTo("请填写“各项贷款余额”。"));
        });
    }

    [Test]
    public void Validate_RequiredMissingFromValues_ReturnsError()
    {
        var findings = SubmissionValidator.Validate([Balance], [], new Dictionary<string, decimal?>(), null);

        Assert.That(findings.Single().Message, Is.EqualTo("请填写“各项贷款余额”。"));
    }

    [Test]
    public void Validate_OptionalLeftEmpty_ReturnsNothing()
    {
        Assert.That(Check(Ratio, null), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(12)]
    [TestCase(12.000)]
    public void Validate_WholeCount_ReturnsNothing(decimal value)
    {
        Assert.That(Check(Borrowers, value), Is.Empty);
    }

    [TestCase(-3, "“本周新增首贷户数”应为不小于0的整数，填写的是-3户。")]
    [TestCase(2.5, "“本周新增首贷户数”应为不小于0的整数，填写的是2.5户。")]
    [TestCase(12345.25, "“本周新增首贷户数”应为不小于0的整数，填写的是12,345.25户。")]
    public void Validate_CountNotWholeOrNegative_ReturnsOneError(decimal value, string expected)
    {
        var finding = Check(Borrowers, value).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(finding.Message, Is.EqualTo(expected));
        });
    }

    [TestCase("笔")]
    [TestCase("个")]
    [TestCase("家")]
    public void Validate_OtherCountUnits_AreWholeNumbers(string unit)
    {
        var indicator = new IndicatorInfo("N", "数量", unit, 0, false);

        Assert.That(Check(indicator, -1m).Single().Message, Is.EqualTo($"“数量”应为不小于0的整数，填写的是-1{unit}。"));
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(3.25)]
    public void Validate_PercentInRange_ReturnsNothing(decimal value)
    {
        Assert.That(Check(Ratio, value), Is.Empty);
    }

    [TestCase(100.01, "“各项贷款不良率”应在0%到100%之间，填写的是100.01%。")]
    [TestCase(-0.5, "“各项贷款不良率”应在0%到100%之间，填写的是-0.50%。")]
    public void Validate_PercentOutOfRange_ReturnsError(decimal value, string expected)
    {
        var finding = Check(Ratio, value).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(finding.Message, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Validate_TooManyDecimals_ReturnsErrorShowingWhatWasEntered()
    {
        var finding = Check(Balance, 1234.567m).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(finding.Message, Is.EqualTo("“各项贷款余额”最多保留2位小数，填写的是1,234.567万元。"));
        });
    }

    [Test]
    public void Validate_TrailingZerosBeyondDecimals_AreFine()
    {
        Assert.That(Check(Balance, 1234.5000m), Is.Empty);
    }

    [Test]
    public void Validate_ZeroDecimalsOnAnAmount_AsksForAWholeNumber()
    {
        var indicator = new IndicatorInfo("X", "项目金额", "万元", 0, false);

        Assert.That(Check(indicator, 1.5m).Single().Message, Is.EqualTo("“项目金额”应为整数，填写的是1.5万元。"));
    }

    [Test]
    public void Validate_PercentOutOfRangeAndTooPrecise_ReportsBoth()
    {
        Assert.That(Check(Ratio, 150.123m).Select(f => f.Message), Is.EqualTo(new[]
        {
            "“各项贷款不良率”应在0%到100%之间，填写的是150.123%。",
            "“各项贷款不良率”最多保留2位小数，填写的是150.123%。",
        }));
    }

    [TestCase("万元")]
    [TestCase("亿元")]
    [TestCase("元")]
    public void Validate_NegativeAmount_ReturnsWarningOnly(string unit)
    {
        var indicator = new IndicatorInfo("BAL", "贷款余额", unit, 2, true);

        var finding = Check(indicator, -1200m).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Warning));
            Assert.That(finding.IndicatorCode, Is.EqualTo("BAL"));
            Assert.That(finding.Message, Is.EqualTo($"“贷款余额”为负数（-1,200.00{unit}），请核实；如确因冲正等原因为负，请在说明中注明。"));
        });
    }

    [Test]
    public void Validate_NegativeInAnUnknownUnit_IsNotChecked()
    {
        var indicator = new IndicatorInfo("X", "增速", "百分点", 2, false);

        Assert.That(Check(indicator, -3.5m), Is.Empty);
    }
}
