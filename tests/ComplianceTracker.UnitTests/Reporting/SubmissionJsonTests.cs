using System.Text.Json;
using ComplianceTracker.Web.Features.Reporting;

namespace ComplianceTracker.UnitTests.Reporting;

/// <summary>Reading only some figures of a submission's JSON gives what reading all of them gives.</summary>
public class SubmissionJsonTests
{
    private static readonly Dictionary<string, int> Positions = new(StringComparer.Ordinal) { ["LOAN_BAL"] = 0, ["贷款户数"] = 1, ["NPL_RATIO"] = 2 };

    private static decimal?[] Read(string json, decimal? unset = -1m)
    {
        var into = new decimal?[Positions.Count];
        Array.Fill(into, unset);
        SubmissionJson.ReadValues(json, Positions, into);
        return into;
    }

    [Test]
    public void ReadValues_WrittenFigures_MatchValuesAtTheirPositions()
    {
        var written = SubmissionJson.Write(new Dictionary<string, decimal?>
        {
            ["DEP_BAL"] = 12.5m, ["LOAN_BAL"] = 5436789.1234m, ["贷款户数"] = 17m, ["NPL_RATIO"] = null, ["OTHER"] = -3m,
        });

        var all = SubmissionJson.Values(written);

        Assert.That(Read(written), Is.EqualTo(new[] { all["LOAN_BAL"], all["贷款户数"], all["NPL_RATIO"] }));
        Assert.That(Read(written), Is.EqualTo(new decimal?[] { 5436789.1234m, 17m, null }));
    }

    [Test]
    public void ReadValues_NumbersAsText_EscapedNames_AndNestedValuesOfFiguresNotAskedFor_AreRead()
    {
        const string json = """{"LOAN_BAL":"1.5E3","\u8d37\u6b3e\u6237\u6570":2,"SKIP":{"a":[1,2,{"b":null}]},"NPL_RATIO":0.25}""";

        Assert.That(Read(json), Is.EqualTo(new decimal?[] { 1500m, 2m, 0.25m }));
        Assert.That(SubmissionJson.Values("""{"LOAN_BAL":"1.5E3"}""")["LOAN_BAL"], Is.EqualTo(1500m), "the full reader agrees on a number kept as text");
    }

    [Test]
    public void ReadValues_AFigureTheTextLacks_LeavesItsSlotAsItWas()
    {
        Assert.That(Read("""{"LOAN_BAL":1}""", unset: 7m), Is.EqualTo(new decimal?[] { 1m, 7m, 7m }));
        Assert.That(Read("null", unset: 7m), Is.EqualTo(new decimal?[] { 7m, 7m, 7m }));
    }

    [Test]
    public void ReadValues_NotAnObjectOrAFigureThatIsNotANumber_ThrowsLikeValues()
    {
        Assert.Throws<JsonException>(() => Read("[1,2]"));
        Assert.Throws<JsonException>(() => Read("""{"LOAN_BAL":true}"""));
        Assert.Throws<JsonException>(() => SubmissionJson.Values("""{"LOAN_BAL":true}"""));
    }

    [Test]
    public void ReadValues_ALongPropertyName_IsSkippedWithoutError()
    {
        var json = $$"""{"{{new string('x', 400)}}":1,"NPL_RATIO":3}""";

        Assert.That(Read(json), Is.EqualTo(new decimal?[] { -1m, -1m, 3m }));
    }
}
