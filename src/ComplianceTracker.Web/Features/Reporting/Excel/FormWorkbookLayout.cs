namespace ComplianceTracker.Web.Features.Reporting.Excel;

/// <summary>
/// Names shared by the template, the writer, the reader and tests. The template marks where things go with
/// placeholder tokens (see templates/README.md); the written workbook identifies itself with defined names.
/// </summary>
public static class FormWorkbookLayout
{
    /// <summary>The second sheet, with the filling instructions.</summary>
    public const string InstructionsSheetName = "填报说明";

    /// <summary>Error key for problems with the file as a whole (not one cell).</summary>
    public const string FileErrorKey = "file";

    /// <summary>Defined name of the cell holding the form code (表号).</summary>
    public const string FormCodeName = "CT_FORM";

    /// <summary>Defined name of the cell holding the period (期次) as people say it, e.g. 2022年第45周（11月7日—11月13日）; files of earlier versions hold the key, 2022-W45.</summary>
    public const string PeriodName = "CT_PERIOD";

    /// <summary>Defined name of the cell holding the institution code (机构代码).</summary>
    public const string InstitutionName = "CT_INSTITUTION";

    /// <summary>Defined name of the hidden indicator-code column over the generated rows.</summary>
    public const string CodesName = "CT_CODES";

    /// <summary>Defined name of the input column (本期数) over the generated rows.</summary>
    public const string InputsName = "CT_INPUTS";

    /// <summary>
    /// Custom document property (text) holding the revision the form was downloaded at: a property, not a cell, so
    /// that no template needs a place for it and no one types over it. A file saved by a program that drops it is
    /// not checked for staleness by it (the revision posted with the upload still is).
    /// </summary>
    public const string RevisionName = "CT_REVISION";

    /// <summary>The error key of a cell: <c>周报!E8</c>.</summary>
    public static string CellKey(string sheetName, string cellReference) => $"{sheetName}!{cellReference}";

    /// <summary>Placeholder tokens a template may use.</summary>
    public static class Tokens
    {
        // Filled once, anywhere in the form sheet and the instructions sheet.
        public const string FormName = "{表名}";
        public const string FormCode = "{表号}";
        public const string SheetName = "{工作表}";
        public const string InstitutionName = "{机构名称}";
        public const string InstitutionCode = "{机构代码}";
        public const string PeriodKey = "{期次}";
        public const string PeriodRange = "{报告期}";
        public const string PeriodStart = "{起始日期}";
        public const string PeriodEnd = "{结束日期}";
        public const string DueAt = "{报送截止}";

        // Filled per generated row: the row holding {本期数} (form sheet) or {指标} (instructions sheet) is the
        // indicator prototype, the row holding {分组} the section prototype.
        public const string Section = "{分组}";
        public const string Number = "{序号}";
        public const string Indicator = "{指标}";
        public const string Unit = "{单位}";
        public const string Previous = "{上期数}";
        public const string Current = "{本期数}";
        public const string Code = "{指标代码}";
        public const string Decimals = "{小数位数}";
        public const string Required = "{必填}";
        public const string RequiredMark = "{必填标记}";
        public const string Note = "{填报口径}";
    }
}
