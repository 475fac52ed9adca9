using ComplianceTracker.Web.Data.Seeding;

namespace ComplianceTracker.UnitTests.Extraction;

/// <summary>The seed requirements with a due rule or a target, each with the whole sentence of the text it sits in.</summary>
internal static class SeedSentences
{
    private static readonly SeedFiles Files = SeedFiles.Default();

    public static IEnumerable<TestCaseData> WithDueRules() =>
        All().Where(x => x.Requirement.DueRule is not null)
            .Select(x => new TestCaseData(x.Seed.Key, x.Requirement, x.Sentence, x.Year).SetName($"{x.Seed.Key} {x.Requirement.Clause} {Short(x.Requirement.Text)}"));

    public static IEnumerable<TestCaseData> WithTargets() =>
        All().Where(x => x.Requirement.Target is not null)
            .Select(x => new TestCaseData(x.Seed.Key, x.Requirement, x.Sentence, x.Year).SetName($"{x.Seed.Key} {x.Requirement.Clause} {Short(x.Requirement.Text)}"));

    public static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static string Short(string text) => text.Length > 16 ? text[..16] : text;

    private static IEnumerable<(CircularSeed Seed, RequirementSeed Requirement, string Sentence, int? Year)> All()
    {
        foreach (var seed in Files.Circulars())
        {
            var text = Squeeze(Files.CircularText(seed));
            int? year = seed.IssuedOn?.Year ?? (int.TryParse(seed.IssuedOnText, out var y) ? y : null);
            foreach (var requirement in seed.Requirements)
            {
                var at = text.IndexOf(Squeeze(requirement.Text), StringComparison.Ordinal);
                var start = at <= 0 ? 0 : text.LastIndexOf('。', at - 1) + 1;
                var end = text.IndexOf('。', at + Squeeze(requirement.Text).Length - 1);
                end = end < 0 ? text.Length : end + 1;
                yield return (seed, requirement, at < 0 ? requirement.Text : text[start..end], year);
            }
        }
    }
}
