using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Exports.Xlsx;

namespace ComplianceTracker.UnitTests.Exports;

/// <summary>Where the export templates live, small contents to write into them, and reading the result back.</summary>
public static class ExportTestFiles
{
    public const string ExportsFolder = "templates/exports";

    /// <summary>The repository root (the folder holding ComplianceTracker.sln), found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ComplianceTracker.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ComplianceTracker.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>templates/exports/<paramref name="fileName"/> in the repository (the files the tests check are the committed ones).</summary>
    public static string TemplatePath(string fileName) => Path.Combine(RepositoryRoot(), ExportsFolder, fileName);

    public static string WeeklySummary => TemplatePath("weekly-summary.xlsx");

    public static byte[] Write(string templatePath, params SheetContent[] sheets)
    {
        using var output = new MemoryStream();
        TemplateWriter.Write(templatePath, output, sheets);
        return output.ToArray();
    }

    public static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    public static SheetContent Content(string sheet, IReadOnlyList<XColumn> columns, IEnumerable<IReadOnlyList<XCell>> rows, IReadOnlyDictionary<string, string>? fields = null) => new()
    {
        Sheet = sheet,
        Columns = columns,
        Rows = rows,
        Fields = fields ?? new Dictionary<string, string> { [TemplateWriter.TitleName] = $"{sheet}（测试）" },
    };

    /// <summary>A temporary file path that is deleted with the returned handle.</summary>
    public static TempFile TempFile(string extension = ".xlsx") => new(Path.Combine(Path.GetTempPath(), $"ct-export-{Guid.NewGuid():N}{extension}"));
}

public sealed class TempFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
