using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Exports.Xlsx;

namespace ComplianceTracker.UnitTests.Exports;

/// <summary>
/// Produces the shipped export templates in <c>templates/exports/</c>. The .xlsx files in the repository are the source
/// of truth and may have been restyled in Excel since; run <c>ExportTemplateTests.RegenerateExportTemplates</c>
/// (explicit, never in CI) only to start over from this design. The rules are in <c>templates/README.md</c>.
/// </summary>
public static class ExportTemplateGenerator
{
    public const string BodyFont = "等线";
    public const int TitleColumns = 10;
    public const int HeaderRow = 5;

    public sealed record SheetSpec(string Name, string Title, string Subtitle, string Notes);

    public sealed record TemplateSpec(string FileName, IReadOnlyList<SheetSpec> Sheets);

    public static readonly IReadOnlyList<TemplateSpec> Templates =
    [
        new("weekly-summary.xlsx", [new("周报汇总", "（周报汇总标题）", "（报告期、范围）", "（说明：口径、数据来源）")]),
        new("overdue.xlsx", [new("逾期清单", "（逾期清单标题）", "（截至时点、范围）", "（说明：逾期的认定）")]),
        new("completeness.xlsx", [new("报送完整性", "（报送完整性标题）", "（报告期、范围）", "（说明：图例）")]),
        new("circular-ledger.xlsx",
        [
            new("要求", "（文件要求标题）", "（文件、范围）", "（说明）"),
            new("义务与期限", "（义务与期限标题）", "（文件、范围）", "（说明）"),
            new("报送记录", "（报送记录标题）", "（文件、范围）", "（说明）"),
            new("提醒与升级", "（提醒与升级标题）", "（文件、范围）", "（说明）"),
            new("解锁与更正", "（解锁与更正标题）", "（文件、范围）", "（说明）"),
        ]),
        new("targets.xlsx", [new("目标完成情况", "（目标完成情况标题）", "（报告期、范围）", "（说明：目标来源）")]),
        new("audit.xlsx", [new("审计日志", "（审计日志标题）", "（时间范围）", "（说明：记录的动作）")]),
    ];

    public static XLWorkbook Build(TemplateSpec spec)
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = BodyFont;
        workbook.Style.Font.FontSize = 10.5;
        foreach (var sheet in spec.Sheets)
        {
            BuildSheet(workbook.AddWorksheet(sheet.Name), sheet);
        }

