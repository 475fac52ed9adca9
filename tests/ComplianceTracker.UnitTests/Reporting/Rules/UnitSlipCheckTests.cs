using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.Reporting.Rules;

/// <summary>疑似单位错误: a 万元 figure ten times (or a tenth) of the last reported one is refused with both figures.</summary>
public class UnitSlipCheckTests
{
    private static readonly IndicatorInfo[] Indicators =
    [
        new("LOAN_BAL", "各项贷款余额", "万元", 2, true),
        new("RATE", "平均利率", "%", 2, false),
        new("FIRMS", "贷款企业户数", "户", 0, false),
    ];

    private static List<ValidationFinding> Check(decimal? now, decimal? last, string code = "LOAN_BAL") =>
        UnitSlipCheck.Find(Indicators, new Dictionary<string, decimal?> { [code] = now }, last is null ? null : new Dictionary<string, decimal?> { [code] = last }).ToList();

    [Test]
    public void AFigureInYuan_IsRefused_WithBothFiguresAndTheUnit()
    {
        var findings = Check(10_303_402_500m, 1_028_340.30m);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Severity, Is.EqualTo(RuleSeverity.Error));
            Assert.That(findings[0].IndicatorCode, Is.EqualTo("LOAN_BAL"));
            Assert.That(findings[0].Message, Does.StartWith("疑似单位错误：上期 1,028,340.30 万元，本期 10,303,402,500，请按万元填报"));
        });
    }

    [TestCase(102_834.03, true, TestName = "A tenth of last time (亿元 typed as 万元) is refused")]
    [TestCase(10_283_403.0, true, TestName = "Exactly ten times is refused")]
    [TestCase(10_283_402.0, false, TestName = "Just under ten times passes")]
    [TestCase(1_100_000.0, false, TestName = "An ordinary week's change passes")]
    public void TheFactorIsTen(double now, bool refused) =>
        Assert.That(Check((decimal)now, 1_028_340.30m), refused ? Has.Count.EqualTo(1) : Is.Empty);

    [Test]
    public void WithoutALastReportedFigure_OrAtZero_NothingIsSaid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check(10_303_402_500m, null), Is.Empty, "no period reported before");
            Assert.That(Check(10_303_402_500m, 0m), Is.Empty, "nothing last time");
            Assert.That(Check(0m, 1_028_340.30m), Is.Empty, "nothing this time");
            Assert.That(Check(null, 1_028_340.30m), Is.Empty, "left empty: 请填写 is another rule's");
        });
    }

    [Test]
    public void OnlyWanYuanIndicators_AreChecked() =>
        Assert.Multiple(() =>
        {
            Assert.That(Check(500m, 2m, "RATE"), Is.Empty);
            Assert.That(Check(5000m, 20m, "FIRMS"), Is.Empty);
        });
}
