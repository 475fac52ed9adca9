using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>What a statistics table proposes: the form's name, its sections of indicators, and remarks for the author.</summary>
public sealed record FormProposal(string? Name, string Sheet, List<SectionDefinition> Sections, List<string> Remarks);

/// <summary>
/// Reads a regulator's statistics table (统计表) as attached to circulars into a proposed form. The table is found by
/// its header row: the column headed 指标名称 / 指标 / 项目 (multi-level, merged header cells are read as one block)
/// holds one indicator per row; units come from a 单位 column, from the name ("各项贷款余额（万元）", "(户)") or from a
/// table-wide "单位：万元"; sections come from merged full-width rows or "一、…" rows; 口径 from a 填报说明/口径/说明
/// column, from the 填报说明 lines under the table, or from a sheet of notes. Several value columns whose headers are
/// measures (余额 / 本周新发放额) make one indicator per row and column. The upload is bounded and checked before
/// ClosedXML opens it; a table without indicators is refused with what was looked for.
/// </summary>
public sealed partial class StatisticsTableReader(ImportLimits limits)
{
    public const int MaxRows = 1000;
    public const int MaxColumns = 60;
    private const int MaxSheets = 10;
    private const int HeaderSearchRows = 30;

    public const string NoIndicators =
        "未能在上传的表格中识别出指标。系统查找的是：表头中写有“指标名称”“指标”或“项目”的一列，其下每行一个指标名称；"
        + "单位写在名称后的括号里，如“各项贷款余额（万元）”“（户）”，或单独的“单位”列；栏目写成跨整行的合并单元格或“一、…”行。"
        + "请确认上传的是监管文件所附的统计表（.xlsx），或在本页手工添加栏目和指标。";

    private static readonly string[] NameHeaders = ["指标名称", "指标", "项目", "项目名称", "指标项目", "统计指标", "指标内容", "名称", "内容"];
    private static readonly string[] UnitHeaders = ["单位", "计量单位", "金额单位"];
    private static readonly string[] SequenceHeaders = ["序号", "行次", "栏次", "编号", "代码", "指标代码"];
    private static readonly string[] NoteHeaderWords = ["填报说明", "口径", "说明", "备注", "指标解释"];
    private static readonly string[] FooterStarts = ["填报说明", "说明", "注", "备注", "填表说明", "填表人", "填报人", "审核人", "负责人", "联系电话", "联系人", "填报日期", "报送日期", "制表"];

    /// <summary>Value-column headers that say when, not what: a row is one indicator whatever the number of such columns.</summary>
    private static readonly string[] PeriodHeaders = ["本期", "上期", "本周", "上周", "本月", "上月", "本季", "本年", "上年同期", "期末", "期初", "数值", "数据", "填报数", "填报数据", "金额", "数量", "本期数", "上期数", "合计", "比上期", "比上年", "同比", "环比", "增减", "累计"];

    private static readonly HashSet<string> KnownUnits = ["万元", "亿元", "元", "千元", "百万元", "户", "万户", "笔", "万笔", "个", "家", "人", "人次", "次", "项", "件", "%", "‰", "倍", "天", "年", "月", "张", "台", "亩", "吨"];

