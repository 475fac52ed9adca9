using ClosedXML.Excel;

namespace ComplianceTracker.Web.Features.Reporting.Excel;

/// <summary>A template's prototype rows on one sheet: the indicator row and, optionally, the section row next to it.</summary>
internal sealed record PrototypeRows(int IndicatorRow, int? SectionRow)
{
    public int First => SectionRow is { } section ? Math.Min(section, IndicatorRow) : IndicatorRow;

    public int Last => SectionRow is { } section ? Math.Max(section, IndicatorRow) : IndicatorRow;
}

/// <summary>
/// Where things are in a template (see templates/README.md): the form sheet is the one holding <c>{本期数}</c>; the
/// instructions sheet is 填报说明. Throws <see cref="InvalidDataException"/> with a Chinese reason when the template
/// does not follow the rules, so a restyled template is refused at start-up, not at the first download.
/// </summary>
internal sealed record FormTemplate(IXLWorksheet FormSheet, PrototypeRows FormRows, IXLWorksheet InstructionsSheet, PrototypeRows? InstructionsRows)
{
    private static readonly string[] IdentityTokens =
    [
        FormWorkbookLayout.Tokens.FormCode,
        FormWorkbookLayout.Tokens.PeriodKey,
        FormWorkbookLayout.Tokens.InstitutionCode,
    ];

    public static FormTemplate Locate(XLWorkbook workbook)
    {
        if (!workbook.TryGetWorksheet(FormWorkbookLayout.InstructionsSheetName, out var instructions))
        {
            throw new InvalidDataException($"缺少工作表“{FormWorkbookLayout.InstructionsSheetName}”。");
        }

        foreach (var sheet in workbook.Worksheets)
        {
            if (sheet.Visibility != XLWorksheetVisibility.Visible)
            {
                throw new InvalidDataException($"工作表“{sheet.Name}”是隐藏的；模板不能有隐藏工作表（上传时会被拒绝）。");
            }
        }

        var inputs = workbook.Worksheets
            .Where(sheet => sheet != instructions)
            .SelectMany(sheet => CellsWithText(sheet, FormWorkbookLayout.Tokens.Current))
            .ToList();
        if (inputs.Count != 1)
        {
            throw new InvalidDataException($"模板中应有且只有一个内容为“{FormWorkbookLayout.Tokens.Current}”的单元格（填报列的样板行），实际有 {inputs.Count} 个。");
        }

        var form = inputs[0].Worksheet;
        var formRows = Prototypes(form, inputs[0].Address.RowNumber);
        foreach (var token in new[] { FormWorkbookLayout.Tokens.Code, FormWorkbookLayout.Tokens.Indicator })
        {
            if (!CellsWithText(form, token).Any(cell => cell.Address.RowNumber == formRows.IndicatorRow))
            {
                throw new InvalidDataException($"工作表“{form.Name}”的样板行（第 {formRows.IndicatorRow} 行）缺少“{token}”单元格。");
            }
        }

        foreach (var token in IdentityTokens)
        {
            var cells = CellsWithText(form, token).ToList();
            if (cells.Count != 1)
            {
                throw new InvalidDataException($"工作表“{form.Name}”中应有且只有一个内容为“{token}”的单元格（文件标识），实际有 {cells.Count} 个。");
            }

            var row = cells[0].Address.RowNumber;
            if (row >= formRows.First && row <= formRows.Last)
            {
                throw new InvalidDataException($"“{token}”不能放在样板行（第 {row} 行）中。");
            }
        }

        var listRows = CellsWithText(instructions, FormWorkbookLayout.Tokens.Indicator).Select(cell => cell.Address.RowNumber).Distinct().ToList();
        if (listRows.Count > 1)
        {
            throw new InvalidDataException($"工作表“{instructions.Name}”中“{FormWorkbookLayout.Tokens.Indicator}”应只在一行（指标说明的样板行）。");
        }

        return new FormTemplate(form, formRows, instructions, listRows.Count == 1 ? Prototypes(instructions, listRows[0]) : null);
    }

    /// <summary>Cells whose whole text is <paramref name="text"/>.</summary>
    public static IEnumerable<IXLCell> CellsWithText(IXLWorksheet sheet, string text) =>
        sheet.CellsUsed().Where(cell => cell.DataType == XLDataType.Text && !cell.HasFormula && cell.GetString() == text);

    private static PrototypeRows Prototypes(IXLWorksheet sheet, int indicatorRow)
    {
        var sectionRows = CellsWithText(sheet, FormWorkbookLayout.Tokens.Section).Select(cell => cell.Address.RowNumber).Distinct().ToList();
        sectionRows.Remove(indicatorRow);
        if (sectionRows.Count > 1)
        {
            throw new InvalidDataException($"工作表“{sheet.Name}”中“{FormWorkbookLayout.Tokens.Section}”应只在一行（分组的样板行）。");
        }

        if (sectionRows.Count == 1 && Math.Abs(sectionRows[0] - indicatorRow) != 1)
        {
            throw new InvalidDataException($"工作表“{sheet.Name}”的分组样板行（第 {sectionRows[0]} 行）应紧挨指标样板行（第 {indicatorRow} 行）。");
        }

        return new PrototypeRows(indicatorRow, sectionRows.Count == 1 ? sectionRows[0] : null);
    }
}
