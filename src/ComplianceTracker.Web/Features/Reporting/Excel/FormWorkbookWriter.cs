using System.Globalization;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.Reporting.Excel;

/// <summary>
/// Builds the downloadable .xlsx of one form for one institution and period from the template in
/// <c>templates/report-form.xlsx</c>: the template's styles, widths and page setup are kept, its placeholder tokens
/// filled, its prototype rows repeated per section and indicator. Input cells (本期数) are unlocked, everything else
/// locked; sheets are protected without a password and the workbook structure is locked (a guard against
/// accidents — 撤销工作表保护 in Excel or WPS needs no password). Thread-safe: the template is read once.
/// </summary>
public sealed class FormWorkbookWriter
{
    private const double MaxColumnWidth = 60;
    private const double LineHeightPoints = 16.5;

    private static readonly char[] InvalidSheetNameChars = ['[', ']', ':', '*', '?', '/', '\\'];

    private readonly byte[] template;

    /// <summary>Reads and checks the template.</summary>
    /// <exception cref="FileNotFoundException">The template file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an .xlsx or does not follow the template rules.</exception>
    public FormWorkbookWriter(string templatePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templatePath);
        if (!File.Exists(templatePath))
        {
            throw new FileNotFoundException($"找不到报表模板文件“{templatePath}”，请确认 templates/report-form.xlsx 已随程序发布。", templatePath);
        }

