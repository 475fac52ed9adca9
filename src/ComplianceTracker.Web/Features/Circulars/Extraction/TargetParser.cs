using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>Reads a quantitative target from a sentence: "余额突破11000亿元", "增速高于各项贷款增速", "不高于…3个百分点".</summary>
/// <remarks>
/// <para>A goal is a number with a unit (亿元, 万亿元, 万元, 元, %, ‰, 个百分点, 个基点, 户, 家, 万人, 人, 人次, 笔, 倍; "百分之二十五"
/// is 25 %, "1,000" is 1000) that the sentence compares: 突破 / 高于 / 超过 / 大于 / 逾 / &gt; → "&gt;"; 以上 / 不低于 / 不少于 /
/// 至少 / 达到 / 提升至 / ≥ → "&gt;="; 不超过 / 不高于 / 以内 / 以下 / 控制在 / 降至 / ≤ → "&lt;="; 低于 / 少于 → "&lt;". With no
/// comparison word, a number right after a verb of change (增长, 新增, 提高, 减息, 降低…) is "at least" ("&gt;="), and so is
/// one after a verb of help or spending (支持, 惠及, 投放, 节约…) or a bare amount when the sentence has a goal word (力争,
/// 确保, 目标, 全年…). A comparison with a base between the word and the number ("不高于各项贷款不良率3个百分点") is
/// "ratio&lt;=+" (the word's operator, "+" for "the base plus"), relative to the base; against a growth rate it is
/// "growth&gt;" (and so on) instead. A measurable quantity compared with a level and no number ("增速高于各项贷款增速",
/// "户数不低于上年同期水平") is "growth&gt;" / "growth&gt;=" for growth rates and the plain operator otherwise, value null.
/// Not goals: a number that qualifies a noun ("1000万元以下的小微企业", "不超过500万元的贷款"), reported figures (after
/// 截至 / 以来 / 已… until a goal word such as 力争 or 要), and vague growth with no number ("持续稳步增长", "两增目标").</para>
/// <para>By: the last date the goal's own words give ("2023年" and "至2023年末" → 2023-12-31, "2023年至2025年" →
/// 2025-12-31, "2023年6月末" → 2023-06-30, "2024年一季度末" → 2024-03-31), skipping titles in 《》 and bases ("较2022年末");
/// "年末" / "年底" / "全年" / "今年" → 31 December of <c>year</c>, or of the last year the sentence named. A goal with no
/// date words takes the date of the goal before it in the same sentence (<see cref="ParseAll"/>), else null.</para>
/// <para>Metric (a judgement; this is the rule): the words before the comparison, without dates, the subject
/// ("各银行业金融机构要") and lead-in verbs (力争, 确保, 实现, 落实, 总体, 可放宽至…), with these rewrites: "累计投放X(金额)"
/// → "X累计投放金额"; "年均X增速" → "X年均增速"; "…(同比)增长" with % → "…(同比)增速"; a change verb with 个百分点 → "…减息幅度"
/// (plus "（年化）" when written); "…提高X的Y，幅度…" → "XY提高幅度". A goal that names no noun ("突破8500亿元") takes the
/// noun of the goal before it (or of the part of the sentence before it), and one that starts with a verb
/// ("为企业节约成本", "支持700万人稳就业") takes its topic ("无缝续贷为企业节约成本", "纾困融资支持稳就业人数").
/// <see cref="Parse"/> on such a fragment alone has no goal before it to lean on: read the whole sentence with
/// <see cref="ParseAll"/>.</para>
/// </remarks>
public static class TargetParser
{
    private const int MaxLength = 5000;

