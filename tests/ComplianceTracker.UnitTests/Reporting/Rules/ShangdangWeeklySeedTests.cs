using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;

namespace ComplianceTracker.UnitTests.Reporting.Rules;

/// <summary>The seeded 上党 weekly form (seeds/forms/shangdang-weekly.json), checked against the rules engine.</summary>
public class ShangdangWeeklySeedTests
{
    private const string SeedPath = "seeds/forms/shangdang-weekly.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<string> Json = new(() => File.ReadAllText(FindSeed(), Encoding.UTF8));
    private static readonly Lazy<FormSeed> Parsed = new(() => JsonSerializer.Deserialize<FormSeed>(Json.Value, Options)!);

    private static FormSeed Form => Parsed.Value;

    private static IReadOnlyList<IndicatorInfo> Indicators =>
        [.. Form.Sections.SelectMany(s => s.Indicators).Select(i => new IndicatorInfo(i.Code, i.Name, i.Unit, i.Decimals, i.Required))];

    private static HashSet<string> Codes => Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>A plausible week of a mid-sized bank, in 万元; every rule holds.</summary>
    private static readonly Dictionary<string, decimal?> Week = new()
    {
        ["LOAN_BAL"] = 520000m,
        ["LOAN_NEW"] = 6500m,
        ["KEYPROJ_BAL"] = 86000m,
        ["KEYPROJ_NEW"] = 1200m,
        ["KEYPROJ_CNT"] = 14m,
        ["PHXW_BAL"] = 98000m,
        ["PHXW_NEW"] = 2100m,
        ["PHXW_CNT"] = 3650m,
        ["IND_BAL"] = 31000m,
        ["IND_NEW"] = 650m,
        ["IND_CNT"] = 2480m,
        ["AGRI_BAL"] = 142000m,
        ["AGRI_NEW"] = 1800m,
        ["FIRST_CNT"] = 12m,
        ["FIRST_AMT"] = 380m,
        ["DEFER_CNT"] = 9m,
        ["DEFER_AMT"] = 1260m,
        ["RENEW_CNT"] = 15m,
        ["RENEW_AMT"] = 2200m,
        ["INT_CUT_AMT"] = 8.2m,
        ["FEE_CUT_AMT"] = 3.15m,
        ["AFFECTED_BAL"] = 45000m,
        ["AFFECTED_NEW"] = 900m,
        ["NPL_RATIO"] = 1.85m,
        ["AFFECTED_NPL_RATIO"] = 3.4m,
    };

    /// <summary>The week before: balances a little lower, by less than what was lent this week.</summary>
    private static readonly Dictionary<string, decimal?> LastWeek = new(Week)
    {
        ["LOAN_BAL"] = 518500m,
        ["KEYPROJ_BAL"] = 85200m,
        ["PHXW_BAL"] = 97000m,
        ["IND_BAL"] = 30600m,
        ["AGRI_BAL"] = 141000m,
        ["AFFECTED_BAL"] = 44500m,
    };

    /// <summary>For each seeded rule, a change to <see cref="Week"/> that breaks it.</summary>
    private static readonly Dictionary<string, string> Breakers = new()
    {
        ["R01"] = "PHXW_NEW=99000",
        ["R02"] = "LOAN_NEW=530000",
        ["R03"] = "KEYPROJ_NEW=90000",
        ["R04"] = "IND_NEW=32000",
        ["R05"] = "AGRI_NEW=150000",
        ["R06"] = "AFFECTED_NEW=46000",
        ["R07"] = "PHXW_BAL=530000",
        ["R08"] = "KEYPROJ_BAL=530000",
        ["R09"] = "IND_BAL=530000",
        ["R10"] = "AGRI_BAL=530000",
        ["R11"] = "AFFECTED_BAL=530000",
        ["R12"] = "PHXW_NEW=7000",
        ["R13"] = "KEYPROJ_NEW=7000",
        ["R14"] = "IND_NEW=7000",
        ["R15"] = "AGRI_NEW=7000",
        ["R16"] = "AFFECTED_NEW=7000",
        ["R17"] = "FIRST_AMT=7000",
        ["R18"] = "PHXW_BAL=100200",
        ["R19"] = "LOAN_BAL=540000",
        ["R20"] = "KEYPROJ_BAL=88000",
        ["R21"] = "IND_BAL=32000",
        ["R22"] = "AGRI_BAL=145000",
        ["R23"] = "AFFECTED_BAL=46000",
        ["R24"] = "LOAN_BAL=52",
        ["R25"] = "AFFECTED_NPL_RATIO=5",
    };

