using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.Reporting.Rules;

/// <summary>The expression language: parsing, evaluation and the errors an administrator sees when editing a rule.</summary>
public class RuleExpressionTests
{
    private static readonly HashSet<string> Codes = ["LOAN_BAL", "LOAN_NEW", "PHXW_BAL", "PHXW_NEW", "A", "B", "C"];

    private static readonly Dictionary<string, decimal?> Values = new()
    {
        ["A"] = 2m,
        ["B"] = 3m,
        ["C"] = 4m,
        ["LOAN_BAL"] = 1000m,
        ["EMPTY"] = null,
        ["ZERO"] = 0m,
    };

    private static readonly Dictionary<string, decimal?> Previous = new() { ["A"] = 10m, ["LOAN_BAL"] = 900m };

    private static decimal? Eval(string expression) => RuleExpression.Evaluate(expression, Values, Previous);

    [TestCase("A + B * C", 14)]
    [TestCase("A * B + C", 10)]
    [TestCase("C - B - A", -1)]
    [TestCase("C / A / A", 1)]
    [TestCase("A + B * C - C / A", 12)]
    public void Evaluate_MultiplicationBindsTighterAndSameLevelIsLeftToRight(string expression, decimal expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("(A + B) * C", 20)]
    [TestCase("C - (B - A)", 3)]
    [TestCase("((A))", 2)]
    [TestCase("(A + (B * (C - A))) / 2", 4)]
    public void Evaluate_ParenthesesOverridePrecedence(string expression, decimal expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("-A", -2)]
    [TestCase("-A * B", -6)]
    [TestCase("B - -A", 5)]
    [TestCase("-(A + B)", -5)]
    [TestCase("--A", 2)]
    [TestCase("+A", 2)]
    public void Evaluate_UnaryMinus(string expression, decimal expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("0.1 * LOAN_BAL", 100)]
    [TestCase("100", 100)]
    [TestCase(".5 * C", 2)]
    [TestCase("LOAN_BAL * 0.05", 50)]
    public void Evaluate_DecimalLiterals(string expression, decimal expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [Test]
    public void Evaluate_DecimalArithmeticIsExact()
    {
        Assert.That(RuleExpression.Evaluate("0.1 + 0.2", Values, null), Is.EqualTo(0.3m));
    }

    [Test]
    public void Evaluate_PrevReadsThePreviousPeriod()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Eval("LOAN_BAL - prev(LOAN_BAL)"), Is.EqualTo(100m));
            Assert.That(Eval("PREV(A)"), Is.EqualTo(10m), "function names ignore case");
        });
    }

    [Test]
    public void Evaluate_PrevIsNullWithoutAPreviousPeriodOrWithoutTheCodeThere()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RuleExpression.Evaluate("prev(A)", Values, null), Is.Null);
            Assert.That(Eval("prev(B) + 1"), Is.Null);
        });
    }

    [TestCase("abs(A - C)", 2)]
    [TestCase("abs(C - A)", 2)]
    [TestCase("abs(-A) * B", 6)]
    [TestCase("abs(LOAN_BAL - prev(LOAN_BAL) - 150)", 50)]
    public void Evaluate_Abs(string expression, decimal expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("EMPTY + 1")]
    [TestCase("MISSING * 0")]
    [TestCase("A / ZERO")]
    [TestCase("abs(EMPTY)")]
    [TestCase("-EMPTY")]
    public void Evaluate_MissingValueOrDivisionByZero_IsNull(string expression)
    {
        Assert.That(Eval(expression), Is.Null);
    }

    [Test]
    public void Evaluate_Overflow_IsNull()
    {
        Assert.That(Eval("79228162514264337593543950335 * 10"), Is.Null);
    }

    [TestCase("A + B * (C - prev(A)) / abs(-2)")]
    [TestCase("  LOAN_BAL\t-\tprev( LOAN_BAL )  ")]
    [TestCase("LOAN_BAL * 0.05")]
    public void Check_WellFormedExpressionOverKnownCodes_Passes(string expression)
    {
        Assert.That(() => RuleExpression.Check(expression, Codes), Throws.Nothing);
    }

    [TestCase("A +", "结尾处缺少数字或指标代码")]
    [TestCase("A + * B", "第5个字符处缺少数字或指标代码（遇到的是“*”）")]
    [TestCase("(A + B", "第1个字符处的“(”缺少与之对应的“)”")]
    [TestCase("A + B)", "第6个字符处多了一个“)”")]
    [TestCase("A B", "第3个字符处的“B”前缺少运算符")]
    [TestCase("5.", "小数点后缺少数字")]
    [TestCase("1.2.3", "既不是数字也不是指标代码")]
    [TestCase("2A", "指标代码不能以数字开头")]
    [TestCase("loan_bal", "“loan_bal”不是有效的指标代码")]
    [TestCase("max(A)", "函数“max”不存在")]
    [TestCase("prev(A + B)", "prev() 的参数必须是一个指标代码")]
    [TestCase("prev()", "prev() 的参数必须是一个指标代码")]
    [TestCase("prev A", "缺少“(”")]
    [TestCase("abs(A", "的“(”缺少与之对应的“)”")]
    [TestCase("A # B", "第3个字符处的字符“#”无法识别")]
    [TestCase("A <= B", "比较运算符请填在规则的“运算符”一栏")]
    [TestCase("（A + B）", "请改用半角")]
    [TestCase("各项贷款余额", "不要直接写指标名称")]
    [TestCase("", "表达式为空")]
    [TestCase("   ", "表达式为空")]
    public void Check_BadSyntax_ThrowsWithWhatAndWhere(string expression, string expected)
    {
        Assert.That(() => RuleExpression.Check(expression, Codes),
            Throws.TypeOf<RuleSyntaxException>().With.Message.Contains(expected));
    }

    [Test]
    public void Check_BadSyntax_MessageQuotesTheExpression()
    {
        Assert.That(() => RuleExpression.Check("A + * B", Codes),
            Throws.TypeOf<RuleSyntaxException>().With.Message.EqualTo("表达式“A + * B”第5个字符处缺少数字或指标代码（遇到的是“*”）。"));
    }

    [TestCase("LOAN_BAL + LOAN_BALX", "第12个字符处的指标代码“LOAN_BALX”不是本报表的指标")]
    [TestCase("prev(NOPE)", "指标代码“NOPE”不是本报表的指标")]
    public void Check_UnknownCode_Throws(string expression, string expected)
    {
        Assert.That(() => RuleExpression.Check(expression, Codes),
            Throws.TypeOf<RuleSyntaxException>().With.Message.Contains(expected));
    }

    [Test]
    public void Check_DeepNesting_IsRefusedNotAStackOverflow()
    {
        var expression = new string('(', 5000) + "A" + new string(')', 5000);

        Assert.That(() => RuleExpression.Check(expression, Codes), Throws.TypeOf<RuleSyntaxException>());
    }

    [Test]
    public void CheckRule_NamesTheRuleAndTheSide()
    {
        var rule = new RuleDefinition("R07", "A", "<=", "B +", RuleSeverity.Error, null);

        Assert.That(() => RuleExpression.CheckRule(rule, Codes),
            Throws.TypeOf<RuleSyntaxException>().With.Message.StartsWith("规则“R07”的右边：表达式“B +”结尾处"));
    }

    [TestCase("=")]
    [TestCase("≤")]
    [TestCase("=<")]
    [TestCase("")]
    public void CheckRule_UnknownOperator_Throws(string op)
    {
        var rule = new RuleDefinition("R01", "A", op, "B", RuleSeverity.Error, null);

        Assert.That(() => RuleExpression.CheckRule(rule, Codes),
            Throws.TypeOf<RuleSyntaxException>().With.Message.Contains("可用的运算符是 <=、<、>=、>、==、!="));
    }

    [TestCase("<=")]
    [TestCase("<")]
    [TestCase(">=")]
    [TestCase(">")]
    [TestCase("==")]
    [TestCase(" != ")]
    public void CheckRule_EveryOperator_IsAccepted(string op)
    {
        var rule = new RuleDefinition("R01", "A", op, "B", RuleSeverity.Error, null);

        Assert.That(() => RuleExpression.CheckRule(rule, Codes), Throws.Nothing);
    }

    [Test]
    public void ReferencedCodes_InOrderWithoutRepeats()
    {
        Assert.That(RuleExpression.ReferencedCodes("PHXW_BAL - prev(PHXW_BAL) - PHXW_NEW + LOAN_BAL * 0"),
            Is.EqualTo(new[] { "PHXW_BAL", "PHXW_NEW", "LOAN_BAL" }));
    }
}
