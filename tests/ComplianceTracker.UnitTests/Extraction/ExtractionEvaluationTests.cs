using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars.Extraction;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>
/// The extractor (metadata, clause parser, requirement extractor, as the API runs them) against the five hand-checked seed circulars: precision and recall
/// per requirement kind, appliesTo and clause-path accuracy on matched pairs. The bar is the product's: 0.9.
/// </summary>
public class ExtractionEvaluationTests
{
    private const double Bar = 0.9;

    private static readonly SeedFiles Files = SeedFiles.Default();

    private sealed record Pair(RequirementSeed Answer, RequirementProposal Proposal, double Score);

    private sealed record Outcome(string Key, List<RequirementSeed> Answers, List<RequirementProposal> Proposals, List<Pair> Pairs);

    internal static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Dice over character bigrams of the texts with whitespace removed.</summary>
    internal static double Dice(string a, string b)
    {
        a = Squeeze(a);
        b = Squeeze(b);
        if (a.Length < 2 || b.Length < 2)
        {
            return a == b ? 1 : 0;
        }

        var left = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < a.Length - 1; i++)
        {
            var g = a.Substring(i, 2);
            left[g] = left.GetValueOrDefault(g) + 1;
        }

        var common = 0;
        for (var i = 0; i < b.Length - 1; i++)
        {
            var g = b.Substring(i, 2);
            if (left.TryGetValue(g, out var n) && n > 0)
            {
                left[g] = n - 1;
                common++;
            }
        }

