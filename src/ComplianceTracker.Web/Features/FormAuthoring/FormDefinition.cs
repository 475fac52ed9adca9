using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>
/// A form as its author writes it (<c>POST /api/forms</c>, <c>PUT /api/forms/{form}</c>) and as a statistics table is
/// proposed (<c>POST /api/forms/propose</c>): sections of indicators, and rules. The frequency is not part of it: it
/// follows the due rule of the requirement the form serves.
/// </summary>
public sealed class FormDefinition
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public int? RequirementId { get; set; }
    public int LockAfterDays { get; set; } = 3;
    public List<SectionDefinition> Sections { get; set; } = [];
    public List<RuleInput> Rules { get; set; } = [];
}

/// <summary>A section (一、…) of a form with its indicators in order.</summary>
public sealed class SectionDefinition
{
    public string? Name { get; set; }
    public List<IndicatorDefinition> Indicators { get; set; } = [];
}

/// <summary>One indicator as authored: <c>Note</c> is the 口径, <c>Headline</c> the 重点指标 flag.</summary>
public sealed class IndicatorDefinition
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public int Decimals { get; set; }
    public bool Required { get; set; } = true;
    public string? Note { get; set; }
    public bool Headline { get; set; }
    public ChangeLimitInput? ChangeLimit { get; set; }
}

/// <summary>异常变动上限 as authored: per cent up and down against the last period (either may be empty).</summary>
public sealed class ChangeLimitInput
{
    public decimal? UpPercent { get; set; }
    public decimal? DownPercent { get; set; }
    public RuleSeverity Severity { get; set; } = RuleSeverity.Warning;
}

/// <summary>A rule as authored: <c>left operator right</c>, like <see cref="FormRule"/>.</summary>
public sealed class RuleInput
{
    public string? Code { get; set; }
    public string? Left { get; set; }
    public string? Operator { get; set; }
    public string? Right { get; set; }
    public RuleSeverity Severity { get; set; } = RuleSeverity.Error;
    public string? Message { get; set; }
}

/// <summary>Checks a whole definition and says, per field (<c>sections[0].indicators[2].unit</c>), what to fix.</summary>
public static partial class FormDefinitionRules
{
    public const int MaxIndicators = 500;
    public const int MaxRules = 500;
    public const int MaxDecimals = 6;

    [GeneratedRegex("^[A-Z][A-Z0-9_-]{1,31}$")]
    private static partial Regex FormCodePattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    private static partial Regex CodePattern();