        try
        {
            template = File.ReadAllBytes(templatePath);
            using var workbook = OpenTemplate();
            FormTemplate.Locate(workbook);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"报表模板文件“{templatePath}”不可用：{ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"报表模板文件“{templatePath}”已损坏或不是 Excel 工作簿（.xlsx）：{ex.Message}", ex);
        }
    }

    /// <summary>Writes the filled form to <paramref name="output"/> (any writable stream; nothing is read back from it).</summary>
    public void Write(FormWorkbookRequest request, Stream output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        Validate(request);

        using var workbook = OpenTemplate();
        var layout = FormTemplate.Locate(workbook);
        var form = layout.FormSheet;
        if (workbook.Worksheets.Any(sheet => sheet != form && sheet.Name == request.SheetName))
        {
            throw new ArgumentException($"模板中已有名为“{request.SheetName}”的其他工作表。", nameof(request));
        }

        form.Name = request.SheetName;
        var rows = Rows(request.Indicators);

        var generated = Expand(form, layout.FormRows, rows, request);
        var identity = new Dictionary<string, IXLCell>
        {
            [FormWorkbookLayout.FormCodeName] = FormTemplate.CellsWithText(form, FormWorkbookLayout.Tokens.FormCode).Single(),
            [FormWorkbookLayout.PeriodName] = FormTemplate.CellsWithText(form, FormWorkbookLayout.Tokens.PeriodKey).Single(),
            [FormWorkbookLayout.InstitutionName] = FormTemplate.CellsWithText(form, FormWorkbookLayout.Tokens.InstitutionCode).Single(),
        };

        var instructions = layout.InstructionsSheet;
        if (layout.InstructionsRows is { } listRows)
        {
            var listed = Expand(instructions, listRows, rows, request);
            FitColumns(instructions, listed);
        }

        var head = HeadValues(request);
        FillHead(form, head);
        FillHead(instructions, head);

        var codeColumn = generated.Columns[FormWorkbookLayout.Tokens.Code];
        var inputColumn = generated.Columns[FormWorkbookLayout.Tokens.Current];
        foreach (var (name, cell) in identity)
        {
            workbook.NamedRanges.Add(name, cell.AsRange());
        }

        workbook.NamedRanges.Add(FormWorkbookLayout.CodesName, form.Range(generated.First, codeColumn, generated.Last, codeColumn));
        workbook.NamedRanges.Add(FormWorkbookLayout.InputsName, form.Range(generated.First, inputColumn, generated.Last, inputColumn));

        FitColumns(form, generated);
        form.Column(codeColumn).Hide();
        FitWrappedRows(form);
        FitWrappedRows(instructions);

        var header = generated.First - 1;
        if (header >= 1)
        {
            form.SheetView.FreezeRows(header);
            form.PageSetup.SetRowsToRepeatAtTop(header, header);
        }

        // Data validations are added last: ClosedXML 0.95 corrupts them when rows are deleted afterwards.
        foreach (var (cell, indicator) in generated.Inputs)
        {
            AddInputValidation(cell, indicator);
        }

        LockAllBut(form, generated.Inputs.Select(input => input.Cell).ToList());
        LockAllBut(instructions, []);
        form.Protect()
            .AllowElement(XLSheetProtectionElements.FormatColumns)
            .AllowElement(XLSheetProtectionElements.FormatRows);
        instructions.Protect()
            .AllowElement(XLSheetProtectionElements.FormatColumns)
            .AllowElement(XLSheetProtectionElements.FormatRows);
        workbook.Protect();

        form.Position = 1;
        instructions.Position = 2;
        foreach (var sheet in workbook.Worksheets)
        {
            sheet.TabActive = sheet == form;
            sheet.TabSelected = sheet == form;
        }

        workbook.Properties.Title = request.FormName;
        workbook.Properties.Subject = $"{request.InstitutionName}（{request.InstitutionCode}） {request.PeriodKey}";
        if (request.Revision is { } revision)
        {
            workbook.CustomProperties.Add(FormWorkbookLayout.RevisionName, revision.ToString(CultureInfo.InvariantCulture));
        }

        // ClosedXML wants a seekable stream; an HTTP response body is not.
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private XLWorkbook OpenTemplate() => new(new MemoryStream(template, writable: false));

    private static void Validate(FormWorkbookRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FormCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PeriodKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.InstitutionCode);
        ArgumentNullException.ThrowIfNull(request.Indicators);
        ArgumentNullException.ThrowIfNull(request.PreviousValues);
        ArgumentNullException.ThrowIfNull(request.CurrentValues);

        var sheetName = request.SheetName;
        if (string.IsNullOrWhiteSpace(sheetName) || sheetName.Length > 31 || sheetName.IndexOfAny(InvalidSheetNameChars) >= 0
            || sheetName.StartsWith('\'') || sheetName.EndsWith('\'') || sheetName == FormWorkbookLayout.InstructionsSheetName)
        {
            throw new ArgumentException($"工作表名“{sheetName}”不可用：不超过 31 个字符，不含 []:*?/\\，不能是“{FormWorkbookLayout.InstructionsSheetName}”。", nameof(request));
        }

        if (request.Indicators.Count == 0)
        {
            throw new ArgumentException("表单没有指标。", nameof(request));
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in request.Indicators)
        {
            if (string.IsNullOrWhiteSpace(indicator.Code) || !codes.Add(indicator.Code))
            {
                throw new ArgumentException($"指标代码“{indicator.Code}”为空或重复。", nameof(request));
            }

            if (indicator.Decimals is < 0 or > 10)
            {
                throw new ArgumentException($"指标“{indicator.Name}”的小数位数 {indicator.Decimals} 不在 0–10 之间。", nameof(request));
            }
        }
    }

    /// <summary>One generated row: a section heading or an indicator with its running number.</summary>
    private sealed record RowSpec(string Section, FormSheetIndicator? Indicator, int Number);

    /// <summary>Indicators grouped by section, sections in order of first appearance, numbered 1..n throughout.</summary>
    private static List<RowSpec> Rows(IReadOnlyList<FormSheetIndicator> indicators)
    {
        var rows = new List<RowSpec>();
        var number = 0;
        var sectionNumber = 0;
        foreach (var group in indicators.GroupBy(indicator => indicator.Section?.Trim() ?? string.Empty))
        {
            if (group.Key.Length > 0)
            {
                sectionNumber++;
                rows.Add(new RowSpec(SectionTitle(group.Key, sectionNumber), null, 0));
            }

            foreach (var indicator in group)
            {
                rows.Add(new RowSpec(group.Key, indicator, ++number));
            }
        }

        return rows;
    }

    private static string SectionTitle(string section, int number)
    {
        // Keep a section already numbered the Chinese way (一、信贷投放); number the others.
        var separator = section.IndexOf('、');
        if (separator > 0 && section[..separator].All(c => "一二三四五六七八九十".Contains(c)))
        {
            return section;
        }

        return $"{ChineseNumber(number)}、{section}";
    }

    private static string ChineseNumber(int number)
    {
        const string digits = "零一二三四五六七八九";
        return number switch
        {
            < 10 => digits[number].ToString(),
            10 => "十",
            < 20 => "十" + digits[number % 10],
            < 100 => $"{digits[number / 10]}十{(number % 10 == 0 ? string.Empty : digits[number % 10].ToString())}",
            _ => number.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The generated block: its rows, the column of each per-row token, the input cells.</summary>
    private sealed record GeneratedRows(int First, int Last, Dictionary<string, int> Columns, List<(IXLCell Cell, FormSheetIndicator Indicator)> Inputs);

    /// <summary>
    /// Repeats the prototype rows once per generated row (copying styles, merges and heights), fills the per-row
    /// tokens, and removes the prototypes. Rows below the prototypes (signatures, notes) move down.
    /// </summary>
    private static GeneratedRows Expand(IXLWorksheet sheet, PrototypeRows prototypes, List<RowSpec> rows, FormWorkbookRequest request)
    {
        var specs = prototypes.SectionRow is null ? rows.Where(row => row.Indicator is not null).ToList() : rows;
        var columns = new Dictionary<string, int>();
        foreach (var cell in sheet.Row(prototypes.IndicatorRow).CellsUsed())
        {
            if (cell.DataType == XLDataType.Text && IsToken(cell.GetString()))
            {
                columns.TryAdd(cell.GetString(), cell.Address.ColumnNumber);
            }
        }

        var inputs = new List<(int Row, int Column, FormSheetIndicator Indicator)>();
        sheet.Row(prototypes.Last).InsertRowsBelow(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var source = spec.Indicator is null ? prototypes.SectionRow!.Value : prototypes.IndicatorRow;
            var target = prototypes.Last + 1 + i;
            sheet.Row(source).CopyTo(sheet.Row(target));
            foreach (var cell in sheet.Row(target).CellsUsed().ToList())
            {
                if (cell.DataType != XLDataType.Text || cell.HasFormula || !cell.GetString().Contains('{'))
                {
                    continue;
                }

                if (FillRowCell(cell, spec, request))
                {
                    inputs.Add((target, cell.Address.ColumnNumber, spec.Indicator!));
                }
            }
        }

        sheet.Rows(prototypes.First, prototypes.Last).Delete();
        var removed = prototypes.Last - prototypes.First + 1;
        var first = prototypes.Last + 1 - removed;
        var moved = inputs.Select(input => (sheet.Cell(input.Row - removed, input.Column), input.Indicator)).ToList();
        return new GeneratedRows(first, first + specs.Count - 1, columns, moved);
    }

    /// <summary>Fills one cell of a generated row; true when it is an input cell.</summary>
    private static bool FillRowCell(IXLCell cell, RowSpec spec, FormWorkbookRequest request)
    {
        var text = cell.GetString();
        var indicator = spec.Indicator;
        if (indicator is null)
        {
            SetText(cell, text.Replace(FormWorkbookLayout.Tokens.Section, spec.Section, StringComparison.Ordinal));
            return false;
        }

        switch (text)
        {
            case FormWorkbookLayout.Tokens.Number:
                cell.SetValue(spec.Number);
                return false;
            case FormWorkbookLayout.Tokens.Indicator:
                SetName(cell, indicator);
                return false;
            case FormWorkbookLayout.Tokens.Previous:
                SetNumber(cell, indicator, request.PreviousValues.GetValueOrDefault(indicator.Code));
                return false;
            case FormWorkbookLayout.Tokens.Current:
                SetNumber(cell, indicator, request.CurrentValues.GetValueOrDefault(indicator.Code));
                cell.Style.Protection.SetLocked(false);
                return true;
            default:
                SetText(cell, ReplaceRowTokens(text, spec, indicator));
                return false;
        }
    }

    private static string ReplaceRowTokens(string text, RowSpec spec, FormSheetIndicator indicator) => text
        .Replace(FormWorkbookLayout.Tokens.Section, spec.Section, StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Number, spec.Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Indicator, indicator.Name, StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Unit, indicator.Unit, StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Code, indicator.Code, StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Decimals, DecimalsText(indicator.Decimals), StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Required, indicator.Required ? "必填" : "选填", StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.RequiredMark, indicator.Required ? "★" : string.Empty, StringComparison.Ordinal)
        .Replace(FormWorkbookLayout.Tokens.Note, indicator.Note ?? string.Empty, StringComparison.Ordinal);

    private static string DecimalsText(int decimals) => decimals == 0 ? "整数" : $"{decimals}位小数";

    /// <summary>The indicator name, with a red ★ in front when required (the rest keeps the template's font).</summary>
    private static void SetName(IXLCell cell, FormSheetIndicator indicator)
    {
        if (!indicator.Required)
        {
            SetText(cell, indicator.Name);
            return;
        }

        var color = cell.Style.Font.FontColor;
        cell.Clear(XLClearOptions.Contents);
        cell.RichText.AddText("★").SetFontColor(XLColor.Red);
        cell.RichText.AddText(indicator.Name).SetFontColor(color);
    }

    private static void SetNumber(IXLCell cell, FormSheetIndicator indicator, decimal? value)
    {
        if (value is { } number)
        {
            cell.SetValue(number);
        }
        else
        {
            cell.Clear(XLClearOptions.Contents);
        }

        cell.Style.NumberFormat.Format = ExcelText.NumberFormat(indicator.Decimals);
    }

    /// <summary>An input hint (unit, decimals, required) and Excel's own check that a number was typed.</summary>
    private static void AddInputValidation(IXLCell cell, FormSheetIndicator indicator)
    {
        var validation = cell.SetDataValidation();
        validation.Decimal.Between(-1e15, 1e15);
        validation.IgnoreBlanks = true;
        validation.InputTitle = Truncate(indicator.Name, 32);
        validation.InputMessage = Truncate(
            $"单位：{indicator.Unit}；{DecimalsText(indicator.Decimals)}；{(indicator.Required ? "必填" : "选填")}。只填数值，不用公式。", 255);
        validation.ShowInputMessage = true;
        validation.ErrorTitle = "请填写数字";
        validation.ErrorMessage = "本单元格只能填写数字（不要填写文字、单位或公式）。";
        validation.ErrorStyle = XLErrorStyle.Stop;
        validation.ShowErrorMessage = true;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static bool IsToken(string text) => text.Length > 2 && text[0] == '{' && text[^1] == '}';

    private static Dictionary<string, string> HeadValues(FormWorkbookRequest request)
    {
        var due = TimeZoneInfo.ConvertTime(request.DueAt, ChinaTime.Zone);
        var dueDate = DateOnly.FromDateTime(due.DateTime);
        return new Dictionary<string, string>
        {
            [FormWorkbookLayout.Tokens.FormName] = request.FormName,
            [FormWorkbookLayout.Tokens.FormCode] = request.FormCode,
            [FormWorkbookLayout.Tokens.SheetName] = request.SheetName,
            [FormWorkbookLayout.Tokens.InstitutionName] = request.InstitutionName,
            [FormWorkbookLayout.Tokens.InstitutionCode] = request.InstitutionCode,
            [FormWorkbookLayout.Tokens.PeriodKey] = PeriodNames.Name(request.PeriodKey, request.PeriodStart, request.PeriodEnd),
            [FormWorkbookLayout.Tokens.PeriodRange] = $"{ChineseDate(request.PeriodStart)}至{ChineseDate(request.PeriodEnd)}",
            [FormWorkbookLayout.Tokens.PeriodStart] = ChineseDate(request.PeriodStart),
            [FormWorkbookLayout.Tokens.PeriodEnd] = ChineseDate(request.PeriodEnd),
            [FormWorkbookLayout.Tokens.DueAt] =
                $"{ChineseDate(dueDate)}（{ChinaTime.WeekdayName(dueDate)}）{due.ToString("HH:mm", CultureInfo.InvariantCulture)}",
        };
    }

    private static string ChineseDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>Replaces the once-per-file tokens in every text cell of a sheet.</summary>
    private static void FillHead(IXLWorksheet sheet, Dictionary<string, string> values)
    {
        foreach (var cell in sheet.CellsUsed().ToList())
        {
            if (cell.DataType != XLDataType.Text || cell.HasFormula || cell.HasRichText)
            {
                continue;
            }

            var text = cell.GetString();
            if (!text.Contains('{'))
            {
                continue;
            }

            var filled = text;
            foreach (var (token, value) in values)
            {
                filled = filled.Replace(token, value, StringComparison.Ordinal);
            }

            if (filled != text)
            {
                SetText(cell, filled);
            }
        }
    }

    /// <summary>Text stays text: never a formula, and a leading = + - @ gets Excel's quote prefix.</summary>
    private static void SetText(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.Style.IncludeQuotePrefix = ExcelText.NeedsQuotePrefix(text);
    }

    /// <summary>
    /// Widens the token columns of a generated block to their content (computed, since AdjustToContents needs
    /// GDI+): never narrower than the template, never wider than 60; longer text wraps.
    /// </summary>
    private static void FitColumns(IXLWorksheet sheet, GeneratedRows rows)
    {
        foreach (var (token, columnNumber) in rows.Columns)
        {
            if (token == FormWorkbookLayout.Tokens.Code)
            {
                continue;
            }

            var column = sheet.Column(columnNumber);
            var needed = 0;
            for (var row = rows.First; row <= rows.Last; row++)
            {
                var cell = sheet.Cell(row, columnNumber);
                if (cell.IsMerged() || cell.IsEmpty())
                {
                    continue;
                }

                needed = Math.Max(needed, ExcelText.DisplayWidth(DisplayText(cell)) + cell.Style.Alignment.Indent);
            }

            var width = Math.Max(column.Width, needed + 2);
            column.Width = Math.Min(width, MaxColumnWidth);
            if (width > MaxColumnWidth)
            {
                sheet.Range(rows.First, columnNumber, rows.Last, columnNumber).Style.Alignment.WrapText = true;
            }
        }
    }

    private static string DisplayText(IXLCell cell)
    {
        if (cell.DataType == XLDataType.Number)
        {
            var format = cell.Style.NumberFormat.Format;
            var decimals = format.Contains('.') ? format.Length - format.IndexOf('.') - 1 : 0;
            return ExcelText.Display((decimal)cell.GetDouble(), decimals);
        }

        return cell.GetString();
    }

    /// <summary>
    /// Excel does not grow a row for wrapped text in merged cells, and ClosedXML cannot measure: give every row
    /// with wrapped text enough lines for its computed width.
    /// </summary>
    private static void FitWrappedRows(IXLWorksheet sheet)
    {
        foreach (var cell in sheet.CellsUsed().ToList())
        {
            if (!cell.Style.Alignment.WrapText || cell.DataType != XLDataType.Text)
            {
                continue;
            }

            var merged = cell.MergedRange();
            if (merged is not null && (merged.RangeAddress.FirstAddress.RowNumber != merged.RangeAddress.LastAddress.RowNumber
                || !merged.FirstCell().Address.Equals(cell.Address)))
            {
                continue;
            }

            var width = merged is null
                ? sheet.Column(cell.Address.ColumnNumber).Width
                : merged.Columns().Sum(column => sheet.Column(column.ColumnNumber()).Width);
            var usable = Math.Max(4, width - 1);
            var lines = cell.GetString().Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(ExcelText.DisplayWidth(line) / usable)));
            var fontScale = cell.Style.Font.FontSize / 11.0;
            var needed = lines * LineHeightPoints * fontScale + 3;
            var row = sheet.Row(cell.Address.RowNumber);
            if (row.Height < needed)
            {
                row.Height = needed;
            }
        }
    }

    private static void LockAllBut(IXLWorksheet sheet, List<IXLCell> inputs)
    {
        var unlocked = inputs.Select(cell => cell.Address.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var cell in sheet.CellsUsed(XLCellsUsedOptions.All).ToList())
        {
            var isInput = unlocked.Contains(cell.Address.ToString()!);
            if (cell.Style.Protection.Locked == isInput)
            {
                cell.Style.Protection.SetLocked(!isInput);
            }
        }

        foreach (var cell in inputs)
        {
            cell.Style.Protection.SetLocked(false);
        }
    }
}
