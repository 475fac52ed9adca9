using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.Reporting.Excel;

/// <summary>
/// Reads an uploaded form back into values by indicator code. It only parses: negative counts, missing required
/// values and other business rules are checked by validation later. Bad input never throws; every problem becomes an
/// error keyed by cell (<c>周报!E8</c>) or by <see cref="FormWorkbookLayout.FileErrorKey"/>, in Chinese, naming the
/// indicator and saying what to fix. Any error means no values are returned.
/// </summary>
/// <remarks>
/// A number cell is taken as Excel stores it (a double, so 15 significant digits). A text cell is accepted when it is
/// a plain number (see <see cref="ExcelText.TryParsePlainNumber"/>): WPS and pasted data often leave numbers as text.
/// For an indicator whose unit is %, a cell formatted as a percentage (the reporter typed 12.5%) reads as 12.5.
/// </remarks>
public sealed class FormWorkbookReader(ImportLimits limits)
{
    private const string FileKey = FormWorkbookLayout.FileErrorKey;

    private readonly ImportLimits limits = limits ?? throw new ArgumentNullException(nameof(limits));

    public ImportResult Read(Stream upload, ImportExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(expected);

        var bytes = UploadInspector.ReadLimited(upload, limits, out var readError);
        if (bytes is null)
        {
            return Failed(FileKey, readError!);
        }

        if (UploadInspector.Inspect(bytes, limits) is { } packageError)
        {
            return Failed(FileKey, packageError);
        }

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes, writable: false), XLEventTracking.Disabled);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(FileKey, "文件无法作为 Excel 工作簿读取（内容已损坏或格式不受支持）。请在 Excel 或 WPS 中打开并另存为 Excel 工作簿（.xlsx）后重新上传。");
        }

        try
        {
            using (workbook)
            {
                return Read(workbook, expected);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(FileKey, "文件内容无法解析，可能已被其他软件改动。请重新下载模板，把数据填入后上传。");
        }
    }

    private static ImportResult Read(XLWorkbook workbook, ImportExpectation expected)
    {
        if (!workbook.TryGetWorksheet(expected.SheetName, out var sheet))
        {
            var present = string.Join("、", workbook.Worksheets.Select(ws => $"“{ws.Name}”"));
            return Failed(FileKey, $"工作簿中找不到工作表“{expected.SheetName}”（现有工作表：{present}）。请不要重命名或删除工作表；如不是本表的文件，请下载本表模板后填报。");
        }

        var form = NamedCell(workbook, FormWorkbookLayout.FormCodeName);
        var period = NamedCell(workbook, FormWorkbookLayout.PeriodName);
        var institution = NamedCell(workbook, FormWorkbookLayout.InstitutionName);
        var codes = NamedColumn(workbook, FormWorkbookLayout.CodesName, sheet);
        var inputs = NamedColumn(workbook, FormWorkbookLayout.InputsName, sheet);
        if (form is null || period is null || institution is null || codes is null || inputs is null)
        {
            return Failed(FileKey, "文件缺少本系统报表的标识（表号、报告期、机构代码或指标代码列），不是从本系统下载的报表模板。请下载模板后在其中填报。");
        }

        var errors = new Errors();
        var actualForm = form.GetString().Trim();
        if (!string.Equals(actualForm, expected.FormCode, StringComparison.Ordinal))
        {
            errors.Add(FileKey, $"文件的表号为“{ExcelText.Quote(actualForm)}”，不是本表（表号“{expected.FormCode}”）的报表。请下载本表的模板填报。");
        }

        var actualPeriod = period.GetString().Trim();
        if (!string.Equals(actualPeriod, expected.PeriodDisplay, StringComparison.Ordinal) && !string.Equals(actualPeriod, expected.PeriodKey, StringComparison.Ordinal))
        {
            var said = ExcelText.Quote(PeriodNames.Name(actualPeriod));
            errors.Add(FileKey, $"文件的报告期为“{said}”，当前上传的是“{expected.PeriodDisplay}”。请下载{expected.PeriodDisplay}的模板填报，或到{said}上传此文件。");
        }

        var actualInstitution = institution.GetString().Trim();
        if (!string.Equals(actualInstitution, expected.InstitutionCode, StringComparison.Ordinal))
        {
            errors.Add(FileKey, $"文件的填报机构代码为“{ExcelText.Quote(actualInstitution)}”，与本机构（“{expected.InstitutionCode}”）不符。请使用本机构下载的模板填报。");
        }

        foreach (var other in workbook.Worksheets)
        {
            if (other.Name == expected.SheetName || other.Name == FormWorkbookLayout.InstructionsSheetName)
            {
                continue;
            }

            if (other.Visibility == XLWorksheetVisibility.Hidden)
            {
                errors.Add(FileKey, $"工作簿中有隐藏的工作表“{other.Name}”。报表只接受模板中的工作表，请取消隐藏并删除该工作表后重新上传。");
            }
            else if (other.Visibility == XLWorksheetVisibility.VeryHidden)
            {
                errors.Add(FileKey, $"工作簿中有深度隐藏的工作表“{other.Name}”（Excel 中无法直接看到）。请重新下载模板，把数据填入新模板后上传。");
            }
        }

        if (errors.Any)
        {
            return errors.Result();
        }

        var rowsByCode = RowsByCode(sheet, codes.Value);
        foreach (var indicator in expected.Indicators)
        {
            if (!rowsByCode.TryGetValue(indicator.Code, out var rows))
            {
                errors.Add(FileKey, $"找不到指标“{indicator.Name}”（{indicator.Code}）的填报行，文件可能被改动或不是本表的最新模板。请重新下载模板后填报。");
            }
            else if (rows.Count > 1)
            {
                errors.Add(FileKey, $"指标“{indicator.Name}”（{indicator.Code}）出现在多行（第 {string.Join("、", rows)} 行），文件已被改动。请重新下载模板后填报。");
            }
        }

        if (errors.Any)
        {
            return errors.Result();
        }

        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var indicator in expected.Indicators)
        {
            var cell = sheet.Cell(rowsByCode[indicator.Code][0], inputs.Value);
            var key = FormWorkbookLayout.CellKey(expected.SheetName, cell.Address.ToString()!);
            cells[indicator.Code] = key;
            if (ParseCell(cell, indicator, out var value) is { } problem)
            {
                errors.Add(key, problem);
            }
            else
            {
                values[indicator.Code] = value;
            }
        }

        var revision = Revision(workbook);
        return errors.Any
            ? errors.Result() with { Cells = cells, Readable = values, Revision = revision }
            : new ImportResult(values, new Dictionary<string, string[]>()) { Cells = cells, Readable = values, Revision = revision };
    }

    /// <summary>The revision the file was downloaded at (<see cref="FormWorkbookLayout.RevisionName"/>), or null.</summary>
    private static int? Revision(XLWorkbook workbook) =>
        workbook.CustomProperties.FirstOrDefault(p => p.Name == FormWorkbookLayout.RevisionName) is { } property
            && int.TryParse(Convert.ToString(property.Value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : null;

    /// <summary>A problem with the cell, or null with the value (null for an empty cell).</summary>
    private static string? ParseCell(IXLCell cell, FormSheetIndicator indicator, out decimal? value)
    {
        value = null;
        if (cell.HasFormula)
        {
            return $"“{indicator.Name}”使用了公式“={ExcelText.Quote(cell.FormulaA1)}”。请只填数值，不要使用公式（可复制后用“选择性粘贴—数值”）。";
        }

        if (cell.IsEmpty())
        {
            return null;
        }

        var isPercentUnit = indicator.Unit.Trim() is "%" or "％";
        switch (cell.DataType)
        {
            case XLDataType.Number:
                double number;
                try
                {
                    number = cell.GetDouble();
                    value = (decimal)number;
                }
                catch (Exception ex) when (ex is OverflowException or FormatException)
                {
                    return $"“{indicator.Name}”的数值超出可处理的范围，请核对后重新填写。";
                }

                if (IsPercentFormat(cell))
                {
                    if (!isPercentUnit)
                    {
                        value = null;
                        return $"“{indicator.Name}”的单位是{indicator.Unit}，当前内容为百分数“{(decimal)number * 100:0.##}%”。请按{indicator.Unit}填写数值，并把单元格格式改为“数值”。";
                    }

                    value = (decimal)number * 100;
                }

                return null;
            case XLDataType.Text:
                var text = cell.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (ExcelText.TryParsePlainNumber(text, isPercentUnit, out var parsed))
                {
                    value = parsed;
                    return null;
                }

                return NotANumber(indicator, text);
            case XLDataType.DateTime:
                return $"“{indicator.Name}”应为数字，当前内容为日期“{cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}”。请把单元格格式改为“数值”后重新填写。";
            case XLDataType.TimeSpan:
                return $"“{indicator.Name}”应为数字，当前内容为时间“{cell.GetTimeSpan()}”。请把单元格格式改为“数值”后重新填写。";
            case XLDataType.Boolean:
                return NotANumber(indicator, cell.GetBoolean() ? "TRUE" : "FALSE");
            default:
                return NotANumber(indicator, cell.GetString());
        }
    }

    /// <summary>Excel's built-in 0% (9) and 0.00% (10), which it applies when 12.5% is typed, or a custom format with %.</summary>
    private static bool IsPercentFormat(IXLCell cell) =>
        cell.Style.NumberFormat.NumberFormatId is 9 or 10 || cell.Style.NumberFormat.Format.Contains('%');

    private static string NotANumber(FormSheetIndicator indicator, string text) =>
        $"“{indicator.Name}”应为数字，当前内容为“{ExcelText.Quote(text.Trim())}”。";

    private static Dictionary<string, List<int>> RowsByCode(IXLWorksheet sheet, int codeColumn)
    {
        var rows = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var cell in sheet.Column(codeColumn).CellsUsed())
        {
            var code = cell.HasFormula ? string.Empty : cell.GetString().Trim();
            if (code.Length == 0)
            {
                continue;
            }

            if (!rows.TryGetValue(code, out var list))
            {
                rows[code] = list = [];
            }

            list.Add(cell.Address.RowNumber);
        }

        return rows;
    }

    /// <summary>The single cell a workbook-level defined name refers to, or null.</summary>
    private static IXLCell? NamedCell(XLWorkbook workbook, string name)
    {
        var range = NamedRange(workbook, name);
        return range is not null && range.RangeAddress.FirstAddress.Equals(range.RangeAddress.LastAddress) ? range.FirstCell() : null;
    }

    /// <summary>The column number of a one-column defined name on the form sheet, or null.</summary>
    private static int? NamedColumn(XLWorkbook workbook, string name, IXLWorksheet sheet)
    {
        var range = NamedRange(workbook, name);
        if (range is null || range.Worksheet != sheet || range.RangeAddress.FirstAddress.ColumnNumber != range.RangeAddress.LastAddress.ColumnNumber)
        {
            return null;
        }

        return range.RangeAddress.FirstAddress.ColumnNumber;
    }

    private static IXLRange? NamedRange(XLWorkbook workbook, string name)
    {
        if (!workbook.NamedRanges.TryGetValue(name, out var named) || !named.IsValid)
        {
            return null;
        }

        var ranges = named.Ranges.ToList();
        return ranges.Count == 1 ? ranges[0] : null;
    }

    private static ImportResult Failed(string key, string message) =>
        new(new Dictionary<string, decimal?>(), new Dictionary<string, string[]> { [key] = [message] });

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> byKey = new(StringComparer.Ordinal);

        public bool Any => byKey.Count > 0;

        public void Add(string key, string message)
        {
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(message);
        }

        public ImportResult Result() => new(
            new Dictionary<string, decimal?>(),
            byKey.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }
}