        return 2.0 * common / (a.Length - 1 + b.Length - 1);
    }

    /// <summary>A match when one text contains the other (whitespace removed) or bigram Dice ≥ 0.6; the score orders greedy pairing.</summary>
    internal static double Similarity(string answer, string proposal)
    {
        var dice = Dice(answer, proposal);
        var a = Squeeze(answer);
        var p = Squeeze(proposal);
        if (a.Length > 0 && p.Length > 0 && (a.Contains(p, StringComparison.Ordinal) || p.Contains(a, StringComparison.Ordinal)))
        {
            return Math.Max(dice, 0.6);
        }

        return dice >= 0.6 ? dice : 0;
    }

    internal static List<(int Answer, int Proposal, double Score)> Match(IReadOnlyList<string> answers, IReadOnlyList<string> proposals)
    {
        var all = new List<(int, int, double)>();
        for (var i = 0; i < answers.Count; i++)
        {
            for (var j = 0; j < proposals.Count; j++)
            {
                var s = Similarity(answers[i], proposals[j]);
                if (s > 0)
                {
                    all.Add((i, j, s));
                }
            }
        }

        var usedA = new HashSet<int>();
        var usedP = new HashSet<int>();
        var pairs = new List<(int, int, double)>();
        foreach (var (i, j, s) in all.OrderByDescending(x => x.Item3).ThenBy(x => x.Item1).ThenBy(x => x.Item2))
        {
            if (usedA.Contains(i) || usedP.Contains(j))
            {
                continue;
            }

            usedA.Add(i);
            usedP.Add(j);
            pairs.Add((i, j, s));
        }

        return pairs;
    }

    private static List<Outcome> Run()
    {
        var outcomes = new List<Outcome>();
        foreach (var seed in Files.Circulars())
        {
            // The whole pipeline, as the API runs it: the metadata read from the text decides whether it is a circular.
            var text = Files.CircularText(seed);
            var proposals = CircularExtractor.Extract(text).Requirements;
            var answers = seed.Requirements;
            var pairs = Match(answers.Select(a => a.Text).ToList(), proposals.Select(p => p.Text).ToList())
                .Select(m => new Pair(answers[m.Answer], proposals[m.Proposal], m.Score))
                .ToList();
            outcomes.Add(new Outcome(seed.Key, answers, proposals, pairs));
        }

        return outcomes;
    }

    private static bool SameApplicability(RequirementSeed a, RequirementProposal p)
    {
        var want = (a.AppliesTo?.InstitutionTypes ?? []).Order().ToList();
        var got = p.AppliesTo.InstitutionTypes.Order().ToList();
        return want.SequenceEqual(got) && (a.AppliesTo?.LegalEntitiesOnly ?? false) == p.AppliesTo.LegalEntitiesOnly;
    }

    private static double Ratio(int n, int d) => d == 0 ? 1 : (double)n / d;

    [Test]
    public void Seeds_KindsPrecisionAndRecallReachTheBar()
    {
        var outcomes = Run();
        var pairs = outcomes.SelectMany(o => o.Pairs).ToList();
        var answers = outcomes.SelectMany(o => o.Answers).ToList();
        var proposals = outcomes.SelectMany(o => o.Proposals).ToList();
        var log = TestContext.Out;

        log.WriteLine($"{"circular",-32} {"answers",8} {"proposed",9} {"matched",8} {"kind ok",8}");
        foreach (var o in outcomes)
        {
            log.WriteLine($"{o.Key,-32} {o.Answers.Count,8} {o.Proposals.Count,9} {o.Pairs.Count,8} {o.Pairs.Count(p => p.Answer.Kind == p.Proposal.Kind),8}");
        }

        log.WriteLine("");
        log.WriteLine($"{"kind",-16} {"answers",8} {"proposed",9} {"correct",8} {"precision",10} {"recall",8}");
        foreach (var kind in Enum.GetValues<RequirementKind>())
        {
            var want = answers.Count(a => a.Kind == kind);
            var got = proposals.Count(p => p.Kind == kind);
            var ok = pairs.Count(p => p.Answer.Kind == kind && p.Proposal.Kind == kind);
            log.WriteLine($"{kind,-16} {want,8} {got,9} {ok,8} {Ratio(ok, got),10:F2} {Ratio(ok, want),8:F2}");
        }

        var correct = pairs.Count(p => p.Answer.Kind == p.Proposal.Kind);
        var precision = Ratio(correct, proposals.Count);
        var recall = Ratio(correct, answers.Count);
        var applies = Ratio(pairs.Count(p => SameApplicability(p.Answer, p.Proposal)), pairs.Count);
        var clause = Ratio(pairs.Count(p => p.Answer.Clause == p.Proposal.Clause), pairs.Count);
        log.WriteLine($"{"overall",-16} {answers.Count,8} {proposals.Count,9} {correct,8} {precision,10:F2} {recall,8:F2}");
        log.WriteLine("");
        log.WriteLine($"matched pairs {pairs.Count}; appliesTo (types and legal-entities flag) {applies:F2}; clause path {clause:F2}");
        var looseOnly = pairs.Count(p => Dice(p.Answer.Text, p.Proposal.Text) < 0.6);
        log.WriteLine($"matched only by containment (bigram Dice below 0.6): {looseOnly} of {pairs.Count}; mean Dice of matched pairs {(pairs.Count == 0 ? 0 : pairs.Average(p => Dice(p.Answer.Text, p.Proposal.Text))):F2}");
        var duePairs = pairs.Where(p => p.Answer.DueRule is not null && p.Proposal.Kind == p.Answer.Kind).ToList();
        var dueOk = duePairs.Count(p => p.Proposal.DueRule is { } d && d.Frequency == p.Answer.DueRule!.Frequency && d.Anchor == p.Answer.DueRule.Anchor
            && d.Offset == p.Answer.DueRule.Offset && d.Unit == p.Answer.DueRule.Unit && d.TimeOfDay == p.Answer.DueRule.TimeOfDay && d.DurationMonths == p.Answer.DueRule.DurationMonths);
        var targetPairs = pairs.Where(p => p.Answer.Target is not null && p.Proposal.Kind == p.Answer.Kind).ToList();
        var targetOk = targetPairs.Count(p => p.Proposal.Target is { } t && t.Comparator == p.Answer.Target!.Comparator && t.Value == p.Answer.Target.Value
            && t.Unit == p.Answer.Target.Unit && t.By == p.Answer.Target.By);
        var metricOk = targetPairs.Count(p => p.Proposal.Target?.Metric == p.Answer.Target!.Metric);
        log.WriteLine($"due rules (frequency, anchor, offset, unit, time, duration) {dueOk}/{duePairs.Count}; targets (comparator, value, unit, by) {targetOk}/{targetPairs.Count}, metric {metricOk}/{targetPairs.Count}");

        log.WriteLine("");
        log.WriteLine("Misses and extras:");
        foreach (var o in outcomes)
        {
            foreach (var a in o.Answers.Where(a => o.Pairs.All(p => p.Answer != a)))
            {
                log.WriteLine($"  MISSED {o.Key} {a.Clause} {a.Kind}: {Cut(a.Text)}");
            }

            foreach (var p in o.Pairs.Where(p => p.Answer.Kind != p.Proposal.Kind))
            {
                log.WriteLine($"  KIND   {o.Key} {p.Answer.Clause} want {p.Answer.Kind} got {p.Proposal.Kind}: {Cut(p.Answer.Text)}");
            }

            foreach (var p in o.Pairs.Where(p => p.Answer.Clause != p.Proposal.Clause))
            {
                log.WriteLine($"  PATH   {o.Key} want {p.Answer.Clause} got {p.Proposal.Clause}: {Cut(p.Answer.Text)}");
            }

            foreach (var p in o.Pairs.Where(p => !SameApplicability(p.Answer, p.Proposal)))
            {
                log.WriteLine($"  APPLY  {o.Key} {p.Answer.Clause} want {string.Join('+', p.Answer.AppliesTo?.InstitutionTypes ?? [])}{(p.Answer.AppliesTo?.LegalEntitiesOnly == true ? " legal" : "")} got {string.Join('+', p.Proposal.AppliesTo.InstitutionTypes)}{(p.Proposal.AppliesTo.LegalEntitiesOnly ? " legal" : "")} ({p.Proposal.AppliesTo.Text}): {Cut(p.Answer.Text)}");
            }

            foreach (var p in o.Pairs.Where(p => Dice(p.Answer.Text, p.Proposal.Text) < 0.6))
            {
                log.WriteLine($"  LOOSE  {o.Key} {p.Answer.Clause} Dice {Dice(p.Answer.Text, p.Proposal.Text):F2}, answer {Squeeze(p.Answer.Text).Length} chars, proposal {Squeeze(p.Proposal.Text).Length} chars: {Cut(p.Answer.Text)}");
            }

            foreach (var p in o.Pairs.Where(p => p.Answer.Target is not null && p.Proposal.Target != p.Answer.Target))
            {
                log.WriteLine($"  TARGET {o.Key} {p.Answer.Clause} want {p.Answer.Target} got {p.Proposal.Target?.ToString() ?? "none"}");
            }

            foreach (var p in o.Proposals.Where(p => o.Pairs.All(x => x.Proposal != p)))
            {
                log.WriteLine($"  EXTRA  {o.Key} {p.Clause} {p.Kind}: {Cut(p.Text)}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(precision, Is.GreaterThanOrEqualTo(Bar), "kind precision over all seeds");
            Assert.That(recall, Is.GreaterThanOrEqualTo(Bar), "kind recall over all seeds");
        });
    }

    [Test]
    public void NewsReport_GivesNoRequirements()
    {
        var seed = Files.Circulars().Single(s => s.DocumentKind == DocumentKind.NewsReport);
        var text = Files.CircularText(seed);
        var proposals = RequirementExtractor.Extract(text, ClauseParser.Parse(text), new MetadataProposal { LooksLikeCircular = false });
        Assert.That(proposals, Is.Empty);
    }

    [Test]
    public void Seeds_EvidenceIsTheExactSpan()
    {
        foreach (var seed in Files.Circulars())
        {
            var text = Files.CircularText(seed);
            var clauses = ClauseParser.Parse(text);
            var proposals = RequirementExtractor.Extract(text, clauses, new MetadataProposal());
            foreach (var p in proposals)
            {
                Assert.That(text.Substring(p.Evidence.Start, p.Evidence.Length), Is.EqualTo(p.Evidence.Text), seed.Key);
                Assert.That(Squeeze(p.Evidence.Text).Replace("*", "", StringComparison.Ordinal), Does.Contain(Squeeze(p.Text)).Or.EqualTo(Squeeze(p.Text)), seed.Key);
                Assert.That(p.Reason, Is.Not.Empty);
            }
        }
    }

    [Test]
    public void Matching_IsOneToOneAndGreedyBestFirst()
    {
        var pairs = Match(["各银行机构要报送数据。", "不得抽贷。"], ["不得抽贷。", "各银行机构要报送数据。", "各银行机构要报送数据和材料。"]);
        Assert.That(pairs.Select(p => (p.Answer, p.Proposal)), Is.EquivalentTo(new[] { (0, 1), (1, 0) }));
    }

    private static string Cut(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