    /// <summary>Throws <see cref="RuleViolationException"/> with every problem at once; trims the texts it keeps.</summary>
    public static void Validate(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        form.Code = form.Code?.Trim().ToUpperInvariant();
        form.Name = form.Name?.Trim();
        if (string.IsNullOrEmpty(form.Code))
        {
            Add("code", "请填写表号，如 SD-WEEKLY。");
        }
        else if (!FormCodePattern().IsMatch(form.Code))
        {
            Add("code", $"表号“{form.Code}”无效：应为2到32个大写英文字母、数字、下划线或连字符，以字母开头，如 SD-WEEKLY。");
        }

        if (string.IsNullOrEmpty(form.Name))
        {
            Add("name", "请填写报表名称，如“××周报统计表”。");
        }
        else if (form.Name.Length > 200)
        {
            Add("name", $"报表名称不能超过200个字（现有 {form.Name.Length} 个字）。");
        }

        if (form.RequirementId is null)
        {
            Add("requirementId", "请指明报表服务的定期报送要求（requirementId）。");
        }

        if (form.LockAfterDays is < 0 or > 60)
        {
            Add("lockAfterDays", $"锁定天数应在0到60天之间，填写的是 {form.LockAfterDays}。");
        }

        form.Sections ??= [];
        form.Rules ??= [];
        if (form.Sections.Count == 0)
        {
            Add("sections", "报表至少要有一个栏目，每个栏目至少一个指标。");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var sectionNames = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        for (var s = 0; s < form.Sections.Count; s++)
        {
            var section = form.Sections[s] ??= new SectionDefinition();
            var at = $"sections[{s}]";
            section.Name = section.Name?.Trim();
            if (string.IsNullOrEmpty(section.Name))
            {
                Add($"{at}.name", $"第 {s + 1} 个栏目缺少名称，如“一、各项贷款”。");
            }
            else if (section.Name.Length > 200)
            {
                Add($"{at}.name", $"栏目名称不能超过200个字（第 {s + 1} 个栏目有 {section.Name.Length} 个字）。");
            }
            else if (!sectionNames.Add(section.Name))
            {
                Add($"{at}.name", $"栏目“{section.Name}”重复了，请合并或改名。");
            }

            section.Indicators ??= [];
            if (section.Indicators.Count == 0)
            {
                Add($"{at}.indicators", $"栏目“{section.Name}”没有指标，请添加指标或删除该栏目。");
            }

            for (var i = 0; i < section.Indicators.Count; i++)
            {
                count++;
                ValidateIndicator(section.Indicators[i] ??= new IndicatorDefinition(), $"{at}.indicators[{i}]", codes, Add);
            }
        }

        if (count > MaxIndicators)
        {
            Add("sections", $"指标不能超过 {MaxIndicators} 个（现有 {count} 个）。");
        }

        if (form.Rules.Count > MaxRules)
        {
            Add("rules", $"校验规则不能超过 {MaxRules} 条（现有 {form.Rules.Count} 条）。");
        }

        var ruleCodes = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < form.Rules.Count; r++)
        {
            ValidateRule(form.Rules[r] ??= new RuleInput(), $"rules[{r}]", r, codes, ruleCodes, Add);
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException($"报表有 {errors.Sum(e => e.Value.Count)} 处需要修改，未保存。请按提示修改后再保存。",
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private static void ValidateIndicator(IndicatorDefinition indicator, string at, HashSet<string> codes, Action<string, string> add)
    {
        indicator.Code = indicator.Code?.Trim().ToUpperInvariant();
        indicator.Name = indicator.Name?.Trim();
        indicator.Unit = indicator.Unit?.Trim();
        indicator.Note = indicator.Note?.Trim() is { Length: > 0 } note ? note : null;
        var label = string.IsNullOrEmpty(indicator.Name) ? $"指标 {indicator.Code}" : $"指标“{indicator.Name}”";
        if (string.IsNullOrEmpty(indicator.Code))
        {
            add($"{at}.code", $"{label}缺少代码，如 LOAN_BAL。");
        }
        else if (!CodePattern().IsMatch(indicator.Code))
        {
            add($"{at}.code", $"{label}的代码“{indicator.Code}”无效：只能用大写英文字母、数字和下划线，以字母开头，如 LOAN_BAL。");
        }
        else if (!codes.Add(indicator.Code))
        {
            add($"{at}.code", $"指标代码“{indicator.Code}”重复了，每个指标的代码应不同。");
        }

        if (string.IsNullOrEmpty(indicator.Name))
        {
            add($"{at}.name", $"指标 {indicator.Code} 缺少名称，如“各项贷款余额”。");
        }
        else if (indicator.Name.Length > 200)
        {
            add($"{at}.name", $"{label}的名称不能超过200个字。");
        }

        if (string.IsNullOrEmpty(indicator.Unit))
        {
            add($"{at}.unit", $"{label}缺少单位，如 万元、户、笔、%。");
        }
        else if (indicator.Unit.Length > 20)
        {
            add($"{at}.unit", $"{label}的单位不能超过20个字。");
        }

        if (indicator.Decimals is < 0 or > MaxDecimals)
        {
            add($"{at}.decimals", $"{label}的小数位数应在0到{MaxDecimals}之间，填写的是 {indicator.Decimals}。");
        }
        else if (indicator.Decimals > 0 && IndicatorUnits.IsCount(indicator.Unit ?? ""))
        {
            add($"{at}.decimals", $"{label}以“{indicator.Unit}”计，应为整数，小数位数请填0。");
        }

        if (indicator.Note is { Length: > 1000 })
        {
            add($"{at}.note", $"{label}的口径说明不能超过1000个字（现有 {indicator.Note.Length} 个字）。");
        }

        if (indicator.ChangeLimit is { } limit)
        {
            if (limit.UpPercent is null && limit.DownPercent is null)
            {
                indicator.ChangeLimit = null;
            }
            else if (limit.UpPercent is < 0 or > 100000 || limit.DownPercent is < 0 or > 100)
            {
                add($"{at}.changeLimit", $"{label}的异常变动上限应为百分比：增长上限0到100000，下降上限0到100（如 50 表示50%）。");
            }
        }
    }

    private static void ValidateRule(RuleInput rule, string at, int index, HashSet<string> codes, HashSet<string> ruleCodes, Action<string, string> add)
    {
        rule.Code = rule.Code?.Trim().ToUpperInvariant();
        rule.Message = rule.Message?.Trim() is { Length: > 0 } message ? message : null;
        rule.Operator = rule.Operator?.Trim();
        if (string.IsNullOrEmpty(rule.Code))
        {
            rule.Code = $"R{index + 1:00}";
        }

        if (!CodePattern().IsMatch(rule.Code))
        {
            add($"{at}.code", $"规则编号“{rule.Code}”无效：只能用大写英文字母、数字和下划线，如 R01。");
        }
        else if (!ruleCodes.Add(rule.Code))
        {
            add($"{at}.code", $"规则编号“{rule.Code}”重复了。");
        }

        foreach (var (side, text, word) in new[] { ("left", rule.Left, "左边"), ("right", rule.Right, "右边") })
        {
            if (FormRuleCheck.Problem(text, codes) is { } problem)
            {
                add($"{at}.{side}", $"规则 {rule.Code} 的{word}：{problem.Message}");
            }
        }

        if (!RuleExpression.Operators.Contains(rule.Operator ?? ""))
        {
            add($"{at}.operator", $"规则 {rule.Code} 的运算符“{rule.Operator}”无效，请选择 {string.Join("、", RuleExpression.Operators)} 之一。");
        }

        if (rule.Message is { Length: > 500 })
        {
            add($"{at}.message", $"规则 {rule.Code} 的提示语不能超过500个字。");
        }
    }
}
