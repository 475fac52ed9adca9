using System.Globalization;
using System.Text;
using ComplianceTracker.Web.Infrastructure.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>
/// One run of <see cref="TemplateWriter.Write"/> on the copied template: <see cref="Prepare"/> checks the template and
/// reads its names and styles (nothing written yet), <see cref="Run"/> replaces each filled sheet's worksheet part by
/// streaming, removes the other sheets and their names, and adds print titles and filter names.
/// </summary>
internal sealed class TemplateFill
{
    private const string PrintTitles = "_xlnm.Print_Titles";
    private const string PrintArea = "_xlnm.Print_Area";
    private const string FilterDatabase = "_xlnm._FilterDatabase";

    /// <summary>Written as the dimension while the row count is unknown, then overwritten in place (padded with spaces).</summary>
    private const string DimensionPlaceholder = "A1:XFD1048576";

    /// <summary>The order of a worksheet's children (CT_Worksheet); unknown elements keep their place after the previous known one.</summary>
    private static readonly Type[] ChildOrder =
    [
        typeof(SheetProperties), typeof(SheetDimension), typeof(SheetViews), typeof(SheetFormatProperties), typeof(Columns),
        typeof(SheetData), typeof(SheetCalculationProperties), typeof(SheetProtection), typeof(ProtectedRanges),
        typeof(Scenarios), typeof(AutoFilter), typeof(SortState), typeof(DataConsolidate), typeof(CustomSheetViews),
        typeof(MergeCells), typeof(PhoneticProperties), typeof(ConditionalFormatting), typeof(DataValidations),
        typeof(Hyperlinks), typeof(PrintOptions), typeof(PageMargins), typeof(PageSetup), typeof(HeaderFooter),
        typeof(RowBreaks), typeof(ColumnBreaks), typeof(CustomProperties), typeof(CellWatches), typeof(IgnoredErrors),
        typeof(Drawing), typeof(LegacyDrawing), typeof(LegacyDrawingHeaderFooter), typeof(DrawingHeaderFooter),
        typeof(Picture), typeof(OleObjects), typeof(Controls), typeof(WebPublishItems), typeof(TableParts),
        typeof(WorksheetExtensionList),
    ];

    private readonly WorkbookPart workbookPart;
    private readonly List<Sheet> sheets;
    private readonly List<DefinedName> names;
    private readonly List<SheetPlan> plans;
    private readonly StyleBook styles;

    private TemplateFill(WorkbookPart workbookPart, List<Sheet> sheets, List<DefinedName> names, List<SheetPlan> plans, StyleBook styles)
    {
        this.workbookPart = workbookPart;
        this.sheets = sheets;
        this.names = names;
        this.plans = plans;
        this.styles = styles;
    }

    private sealed record SheetPlan(SheetContent Content, Sheet Sheet, int OldIndex, WorksheetPart Part, CellRef Header, IReadOnlyDictionary<string, CellRef> Fields)
    {
        public int NewIndex { get; set; }
        public int LastRow { get; set; }
        public int LastColumn => Header.Column + Content.Columns.Count - 1;
    }

