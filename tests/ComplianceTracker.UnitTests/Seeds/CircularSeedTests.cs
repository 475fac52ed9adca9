using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.UnitTests.Seeds;

/// <summary>The hand-checked breakdowns of the five real circulars, checked against their text.</summary>
public class CircularSeedTests
{
    private static readonly SeedFiles Files = SeedFiles.Default();
    private static readonly IReadOnlyList<CircularSeed> Seeds = Files.Circulars();

    private static CircularSeed Seed(string key) => Seeds.Single(s => s.Key == key);

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static IEnumerable<string> Keys() => SeedFiles.Default().Circulars().Select(s => s.Key);

    [Test]
    public void Seeds_AreTheFiveRealCirculars()
    {
        Assert.That(Seeds.Select(s => s.SourceFile), Is.EquivalentTo(new[]
        {
            "000_04597cf4f312f26f.txt", "001_ca2fca1532b3eb36.txt", "002_b12bd35c5052efac.txt",
            "003_2dac9e6653a873b4.txt", "004_7e559bdaf5ca9727.txt",
        }));
    }

    [TestCaseSource(nameof(Keys))]
    public void Text_IsTheVerbatimCircular(string key)
    {
        var seed = Seed(key);
        var shared = FindShared(seed.SourceFile);
        if (shared is null)
        {
            Assert.Ignore("shared/circulars is not beside this checkout; the seed copy is checked by the other tests.");
        }

        Assert.That(Files.CircularText(seed), Is.EqualTo(File.ReadAllText(shared!)));
    }

    [TestCaseSource(nameof(Keys))]
    public void EveryRequirementAndMetadataQuote_IsWordForWordInTheText(string key)
    {
        var seed = Seed(key);
        var text = Squeeze(Files.CircularText(seed));
        var quotes = seed.Requirements.Select(r => r.Text)
            .Concat(seed.Requirements.Select(r => r.AppliesTo?.Text).OfType<string>())
            .Concat(seed.Requirements.Select(r => r.DueRule?.Source).OfType<string>())
            .Concat(seed.Issuers)
            .Concat(seed.Attachments)
            .Concat(new[] { seed.DocumentNumber, seed.Title, seed.Addressees, seed.ValidityText, seed.IssuedOnText }.OfType<string>());

        Assert.That(quotes.Where(q => !text.Contains(Squeeze(q), StringComparison.Ordinal)), Is.Empty);
    }

    [TestCaseSource(nameof(Keys))]
    public void DatedKinds_HaveRules_AndTargetsHaveGoals(string key)
    {
        var seed = Seed(key);

        Assert.Multiple(() =>
        {
            Assert.That(seed.Requirements.Where(r => r.Kind is RequirementKind.Deadline or RequirementKind.RecurringReport && r.DueRule is null).Select(r => r.Clause), Is.Empty);
            Assert.That(seed.Requirements.Where(r => r.Kind is RequirementKind.RecurringReport && r.DueRule!.Frequency == DueFrequency.Once).Select(r => r.Clause), Is.Empty);
            Assert.That(seed.Requirements.Where(r => r.Kind is RequirementKind.Target && r.Target is null).Select(r => r.Clause), Is.Empty);
            Assert.That(seed.Requirements.Where(r => r.AppliesTo is null || r.AppliesTo.InstitutionTypes.Count == 0).Select(r => r.Clause), Is.Empty);
        });
    }

