using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Reporting.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

public class ReportFormTemplateTests
{
    [Test]
    public void ShippedTemplate_FollowsTheTemplateRules()
    {
        Assert.DoesNotThrow(() => _ = new FormWorkbookWriter(ExcelTestFiles.TemplatePath()));
    }

    [Test]
    public void MissingTemplate_ThrowsFileNotFoundNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}", "report-form.xlsx");

        var ex = Assert.Throws<FileNotFoundException>(() => _ = new FormWorkbookWriter(path));

        Assert.That(ex.Message, Does.Contain(path).And.Contain("找不到报表模板文件"));
    }

    [Test]
    public void BrokenTemplate_ThrowsInvalidDataNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        File.WriteAllText(path, "不是 Excel 文件");
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => _ = new FormWorkbookWriter(path));

            Assert.That(ex.Message, Does.Contain(path).And.Contain("已损坏"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TemplateWithoutInputPrototype_ThrowsInvalidDataSayingWhatIsMissing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        using (var workbook = new XLWorkbook())
        {
            workbook.AddWorksheet("表样").Cell("A1").SetValue("{表名}");
            workbook.AddWorksheet(FormWorkbookLayout.InstructionsSheetName);
            workbook.SaveAs(path);
        }

        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => _ = new FormWorkbookWriter(path));

            Assert.That(ex.Message, Does.Contain(path).And.Contain("{本期数}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Starts the template over from <see cref="ReportFormTemplateGenerator"/>, discarding any restyling.</summary>
    [Test]
    [Explicit("Overwrites templates/report-form.xlsx; run by hand only to start the template over.")]
    public void Regenerate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "templates")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "no templates/ folder above the test binaries");
        var path = Path.Combine(directory!.FullName, ExcelTestFiles.TemplateRelativePath);
        using var workbook = ReportFormTemplateGenerator.Build();
        workbook.SaveAs(path);
        TestContext.Out.WriteLine($"Wrote {path}");
    }
}
