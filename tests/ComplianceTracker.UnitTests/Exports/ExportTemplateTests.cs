using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Exports.Xlsx;

namespace ComplianceTracker.UnitTests.Exports;

/// <summary>The shipped export templates have what <see cref="TemplateWriter"/> needs; and the generator that made them.</summary>
public class ExportTemplateTests
{
    private static IEnumerable<TestCaseData> ShippedTemplates() =>
        ExportTemplateGenerator.Templates.Select(t => new TestCaseData(t.FileName, t.Sheets.Select(s => s.Name).ToArray()).SetName($"ShippedTemplate_{t.FileName}"));

    [TestCaseSource(nameof(ShippedTemplates))]
    public void ShippedTemplate_NamesEveryStyleAndTitleBlock(string fileName, string[] sheetNames)
    {
        using var template = new XLWorkbook(ExportTestFiles.TemplatePath(fileName));

        Assert.Multiple(() =>
        {
            Assert.That(template.Worksheets.Select(s => s.Name), Is.SupersetOf(sheetNames.Append(TemplateWriter.StyleSheetName)));
            foreach (var style in Enum.GetValues<XStyle>())
            {
                Assert.That(template.NamedRanges.Contains(TemplateWriter.StyleNamePrefix + style), Is.True, $"{fileName}: CT_Style_{style}");
            }

            foreach (var sheetName in sheetNames)
            {
                var sheet = template.Worksheet(sheetName);
                foreach (var name in TemplateWriter.FieldNames.Append(TemplateWriter.HeaderName))
                {
                    Assert.That(sheet.NamedRanges.Contains(name), Is.True, $"{fileName} {sheetName}: {name}");
                }

                Assert.That(sheet.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape), $"{fileName} {sheetName}");
                Assert.That(sheet.PageSetup.PagesWide, Is.EqualTo(1), $"{fileName} {sheetName}");
            }
        });
    }

    [TestCaseSource(nameof(ShippedTemplates))]
    public void ShippedTemplate_TakesATinyContentInEverySheet(string fileName, string[] sheetNames)
    {
        var contents = sheetNames.Select(sheet => new SheetContent
        {
            Sheet = sheet,
            Fields = new Dictionary<string, string>
            {
                [TemplateWriter.TitleName] = $"{sheet}标题",
                [TemplateWriter.SubtitleName] = "2026年第47周",
                [TemplateWriter.MadeOnName] = "制表时间：2026-11-22 19:00",
                [TemplateWriter.UnitsName] = "单位：万元",
            },
            Columns = [new XColumn("机构名称"), new XColumn("数值"), new XColumn("状态")],
            Rows = [[XCell.Text("上党农商行"), XCell.Number(1234.5m, 2), XCell.Text("逾期", XStyle.Late)]],
        }).ToArray();

        var bytes = ExportTestFiles.Write(ExportTestFiles.TemplatePath(fileName), contents);

        using var workbook = ExportTestFiles.Open(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheets.Select(s => s.Name), Is.EqualTo(sheetNames));
            foreach (var sheetName in sheetNames)
            {
                var sheet = workbook.Worksheet(sheetName);
                Assert.That(sheet.Cell("A1").GetString(), Is.EqualTo($"{sheetName}标题"));
                Assert.That(sheet.Cell("A2").GetString(), Is.EqualTo("2026年第47周"));
                Assert.That(sheet.Cell(ExportTemplateGenerator.HeaderRow, 1).GetString(), Is.EqualTo("机构名称"));
                Assert.That(sheet.Cell(ExportTemplateGenerator.HeaderRow + 1, 2).GetDouble(), Is.EqualTo(1234.5));
                Assert.That(sheet.Cell(ExportTemplateGenerator.HeaderRow + 1, 3).GetString(), Is.EqualTo("逾期"));
            }
        });
    }

    /// <summary>Starts the export templates over from <see cref="ExportTemplateGenerator"/>, discarding any restyling.</summary>
    [Test]
    [Explicit("Overwrites templates/exports/*.xlsx; run by hand only to start the templates over.")]
    public void RegenerateExportTemplates() => Write(overwrite: true);

    /// <summary>Adds the templates of new exports, leaving the shipped (perhaps restyled) ones alone.</summary>
    [Test]
    [Explicit("Writes missing templates/exports/*.xlsx; run by hand when an export is added.")]
    public void CreateMissingExportTemplates() => Write(overwrite: false);

    private static void Write(bool overwrite)
    {
        var folder = Path.Combine(ExportTestFiles.RepositoryRoot(), ExportTestFiles.ExportsFolder);
        Directory.CreateDirectory(folder);
        foreach (var spec in ExportTemplateGenerator.Templates.Where(t => overwrite || !File.Exists(Path.Combine(folder, t.FileName))))
        {
            var path = Path.Combine(folder, spec.FileName);
            using var workbook = ExportTemplateGenerator.Build(spec);
            workbook.SaveAs(path);
            TestContext.Out.WriteLine($"Wrote {path}");
        }
    }
}
