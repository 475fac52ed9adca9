using ClosedXML.Excel;
using ComplianceTracker.Web.Features.Reporting.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

/// <summary>
/// Produces the shipped <c>templates/report-form.xlsx</c>. The .xlsx in the repository is the source of truth and may
/// have been restyled in Excel since; run <c>ReportFormTemplateTests.Regenerate</c> (explicit, never in CI) only to start
/// over from this design. The rules a template must follow are in <c>templates/README.md</c>.
/// </summary>
public static class ReportFormTemplateGenerator
{
    private const string BodyFont = "宋体";
    private const string TitleFont = "黑体";

    public static XLWorkbook Build()
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = BodyFont;
        workbook.Style.Font.FontSize = 11;
        BuildForm(workbook.AddWorksheet("表样"));
        BuildInstructions(workbook.AddWorksheet(FormWorkbookLayout.InstructionsSheetName));
        return workbook;
    }

    private static void BuildForm(IXLWorksheet sheet)
    {
        // A 序号 | B 指标 | C 单位 | D 上期数 | E 本期数 | F 指标代码 (hidden by the writer)
        double[] widths = [6, 36, 10, 16, 16, 14];
        for (var i = 0; i < widths.Length; i++)
        {
            sheet.Column(i + 1).Width = widths[i];
        }

        var title = sheet.Range("A1:E1").Merge();
        title.FirstCell().SetValue(FormWorkbookLayout.Tokens.FormName);
        title.Style.Font.SetFontName(TitleFont).Font.SetFontSize(16).Font.SetBold()
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Alignment.SetWrapText();
        sheet.Row(1).Height = 36;

        InfoRow(sheet, 2, $"填报机构：{FormWorkbookLayout.Tokens.InstitutionName}", "机构代码", FormWorkbookLayout.Tokens.InstitutionCode);
        InfoRow(sheet, 3, $"报告期：{FormWorkbookLayout.Tokens.PeriodRange}", "期次", FormWorkbookLayout.Tokens.PeriodKey);
        InfoRow(sheet, 4, $"报送截止：{FormWorkbookLayout.Tokens.DueAt}前", "表号", FormWorkbookLayout.Tokens.FormCode);

        var note = sheet.Range("A5:E5").Merge();
        note.FirstCell().SetValue("注：浅黄色“本期数”列为填报区，带★的指标为必填项；“上期数”为上一报告期已报送的数据，仅供核对。填报要求详见“填报说明”工作表。");
        note.Style.Font.SetFontSize(9).Font.SetFontColor(XLColor.FromHtml("#595959"))
            .Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        sheet.Row(5).Height = 26;

        string[] headers = ["序号", "指标名称", "单位", "上期数", "本期数", "指标代码"];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(6, i + 1).SetValue(headers[i]);
        }

        var header = sheet.Range("A6:F6");
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#D9E1F2"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        sheet.Row(6).Height = 22;

        var section = sheet.Range("A7:E7").Merge();
        section.FirstCell().SetValue(FormWorkbookLayout.Tokens.Section);
        section.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#F2F2F2"))
            .Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin);
        sheet.Cell("F7").Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin);
        sheet.Row(7).Height = 20;

        sheet.Cell("A8").SetValue(FormWorkbookLayout.Tokens.Number).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell("B8").SetValue(FormWorkbookLayout.Tokens.Indicator).Style.Alignment.SetIndent(1);
        sheet.Cell("C8").SetValue(FormWorkbookLayout.Tokens.Unit).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell("D8").SetValue(FormWorkbookLayout.Tokens.Previous).Style.Font.SetFontColor(XLColor.FromHtml("#595959"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        sheet.Cell("E8").SetValue(FormWorkbookLayout.Tokens.Current).Style.Fill.SetBackgroundColor(XLColor.FromHtml("#FFF2CC"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right).Protection.SetLocked(false);
        sheet.Cell("F8").SetValue(FormWorkbookLayout.Tokens.Code).Style.Font.SetFontSize(9).Font.SetFontColor(XLColor.Gray);
        sheet.Range("A8:F8").Style.Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        sheet.Row(8).Height = 20;

        var signatures = sheet.Range("A10:E10").Merge();
        signatures.FirstCell().SetValue("单位负责人：　　　　　　复核人：　　　　　　填表人：　　　　　　联系电话：");
        sheet.Row(10).Height = 24;
        var date = sheet.Range("A11:E11").Merge();
        date.FirstCell().SetValue("填报日期：　　　　年　　月　　日");
        date.Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);

        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.PageOrientation = XLPageOrientation.Portrait;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.PageSetup.CenterHorizontally = true;
        sheet.PageSetup.Margins.SetLeft(0.5).SetRight(0.5).SetTop(0.6).SetBottom(0.6);
        sheet.PageSetup.Footer.Center.AddText("第 &P 页，共 &N 页");
    }

    private static void InfoRow(IXLWorksheet sheet, int row, string text, string label, string identityToken)
    {
        var info = sheet.Range(row, 1, row, 2).Merge();
        info.FirstCell().SetValue(text);
        info.Style.Alignment.SetWrapText();
        sheet.Cell(row, 3).SetValue(label).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right).Font.SetBold();
        sheet.Cell(row, 4).SetValue(identityToken).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Left);
        sheet.Range(row, 1, row, 5).Style.Alignment.SetVertical(XLAlignmentVerticalValues.Center);
        sheet.Row(row).Height = 20;
    }

    private static void BuildInstructions(IXLWorksheet sheet)
    {
        double[] widths = [6, 30, 8, 10, 10, 50];
        for (var i = 0; i < widths.Length; i++)
        {
            sheet.Column(i + 1).Width = widths[i];
        }

        var title = sheet.Range("A1:F1").Merge();
        title.FirstCell().SetValue($"{FormWorkbookLayout.Tokens.FormName}填报说明");
        title.Style.Font.SetFontName(TitleFont).Font.SetFontSize(14).Font.SetBold()
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center)
            .Alignment.SetWrapText();
        sheet.Row(1).Height = 32;

        string[] points =
        [
            $"本文件是{FormWorkbookLayout.Tokens.InstitutionName}（机构代码 {FormWorkbookLayout.Tokens.InstitutionCode}）{FormWorkbookLayout.Tokens.PeriodKey} 报告期（{FormWorkbookLayout.Tokens.PeriodRange}）的“{FormWorkbookLayout.Tokens.FormName}”（表号 {FormWorkbookLayout.Tokens.FormCode}），请于{FormWorkbookLayout.Tokens.DueAt}前填好上传。",
            $"只在“{FormWorkbookLayout.Tokens.SheetName}”工作表浅黄色的“本期数”列填写，其他单元格已锁定；“上期数”为上一报告期已报送的数据，仅供核对。",
            "带红色★的指标为必填项，当期没有发生的填 0，不要留空；其他指标没有数据的可以留空。",
            "按“单位”列填写，不要换算：金额按万元或亿元填写，户数、笔数填整数，比率（%）填百分数的数值（如 12.5% 填 12.5）。小数位数见下表，超出的小数位请先四舍五入。",
            "只填阿拉伯数字：不要使用公式，不要在数字中加单位、文字或空格（如“12户”“约100”“十二”）。从其他表格复制数据时，请用“选择性粘贴—数值”。",
            "不要重命名、删除、隐藏或新增工作表，不要插入或删除行、列，不要修改表头中的机构代码、期次和表号；工作表保护没有密码，只为防止误改。",
            "填好后保存为 Excel 工作簿（.xlsx）格式上传。用 WPS 表格填写也可以，保存时请选择 .xlsx 格式（不要保存为 .et 或 .xls），不要设置打开密码。",
            $"上传后系统逐项检查，发现问题会指出单元格（如“{FormWorkbookLayout.Tokens.SheetName}!E8”）和原因，请改正后重新上传；检查通过的数据保存为草稿，提交后由本行负责人审核。",
        ];
        for (var i = 0; i < points.Length; i++)
        {
            var row = i + 2;
            sheet.Cell(row, 1).SetValue($"{i + 1}.").Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right)
                .Alignment.SetVertical(XLAlignmentVerticalValues.Top);
            var text = sheet.Range(row, 2, row, 6).Merge();
            text.FirstCell().SetValue(points[i]);
            text.Style.Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Top);
        }

        var listTitleRow = points.Length + 3;
        sheet.Range(listTitleRow, 1, listTitleRow, 6).Merge().FirstCell().SetValue("各指标填报要求").Style.Font.SetBold().Font.SetFontSize(12);
        sheet.Row(listTitleRow).Height = 22;

        var headerRow = listTitleRow + 1;
        string[] headers = ["序号", "指标名称", "单位", "小数位数", "是否必填", "填报口径"];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(headerRow, i + 1).SetValue(headers[i]);
        }

        sheet.Range(headerRow, 1, headerRow, 6).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#D9E1F2"))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center)
            .Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);

        var protoRow = headerRow + 1;
        sheet.Cell(protoRow, 1).SetValue(FormWorkbookLayout.Tokens.Number).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell(protoRow, 2).SetValue(FormWorkbookLayout.Tokens.Indicator);
        sheet.Cell(protoRow, 3).SetValue(FormWorkbookLayout.Tokens.Unit).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell(protoRow, 4).SetValue(FormWorkbookLayout.Tokens.Decimals).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell(protoRow, 5).SetValue(FormWorkbookLayout.Tokens.Required).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        sheet.Cell(protoRow, 6).SetValue(FormWorkbookLayout.Tokens.Note).Style.Alignment.SetWrapText();
        sheet.Range(protoRow, 1, protoRow, 6).Style.Alignment.SetVertical(XLAlignmentVerticalValues.Center).Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);

        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.PageSetup.CenterHorizontally = true;
    }
}
