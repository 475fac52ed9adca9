namespace ComplianceTracker.Web.Domain;

/// <summary>A data collection form (报表, e.g. the 周报统计表): indicators, validation rules and periods, as data.</summary>
public class ReportForm
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public DueFrequency Frequency { get; set; } = DueFrequency.Weekly;

    /// <summary>The recurring-report requirement that demands the form; its due rule schedules the periods.</summary>
    public int? RequirementId { get; set; }
    public Requirement? Requirement { get; set; }

    /// <summary>Natural days after the due moment until the period locks (later changes need an unlock).</summary>
    public int LockAfterDays { get; set; } = 3;

    public List<Indicator> Indicators { get; set; } = [];
    public List<FormRule> Rules { get; set; } = [];

    /// <summary>The sheet name of the Excel form ("周报" for a weekly form).</summary>
    public string SheetName => Frequency switch
    {
        DueFrequency.Weekly => "周报",
        DueFrequency.TenDay => "旬报",
        DueFrequency.Monthly => "月报",
        DueFrequency.Quarterly => "季报",
        DueFrequency.HalfYearly => "半年报",
        DueFrequency.Yearly => "年报",
        DueFrequency.Once => "报表",
    };
}

/// <summary>One figure of a form (指标): code, Chinese name, unit, decimals, required, and whether it is a headline figure.</summary>
public class Indicator
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Section { get; set; }
    public required string Unit { get; set; }
    public int Decimals { get; set; }
    public bool Required { get; set; }

    /// <summary>A headline indicator (重点指标): its weekly total is charted on the leaders' dashboard.</summary>
    public bool Headline { get; set; }

    public int Ordinal { get; set; }

    /// <summary>填报口径: what exactly the figure counts, shown on the form page and the Excel 填报说明 sheet.</summary>
    public string? Note { get; set; }

    /// <summary>异常变动上限 up: the largest rise against the last reported period, in per cent; null = no limit.</summary>
    public decimal? ChangeLimitUpPercent { get; set; }

    /// <summary>异常变动上限 down: the largest fall against the last reported period, in per cent; null = no limit.</summary>
    public decimal? ChangeLimitDownPercent { get; set; }

    /// <summary>Whether a change beyond the limits blocks submitting (Error) or needs a comment (Warning).</summary>
    public RuleSeverity ChangeLimitSeverity { get; set; } = RuleSeverity.Warning;

    /// <summary>The change limit, or null when neither direction is limited.</summary>
    public ChangeLimit? ChangeLimit => ChangeLimitUpPercent is null && ChangeLimitDownPercent is null
        ? null
        : new ChangeLimit(ChangeLimitUpPercent, ChangeLimitDownPercent, ChangeLimitSeverity);

    public IndicatorInfo ToInfo() => new(Code, Name, Unit, Decimals, Required, ChangeLimit);
}

/// <summary>A validation rule as data: left expression, operator, right expression, severity.</summary>
public class FormRule
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public required string Code { get; set; }
    public required string Left { get; set; }
    public required string Operator { get; set; }
    public required string Right { get; set; }
    public RuleSeverity Severity { get; set; }
    public string? Message { get; set; }
    public int Ordinal { get; set; }

    public RuleDefinition ToDefinition() => new(Code, Left, Operator, Right, Severity, Message);
}

/// <summary>One period of a form: the dates it covers, when it is due and when it locks.</summary>
public class ReportPeriod
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public ReportForm Form { get; set; } = null!;

    /// <summary><c>2022-W45</c>, <c>2022-11</c>, <c>2022-Q4</c>.</summary>
    public required string Key { get; set; }

    public DateOnly Start { get; set; }

    /// <summary>Last day covered; the statistics cut-off (数据截止) is the end of this day.</summary>
    public DateOnly End { get; set; }

    public DateTime DueAt { get; set; }
    public DateTime LockAt { get; set; }
    public required string DueExplanation { get; set; }
}
