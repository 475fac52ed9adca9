using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.UnitTests.Domain;

/// <summary>A form keeps every version's rows; <see cref="ReportForm.AtVersion"/> shows one version, <see cref="ReportForm.VersionFor"/> picks a period's.</summary>
public class FormVersionRowsTests
{
    private static Indicator Row(string code, int since, int? until = null, int ordinal = 1) =>
        new() { Code = code, Name = code, Section = "一、", Unit = "万元", SinceVersion = since, UntilVersion = until, Ordinal = ordinal };

    private static ReportForm Form() => new()
    {
        Code = "F",
        Name = "周报",
        LatestVersion = 3,
        Indicators =
        [
            Row("A01", 1, ordinal: 1),
            Row("A02", 1, until: 2, ordinal: 2),          // dropped in version 2
            Row("A03", 1, until: 3, ordinal: 3),          // changed in version 3…
            Row("A03", 3, ordinal: 2),                    // …into this row, moved up
            Row("A04", 2, ordinal: 4),                    // added in version 2
        ],
        Rules =
        [
            new FormRule { Code = "R01", Left = "A02", Operator = "<=", Right = "A01", SinceVersion = 1, UntilVersion = 2, Ordinal = 1 },
            new FormRule { Code = "R02", Left = "A04", Operator = "<=", Right = "A01", SinceVersion = 2, Ordinal = 1 },
        ],
        Versions =
        [
            new FormVersion { Number = 2, FromPeriod = "2026-W50", FromStart = new DateOnly(2026, 12, 7), PublishedBy = "s", Reason = "r", Changes = "c" },
            new FormVersion { Number = 3, FromPeriod = "2027-W02", FromStart = new DateOnly(2027, 1, 4), PublishedBy = "s", Reason = "r", Changes = "c" },
        ],
    };

    [TestCase(1, new[] { "A01", "A02", "A03" }, new[] { "R01" })]
    [TestCase(2, new[] { "A01", "A03", "A04" }, new[] { "R02" })]
    [TestCase(3, new[] { "A01", "A03", "A04" }, new[] { "R02" })]
    public void AtVersion_HoldsOnlyThatVersionsRows_InItsOrder(int version, string[] indicators, string[] rules)
    {
        var form = Form().AtVersion(version);

        Assert.Multiple(() =>
        {
            Assert.That(form.Indicators.Select(i => i.Code), Is.EqualTo(indicators));
            Assert.That(form.Rules.Select(r => r.Code), Is.EqualTo(rules));
            Assert.That(form.Version, Is.EqualTo(version));
        });
    }

    [Test]
    public void AtVersion_OfAView_StillSeesEveryVersion()
    {
        var latest = Form().AtLatest();

        Assert.Multiple(() =>
        {
            Assert.That(latest.Version, Is.EqualTo(3));
            Assert.That(latest.Indicators.Single(i => i.Code == "A03").SinceVersion, Is.EqualTo(3));
            Assert.That(latest.AtVersion(1).Indicators.Select(i => i.Code), Is.EqualTo(new[] { "A01", "A02", "A03" }), "a view goes back to the rows of every version");
        });
    }

    [TestCase("2026-11-30", 1)]
    [TestCase("2026-12-07", 2)]
    [TestCase("2026-12-28", 2)]
    [TestCase("2027-01-04", 3)]
    [TestCase("2027-06-07", 3)]
    public void VersionFor_APeriodStart_IsTheNewestInForceByThen(string start, int expected) =>
        Assert.That(Form().VersionFor(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void VersionLabel_IsEmptyWhileTheFormHasOneVersion() =>
        Assert.Multiple(() =>
        {
            Assert.That(new ReportForm { Code = "F", Name = "周报" }.VersionLabel(1), Is.Empty);
            Assert.That(Form().VersionLabel(2), Is.EqualTo("表式第2版"));
        });
}