    private const string ChineseNum = "[零〇一二两三四五六七八九十百千]{1,8}(?:点[零〇一二三四五六七八九]{1,6})?";

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private static readonly Regex Quantity = Build(
        "(?<![0-9.])(?:百分之(?<pct>[0-9]{1,12}(?:\\.[0-9]{1,6})?|" + ChineseNum + ")"
        + "|(?<num>[0-9]{1,3}(?:,[0-9]{3}){1,4}(?:\\.[0-9]{1,6})?|[0-9]{1,15}(?:\\.[0-9]{1,6})?|" + ChineseNum + ")"
        + "(?<unit>个百分点|百分点|个基点|基点|万亿元|亿元|万元|元|%|‰|万户|户|万家|家|万人次|人次|万人|人|万笔|笔|倍))");

    private static readonly Regex GrowthVersus = Build(
        "(?<kw>增速|增幅|增长率|增长速度)?(?:要|应|需|均)?(?<cmp>不低于|不少于|不慢于|高于|超过|快于|不高于|不超过|低于)"
        + "(?<rel>[^，,；;。!！?？:、]{1,30}?(?:增速|增幅|增长率|增长速度|水平))");

    private static readonly Regex Suffix = Build("^(?:[(（]含[)）])?(?<s>及以上|以上|及以下|以下|以内|之内)");
    private static readonly Regex Annualised = Build("^[(（]年化[)）]");
    private static readonly Regex GoalTail = Build("^(?:、|(?:的)?(?:目标|要求|监管要求|任务|水平|大关|规模|左右))");
    private static readonly Regex ImplicitVerb = Build("(?<v>同比增长|增长|增加|提高|提升|减息|降息|降低|下降|下调|上调|压降|减少|节约|节省|支持|帮助|惠及|带动|服务|新增|投放|发放|让利|减费|减免)$");
    private static readonly Regex Cue = Build("力争|确保|争取|努力|目标|计划|全年|年末|年底|实现|达到|突破|以上|不低于");
    private static readonly Regex Measurable = Build("(?:户数|余额|占比|比例|比重|增量|金额|数量|规模|贷款|率|笔数|家数|人数)(?:要|应|需|均)?$");
    private static readonly Regex GoalTurn = Build("力争|确保|争取|目标|计划|努力|要|应|须|将|实现|推动");
    private static readonly Regex GoalCue = Build("力争|确保|争取|目标|计划|努力|全年|年内");
    private static readonly Regex Fact = Build("截至|截止|以来|已经|已(?:累计|为|通过|达|有|实现|发放|投放|帮助|支持|惠及)");

    private static readonly Regex YearWords = Build(
        "(?<y1>(?:19|20)[0-9]{2})年(?:(?:至|到|-|—|－|~|～)(?<y2>(?:19|20)[0-9]{2})年?)?(?:(?<m>[0-9]{1,2})月(?:(?<d>[0-9]{1,2})日)?|第?(?<q>[一二三四1-4])季度|(?<h>上半年|年中))?(?:末|底)?"
        + "|(?<rel>年末|年底|全年|今年|当年|本年)");

    private static readonly Regex LeadIn = Build(
        "^(?:(?:至|到|在|于)?(?:19|20)[0-9]{2}年(?:(?:至|到|-|—|－|~|～)(?:19|20)[0-9]{2}年?)?(?:[0-9]{1,2}月|第?[一二三四1-4]季度|上半年|年中)?(?:末|底|前)?|年末|年底|全年|今年|当年|本年"
        + "|(?:各|辖内|全市|全省|全区)?[^，,；;。]{0,12}?(?:金融机构|银行机构|保险机构|机构|银行|公司|各行|各单位)(?:要|应当|应|须|需|均)"
        + "|力争|确保|争取|努力|计划|预计|推动|实现|落实好|落实|保持|其中|同时|要|应|将|并|且|使|对(?![公外象接])|和|及|在)");