    [Test]
    public void Shanghai2023_24_HasOneTenDayDeadlineFromTheIssueDate()
    {
        var seed = Seed("shcbirc-2023-24");
        var deadline = seed.Requirements.Single(r => r.Kind == RequirementKind.Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(seed.DocumentNumber, Is.EqualTo("沪银保监发〔2023〕24号"));
            Assert.That(seed.IssuedOn, Is.EqualTo(new DateOnly(2023, 3, 1)));
            Assert.That(seed.Issuers, Is.EqualTo(new[] { "上海银保监局" }));
            Assert.That(deadline.Text, Does.Contain("于文发之后十日内把贯彻落实措施报送"));
            Assert.That(deadline.DueRule, Is.EqualTo(new DueRule
            {
                Frequency = DueFrequency.Once, Anchor = DueAnchor.IssueDate, Offset = 10, Unit = DueUnit.NaturalDays, Source = "于文发之后十日内",
            }));
            Assert.That(deadline.AppliesTo!.InstitutionTypes, Is.EquivalentTo(new[] { InstitutionType.Bank, InstitutionType.Insurer }));
        });
    }

    [Test]
    public void Shanghai2023_24_CarriesTheQuantitativeTargets()
    {
        var targets = Seed("shcbirc-2023-24").Requirements.Where(r => r.Kind == RequirementKind.Target).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(targets.Select(t => t.Target!), Has.Some.Matches<TargetSpec>(t => t.Value == 11000m && t.Unit == "亿元" && t.By == new DateOnly(2023, 12, 31)));
            Assert.That(targets.Select(t => t.Target!), Has.Some.Matches<TargetSpec>(t => t.Comparator == "growth>" && t.RelativeTo == "各项贷款增速"));
            Assert.That(targets.Select(t => t.Text), Has.Some.Contains("增长25%以上"));
        });
    }

    [Test]
    public void Shangdang2022_20_IsAWeeklyRegimeForSixMonthsWithAnUnknownStart()
    {
        var seed = Seed("shangdang-2022-20");
        var weekly = seed.Requirements.Single(r => r.Kind == RequirementKind.RecurringReport);

        Assert.Multiple(() =>
        {
            Assert.That(seed.DocumentNumber, Is.EqualTo("长上金发〔2022〕20号"));
            Assert.That(seed.Issuers, Has.Count.EqualTo(3));
            Assert.That(seed.IssuedOn, Is.Null, "the day of issue is not in the text, so it stays unknown");
            Assert.That(seed.ValidityMonths, Is.EqualTo(6));
            Assert.That(weekly.Text, Does.Contain("周报制"));
            Assert.That(weekly.DueRule!.Frequency, Is.EqualTo(DueFrequency.Weekly));
            Assert.That(weekly.DueRule.DurationMonths, Is.EqualTo(6));
            Assert.That(weekly.DueRule.Assumed, Is.Not.Null.And.Not.Empty, "the time of day is our default and must say so");
            Assert.That(seed.Attachments, Has.Some.Contains("周报统计表"));
            Assert.That(seed.Requirements, Has.Some.Matches<RequirementSeed>(r => r.Kind == RequirementKind.Target && r.Text.Contains("不超过3个百分点")));
        });
    }

    [Test]
    public void NewsReport_IsStoredWithoutRequirements()
    {
        var seed = Seed("shcbirc-2022-news-report");

        Assert.Multiple(() =>
        {
            Assert.That(seed.DocumentKind, Is.EqualTo(DocumentKind.NewsReport));
            Assert.That(seed.Requirements, Is.Empty);
            Assert.That(seed.DocumentNumber, Is.Null);
        });
    }

    [Test]
    public void Shanghai2022_EveryNumberedMeasureIsCovered_AndInsurerMeasuresSkipBanks()
    {
        var seed = Seed("shcbirc-2022-people-first");
        string[] measures = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）", "（十一）", "（十二）", "（十三）", "（十四）", "（十五）"];
        var insurerOnly = seed.Requirements.Where(r => r.AppliesTo!.Text is { } t && (t.Contains("保险公司") || t.Contains("保险机构")) && !t.Contains("银行")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(seed.DocumentNumber, Is.Null, "the news print carries no document number");
            Assert.That(seed.IssuedOn, Is.Null, "4月12日 without a year is not a full date");
            Assert.That(measures.Where(m => !seed.Requirements.Any(r => r.Clause.Contains(m))), Is.Empty);
            Assert.That(insurerOnly, Is.Not.Empty);
            Assert.That(insurerOnly.Select(r => r.AppliesTo!.InstitutionTypes), Has.All.EqualTo(new[] { InstitutionType.Insurer }));
            Assert.That(seed.Requirements, Has.Some.Matches<RequirementSeed>(r => r.Kind == RequirementKind.Prohibition && r.Text.Contains("不得盲目抽贷、断贷、压贷")));
        });
    }

    [Test]
    public void Wenzhou2021_71_IsJointAndMostlyPrinciplesAndProhibitions()
    {
        var seed = Seed("wenzhou-2021-71");

        Assert.Multiple(() =>
        {
            Assert.That(seed.DocumentNumber, Is.EqualTo("温金融办〔2021〕71号"));
            Assert.That(seed.IssuedOn, Is.EqualTo(new DateOnly(2021, 12, 12)));
            Assert.That(seed.Issuers, Has.Count.EqualTo(3));
            Assert.That(seed.Requirements.Select(r => r.Kind), Has.All.AnyOf(RequirementKind.Principle, RequirementKind.Prohibition));
            Assert.That(seed.Requirements, Has.Some.Matches<RequirementSeed>(r => r.AppliesTo!.InstitutionTypes.Contains(InstitutionType.LocalFinancialOrganisation)));
            Assert.That(new[] { "一是", "二是", "三是", "四是", "五是" }.Where(m => !seed.Requirements.Any(r => r.Clause.Contains(m))), Is.Empty);
        });
    }

    [Test]
    public void Institutions_FormAHierarchyWithUniqueCodes()
    {
        var institutions = Files.Institutions();
        var codes = institutions.Select(i => i.Code).ToList();
        var jurisdictions = Files.Jurisdictions().Select(j => j.Code).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.Unique);
            Assert.That(institutions.Where(i => i.ParentCode is not null && !codes.Contains(i.ParentCode)).Select(i => i.Code), Is.Empty);
            Assert.That(institutions.Where(i => !jurisdictions.Contains(i.JurisdictionCode)).Select(i => i.Code), Is.Empty);
            Assert.That(institutions.Count(i => i.JurisdictionCode == "SX-CZ-SD" && i.Type == InstitutionType.Bank), Is.GreaterThanOrEqualTo(6));
            Assert.That(institutions.Where(i => i.JurisdictionCode == "SX-CZ-SD").Select(i => i.Name), Has.Some.Contains("农村商业银行"));
        });
    }

    [Test]
    public void Institutions_EachHaveAUniqueShortNameAndACategory()
    {
        var institutions = Files.Institutions();

        Assert.Multiple(() =>
        {
            Assert.That(institutions.Where(i => string.IsNullOrWhiteSpace(i.ShortName) || i.Category is null).Select(i => i.Code), Is.Empty);
            Assert.That(institutions.Select(i => i.ShortName), Is.Unique);
            Assert.That(institutions.Where(i => i.ShortName!.Length >= i.Name.Length).Select(i => i.Code), Is.Empty, "a short name is shorter than the name");
            Assert.That(institutions.Where(i => i.ShortName!.Length > 50).Select(i => i.Code), Is.Empty);
        });
    }

    private static string? FindShared(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "circulars", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