        BuildStyles(workbook);
        workbook.Worksheet(1).SetTabActive();
        return workbook;
    }

    private static void BuildSheet(IXLWorksheet sheet, SheetSpec spec)
    {
        sheet.Style.Font.FontName = BodyFont;
        for (var column = 1; column <= TitleColumns; column++)
        {
            sheet.Column(column).Width = 14;
        }

        var title = sheet.Range(1, 1, 1, TitleColumns).Merge();
        title.FirstCell().SetValue(spec.Title);
        title.Style.Font.SetFontSize(16).Font.SetBold()
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        sheet.Row(1).Height = 30;
        sheet.NamedRanges.Add(TemplateWriter.TitleName, sheet.Range("A1"));

        var subtitle = sheet.Range(2, 1, 2, TitleColumns).Merge();
        subtitle.FirstCell().SetValue(spec.Subtitle);
        subtitle.Style.Font.SetFontSize(11)
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        sheet.Row(2).Height = 20;
        sheet.NamedRanges.Add(TemplateWriter.SubtitleName, sheet.Range("A2"));

        var madeOn = sheet.Range(3, 1, 3, TitleColumns / 2).Merge();
        madeOn.FirstCell().SetValue("（制表时间）");
        madeOn.Style.Font.SetFontSize(9).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Left);
        sheet.NamedRanges.Add(TemplateWriter.MadeOnName, sheet.Range("A3"));

        var units = sheet.Range(3, (TitleColumns / 2) + 1, 3, TitleColumns).Merge();
        units.FirstCell().SetValue("（单位）");
        units.Style.Font.SetFontSize(9).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        sheet.NamedRanges.Add(TemplateWriter.UnitsName, units.FirstCell().AsRange());

        var notes = sheet.Range(4, 1, 4, TitleColumns).Merge();
        notes.FirstCell().SetValue(spec.Notes);
        notes.Style.Font.SetFontSize(9).Font.SetFontColor(XLColor.FromHtml("#595959"))
            .Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        sheet.Row(4).Height = 24;
        sheet.NamedRanges.Add(TemplateWriter.NotesName, sheet.Range("A4"));

        var header = sheet.Range(HeaderRow, 1, HeaderRow, TitleColumns);
        header.FirstCell().SetValue("（表头从此单元格开始）");
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#D9D9D9"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Alignment.SetWrapText()
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        sheet.Row(HeaderRow).Height = 30;
        sheet.NamedRanges.Add(TemplateWriter.HeaderName, sheet.Range(HeaderRow, 1, HeaderRow, 1));

        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.PageSetup.ShowGridlines = false;
        sheet.PageSetup.CenterHorizontally = true;
        sheet.PageSetup.Margins.SetLeft(0.4).SetRight(0.4).SetTop(0.6).SetBottom(0.6);
        sheet.PageSetup.Footer.Center.AddText("第 &P 页，共 &N 页");
    }

    private static void BuildStyles(XLWorkbook workbook)
    {
        var sheet = workbook.AddWorksheet(TemplateWriter.StyleSheetName);
        sheet.Column(1).Width = 18;
        sheet.Column(2).Width = 20;
        sheet.Column(3).Width = 50;
        sheet.Cell("A1").SetValue("导出数据的单元格样式：改 B 列单元格的格式（字体、填充、边框、数字格式、对齐），导出文件随之改变。B 列每格有名称 CT_Style_<样式>，请勿删除；导出时本工作表被删除。")
            .Style.Alignment.SetWrapText();
        sheet.Range("A1:C1").Merge();
        sheet.Row(1).Height = 42;
        sheet.Cell("A2").SetValue("样式");
        sheet.Cell("B2").SetValue("示例");
        sheet.Cell("C2").SetValue("用途");
        sheet.Range("A2:C2").Style.Font.SetBold();

        var row = 3;
        foreach (var style in Enum.GetValues<XStyle>())
        {
            sheet.Cell(row, 1).SetValue(style.ToString());
            var cell = sheet.Cell(row, 2);
            SetSample(cell, style);
            ApplyStyle(cell.Style, style);
            sheet.Cell(row, 3).SetValue(Purpose(style));
            workbook.NamedRanges.Add(TemplateWriter.StyleNamePrefix + style, cell.AsRange());
            row++;
        }

        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
    }

    private static void SetSample(IXLCell cell, XStyle style)
    {
        switch (style)
        {
            case >= XStyle.Number0 and <= XStyle.Number4:
            case >= XStyle.TotalNumber0 and <= XStyle.TotalNumber4:
                cell.SetValue(12345.6789);
                break;
            case XStyle.Percent:
                cell.SetValue(0.1234);
                break;
            case XStyle.Date:
                cell.SetValue(new DateTime(2026, 11, 20));
                break;
            case XStyle.DateTime:
                cell.SetValue(new DateTime(2026, 11, 20, 17, 30, 0));
                break;
            case XStyle.OnTime:
                cell.SetValue("按时");
                break;
            case XStyle.Late:
                cell.SetValue("逾期");
                break;
            case XStyle.Missing:
                cell.SetValue("未报");
                break;
            case XStyle.Pending:
                cell.SetValue("待审");
                break;
            case XStyle.Warning:
                cell.SetValue("临近截止");
                break;
            case XStyle.TotalText:
                cell.SetValue("合计");
                break;
            default:
                cell.SetValue("山西上党农村商业银行");
                break;
        }
    }

    private static string Purpose(XStyle style) => style switch
    {
        XStyle.Text => "文字",
        >= XStyle.Number0 and <= XStyle.Number4 => $"数值，{style - XStyle.Number0} 位小数",
        XStyle.Percent => "百分比",
        XStyle.Date => "日期",
        XStyle.DateTime => "日期时间",
        XStyle.TotalText => "合计行的文字",
        >= XStyle.TotalNumber0 and <= XStyle.TotalNumber4 => $"合计行的数值，{style - XStyle.TotalNumber0} 位小数",
        XStyle.OnTime => "状态：按时",
        XStyle.Late => "状态：逾期（迟报）",
        XStyle.Missing => "状态：未报",
        XStyle.Pending => "状态：待处理、待审核",
        XStyle.Warning => "提醒：临近截止、需关注",
        _ => "",
    };

    /// <summary>The look of each style: thin borders everywhere, number formats, totals bold on a light fill, statuses coloured.</summary>
    private static void ApplyStyle(IXLStyle style, XStyle kind)
    {
        style.Font.SetFontName(BodyFont).Font.SetFontSize(10.5)
            .Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin);
        switch (kind)
        {
            case >= XStyle.Number0 and <= XStyle.Number4:
                style.NumberFormat.SetFormat(NumberFormat(kind - XStyle.Number0));
                style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
                break;
            case XStyle.Percent:
                style.NumberFormat.SetFormat("0.00%");
                style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
                break;
            case XStyle.Date:
                style.NumberFormat.SetFormat("yyyy-mm-dd");
                style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
                break;
            case XStyle.DateTime:
                style.NumberFormat.SetFormat("yyyy-mm-dd hh:mm");
                style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
                break;
            case XStyle.TotalText:
                Total(style);
                break;
            case >= XStyle.TotalNumber0 and <= XStyle.TotalNumber4:
                Total(style);
                style.NumberFormat.SetFormat(NumberFormat(kind - XStyle.TotalNumber0));
                style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
                break;
            case XStyle.OnTime:
                Status(style, "#C6EFCE", "#006100");
                break;
            case XStyle.Late:
                Status(style, "#FFEB9C", "#9C5700");
                break;
            case XStyle.Missing:
                Status(style, "#FFC7CE", "#9C0006");
                break;
            case XStyle.Pending:
                Status(style, "#E7E6E6", "#595959");
                break;
            case XStyle.Warning:
                style.Font.SetFontColor(XLColor.FromHtml("#C65911")).Font.SetBold();
                break;
        }
    }

    private static string NumberFormat(int decimals) => decimals == 0 ? "#,##0" : "#,##0." + new string('0', decimals);

    private static void Total(IXLStyle style) =>
        style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#DDEBF7")).Border.SetTopBorder(XLBorderStyleValues.Medium);

    private static void Status(IXLStyle style, string fill, string font) =>
        style.Fill.SetBackgroundColor(XLColor.FromHtml(fill)).Font.SetFontColor(XLColor.FromHtml(font))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
}
