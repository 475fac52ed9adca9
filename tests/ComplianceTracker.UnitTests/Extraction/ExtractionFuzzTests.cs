using System.Text;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Features.Circulars.Extraction;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>
/// The extractor on mangled circulars: thousands of mutations of the seed texts (spans cut, doubled, moved; stray
/// markers, brackets, quotes, digits, control characters and emoji inserted), and random garbage. Each either gives a
/// proposal whose every evidence span is really in the text, or a Chinese 400; nothing else, and nothing slow.
/// </summary>
public class ExtractionFuzzTests
{
    private const int Mutations = 3000;

    private static readonly string[] Seeds = SeedFiles.Default().Circulars().Select(c => CircularExtractor.Normalize(SeedFiles.Default().CircularText(c))).ToArray();

    private static readonly string[] Noise =
    [
        "一、", "（一）", "(二)", "1.", "（1）", "一是", "二是", "**", "## ", "〔", "〕", "[", "]", "［", "﹝", "《", "》", "“", "”", "\"", "'",
        "：", ":", "\n", "\n\n", "\f", "- 3 -", "—3—", "附件", "附件1", "号", "年", "月", "日", "十日内", "工作日", "不得", "严禁", "突破", "亿元",
        "%", "个百分点", "周报制", "每季度", "17:00前", "〇", "二〇二三年", "2023.03.01", "我局将", "\u0000", "\u200b", "😀", "\uD800", "\t", "　",
    ];

    [Test]
    [Category("Slow")]
    public void MutatedSeeds_GiveAProposalWithTrueEvidence_OrAChineseRefusal()
    {
        var random = new Random(20261122);
        var failures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var source = Seeds[i % Seeds.Length];
            var text = Mutate(source, random);
            var problem = Check(text);
            if (problem is not null)
            {
                failures.Add($"mutation {i} of seed {i % Seeds.Length}: {problem}");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    [Test]
    [Category("Slow")]
    public void RandomGarbage_GivesAProposalOrAChineseRefusal()
    {
        var random = new Random(7);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var length = random.Next(0, 4000);
            var text = new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 0xFFFF)).ToArray());
            if (Check(text) is { } problem)
            {
                failures.Add($"garbage {i}: {problem}");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    [Test]
    public void AVeryLongPaste_IsRefusedInChinese_WithoutReadingIt()
    {
        var paste = new StringBuilder();
        while (paste.Length < 5 * 1024 * 1024 / 3)
        {
            paste.Append(Seeds[1]);
        }

        var refusal = Assert.Throws<RuleViolationException>(() => CircularExtractor.Extract(paste.ToString()));
        Assert.That(refusal!.Errors["text"][0], Does.Contain("文本过长"));
    }

    /// <summary>Null when the extractor behaved; otherwise what went wrong.</summary>
    private static string? Check(string text)
    {
        ExtractionProposal proposal;
        try
        {
            proposal = CircularExtractor.Extract(text);
        }
        catch (RuleViolationException e)
        {
            return e.Errors.Values.SelectMany(v => v).All(m => m.Any(c => c is >= '\u4e00' and <= '\u9fff')) ? null : $"refusal not in Chinese: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }

        foreach (var evidence in EvidenceOf(proposal))
        {
            if (evidence.Start < 0 || evidence.Length < 0 || evidence.Start + evidence.Length > proposal.Text.Length
                || proposal.Text.Substring(evidence.Start, evidence.Length) != evidence.Text)
            {
                return $"evidence “{evidence.Text}” at {evidence.Start} is not in the text";
            }
        }

        return null;
    }

    private static IEnumerable<Evidence> EvidenceOf(ExtractionProposal proposal)
    {
        var m = proposal.Metadata;
        IEnumerable<Evidence?> singles = [m.DocumentNumber?.Evidence, m.Title?.Evidence, m.IssuedOn?.Evidence, m.Addressees?.Evidence, m.EffectiveFrom?.Evidence, m.EffectiveTo?.Evidence, m.ValidityMonths?.Evidence];
        return singles.OfType<Evidence>()
            .Concat(m.Issuers.Concat(m.Attachments).Concat(m.Contacts).Concat(m.Cited).Select(p => p.Evidence))
            .Concat(proposal.Requirements.Select(r => r.Evidence));
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 12);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            var span = Math.Min(random.Next(1, 400), builder.Length - at);
            switch (random.Next(5))
            {
                case 0:
                    builder.Remove(at, span);
                    break;
                case 1:
                    builder.Insert(at, builder.ToString(at, span));
                    break;
                case 2:
                    var moved = builder.ToString(at, span);
                    builder.Remove(at, span);
                    builder.Insert(random.Next(builder.Length + 1), moved);
                    break;
                default:
                    builder.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }
}