    public static IEnumerable<TestCaseData> BreakerCases() =>
        Breakers.Select(b => new TestCaseData(b.Key, b.Value).SetArgDisplayNames(b.Key));

    [Test]
    public void Seed_IsTheShangdangWeeklyFormOfTheCircular()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Form.Code, Is.EqualTo("SD-WEEKLY"));
            Assert.That(Form.Name, Is.EqualTo("长治市上党区金融机构支持复工复产周报统计表"));
            Assert.That(Form.CircularKey, Is.EqualTo("shangdang-2022-20"));
            Assert.That(Form.RequirementClause, Is.EqualTo("附件1 正文"));
            Assert.That(Form.Frequency, Is.EqualTo("Weekly"));
            Assert.That(Form.LockAfterDays, Is.EqualTo(3));
        });
    }

    [Test]
    public void Seed_Has15To25IndicatorsIn3To5Sections()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Form.Sections, Has.Count.InRange(3, 5));
            Assert.That(Indicators, Has.Count.InRange(15, 25));
            Assert.That(Form.Sections.Where(s => s.Indicators.Count == 0).Select(s => s.Name), Is.Empty);
        });
    }

    [Test]
    public void Seed_IndicatorCodesAreUniqueUpperCaseCodes()
    {
        var codes = Indicators.Select(i => i.Code).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.Unique);
            Assert.That(codes.Where(c => !IsCode(c)), Is.Empty);
            Assert.That(Indicators.Select(i => i.Name), Is.Unique);
        });
    }

    [Test]
    public void Seed_UnitsAndDecimalsFollowTheConvention()
    {
        var expected = new Dictionary<string, int> { ["万元"] = 2, ["户"] = 0, ["笔"] = 0, ["个"] = 0, ["%"] = 2 };

        Assert.That(Indicators.Where(i => !expected.TryGetValue(i.Unit, out var d) || d != i.Decimals).Select(i => i.Code), Is.Empty);
    }

    [Test]
    public void Seed_EveryIndicatorExplainsWhatToReport()
    {
        Assert.That(Form.Sections.SelectMany(s => s.Indicators).Where(i => string.IsNullOrWhiteSpace(i.Note)).Select(i => i.Code), Is.Empty);
    }

    [Test]
    public void Seed_EveryRuleParsesOverTheFormsCodes()
    {
        var codes = Codes;
        var problems = new List<string>();
        foreach (var rule in Form.Rules)
        {
            try
            {
                RuleExpression.CheckRule(rule, codes);
            }
            catch (RuleSyntaxException e)
            {
                problems.Add(e.Message);
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Seed_RuleCodesAreUniqueAndEveryRuleHasAMessage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Form.Rules.Select(r => r.Code), Is.Unique);
            Assert.That(Form.Rules.Where(r => string.IsNullOrWhiteSpace(r.Message)).Select(r => r.Code), Is.Empty);
        });
    }

    [Test]
    public void Seed_EveryNewIsCheckedAgainstItsBalanceAsAnError()
    {
        var pairs = Codes.Where(c => c.EndsWith("_NEW", StringComparison.Ordinal) && Codes.Contains(c[..^4] + "_BAL"));

        Assert.That(pairs.Where(n => !Form.Rules.Any(r =>
            r.Left == n && r.Operator == "<=" && r.Right == n[..^4] + "_BAL" && r.Severity == RuleSeverity.Error)), Is.Empty);
    }

    [Test]
    public void Seed_NoRuleRepeatsABuiltInRangeCheck()
    {
        var literalBounds = Form.Rules.Where(r =>
            (IsCode(r.Left.Trim()) && r.Right.Trim() is "0" or "100") || (IsCode(r.Right.Trim()) && r.Left.Trim() is "0" or "100"));

        Assert.That(literalBounds.Select(r => r.Code), Is.Empty);
    }

    [Test]
    public void Seed_APlausibleWeek_HasNoFindings_WithOrWithoutLastWeek()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SubmissionValidator.Validate(Indicators, Form.Rules, Week, LastWeek), Is.Empty);
            Assert.That(SubmissionValidator.Validate(Indicators, Form.Rules, Week, null), Is.Empty);
        });
    }

    [Test]
    public void Seed_EveryRuleHasABreakingCase()
    {
        Assert.That(Form.Rules.Select(r => r.Code), Is.EquivalentTo(Breakers.Keys));
    }

    [TestCaseSource(nameof(BreakerCases))]
    public void Seed_EachRule_FiresWhenBroken(string ruleCode, string change)
    {
        var values = new Dictionary<string, decimal?>(Week);
        foreach (var assignment in change.Split(';'))
        {
            var parts = assignment.Split('=');
            values[parts[0]] = decimal.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        var rule = Form.Rules.Single(r => r.Code == ruleCode);
        var finding = SubmissionValidator.Validate(Indicators, Form.Rules, values, LastWeek).SingleOrDefault(f => f.RuleCode == ruleCode);

        Assert.That(finding, Is.Not.Null, $"{ruleCode} did not fire on {change}");
        Assert.Multiple(() =>
        {
            Assert.That(finding!.Severity, Is.EqualTo(rule.Severity));
            Assert.That(finding.Message, Does.StartWith(rule.Message!.TrimEnd('。') + "：").And.Not.Contain("左边").And.Not.Contain(ruleCode), "the rule's words and the figures, worded for a clerk");
            Assert.That(finding.IndicatorCode, Is.EqualTo(RuleExpression.ReferencedCodes(rule.Left)[0]));
        });
    }

    [Test]
    public void Seed_BalanceTypedInYuan_IsCaughtByTheBalanceChangeRule()
    {
        var values = new Dictionary<string, decimal?>(Week) { ["LOAN_BAL"] = 5_200_000_000m };

        var codes = SubmissionValidator.Validate(Indicators, Form.Rules, values, LastWeek).Select(f => f.RuleCode);

        Assert.That(codes, Does.Contain("R19"));
    }

    [Test]
    public void Seed_File_IsUtf8WithoutBomTwoSpaceIndentedWithFinalNewline()
    {
        var bytes = File.ReadAllBytes(FindSeed());
        var text = Encoding.UTF8.GetString(bytes);
        var indents = text.Split('\n').Select(l => l.Length - l.TrimStart(' ').Length);

        Assert.Multiple(() =>
        {
            Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(text, Does.EndWith("}\n"));
            Assert.That(text, Does.Not.Contain("\t").And.Not.Contain("\r"));
            Assert.That(indents.Where(n => n % 2 != 0), Is.Empty);
        });
    }

    private static bool IsCode(string text) =>
        text.Length > 0 && char.IsAsciiLetterUpper(text[0]) && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    private static string FindSeed()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, SeedPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No folder above {AppContext.BaseDirectory} contains {SeedPath}.");
    }

    private sealed record FormSeed(
        string Code,
        string Name,
        string CircularKey,
        string RequirementClause,
        string Frequency,
        int LockAfterDays,
        IReadOnlyList<SectionSeed> Sections,
        IReadOnlyList<RuleDefinition> Rules);

    private sealed record SectionSeed(string Name, IReadOnlyList<IndicatorSeed> Indicators);

    private sealed record IndicatorSeed(string Code, string Name, string Unit, int Decimals, bool Required, string? Note, bool Headline = false);
}
