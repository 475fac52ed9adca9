using ComplianceTracker.Web.Data;

namespace ComplianceTracker.UnitTests.Architecture;

/// <summary>
/// The shape ARCHITECTURE.md describes, checked on the built assembly: entities in <c>Domain/</c> depend on no
/// feature; a feature uses another feature only along an edge listed here, and the edges form no cycle; pages reach
/// the database only through feature handlers.
/// </summary>
public class ArchitectureTests
{
    private const string Root = "ComplianceTracker.Web";

    /// <summary>
    /// Which feature may use which other feature's use cases or services, and why. Everything else a feature needs
    /// of another comes from <c>Domain/</c>. A new edge is a design decision: add it here with its reason.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFeatureEdges = new Dictionary<string, string[]>
    {
        // Every feature that changes data writes its audit line; the audit log itself depends on no feature.
        ["Audit"] = [],
        ["Deadlines"] = [],
        ["Accounts"] = ["Audit"],
        // Registry changes are audited; new and moved institutions take on the circulars already published (the refresh job).
        ["Institutions"] = ["Accounts", "Audit", "Circulars"],
        // The calendar implements the deadline engine's working-day calendar and re-plans schedules when it changes.
        ["Calendar"] = ["Deadlines", "Circulars", "Reporting", "Audit"],
        // Publishing schedules due items with the deadline engine, opens the report periods of weekly regimes and
        // tells the bound institutions what they now owe.
        ["Circulars"] = ["Deadlines", "Reporting", "Notifications", "Audit"],
        // Messages say when something is due, counted in working days.
        ["Notifications"] = ["Deadlines", "Audit"],
        // Changing a due item's status (and 催报) tells the people concerned; a late return gives the institution until
        // the end of the next working day.
        ["Obligations"] = ["Notifications", "Deadlines", "Audit"],
        // Submitting follows the due item and tells people; the targets hear of new figures through
        // ISubmittedFiguresListener, so reporting does not depend on them.
        ["Reporting"] = ["Deadlines", "Notifications", "Obligations", "Audit"],
        // Targets are judged on the reported figures of the forms they name.
        ["Targets"] = ["Reporting", "Audit"],
        // A supervisor authors the form of a circular they oversee, with the reporting rules' parser, and generates its
        // periods; every change is audited, and a new version is told to the institutions that report on the form.
        ["FormAuthoring"] = ["Circulars", "Reporting", "Notifications", "Audit"],
        // The leaders' dashboard reads the reported figures, the overdue items and the targets' verdicts.
        ["Dashboard"] = ["Reporting", "Obligations", "Targets"],
        // Exports read what the other features compute, to write it as Excel.
        ["Exports"] = ["Reporting", "Targets", "Obligations", "Circulars", "Deadlines", "Audit"],
    };

    private static readonly Type[] WebTypes = typeof(ComplianceDbContext).Assembly.GetTypes();

    [Test]
    public void Domain_UsesNoFeatureNorTheDatabase()
    {
        var offending = WebTypes
            .Where(t => Area(t) == "Domain")
            .SelectMany(t => TypeReferences.Of(t).Where(r => Area(r) is "Features" or "Data" or "Pages").Select(r => $"{t.FullName} → {r.FullName}"))
            .Distinct()
            .ToList();

        Assert.That(offending, Is.Empty);
    }

    [Test]
    public void Pages_NeverTouchTheDbContext()
    {
        var offending = WebTypes
            .Where(t => Area(t) == "Pages")
            .Where(t => TypeReferences.Of(t).Any(r => typeof(Microsoft.EntityFrameworkCore.DbContext).IsAssignableFrom(r)))
            .Select(t => t.FullName)
            .Distinct()
            .ToList();

        Assert.That(offending, Is.Empty, "pages load and post through feature handlers");
    }

    [Test]
    public void Features_UseOtherFeaturesOnlyAlongAllowedEdges()
    {
        var unlisted = FeatureGraph()
            .SelectMany(e => e.Value.Where(to => !AllowedFeatureEdges.GetValueOrDefault(e.Key, []).Contains(to)).Select(to => $"{e.Key} → {to}: {Example(e.Key, to)}"))
            .ToList();

        Assert.That(unlisted, Is.Empty, "add the edge to AllowedFeatureEdges with its reason, or use Domain/ instead");
    }

    [Test]
    public void AllowedFeatureEdges_FormNoCycle()
    {
        Assert.That(Cycle(AllowedFeatureEdges.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)e.Value)), Is.Empty);
    }

    [Test]
    public void Features_FormNoCycle()
    {
        Assert.That(Cycle(FeatureGraph()), Is.Empty);
    }

    [Test]
    public void CycleCheck_FindsACycle()
    {
        var graph = new Dictionary<string, IReadOnlyCollection<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.That(Cycle(graph), Is.EqualTo(new[] { "A", "B", "C", "A" }));
    }

    /// <summary>The features each feature's types use, read from the assembly.</summary>
    public static Dictionary<string, IReadOnlyCollection<string>> FeatureGraph() => WebTypes
        .Where(t => Feature(t) is not null)
        .GroupBy(t => Feature(t)!)
        .ToDictionary(
            g => g.Key,
            g => (IReadOnlyCollection<string>)g.SelectMany(TypeReferences.Of).Select(Feature).OfType<string>().Where(f => f != g.Key).Distinct().Order().ToList());

    private static string Example(string from, string to) => WebTypes
        .Where(t => Feature(t) == from)
        .SelectMany(t => TypeReferences.Of(t).Where(r => Feature(r) == to).Select(r => $"{t.Name} uses {r.Name}"))
        .First();

    /// <summary>The first cycle found by depth-first search, as the path that closes it; empty when there is none.</summary>
    private static List<string> Cycle(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in graph.Keys.Order())
        {
            if (Visit(start))
            {
                return path;
            }
        }

        return [];

        bool Visit(string node)
        {
            var index = path.IndexOf(node);
            if (index >= 0)
            {
                path.Add(node);
                path.RemoveRange(0, index);
                return true;
            }

            if (!done.Add(node))
            {
                return false;
            }

            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order())
            {
                if (Visit(next))
                {
                    return true;
                }
            }

            path.RemoveAt(path.Count - 1);
            return false;
        }
    }

    /// <summary>Domain, Features, Pages, Data, Infrastructure; Razor views count as Pages.</summary>
    private static string? Area(Type type)
    {
        var ns = type.Namespace ?? "";
        if (ns == "AspNetCoreGeneratedDocument")
        {
            return "Pages";
        }

        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static string? Feature(Type type)
    {
        var ns = type.Namespace ?? "";
        var prefix = Root + ".Features.";
        return ns.StartsWith(prefix, StringComparison.Ordinal) ? ns[prefix.Length..].Split('.')[0] : null;
    }
}
