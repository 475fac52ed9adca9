using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.FormAuthoring;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.FormAuthoring;

/// <summary>The as-you-type rule check and the 异常变动 change limit.</summary>
public class RuleCheckAndChangeLimitTests
{
    private static readonly List<string> Codes = ["LOAN_BAL", "LOAN_NEW"];

    [Test]
    public void Check_WholeRule_IsSplitIntoItsSides()
    {
        var result = FormRuleCheck.Check(new CheckRuleRequest("LOAN_NEW <= LOAN_BAL * 1.1", Codes));

        Assert.That(result, Is.EqualTo(new CheckRuleResult(true, null, null, "LOAN_NEW", "<=", "LOAN_BAL * 1.1")));
    }

    [Test]
    public void Check_RightSideBroken_GivesMessageAndPositionInTheWholeText()
    {
        var result = FormRuleCheck.Check(new CheckRuleRequest("LOAN_NEW <= LOAN_BAL +", Codes));

        Assert.Multiple(() =>
        {
            Assert.That(result.Valid, Is.False);
            Assert.That(result.Message, Does.StartWith("右边：").And.Contain("缺少数字或指标代码"));
            Assert.That(result.Position, Is.EqualTo("LOAN_NEW <= LOAN_BAL +".Length));
        });
    }

    [Test]
    public void Check_UnknownCode_NamesItAndWhere()
    {
        var result = FormRuleCheck.Check(new CheckRuleRequest("LOAN_NEW <= PHXW_BAL", Codes));

        Assert.Multiple(() =>
        {
            Assert.That(result.Message, Does.Contain("PHXW_BAL").And.Contain("不是本报表的指标"));
            Assert.That(result.Position, Is.EqualTo(12));
        });
    }

    [Test]
    public void Check_TwoComparisons_Refused()
    {
        var result = FormRuleCheck.Check(new CheckRuleRequest("LOAN_NEW <= LOAN_BAL <= 5", Codes));

        Assert.Multiple(() =>
        {
            Assert.That(result.Valid, Is.False);
            Assert.That(result.Position, Is.EqualTo(21));
        });
    }

    private static readonly IndicatorInfo Limited = new("LOAN_BAL", "各项贷款余额", "万元", 2, true, new ChangeLimit(50, 30));

    private static List<ValidationFinding> Change(decimal now, decimal last, IndicatorInfo? indicator = null) =>
        ChangeLimitCheck.Find([indicator ?? Limited], new Dictionary<string, decimal?> { ["LOAN_BAL"] = now }, new Dictionary<string, decimal?> { ["LOAN_BAL"] = last }).ToList();

    [Test]
    public void ChangeLimit_RiseAboveLimit_WarnsInClerkWords()
    {
        var finding = Change(1652, 1000).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Warning));
            Assert.That(finding.IndicatorCode, Is.EqualTo("LOAN_BAL"));
            Assert.That(finding.Message, Does.StartWith("“各项贷款余额”较上期增长 65.2%，超过异常变动上限 50%，请核实或填写说明"));
            Assert.That(finding.Message, Does.Contain("上期 1,000.00万元").And.Contain("本期 1,652.00万元"));
        });
    }

    [Test]
    public void ChangeLimit_FallBeyondDownLimitAsError_IsAnError()
    {
        var finding = Change(600, 1000, Limited with { ChangeLimit = new ChangeLimit(null, 30, RuleSeverity.Error) }).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(finding.Message, Does.Contain("较上期下降 40%，超过异常变动上限 30%"));
        });
    }

    [TestCase(1500, 1000)]
    [TestCase(700, 1000)]
    [TestCase(5, 0)]
    public void ChangeLimit_WithinLimitsOrNoBase_FindsNothing(decimal now, decimal last)
    {
        Assert.That(Change(now, last), Is.Empty);
    }

    [Test]
    public void ChangeLimit_NoLastPeriod_FindsNothing()
    {
        Assert.That(ChangeLimitCheck.Find([Limited], new Dictionary<string, decimal?> { ["LOAN_BAL"] = 9999 }, null), Is.Empty);
    }
}