    private static readonly Regex InnerFiller = Build("总体实现|整体实现|总体|整体|力争|确保|实现|可放宽至|放宽至|可达到|达到");
    private static readonly Regex TrailingFiller = Build("(?:的|要|应当|应|需|须|将|均|可|能够|能|保持在|控制在)+$");
    private static readonly Regex Cumulative = Build("^累计(?<v>投放|发放|放款|提供)(?<x>.+?)(?:金额)?$");
    private static readonly Regex ChangeVerb = Build("(?:减息|降息|降低|下降|下调|上调|压降|减少|提高|提升)$");
    private static readonly Regex RaiseVerb = Build("提高|降低|放宽|下调|上调|下降|提升|压降");
    private static readonly Regex TopicSuffix = Build("(?:累计投放金额|累计发放金额|累计放款金额|同比增速|年均增速|同比增长|增速|增幅|增长率|余额|金额)$");
    private static readonly Regex VerbInitial = Build("^(?:为|支持|帮助|带动|惠及|服务)");
    private static readonly Regex BareRate = Build("^(?:同比|年均)?(?:增速|增幅|增长率|增长|同比增速)$");

    private static readonly (string Word, string Op, bool Relational)[] Comparators =
    [
        ("不低于", ">=", true), ("不少于", ">=", false), ("不小于", ">=", false), ("至少", ">=", false), ("达到", ">=", false),
        ("不高于", "<=", true), ("不超过", "<=", true), ("不多于", "<=", false), ("不大于", "<=", false), ("控制在", "<=", false),
        ("突破", ">", false), ("超过", ">", true), ("高于", ">", true), ("大于", ">", false), ("多于", ">", false), ("逾", ">", false),
        ("低于", "<", true), ("少于", "<", false), ("小于", "<", false), ("达", ">=", false),
        ("≥", ">=", false), ("≤", "<=", false), (">=", ">=", false), ("<=", "<=", false), (">", ">", false), ("<", "<", false),
        ("＞", ">", false), ("＜", "<", false),
        ("降至", "<=", false), ("降到", "<=", false), ("降低至", "<=", false), ("下降至", "<=", false), ("下降到", "<=", false),
        ("提升至", ">=", false), ("提升到", ">=", false), ("提高至", ">=", false), ("提高到", ">=", false), ("增至", ">=", false), ("增加至", ">=", false),
    ];

    private const string Separators = "，,；;。!！?？:\n";

    /// <summary>The target the sentence sets, or null. <paramref name="year"/> is the circular's year, for "年末" → 31 December.</summary>
    public static (TargetSpec Target, Evidence Evidence)? Parse(string sentence, int? year = null, int offset = 0)
    {
        var all = ParseAll(sentence, year, offset);
        return all.Count == 0 ? null : all[0];
    }

