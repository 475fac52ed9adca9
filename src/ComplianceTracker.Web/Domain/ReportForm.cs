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

    /// <summary>
    /// The newest version (版本) of the form: 1 until a supervisor publishes a changed form from a later period. The
    /// indicators and rules of every version are kept; each row says in which versions it is in.
    /// </summary>
    public int LatestVersion { get; set; } = 1;

    /// <summary>
    /// The indicators and rules this instance holds: loaded from the database, every version's rows; from
    /// <see cref="AtVersion"/>, only those of <see cref="Version"/>.
    /// </summary>
    public List<Indicator> Indicators { get; set; } = [];
    public List<FormRule> Rules { get; set; } = [];

    /// <summary>Versions 2 and later, with the period each starts from (version 1 is the form as first saved).</summary>
    public List<FormVersion> Versions { get; set; } = [];

    /// <summary>The version whose indicators and rules this instance holds; 0 for a form loaded with all versions' rows.</summary>
    public int Version { get; private set; }

    private ReportForm? allVersions;

    /// <summary>
    /// The form as it is in <paramref name="version"/>: same identity and settings, only that version's indicators and
    /// rules. A copy for reading; the instance it came from (or that one's source) keeps every version's rows.
    /// </summary>
    public ReportForm AtVersion(int version)
    {
        var all = allVersions ?? this;
        return new ReportForm
        {
            Id = Id,
            Code = Code,
            Name = Name,
            Frequency = Frequency,
            RequirementId = RequirementId,
            Requirement = Requirement,
            LockAfterDays = LockAfterDays,
            LatestVersion = LatestVersion,
            Versions = all.Versions,
            Indicators = all.Indicators.Where(i => i.IsIn(version)).OrderBy(i => i.Ordinal).ToList(),
            Rules = all.Rules.Where(r => r.IsIn(version)).OrderBy(r => r.Ordinal).ToList(),
            Version = version,
            allVersions = all,
        };
    }

    /// <summary>The form as it is now (its <see cref="LatestVersion"/>).</summary>
    public ReportForm AtLatest() => AtVersion(LatestVersion);

    /// <summary>The version a period starting on <paramref name="start"/> is reported on: the newest one in force by then.</summary>
    public int VersionFor(DateOnly start) =>
        (allVersions ?? this).Versions.Where(v => v.FromStart <= start).Select(v => v.Number).DefaultIfEmpty(1).Max();

    /// <summary>
    /// "表式第2版" — how the form page, its history and the summary export name a version (表式: the form's layout, so
    /// it is not taken for a revision of the figures, "第 3 版" on the same page); empty while the form has only one.
    /// </summary>
    public string VersionLabel(int version) => LatestVersion > 1 ? $"表式第{version}版" : "";

    /// <summary>"（表式第2版）" after the form's name, or nothing while the form has only one version.</summary>
    public string VersionSuffix(int version) => LatestVersion > 1 ? $"（{VersionLabel(version)}）" : "";

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

    /// <summary>The first version of the form this indicator is in, as it is here.</summary>
    public int SinceVersion { get; set; } = 1;

    /// <summary>The version that removed or changed it (it is not in that one or later); null while it is in the newest.</summary>
    public int? UntilVersion { get; set; }

    public bool IsIn(int version) => SinceVersion <= version && (UntilVersion is null || version < UntilVersion);

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

    /// <summary>The first version of the form this rule is in, as it is here.</summary>
    public int SinceVersion { get; set; } = 1;

    /// <summary>The version that removed or changed it; null while it is in the newest.</summary>
    public int? UntilVersion { get; set; }

    public bool IsIn(int version) => SinceVersion <= version && (UntilVersion is null || version < UntilVersion);

    public RuleDefinition ToDefinition() => new(Code, Left, Operator, Right, Severity, Message);
}

/// <summary>
/// A new version of a form a supervisor published: from which period it applies (periods before keep the version
/// they were reported on), who published it, why, and what changed.
/// </summary>
public class FormVersion
{
    public int Id { get; set; }
    public int FormId { get; set; }
    public int Number { get; set; }

    /// <summary>The key of the first period reported on this version.</summary>
    public required string FromPeriod { get; set; }

    public DateOnly FromStart { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
    public required string Reason { get; set; }

    /// <summary>What changed against the version before, in words ("新增指标：…；停用指标：…").</summary>
    public required string Changes { get; set; }
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

    /// <summary>The form version this period is reported on; it changes only while the period has not begun.</summary>
    public int Version { get; set; } = 1;
}