    private readonly ImportLimits limits = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>The proposed form; <see cref="RuleViolationException"/> (key <c>file</c>) when the file is unsafe, unreadable or has no indicators.</summary>
    public FormProposal Read(Stream upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var bytes = UploadInspector.ReadLimited(upload, limits, out var readError) ?? throw RuleViolationException.For("file", readError!);
        if (UploadInspector.Inspect(bytes, limits) is { } packageError)
        {
            throw RuleViolationException.For("file", packageError);
        }

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes, writable: false), XLEventTracking.Disabled);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw RuleViolationException.For("file", "文件无法作为 Excel 工作簿读取（内容已损坏或格式不受支持）。请在 Excel 或 WPS 中打开并另存为 Excel 工作簿（.xlsx）后重新上传。");
        }

        using (workbook)
        {
            return Read(workbook);
        }
    }

    /// <summary>The proposal from an open workbook: the first sheet (of the first ten) that has indicators.</summary>
    public static FormProposal Read(XLWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var sheets = workbook.Worksheets.Take(MaxSheets).ToList();
        foreach (var sheet in sheets)
        {
            if (ReadSheet(sheet) is { } proposal)
            {
                AddNotesFromOtherSheets(proposal, sheets.Where(s => s != sheet));
                return proposal;
            }
        }

        throw RuleViolationException.For("file", NoIndicators);
    }

    private static FormProposal? ReadSheet(IXLWorksheet sheet)
    {
        var grid = Grid.Of(sheet);
        if (grid is null || FindHeader(grid) is not { } header)
        {
            return null;
        }

        var (headerRow, nameCol) = header;
        var headerEnd = headerRow;
        for (var c = 1; c <= grid.Columns; c++)
        {
            if (grid.Merge(headerRow, c) is { } m && m.Top == headerRow)
            {
                headerEnd = Math.Max(headerEnd, m.Bottom);
            }
        }

        var roles = ColumnRoles(grid, headerRow, headerEnd, nameCol);
        var title = Title(grid, headerRow);
        var tableUnit = TableUnit(grid, headerEnd);
        var remarks = new List<string>();
        var sections = new List<SectionDefinition>();
        SectionDefinition? current = null;
        var notes = new List<string>();
        var crossTab = roles.Values.Count >= 2 && roles.Values.Any(v => !PeriodHeaders.Contains(Compact(v.Leaf)));

        for (var r = headerEnd + 1; r <= grid.Rows; r++)
        {
            var texts = Enumerable.Range(1, grid.Columns).Select(c => (Column: c, Text: grid.Text(r, c))).Where(x => x.Text.Length > 0).ToList();
            if (texts.Count == 0)
            {
                continue;
            }

            var first = texts[0].Text;
            if (IsFooter(first))
            {
                for (var f = r; f <= grid.Rows; f++)
                {
                    notes.AddRange(Enumerable.Range(1, grid.Columns).Select(c => grid.Text(f, c)).Where(t => t.Length > 0).Distinct().SelectMany(t => t.Split('\n')));
                }

                break;
            }

            if (grid.Merge(r, texts[0].Column) is { } merge && merge.Top < r && merge.Left == texts[0].Column && texts.All(t => grid.Merge(r, t.Column) == merge))
            {
                continue; // the lower rows of a merged section row
            }

            if (IsSectionRow(grid, r, texts, nameCol, roles))
            {
                current = new SectionDefinition { Name = Collapse(texts[0].Text) };
                sections.Add(current);
                continue;
            }

            var rawName = grid.Text(r, nameCol);
            if (rawName.Length == 0 || IsNumber(rawName) || (grid.Merge(r, nameCol) is { } nameMerge && nameMerge.Top < r))
            {
                continue;
            }

            var (name, unitInName) = SplitUnit(StripNumbering(Collapse(rawName)));
            if (name.Length == 0)
            {
                continue;
            }

            var unitCell = roles.Unit is { } uc ? Unit(grid.Text(r, uc)) : null;
            var note = roles.Note is { } nc && grid.Text(r, nc) is { Length: > 0 } n ? n : null;
            current ??= AddDefaultSection(sections);
            if (crossTab)
            {
                foreach (var value in roles.Values)
                {
                    var (measure, unitInHeader) = SplitUnit(Collapse(value.Leaf));
                    var unit = unitInHeader ?? unitCell ?? unitInName ?? Guess(name + measure) ?? tableUnit;
                    current.Indicators.Add(Indicator(name + measure, unit, note, remarks, r));
                }
            }
            else
            {
                current.Indicators.Add(Indicator(name, unitCell ?? unitInName ?? Guess(name) ?? tableUnit, note, remarks, r));
            }
        }

        sections.RemoveAll(s => s.Indicators.Count == 0);
        if (sections.Count == 0)
        {
            return null;
        }

        var proposal = new FormProposal(title, sheet.Name, sections, remarks);
        foreach (var line in notes)
        {
            if (!AssignNote(proposal, line) && Collapse(line) is { Length: > 0 } remark)
            {
                remarks.Add(remark);
            }
        }

        GenerateCodes(sections);
        return proposal;
    }

    private static SectionDefinition AddDefaultSection(List<SectionDefinition> sections)
    {
        var section = new SectionDefinition { Name = "报表指标" };
        sections.Add(section);
        return section;
    }

    private static IndicatorDefinition Indicator(string name, string? unit, string? note, List<string> remarks, int row)
    {
        if (unit is null)
        {
            remarks.Add($"第 {row} 行“{name}”未写明单位，请补充。");
        }

        return new IndicatorDefinition
        {
            Name = name,
            Unit = unit,
            Decimals = unit is null || Reporting.Rules.IndicatorUnits.IsCount(unit) ? 0 : 2,
            Required = true,
            Note = note,
        };
    }

    /// <summary>Codes by section letter and place: A01, A02, B01 … (S27_01 past the 26th section).</summary>
    public static void GenerateCodes(List<SectionDefinition> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        for (var s = 0; s < sections.Count; s++)
        {
            var prefix = s < 26 ? ((char)('A' + s)).ToString() : $"S{s + 1}_";
            for (var i = 0; i < sections[s].Indicators.Count; i++)
            {
                sections[s].Indicators[i].Code = $"{prefix}{i + 1:00}";
            }
        }
    }

    private static (int Row, int Column)? FindHeader(Grid grid)
    {
        foreach (var header in NameHeaders)
        {
            for (var r = 1; r <= Math.Min(grid.Rows, HeaderSearchRows); r++)
            {
                for (var c = 1; c <= grid.Columns; c++)
                {
                    if (Compact(grid.Text(r, c)) == header && (grid.Merge(r, c) is not { } m || m.Top == r))
                    {
                        return (r, grid.Merge(r, c)?.Left ?? c);
                    }
                }
            }
        }

        return null;
    }

    private sealed record ValueColumn(int Column, string Leaf);

    private sealed record Roles(int? Unit, int? Note, List<ValueColumn> Values);

    private static Roles ColumnRoles(Grid grid, int top, int bottom, int nameCol)
    {
        int? unit = null, note = null;
        var values = new List<ValueColumn>();
        for (var c = 1; c <= grid.Columns; c++)
        {
            if (c == nameCol || (grid.Merge(top, c) is { } m && m.Left <= nameCol && m.Right >= nameCol))
            {
                continue;
            }

            var path = Enumerable.Range(top, bottom - top + 1).Select(r => Compact(grid.Text(r, c))).Where(t => t.Length > 0).Distinct().ToList();
            if (path.Count == 0)
            {
                continue;
            }

            if (path.Any(p => UnitHeaders.Contains(p)))
            {
                unit ??= c;
            }
            else if (path.Any(p => NoteHeaderWords.Any(p.Contains)))
            {
                note ??= c;
            }
            else if (!path.Any(p => SequenceHeaders.Contains(p)))
            {
                values.Add(new ValueColumn(c, path[^1]));
            }
        }

        return new Roles(unit, note, values);
    }

    private static bool IsSectionRow(Grid grid, int row, List<(int Column, string Text)> texts, int nameCol, Roles roles)
    {
        var merge = grid.Merge(row, texts[0].Column);
        var distinct = texts.Select(t => t.Text).Distinct().Count();
        if (merge is not null && merge.Left <= nameCol && merge.Right - merge.Left + 1 >= Math.Max(2, grid.Columns - 1) && distinct == 1)
        {
            return true;
        }

        var name = grid.Text(row, nameCol);
        var unitEmpty = roles.Unit is not { } u || grid.Text(row, u).Length == 0;
        return SectionNumber().IsMatch(name.Length > 0 ? name : texts[0].Text) && unitEmpty && SplitUnit(Collapse(name)).Unit is null;
    }

    private static string? Title(Grid grid, int headerRow)
    {
        string? best = null;
        for (var r = 1; r < headerRow; r++)
        {
            foreach (var text in Enumerable.Range(1, grid.Columns).Select(c => Collapse(grid.Text(r, c))).Where(t => t.Length > 0).Distinct())
            {
                var t = AttachmentPrefix().Replace(text, "").Trim();
                if (t.Length >= 4 && (t.Contains('表') || t.Contains("统计") || t.Contains("情况")) && !t.Contains('：') && !t.Contains(':'))
                {
                    best ??= t;
                }
            }
        }

        return best;
    }

    private static string? TableUnit(Grid grid, int headerEnd)
    {
        for (var r = 1; r <= headerEnd; r++)
        {
            for (var c = 1; c <= grid.Columns; c++)
            {
                if (TableUnitPattern().Match(grid.Text(r, c)) is { Success: true } m && Unit(m.Groups[1].Value) is { } unit)
                {
                    return unit;
                }
            }
        }

        return null;
    }

    private static bool IsFooter(string text)
    {
        var t = Compact(text);
        return FooterStarts.Any(f => t.StartsWith(f + "：", StringComparison.Ordinal) || t.StartsWith(f + ":", StringComparison.Ordinal) || t == f)
            || t.StartsWith("填报说明", StringComparison.Ordinal) || t.StartsWith("注1", StringComparison.Ordinal);
    }

    /// <summary>Gives a footer line to the indicator it starts with ("1.各项贷款余额：指…"); false when it names none.</summary>
    private static bool AssignNote(FormProposal proposal, string line)
    {
        var text = StripNumbering(FooterLead().Replace(Collapse(line), "")).Trim();
        if (text.Length == 0)
        {
            return true;
        }

        var match = proposal.Sections.SelectMany(s => s.Indicators).Where(i => i.Name is { Length: > 0 } && text.StartsWith(i.Name, StringComparison.Ordinal))
            .OrderByDescending(i => i.Name!.Length).FirstOrDefault();
        if (match is null)
        {
            return false;
        }

        var rest = text[match.Name!.Length..];
        rest = SplitUnit(rest).Name == rest ? rest : LeadingUnit().Replace(rest, "");
        rest = rest.TrimStart('：', ':', ' ').Trim();
        match.Note = rest.Length == 0 ? match.Note : rest;
        return true;
    }

    private static void AddNotesFromOtherSheets(FormProposal proposal, IEnumerable<IXLWorksheet> sheets)
    {
        var byName = proposal.Sections.SelectMany(s => s.Indicators).Where(i => i.Name is not null).GroupBy(i => i.Name!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var sheet in sheets.Where(s => NoteHeaderWords.Any(s.Name.Contains)))
        {
            if (Grid.Of(sheet) is not { } grid)
            {
                continue;
            }

            for (var r = 1; r <= grid.Rows; r++)
            {
                var texts = Enumerable.Range(1, grid.Columns).Select(c => grid.Text(r, c)).Where(t => t.Length > 0 && !IsNumber(t)).ToList();
                if (texts.Count >= 2 && byName.TryGetValue(SplitUnit(StripNumbering(Collapse(texts[0]))).Name, out var indicator) && indicator.Note is null)
                {
                    indicator.Note = texts[^1];
                }
            }
        }
    }

    /// <summary>The name without its trailing unit in brackets, and that unit.</summary>
    internal static (string Name, string? Unit) SplitUnit(string text)
    {
        var match = UnitInBrackets().Matches(text).LastOrDefault(m => Unit(m.Groups[1].Value) is not null);
        if (match is null)
        {
            return (text.Trim(), null);
        }

        return ((text[..match.Index] + text[(match.Index + match.Length)..]).Trim(), Unit(match.Groups[1].Value));
    }

    private static string? Unit(string text)
    {
        var t = Compact(text).Replace('％', '%').TrimStart('（', '(').TrimEnd('）', ')');
        if (t.StartsWith("单位", StringComparison.Ordinal))
        {
            t = t[2..].TrimStart('：', ':');
        }

        return KnownUnits.Contains(t) ? t : null;
    }

    private static string? Guess(string name) => name switch
    {
        _ when name.EndsWith('率') || name.EndsWith("占比", StringComparison.Ordinal) || name.EndsWith("比例", StringComparison.Ordinal) => "%",
        _ when name.EndsWith("户数", StringComparison.Ordinal) => "户",
        _ when name.EndsWith("笔数", StringComparison.Ordinal) => "笔",
        _ when name.EndsWith("个数", StringComparison.Ordinal) => "个",
        _ when name.EndsWith("家数", StringComparison.Ordinal) => "家",
        _ when name.EndsWith("人数", StringComparison.Ordinal) => "人",
        _ => null,
    };

    private static string StripNumbering(string text) => Numbering().Replace(text, "").Trim();

    private static bool IsNumber(string text) => decimal.TryParse(Compact(text), out _);

    /// <summary>Without any white space (headers are often spaced out: "项　目").</summary>
    private static string Compact(string text) => Whitespace().Replace(text, "");

    /// <summary>Names lose line breaks and spaces between Chinese characters.</summary>
    private static string Collapse(string text) => Whitespace().Replace(text.Trim(), "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[一二三四五六七八九十百]+[、.．]")]
    private static partial Regex SectionNumber();

    [GeneratedRegex(@"^(?:\d{1,3}[.、．)）]|[（(]\d{1,3}[）)]|[（(][一二三四五六七八九十]+[）)]|[①-⑳]|其中[：:]|其中)\s*")]
    private static partial Regex Numbering();

    [GeneratedRegex(@"[（(]\s*((?:单位[:：])?\s*[^（()）]{1,8}?)\s*[）)]")]
    private static partial Regex UnitInBrackets();

    [GeneratedRegex(@"^[（(][^）)]{1,10}[）)]")]
    private static partial Regex LeadingUnit();

    [GeneratedRegex(@"(?<![填报送编制])单位\s*[:：]\s*([^\s，,；;）)]+)")]
    private static partial Regex TableUnitPattern();

    [GeneratedRegex(@"^附件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*")]
    private static partial Regex AttachmentPrefix();

    [GeneratedRegex(@"^(?:填报说明|填表说明|说明|备注|注)\s*[0-9]*\s*[:：]?\s*")]
    private static partial Regex FooterLead();

    /// <summary>The sheet's texts in a bounded rectangle, merged cells carrying the top-left text.</summary>
    private sealed class Grid
    {
        private readonly string[,] texts;
        private readonly MergedArea?[,] merges;

        private Grid(int rows, int columns)
        {
            Rows = rows;
            Columns = columns;
            texts = new string[rows + 1, columns + 1];
            merges = new MergedArea?[rows + 1, columns + 1];
        }

        public int Rows { get; }
        public int Columns { get; }

        public string Text(int row, int column) => texts[row, column] ?? "";

        public MergedArea? Merge(int row, int column) => merges[row, column];

        public static Grid? Of(IXLWorksheet sheet)
        {
            var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 0;
            var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
            if (lastRow == 0 || lastColumn == 0)
            {
                return null;
            }

            var grid = new Grid(Math.Min(lastRow, MaxRows), Math.Min(lastColumn, MaxColumns));
            foreach (var cell in sheet.Range(1, 1, grid.Rows, grid.Columns).CellsUsed())
            {
                grid.texts[cell.Address.RowNumber, cell.Address.ColumnNumber] = cell.GetFormattedString().Trim();
            }

            foreach (var range in sheet.MergedRanges)
            {
                var area = new MergedArea(range.RangeAddress.FirstAddress.RowNumber, range.RangeAddress.FirstAddress.ColumnNumber,
                    range.RangeAddress.LastAddress.RowNumber, range.RangeAddress.LastAddress.ColumnNumber);
                if (area.Top > grid.Rows || area.Left > grid.Columns)
                {
                    continue;
                }

                var text = grid.Text(area.Top, area.Left);
                for (var r = area.Top; r <= Math.Min(area.Bottom, grid.Rows); r++)
                {
                    for (var c = area.Left; c <= Math.Min(area.Right, grid.Columns); c++)
                    {
                        grid.merges[r, c] = area;
                        grid.texts[r, c] = text;
                    }
                }
            }

            return grid;
        }
    }

    private sealed record MergedArea(int Top, int Left, int Bottom, int Right);
}