    /// <summary>Every numeric goal in the sentence, in order; later goals take the noun, topic and date of earlier ones when they name none.</summary>
    public static IReadOnlyList<(TargetSpec Target, Evidence Evidence)> ParseAll(string sentence, int? year = null, int offset = 0)
    {
        if (string.IsNullOrEmpty(sentence))
        {
            return [];
        }

        var original = sentence.Length > MaxLength ? sentence[..MaxLength] : sentence;
        var text = ChineseNumerals.Fold(original, out var map);
        if (text.Length == 0)
        {
            return [];
        }

        try
        {
            return Read(text, year).Select(g =>
            {
                var from = map[g.Start];
                var to = map[g.End - 1] + 1;
                return (g.Target, new Evidence(offset + from, to - from, original[from..to]));
            }).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    private sealed record Goal(TargetSpec Target, int Start, int End, string Topic);

    private sealed record Candidate(int Start, int NumberStart, int End, Match Match, bool Growth);

    private static List<Goal> Read(string text, int? year)
    {
        var candidates = new List<Candidate>();
        foreach (Match m in Quantity.Matches(text))
        {
            candidates.Add(new Candidate(m.Index, m.Index, m.Index + m.Length, m, false));
        }

        foreach (Match g in GrowthVersus.Matches(text))
        {
            var after = g.Index + g.Length;
            if (candidates.Any(c => !c.Growth && c.Start >= g.Index && c.Start <= after))
            {
                continue; // "增速高于各项贷款增速5个百分点" is read from its number
            }

            candidates.Add(new Candidate(g.Index, g.Index, after, g, true));
        }

        var goals = new List<Goal>();
        var scopeStart = 0;
        foreach (var c in candidates.OrderBy(c => c.Start))
        {
            if (c.Start < scopeStart)
            {
                continue;
            }

            var goal = c.Growth ? ReadGrowth(text, c, scopeStart, goals, year) : ReadQuantity(text, c, scopeStart, goals, year);
            if (goal is not null)
            {
                goals.Add(goal);
                scopeStart = goal.End;
            }
        }

        return goals;
    }

    private static Goal? ReadGrowth(string text, Candidate c, int scopeStart, List<Goal> goals, int? year)
    {
        var m = c.Match;
        var segStart = Math.Max(SegmentStart(text, m.Index), scopeStart);
        while (segStart < m.Index && text[segStart] is '、' or '和' or '及' or '且' or '并')
        {
            segStart++;
        }

        if (IsFact(text, scopeStart, m.Index))
        {
            return null;
        }

        var plain = m.Groups["cmp"].Value switch
        {
            "不低于" or "不少于" or "不慢于" => ">=",
            "高于" or "超过" or "快于" => ">",
            "不高于" or "不超过" => "<=",
            _ => "<",
        };
        var growth = m.Groups["kw"].Success;
        var op = growth ? "growth" + plain : plain;
        var raw = text[segStart..m.Index] + m.Groups["kw"].Value;
        if ((StripLeadIn(raw).Length == 0 && goals.Count == 0) || (!growth && !Measurable.IsMatch(StripLeadIn(raw))))
        {
            return null; // "服务质量要高于行业平均水平" compares no quantity
        }

        var (evidenceStart, by) = Dates(text, segStart, scopeStart, m.Index, year, goals);
        var metric = Clean(raw, growth ? "%" : string.Empty);
        if (BareRate.IsMatch(metric) && goals.Count > 0)
        {
            metric = Topic(goals[^1].Target.Metric, keepBalance: true) + metric;
        }

        var target = new TargetSpec(metric, op, null, null, by, m.Groups["rel"].Value);
        return new Goal(target, evidenceStart, c.End, Topic(metric, keepBalance: false));
    }

    private static Goal? ReadQuantity(string text, Candidate c, int scopeStart, List<Goal> goals, int? year)
    {
        var m = c.Match;
        var segStart = Math.Max(SegmentStart(text, m.Index), scopeStart);
        while (segStart < m.Index && text[segStart] is '、' or '和' or '及' or '且' or '并')
        {
            segStart++;
        }

        var segEnd = SegmentEnd(text, c.End);
        if (IsFact(text, scopeStart, m.Index))
        {
            return null;
        }

        var percent = m.Groups["pct"].Success;
        var value = ChineseNumerals.ParseDecimal((percent ? m.Groups["pct"].Value : m.Groups["num"].Value).Replace(",", string.Empty, StringComparison.Ordinal));
        if (value is null)
        {
            return null;
        }

        var unit = percent ? "%" : m.Groups["unit"].Value;
        unit = unit switch
        {
            "百分点" => "个百分点",
            "基点" => "个基点",
            _ => unit,
        };

        var pre = text[segStart..m.Index];

        // The comparison word nearest before the number.
        string? op = null;
        string? relativeTo = null;
        var metricEnd = m.Index;
        var best = -1;
        (string Word, string Op, bool Relational) found = (string.Empty, string.Empty, false);
        foreach (var cmp in Comparators)
        {
            var at = pre.LastIndexOf(cmp.Word, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var wordEnd = at + cmp.Word.Length;
            if (wordEnd > best || (wordEnd == best && cmp.Word.Length > found.Word.Length))
            {
                best = wordEnd;
                found = cmp;
            }
        }

        if (best >= 0)
        {
            var between = pre[best..];
            var at = best - found.Word.Length;
            if (between.Length == 0 || between is "于" or "至" or "到" or "为")
            {
                op = found.Op;
                metricEnd = segStart + at;
            }
            else if (found.Relational && found.Word.Length > 1 && between.Length <= 25)
            {
                relativeTo = between;
                var growth = Regex.IsMatch(between, "(?:增速|增幅|增长率|增长速度)$", RegexOptions.CultureInvariant, Timeout);
                op = (growth ? "growth" : "ratio") + found.Op + (growth ? string.Empty : "+");
                metricEnd = segStart + at;
            }
        }

        // What follows the unit: 以上 / 以内, (年化), and whether the number qualifies a noun.
        var post = text[c.End..segEnd];
        var consumed = 0;
        var suffix = Suffix.Match(post);
        if (suffix.Success)
        {
            consumed = suffix.Length;
            if (op is null)
            {
                op = suffix.Groups["s"].Value.EndsWith("以上", StringComparison.Ordinal) ? ">=" : "<=";
                metricEnd = m.Index;
            }
        }

        var annualised = false;
        if (Annualised.Match(post[consumed..]) is { Success: true } an)
        {
            annualised = true;
            consumed += an.Length;
        }

        var rest = post[consumed..];
        var implicitVerb = op is null ? ImplicitVerb.Match(pre) : Match.Empty;
        var beneficiary = false;
        if (op is null && !implicitVerb.Success && GoalCue.IsMatch(text[..m.Index]) && (rest.Length == 0 || GoalTail.IsMatch(rest)))
        {
            op = ">="; // "力争全年新增普惠型小微企业贷款100亿元": a goal amount is a floor
            metricEnd = m.Index;
        }

        if (op is null)
        {
            if (!implicitVerb.Success)
            {
                return null;
            }

            var v = implicitVerb.Groups["v"].Value;
            var change = v is "同比增长" or "增长" or "增加" or "提高" or "提升" or "新增" or "减息" or "降息" or "降低" or "下降" or "下调" or "上调" or "压降" or "减少";
            if (!change && goals.Count == 0 && !Cue.IsMatch(text))
            {
                return null;
            }

            beneficiary = v is "支持" or "帮助" or "惠及" or "带动" or "服务";
            op = ">=";
            metricEnd = m.Index;
        }

        // "支持700万人稳就业": after a verb of help, a count may be followed by what the people are helped to do.
        var countOfPeople = unit.EndsWith('人') || unit.EndsWith("人次", StringComparison.Ordinal) || unit is "户" or "家" or "万户" or "万家";
        if (rest.Length > 0 && !GoalTail.IsMatch(rest)
            && !(beneficiary && countOfPeople && rest.Length <= 8 && !rest.Contains('的', StringComparison.Ordinal)))
        {
            return null;
        }

        beneficiary = beneficiary && countOfPeople && rest.Length > 0 && !GoalTail.IsMatch(rest);

        var end = c.End + consumed + (beneficiary ? rest.Length : 0);
        var (evidenceStart, by) = Dates(text, segStart, scopeStart, m.Index, year, goals);

        // The metric.
        var raw = text[segStart..Math.Max(segStart, metricEnd)];
        var metric = Clean(raw, unit);
        if (metric is "幅度" or "提高幅度" or "降低幅度" && segStart > 0)
        {
            var before = text[SegmentStart(text, segStart - 1)..(segStart - 1)];
            var verbs = RaiseVerb.Matches(before);
            if (verbs.Count > 0)
            {
                var verb = verbs[^1];
                var x = before[(verb.Index + verb.Length)..];
                var de = x.LastIndexOf('的');
                if (de > 0)
                {
                    x = x.Remove(de, 1);
                }

                metric = x + verb.Value + "幅度";
                evidenceStart = Math.Min(evidenceStart, SegmentStart(text, segStart - 1) + verb.Index);
            }
        }

        if (ChangeVerb.IsMatch(metric) && unit is "个百分点" or "个基点" or "%" or "‰")
        {
            metric += "幅度";
        }

        if (annualised)
        {
            metric += "（年化）";
        }

        if (metric.Length == 0 && goals.Count == 0 && segStart > 0)
        {
            // "截至2022年末，全市普惠贷款余额5000亿元，力争2023年末突破6000亿元": the noun is in the part before.
            var before = text[SegmentStart(text, segStart - 1)..(segStart - 1)];
            var number = Quantity.Match(before);
            metric = Clean(number.Success ? before[..number.Index] : before, unit).TrimEnd('达', '为', '是');
        }

        if (goals.Count > 0)
        {
            var previous = goals[^1];
            if (metric.Length == 0)
            {
                metric = Topic(previous.Target.Metric, keepBalance: true);
            }
            else if (BareRate.IsMatch(metric))
            {
                metric = Topic(previous.Target.Metric, keepBalance: true) + metric;
            }
            else if (VerbInitial.IsMatch(metric))
            {
                metric = previous.Topic + metric;
            }
        }

        if (beneficiary)
        {
            metric += rest + (unit.EndsWith("人次", StringComparison.Ordinal) ? "人次" : unit.EndsWith('人') ? "人数" : unit.EndsWith('户') ? "户数" : "家数");
        }

        var target = new TargetSpec(metric, op, value, unit, by, relativeTo);
        return new Goal(target, evidenceStart, end, goals.Count > 0 && VerbInitial.IsMatch(raw.TrimStart()) ? goals[^1].Topic : Topic(metric, keepBalance: false));
    }

    /// <summary>
    /// The goal's date and where its words start: a segment before it that is only a date ("至2025年末，") belongs to it.
    /// </summary>
    private static (int EvidenceStart, DateOnly? By) Dates(string text, int segStart, int scopeStart, int numberAt, int? year, List<Goal> goals)
    {
        var evidenceStart = segStart;
        if (segStart > scopeStart + 1)
        {
            var prevStart = Math.Max(SegmentStart(text, segStart - 1), scopeStart);
            var prev = text[prevStart..(segStart - 1)];
            if (prev.Length > 0 && StripLeadIn(prev).Length == 0 && YearWords.IsMatch(prev))
            {
                evidenceStart = prevStart;
            }
        }

        // Years named before this goal in the sentence (outside 《》 titles), for "年末" with no year given.
        DateOnly? by = null;
        int? lastYear = null;
        var searchFrom = scopeStart;
        foreach (Match y in YearWords.Matches(text[..numberAt]))
        {
            if (InsideTitle(text, y.Index) || (y.Index > 0 && text[y.Index - 1] is '较' or '比' or '于' or '上' or '去' or '同'))
            {
                continue; // a title's years, or a base: "较2022年末增长", "比上年末"
            }

            DateOnly? date = null;
            if (y.Groups["rel"].Success)
            {
                var baseYear = year ?? lastYear;
                date = baseYear is { } yy and >= 1900 and <= 2200 ? new DateOnly(yy, 12, 31) : null;
            }
            else
            {
                var y1 = int.Parse(y.Groups["y1"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var last = y.Groups["y2"].Success ? int.Parse(y.Groups["y2"].Value, System.Globalization.CultureInfo.InvariantCulture) : y1;
                lastYear = last;
                date = new DateOnly(last, 12, 31);
                if (y.Groups["q"].Success || y.Groups["h"].Success)
                {
                    var q = y.Groups["h"].Success ? 2 : "一二三四".IndexOf(y.Groups["q"].Value[0], StringComparison.Ordinal) is var i and >= 0 ? i + 1 : y.Groups["q"].Value[0] - '0';
                    date = new DateOnly(last, q * 3, DateTime.DaysInMonth(last, q * 3));
                }
                else if (y.Groups["m"].Success && int.TryParse(y.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
                {
                    var days = DateTime.DaysInMonth(last, month);
                    date = y.Groups["d"].Success && int.TryParse(y.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= days
                        ? new DateOnly(last, month, day)
                        : new DateOnly(last, month, days);
                }
            }

            if (y.Index >= searchFrom)
            {
                by = date ?? by;
            }
        }

        if (by is null && goals.Count > 0)
        {
            by = goals[^1].Target.By;
        }

        return (evidenceStart, by);
    }

    /// <summary>
    /// A number reported, not set: after 截至… / …以来 / 已… in the sentence, until a goal word (力争, 确保, 要…) turns it
    /// back to goals.
    /// </summary>
    private static bool IsFact(string text, int scopeStart, int numberAt)
    {
        if (scopeStart >= numberAt)
        {
            return false;
        }

        var before = text[scopeStart..numberAt];
        var facts = Fact.Matches(before);
        if (facts.Count == 0)
        {
            return false;
        }

        var last = facts[^1];
        return !GoalTurn.IsMatch(before[(last.Index + last.Length)..]);
    }

    private static bool InsideTitle(string text, int index)
    {
        var open = text.LastIndexOf('《', Math.Max(0, index - 1));
        if (open < 0 || index == 0)
        {
            return false;
        }

        var close = text.IndexOf('》', open);
        return close < 0 || close > index;
    }

    /// <summary>The words before the comparison, without dates, lead-in verbs and fillers, rewritten as the remarks say.</summary>
    private static string Clean(string raw, string unit)
    {
        var metric = StripLeadIn(raw.Trim('“', '”', '"', '\'', '‘', '’', '、', ' '));

        metric = InnerFiller.Replace(metric, string.Empty);
        metric = TrailingFiller.Replace(metric, string.Empty);
        if (Cumulative.Match(metric) is { Success: true } cm)
        {
            metric = cm.Groups["x"].Value + "累计" + cm.Groups["v"].Value + "金额";
        }

        if (metric.Contains("年均", StringComparison.Ordinal) && Regex.Match(metric, "(?<r>增速|增长率|增幅)$", RegexOptions.CultureInvariant, Timeout) is { Success: true } r)
        {
            metric = metric[..r.Index].Replace("年均", string.Empty, StringComparison.Ordinal) + "年均" + r.Value;
        }

        if (unit is "%" or "‰")
        {
            if (metric.EndsWith("同比增长", StringComparison.Ordinal) || metric.EndsWith("增长", StringComparison.Ordinal))
            {
                metric = metric[..^2] + "增速";
            }
        }

        return metric;
    }

    private static string StripLeadIn(string words)
    {
        for (var i = 0; i < 12; i++)
        {
            var next = LeadIn.Replace(words, string.Empty, 1);
            if (next == words)
            {
                break;
            }

            words = next;
        }

        return words;
    }

    /// <summary>The noun a goal is about: "无缝续贷累计投放金额" → "无缝续贷"; with <paramref name="keepBalance"/>, "…余额同比增速" → "…余额".</summary>
    private static string Topic(string metric, bool keepBalance)
    {
        if (keepBalance)
        {
            return Regex.Replace(metric, "(?:同比增速|年均增速|同比增长|增速|增幅|增长率)$", string.Empty, RegexOptions.CultureInvariant, Timeout);
        }

        return TopicSuffix.Replace(metric, string.Empty);
    }

    private static int SegmentStart(string text, int index)
    {
        for (var i = Math.Min(index, text.Length) - 1; i >= 0; i--)
        {
            if (Separators.Contains(text[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int SegmentEnd(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            if (Separators.Contains(text[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return text.Length;
    }

    private static Regex Build(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled, Timeout);
}