    public static TemplateFill Prepare(string path, SpreadsheetDocument document, IReadOnlyList<SheetContent> contents)
    {
        var workbookPart = document.WorkbookPart
            ?? throw new ExportTemplateException($"导出模板 {path} 不是 Excel 工作簿（缺少 xl/workbook.xml）。");
        if (document.DocumentType != SpreadsheetDocumentType.Workbook)
        {
            // A template saved as .xltx/.xlsm: the output is a plain workbook.
            document.ChangeDocumentType(SpreadsheetDocumentType.Workbook);
        }

        var workbook = workbookPart.Workbook;
        var sheets = workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var names = workbook.DefinedNames?.Elements<DefinedName>().ToList() ?? [];
        var plans = new List<SheetPlan>();
        foreach (var content in contents)
        {
            var index = sheets.FindIndex(s => string.Equals(s.Name?.Value, content.Sheet, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new ExportTemplateException($"导出模板 {path} 缺少工作表“{content.Sheet}”。");
            }

            var sheet = sheets[index];
            if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart part)
            {
                throw new ExportTemplateException($"导出模板 {path} 的“{content.Sheet}”不是普通工作表。");
            }

            var header = LocalName(path, names, index, sheet, TemplateWriter.HeaderName)
                ?? throw new ExportTemplateException($"导出模板 {path} 缺少名称 {TemplateWriter.HeaderName}（工作表“{sheet.Name}”的表头起始单元格，范围为该工作表）。");
            if (header.Column + content.Columns.Count - 1 > TemplateWriter.MaxColumns)
            {
                throw new ArgumentException($"Sheet '{content.Sheet}': {content.Columns.Count} columns from {header} go past column XFD.", nameof(contents));
            }

            var fields = new Dictionary<string, CellRef>();
            foreach (var field in TemplateWriter.FieldNames)
            {
                if (LocalName(path, names, index, sheet, field) is not { } at)
                {
                    continue;
                }

                if (at.Row >= header.Row)
                {
                    throw new ExportTemplateException($"导出模板 {path} 的名称 {field}（{sheet.Name}!{at}）不在表头 {TemplateWriter.HeaderName}（{header}）所在行之上。");
                }

                fields[field] = at;
            }

            if (!fields.ContainsKey(TemplateWriter.TitleName))
            {
                throw new ExportTemplateException($"导出模板 {path} 缺少名称 {TemplateWriter.TitleName}（工作表“{sheet.Name}”的标题单元格，范围为该工作表）。");
            }

            plans.Add(new SheetPlan(content, sheet, index, part, header, fields));
        }

        plans.Sort((a, b) => a.OldIndex.CompareTo(b.OldIndex));
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].NewIndex = i;
        }

        var styles = StyleBook.Read(path, workbookPart, sheets, names);
        return new TemplateFill(workbookPart, sheets, names, plans, styles);
    }

    /// <summary>A sheet-local name's single cell; null when the sheet has no such name.</summary>
    private static CellRef? LocalName(string path, List<DefinedName> names, int sheetIndex, Sheet sheet, string name)
    {
        var definedName = names.FirstOrDefault(n =>
            n.LocalSheetId?.Value == (uint)sheetIndex && string.Equals(n.Name?.Value, name, StringComparison.OrdinalIgnoreCase));
        if (definedName is null)
        {
            return null;
        }

        if (!CellRef.TryParseFormula(definedName.Text, out var sheetName, out var at)
            || (sheetName is not null && !string.Equals(sheetName, sheet.Name?.Value, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ExportTemplateException($"导出模板 {path} 的名称 {name}（工作表“{sheet.Name}”）引用无效：{definedName.Text}，应为本工作表的一个单元格。");
        }

        return at;
    }

    public void Run()
    {
        foreach (var plan in plans)
        {
            FillSheet(plan);
        }

        RemoveOtherSheets();
        RewriteDefinedNames();
        var workbook = workbookPart.Workbook;
        foreach (var view in workbook.BookViews?.Elements<WorkbookView>() ?? [])
        {
            view.ActiveTab = null;
            view.FirstSheet = null;
        }

        if (workbookPart.CalculationChainPart is { } calcChain)
        {
            workbookPart.DeletePart(calcChain);
        }

        styles.Save();
        workbook.Save();
    }

    private void FillSheet(SheetPlan plan)
    {
        var oldPart = plan.Part;
        var (rootAttributes, rootNamespaces, children) = ReadChildren(oldPart);
        var fullSize = plan.Content.PageBreaksBefore.Count > 0;
        if (fullSize)
        {
            children = children.Where(c => c is not ColumnBreaks).Select(c => c is PageSetup setup ? AtFullSize(setup) : c).ToList();
            children.Add(ColumnBreaksFor(plan));
        }

        var newPart = workbookPart.AddNewPart<WorksheetPart>();
        foreach (var child in oldPart.Parts)
        {
            newPart.AddPart(child.OpenXmlPart, child.RelationshipId);
        }

        foreach (var external in oldPart.ExternalRelationships)
        {
            newPart.AddExternalRelationship(external.RelationshipType, external.Uri, external.Id);
        }

        foreach (var link in oldPart.HyperlinkRelationships)
        {
            newPart.AddHyperlinkRelationship(link.Uri, link.IsExternal, link.Id);
        }

        var templateData = children.OfType<SheetData>().FirstOrDefault() ?? new SheetData();
        var templateRows = NormalisedRows(templateData);
        var headerTemplateRow = templateRows.FirstOrDefault(r => r.RowIndex!.Value == plan.Header.Row);
        var headerStyle = HeaderStyle(headerTemplateRow, plan.Header, children.OfType<Columns>().FirstOrDefault());
        var titleRows = templateRows.Where(r => r.RowIndex!.Value < plan.Header.Row).ToList();
        foreach (var (name, at) in plan.Fields)
        {
            var text = plan.Content.Fields.TryGetValue(name, out var value) ? TemplateWriter.CleanText(value ?? "") : "";
            SetText(titleRows, at, text);
        }

        var titleLastColumn = titleRows.SelectMany(r => r.Elements<Cell>())
            .Select(c => CellRef.TryParse(c.CellReference?.Value, out var at) ? at.Column : 0)
            .DefaultIfEmpty(0).Max();
        var titleLastRow = titleRows.Count == 0 ? 0 : (int)titleRows[^1].RowIndex!.Value;

        var elements = new List<(int Rank, OpenXmlElement Element)>();
        var rank = -1;
        foreach (var child in children)
        {
            var known = Array.IndexOf(ChildOrder, child.GetType());
            rank = known >= 0 ? known : rank;
            if (child is SheetProperties or SheetDimension or SheetViews or Columns or SheetData or AutoFilter or SortState or MergeCells)
            {
                continue;
            }

            elements.Add((rank, child));
        }

        var sheetProperties = SheetPropertiesFor(children, fullSize);
        if (sheetProperties.HasChildren || sheetProperties.HasAttributes)
        {
            elements.Add((Rank<SheetProperties>(), sheetProperties));
        }

        elements.Add((Rank<SheetDimension>(), new SheetDimension { Reference = DimensionPlaceholder }));
        elements.Add((Rank<SheetViews>(), SheetViewsFor(plan, children.OfType<SheetViews>().FirstOrDefault())));
        elements.Add((Rank<Columns>(), ColumnsFor(plan, children.OfType<Columns>().FirstOrDefault())));
        var sheetData = new SheetData();
        elements.Add((Rank<SheetData>(), sheetData));
        var autoFilter = new AutoFilter();
        elements.Add((Rank<AutoFilter>(), autoFilter));
        if (MergesAbove(plan.Header.Row, children.OfType<MergeCells>().FirstOrDefault()) is { } merges)
        {
            elements.Add((Rank<MergeCells>(), merges));
        }

        var ordered = elements.Select((e, i) => (e.Rank, Position: i, e.Element)).OrderBy(e => e.Rank).ThenBy(e => e.Position).ToList();
        using (var stream = newPart.GetStream(FileMode.Create, FileAccess.Write))
        {
            using var writer = OpenXmlWriter.Create(stream);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Worksheet(), rootAttributes, rootNamespaces);
            foreach (var (_, _, element) in ordered)
            {
                if (ReferenceEquals(element, sheetData))
                {
                    WriteSheetData(writer, plan, titleRows, headerTemplateRow, headerStyle);
                }
                else if (ReferenceEquals(element, autoFilter))
                {
                    var last = new CellRef(plan.LastColumn, plan.LastRow);
                    writer.WriteElement(new AutoFilter { Reference = $"{plan.Header}:{last}" });
                }
                else
                {
                    writer.WriteElement(element);
                }
            }

            writer.WriteEndElement();
            writer.Close();
        }

        var dimensionEnd = new CellRef(Math.Max(plan.LastColumn, titleLastColumn), Math.Max(plan.LastRow, titleLastRow));
        PatchDimension(newPart, $"A1:{dimensionEnd}");

        plan.Sheet.Id = workbookPart.GetIdOfPart(newPart);
        plan.Sheet.State = null;
        workbookPart.DeletePart(oldPart);
    }

    private static int Rank<T>() => Array.IndexOf(ChildOrder, typeof(T));

    /// <summary>The old part's root attributes and namespace declarations and its children, read with <see cref="OpenXmlReader"/>.</summary>
    private static (List<OpenXmlAttribute> Attributes, List<KeyValuePair<string, string>> Namespaces, List<OpenXmlElement> Children) ReadChildren(WorksheetPart part)
    {
        var attributes = new List<OpenXmlAttribute>();
        var namespaces = new List<KeyValuePair<string, string>>();
        var children = new List<OpenXmlElement>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(Worksheet))
            {
                attributes.AddRange(reader.Attributes);
                namespaces.AddRange(reader.NamespaceDeclarations);
                break;
            }
        }

        if (!reader.Read())
        {
            return (attributes, namespaces, children);
        }

        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.Depth == 1)
            {
                children.Add(reader.LoadCurrentElement()!);
            }
            else if (!reader.Read())
            {
                break;
            }
        }

        return (attributes, namespaces, children);
    }

    /// <summary>The template's rows with every row and cell carrying its reference (Excel always writes them; others may not).</summary>
    private static List<Row> NormalisedRows(SheetData data)
    {
        var rows = new List<Row>();
        uint previous = 0;
        foreach (var row in data.Elements<Row>())
        {
            var clone = (Row)row.CloneNode(true);
            clone.RowIndex ??= previous + 1;
            previous = clone.RowIndex.Value;
            var column = 0;
            foreach (var cell in clone.Elements<Cell>())
            {
                if (CellRef.TryParse(cell.CellReference?.Value, out var at))
                {
                    column = at.Column;
                }
                else
                {
                    column++;
                    cell.CellReference = new CellRef(column, (int)previous).ToString();
                }
            }

            rows.Add(clone);
        }

        rows.Sort((a, b) => a.RowIndex!.Value.CompareTo(b.RowIndex!.Value));
        return rows;
    }

    private static uint HeaderStyle(Row? headerRow, CellRef header, Columns? columns)
    {
        var reference = header.ToString();
        var cell = headerRow?.Elements<Cell>().FirstOrDefault(c =>
            string.Equals(c.CellReference?.Value?.Replace("$", ""), reference, StringComparison.OrdinalIgnoreCase));
        if (cell?.StyleIndex?.Value is { } style)
        {
            return style;
        }

        if (cell is null && headerRow?.CustomFormat?.Value == true && headerRow.StyleIndex?.Value is { } rowStyle)
        {
            return rowStyle;
        }

        return columns?.Elements<Column>().FirstOrDefault(c => c.Min?.Value <= header.Column && header.Column <= c.Max?.Value)?.Style?.Value ?? 0;
    }

    private void SetText(List<Row> rows, CellRef at, string text)
    {
        var row = rows.FirstOrDefault(r => r.RowIndex!.Value == at.Row);
        if (row is null)
        {
            row = new Row { RowIndex = (uint)at.Row };
            var before = rows.FindIndex(r => r.RowIndex!.Value > at.Row);
            rows.Insert(before < 0 ? rows.Count : before, row);
        }

        row.Spans = null;
        var reference = at.ToString();
        var cell = row.Elements<Cell>().FirstOrDefault(c =>
            string.Equals(c.CellReference?.Value?.Replace("$", ""), reference, StringComparison.OrdinalIgnoreCase));
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            var next = row.Elements<Cell>().FirstOrDefault(c => CellRef.TryParse(c.CellReference?.Value, out var other) && other.Column > at.Column);
            if (next is null)
            {
                row.AppendChild(cell);
            }
            else
            {
                row.InsertBefore(cell, next);
            }
        }

        cell.RemoveAllChildren();
        cell.CellMetaIndex = null;
        cell.ValueMetaIndex = null;
        if (text.Length == 0)
        {
            cell.DataType = null;
            return;
        }

        cell.DataType = CellValues.InlineString;
        cell.AppendChild(new InlineString(TextElement(text)));
        if (ExcelText.NeedsQuotePrefix(text))
        {
            cell.StyleIndex = styles.WithQuotePrefix(cell.StyleIndex?.Value ?? 0);
        }
    }

    private static Text TextElement(string text) =>
        NeedsPreserve(text) ? new Text(text) { Space = SpaceProcessingModeValues.Preserve } : new Text(text);

    private static bool NeedsPreserve(string text) =>
        text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text.Contains('\n') || text.Contains('\t'));

    /// <summary>
    /// sheetPr with pageSetUpPr fitToPage when the page setup has fitToWidth or fitToHeight (else Excel ignores them);
    /// without fitToPage when the sheet prints at <paramref name="fullSize"/> (fitToPage alone means one page).
    /// </summary>
    private static SheetProperties SheetPropertiesFor(List<OpenXmlElement> children, bool fullSize)
    {
        var properties = (SheetProperties?)children.OfType<SheetProperties>().FirstOrDefault()?.CloneNode(true) ?? new SheetProperties();
        var pageSetup = children.OfType<PageSetup>().FirstOrDefault();
        if (fullSize && properties.PageSetupProperties is { } setupProperties)
        {
            setupProperties.FitToPage = null;
        }
        else if (pageSetup?.FitToWidth is not null || pageSetup?.FitToHeight is not null)
        {
            properties.PageSetupProperties ??= new PageSetupProperties();
            properties.PageSetupProperties.FitToPage = true;
        }

        return properties;
    }

    /// <summary>The template's page setup (paper, orientation, margins' companions) printing at 100 %, not fitted to pages.</summary>
    private static PageSetup AtFullSize(PageSetup template)
    {
        var setup = (PageSetup)template.CloneNode(true);
        setup.FitToWidth = null;
        setup.FitToHeight = null;
        setup.Scale = null;
        return setup;
    }

    /// <summary>Manual page breaks left of each column that begins a printed page.</summary>
    private static ColumnBreaks ColumnBreaksFor(SheetPlan plan)
    {
        var breaks = plan.Content.PageBreaksBefore.Where(i => i > 0 && i < plan.Content.Columns.Count).Distinct().Order()
            .Select(i => new Break { Id = (uint)(plan.Header.Column - 1 + i), Max = (uint)(TemplateWriter.MaxRows - 1), ManualPageBreak = true })
            .ToList();
        return new ColumnBreaks(breaks) { Count = (uint)breaks.Count, ManualBreakCount = (uint)breaks.Count };
    }

    /// <summary>
    /// The header row's height: the template's, or taller when a header wraps onto more lines than that holds (a
    /// column narrower than its header; about 14 points a line of the header's font).
    /// </summary>
    private static double? HeaderHeight(IReadOnlyList<XColumn> columns, double? template)
    {
        var lines = columns.Max(c => (c.Header ?? "").ReplaceLineEndings("\n").Split('\n')
            .Sum(line => Math.Max(1, (int)Math.Ceiling(ExcelText.DisplayWidth(line) / Math.Max(1, TemplateWriter.HeaderWidth(c) - 1.5)))));
        var needed = lines <= 1 ? 0 : (lines * 14) + 6;
        return needed > (template ?? 0) ? needed : template;
    }

    /// <summary>The first sheet view frozen below the header row and right of the frozen columns (counted from CT_Header's column).</summary>
    private static SheetViews SheetViewsFor(SheetPlan plan, SheetViews? template)
    {
        var views = (SheetViews?)template?.CloneNode(true) ?? new SheetViews();
        var view = views.Elements<SheetView>().FirstOrDefault();
        if (view is null)
        {
            view = new SheetView { WorkbookViewId = 0 };
            views.AppendChild(view);
        }

        view.RemoveAllChildren<Pane>();
        view.RemoveAllChildren<Selection>();
        view.RemoveAllChildren<PivotSelection>();
        view.TopLeftCell = null;
        view.TabSelected = plan.NewIndex == 0 ? true : null;

        var frozenColumns = Math.Min(plan.Content.FrozenColumns, plan.Content.Columns.Count);
        var xSplit = frozenColumns > 0 ? plan.Header.Column - 1 + frozenColumns : 0;
        var ySplit = plan.Header.Row;
        var topLeft = new CellRef(xSplit + 1, ySplit + 1).ToString();
        var activePane = xSplit > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft;
        var pane = new Pane
        {
            VerticalSplit = ySplit,
            TopLeftCell = topLeft,
            ActivePane = activePane,
            State = PaneStateValues.Frozen,
        };
        if (xSplit > 0)
        {
            pane.HorizontalSplit = xSplit;
        }

        view.InsertAt(pane, 0);
        view.InsertAfter(
            new Selection { Pane = activePane, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } },
            pane);
        return views;
    }

    /// <summary>The template's column definitions outside the data columns, and one per data column with its width.</summary>
    private static Columns ColumnsFor(SheetPlan plan, Columns? template)
    {
        var first = plan.Header.Column;
        var last = plan.LastColumn;
        var templateColumns = template?.Elements<Column>().Where(c => c.Min is not null && c.Max is not null).ToList() ?? [];
        var result = new List<Column>();
        foreach (var column in templateColumns)
        {
            var min = column.Min!.Value;
            var max = column.Max!.Value;
            if (max < first || min > last)
            {
                result.Add((Column)column.CloneNode(true));
                continue;
            }

            if (min < first)
            {
                var left = (Column)column.CloneNode(true);
                left.Max = (uint)(first - 1);
                result.Add(left);
            }

            if (max > last)
            {
                var right = (Column)column.CloneNode(true);
                right.Min = (uint)(last + 1);
                result.Add(right);
            }
        }

        for (var i = 0; i < plan.Content.Columns.Count; i++)
        {
            var index = (uint)(first + i);
            var source = templateColumns.FirstOrDefault(c => c.Min!.Value <= index && index <= c.Max!.Value);
            var column = (Column?)source?.CloneNode(true) ?? new Column();
            column.Min = index;
            column.Max = index;
            column.Width = Math.Round(TemplateWriter.HeaderWidth(plan.Content.Columns[i]), 2);
            column.CustomWidth = true;
            column.Hidden = null;
            column.BestFit = null;
            result.Add(column);
        }

        return new Columns(result.OrderBy(c => c.Min!.Value));
    }

    /// <summary>The template's merges that end above the header row (those touching the header or data rows are dropped).</summary>
    private static MergeCells? MergesAbove(int headerRow, MergeCells? template)
    {
        var kept = template?.Elements<MergeCell>()
            .Where(m => CellRef.TryParseRange(m.Reference?.Value, out _, out var last) && last.Row < headerRow)
            .Select(m => (MergeCell)m.CloneNode(true))
            .ToList() ?? [];
        return kept.Count == 0 ? null : new MergeCells(kept) { Count = (uint)kept.Count };
    }

    private void WriteSheetData(OpenXmlWriter writer, SheetPlan plan, List<Row> titleRows, Row? headerTemplateRow, uint headerStyle)
    {
        var content = plan.Content;
        var columns = content.Columns;
        var letters = Enumerable.Range(plan.Header.Column, columns.Count).Select(TemplateWriter.ColumnLetters).ToArray();
        var wraps = columns.Select(c => c.Wrap).ToArray();
        var cells = new CellWriter(writer, styles);

        writer.WriteStartElement(new SheetData());
        foreach (var row in titleRows)
        {
            writer.WriteElement(row);
        }

        var rowAttributes = new List<OpenXmlAttribute> { new("r", string.Empty, plan.Header.Row.ToString(CultureInfo.InvariantCulture)) };
        var templateHeight = headerTemplateRow?.CustomHeight?.Value == true ? headerTemplateRow.Height?.Value : null;
        if (HeaderHeight(columns, templateHeight) is { } height)
        {
            rowAttributes.Add(new("ht", string.Empty, height.ToString(CultureInfo.InvariantCulture)));
            rowAttributes.Add(new("customHeight", string.Empty, "1"));
        }

        writer.WriteStartElement(new Row(), rowAttributes);
        var headerRowText = plan.Header.Row.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < columns.Count; i++)
        {
            cells.WriteText(letters[i] + headerRowText, headerStyle, TemplateWriter.CleanText(columns[i].Header ?? ""));
        }

        writer.WriteEndElement();

        var rowNumber = plan.Header.Row;
        var written = 0;
        foreach (var values in content.Rows)
        {
            rowNumber++;
            if (rowNumber > TemplateWriter.MaxRows)
            {
                throw new InvalidOperationException($"Sheet '{content.Sheet}' has more rows than Excel's {TemplateWriter.MaxRows}.");
            }

            var rowText = rowNumber.ToString(CultureInfo.InvariantCulture);
            cells.StartRow(rowText);
            if (values is not null)
            {
                if (values.Count > columns.Count)
                {
                    throw new ArgumentException($"Sheet '{content.Sheet}', data row {written + 1}: {values.Count} cells for {columns.Count} columns.");
                }

                for (var i = 0; i < values.Count; i++)
                {
                    cells.Write(letters[i] + rowText, values[i], wraps[i]);
                }
            }

            writer.WriteEndElement();
            written++;
            if (written % TemplateWriter.ProgressInterval == 0)
            {
                content.Progress?.Invoke(written);
            }
        }

        writer.WriteEndElement();
        plan.LastRow = rowNumber;
    }

    /// <summary>
    /// Overwrites the placeholder dimension with the real one, padded with spaces after the closing quote (whitespace
    /// between attributes is valid XML): the dimension precedes the rows, whose count is known only at the end.
    /// </summary>
    private static void PatchDimension(WorksheetPart part, string reference)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.ReadWrite);
        if (!stream.CanSeek)
        {
            return;
        }

        var head = new byte[(int)Math.Min(stream.Length, 256 * 1024)];
        stream.ReadExactly(head);
        var placeholder = Encoding.UTF8.GetBytes($"\"{DimensionPlaceholder}\"");
        var at = head.AsSpan().IndexOf(placeholder);
        if (at < 0)
        {
            return;
        }

        var replacement = Encoding.UTF8.GetBytes($"\"{reference}\"".PadRight(placeholder.Length));
        stream.Position = at;
        stream.Write(replacement);
    }

    private void RemoveOtherSheets()
    {
        var filled = plans.Select(p => p.Sheet).ToHashSet();
        foreach (var sheet in sheets.Where(s => !filled.Contains(s)))
        {
            if (sheet.Id?.Value is { } id && workbookPart.TryGetPartById(id, out var part))
            {
                workbookPart.DeletePart(part);
            }

            sheet.Remove();
        }
    }

    /// <summary>
    /// Drops the names of removed sheets (sheet-local ones, and workbook-level ones referring to them, CT_Style_* among
    /// them), renumbers the sheet-local ones and sets print titles and the filter database of each filled sheet.
    /// </summary>
    private void RewriteDefinedNames()
    {
        var newIndex = plans.ToDictionary(p => p.OldIndex, p => p.NewIndex);
        var removedNames = sheets.Where(s => !plans.Any(p => p.Sheet == s)).Select(s => s.Name?.Value ?? "").ToList();
        var kept = new List<DefinedName>();
        foreach (var name in names)
        {
            var text = name.Name?.Value ?? "";
            if (name.LocalSheetId?.Value is { } local)
            {
                if (!newIndex.TryGetValue((int)local, out var index) || IsOneOf(text, PrintTitles, PrintArea, FilterDatabase))
                {
                    continue;
                }

                name.LocalSheetId = (uint)index;
            }
            else if (text.StartsWith(TemplateWriter.StyleNamePrefix, StringComparison.OrdinalIgnoreCase)
                || removedNames.Any(sheet => RefersTo(name.Text, sheet)))
            {
                continue;
            }

            kept.Add((DefinedName)name.CloneNode(true));
        }

        foreach (var plan in plans)
        {
            var sheet = QuoteSheet(plan.Sheet.Name?.Value ?? plan.Content.Sheet);
            var titleColumns = Math.Min(plan.Content.PrintTitleColumns, plan.Content.Columns.Count);
            var titleRows = $"{sheet}!$1:${plan.Header.Row}";
            var titles = titleColumns <= 0 ? titleRows
                : $"{sheet}!${TemplateWriter.ColumnLetters(plan.Header.Column)}:${TemplateWriter.ColumnLetters(plan.Header.Column + titleColumns - 1)},{titleRows}";
            kept.Add(new DefinedName(titles) { Name = PrintTitles, LocalSheetId = (uint)plan.NewIndex });
            var first = new CellRef(plan.Header.Column, plan.Header.Row);
            var last = new CellRef(plan.LastColumn, plan.LastRow);
            kept.Add(new DefinedName($"{sheet}!{Absolute(first)}:{Absolute(last)}") { Name = FilterDatabase, LocalSheetId = (uint)plan.NewIndex, Hidden = true });
        }

        var workbook = workbookPart.Workbook;
        workbook.DefinedNames = new DefinedNames(kept);
    }

    private static bool IsOneOf(string name, params string[] candidates) =>
        candidates.Any(c => string.Equals(name, c, StringComparison.OrdinalIgnoreCase));

    private static bool RefersTo(string? formula, string sheet) =>
        formula is not null && sheet.Length > 0
        && (formula.Contains(sheet + "!", StringComparison.OrdinalIgnoreCase)
            || formula.Contains(QuoteSheet(sheet) + "!", StringComparison.OrdinalIgnoreCase));

    private static string QuoteSheet(string sheet) => "'" + sheet.Replace("'", "''") + "'";

    private static string Absolute(CellRef cell) =>
        $"${TemplateWriter.ColumnLetters(cell.Column)}${cell.Row.ToString(CultureInfo.InvariantCulture)}";
}
