using ComplianceTracker.Web.Features.Reporting.Excel;

namespace ComplianceTracker.UnitTests.Reporting.Excel;

/// <summary>The shipped template and a small weekly form to write and read back.</summary>
public static class ExcelTestFiles
{
    public const string TemplateRelativePath = "templates/report-form.xlsx";

    /// <summary>templates/report-form.xlsx, found by walking up from the test binaries to the repository root.</summary>
    public static string TemplatePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, TemplateRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No {TemplateRelativePath} above {AppContext.BaseDirectory}.");
    }

    public static readonly IReadOnlyList<FormSheetIndicator> Indicators =
    [
        new("LOAN_BAL", "各项贷款余额", "信贷投放", "万元", 2, true),
        new("LOAN_NEW", "本周新增贷款", "信贷投放", "万元", 2, true),
        new("FIRST_CNT", "首贷户数", "信贷投放", "户", 0, true, "本周首次在银行业金融机构获得贷款的市场主体户数。"),
        new("FIRST_AMT", "首贷金额", "信贷投放", "万元", 2, false),
        new("SME_BAL", "普惠小微贷款余额", "重点领域支持", "亿元", 4, true),
        new("SME_CNT", "普惠小微贷款户数", "重点领域支持", "户", 0, true),
        new("DEFER_CNT", "延期还本付息笔数", "重点领域支持", "笔", 0, false),
        new("SME_RATE", "新发放普惠小微企业贷款加权平均利率", "减费让利", "%", 2, false),
        new("FEE_CUT", "减免服务收费金额", "减费让利", "万元", 2, false),
    ];

    public static readonly IReadOnlyDictionary<string, decimal?> PreviousValues = new Dictionary<string, decimal?>
    {
        ["LOAN_BAL"] = 1_234_567.89m,
        ["LOAN_NEW"] = 2_300m,
        ["FIRST_CNT"] = 11,
        ["FIRST_AMT"] = null,
        ["SME_BAL"] = 12.3456m,
        ["SME_CNT"] = 860,
        ["SME_RATE"] = 4.85m,
    };

    public static readonly IReadOnlyDictionary<string, decimal?> CurrentValues = new Dictionary<string, decimal?>
    {
        ["LOAN_BAL"] = 1_236_867.9m,
        ["LOAN_NEW"] = -250.55m,
        ["FIRST_CNT"] = 12,
        ["FIRST_AMT"] = 0.1m,
        ["SME_BAL"] = 12.4001m,
        ["SME_CNT"] = 0,
        ["DEFER_CNT"] = null,
        ["SME_RATE"] = 4.79m,
    };

    public const string SheetName = "周报";
    public const string FormCode = "SD-ZB";
    public const string PeriodKey = "2022-W45";
    public const string InstitutionCode = "SD-RCB";

    public static FormWorkbookRequest Request(IReadOnlyDictionary<string, decimal?>? current = null) => new(
        FormCode,
        "长治市上党区金融机构支持复工复产周报统计表",
        SheetName,
        PeriodKey,
        new DateOnly(2022, 11, 7),
        new DateOnly(2022, 11, 13),
        new DateTimeOffset(2022, 11, 14, 12, 0, 0, TimeSpan.FromHours(8)),
        InstitutionCode,
        "山西上党农村商业银行股份有限公司",
        Indicators,
        PreviousValues,
        current ?? CurrentValues);

    public static ImportExpectation Expectation() => new(FormCode, SheetName, PeriodKey, InstitutionCode, Indicators);

    /// <summary>The sample form written from the shipped template.</summary>
    public static byte[] GoodWorkbook(IReadOnlyDictionary<string, decimal?>? current = null)
    {
        var writer = new FormWorkbookWriter(TemplatePath());
        using var output = new MemoryStream();
        writer.Write(Request(current), output);
        return output.ToArray();
    }
}
