using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Reads a deadline or reporting regime from a sentence: "文发之后十日内", "每季度结束后15日内报送", "次月第3个工作日17:00前".
/// </summary>
/// <remarks>
/// Order of reading: a recurring regime ("实行“周报制”", "每季度…报送", "按月报送", "次月第3个工作日") wins over a one-off
/// deadline, unless its only cue is a bare report noun ("报送2023年年报") and the sentence also has a one-off date. Then a
/// deadline counted from the issue or receipt date ("文发之后十日内", "收到本通知后5个工作日内"), then a fixed date
/// ("于2024年6月30日前", "2023年12月底前"). A fixed date must be followed by 前/之前/以前: "延续至2023年12月底" is the end
/// of a scheme, "2023年" alone is a year, and neither is a deadline. A date without a year ("6月30日前") gives a
/// <see cref="DueAnchor.FixedDate"/> rule with <see cref="DueRule.FixedDate"/> null and a note in
/// <see cref="DueRule.Assumed"/>, so the supervisor (or the caller, from the issue year) fills it in.
/// 尽快 / 及时 / 定期 / 每日 give no rule. Where a recurring regime gives no time, the defaults are: weekly, next Monday
/// 12:00; monthly, the 10th of the next month; quarterly, 15 days after the quarter; half-yearly and yearly, one month after
/// the period; each stated in <see cref="DueRule.Assumed"/>. A term of the regime ("执行期…6个月", "期限6个月", "为期一年")
/// becomes <see cref="DueRule.DurationMonths"/>; it is not part of <see cref="DueRule.Source"/>, and whether the issue date
/// is known is for the caller to add to the note (<see cref="NoteUnknownIssueDate"/>). A week the circular defines
/// ("上周六至本周五") sets <see cref="DueRule.WeekStart"/>, and weekday offsets count from that week's last day ("每周五…本周"
/// is -2 for a Monday week). "请于10个工作日内报送" with no start counts from the issue date, with a note. Hours ("24小时内")
/// are not read: the rule has no unit for them.
/// </remarks>
public static class DueRuleParser
{
    /// <summary>Sentences are short; anything longer is read up to this many characters.</summary>
    private const int MaxLength = 5000;

    private const string Num = "(?:[0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,6})";
    private const string DayUnit = "(?<unit>个工作日|工作日|个自然日|自然日|日|天|个月|周|个星期|星期)";
    /// <summary>"2月1日前到期的贷款" names loans, not a deadline.</summary>
    private const string NotAQualifier = "(?!到期|发放|签订|签署|形成|办理|注册|成立|的|已|产生|发生|存续|开立|投放|出生|入职|发布|印发|出台|签发)";

    private const string ReportVerbs = "报送|上报|报告|报备|报表|提交|填报|报来|报至|报我|报本|披露";

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private static readonly Regex Regime = Build(
        "(?:实行|执行|建立|落实|实施)?[“\"'‘「『]?(?<f>周|旬|月|季|季度|半年|年)报(?:告)?制(?:度)?[”\"'’」』]?");

    private static readonly (DueFrequency Frequency, Regex Cue)[] Cues =
    [
        (DueFrequency.HalfYearly, Build("每半年|按半年|逐半年|半年度?(?:结束|终了)后|半年报")),
        (DueFrequency.Quarterly, Build("每(?:个)?季度?|按季度?|逐季|季度?(?:结束|终了|末)后|季报|季后|次季")),
        (DueFrequency.Monthly, Build("每(?:个)?月|按月|逐月|月度?(?:结束|终了|末)后|月报|次月|(?<!个)月后")),
        (DueFrequency.Weekly, Build("每周|按周|逐周|周报|次周|每星期")),
        (DueFrequency.TenDay, Build("每旬|按旬|逐旬|旬(?:结束|终了|末)?后|旬报")),
        (DueFrequency.Yearly, Build("每年|按年|逐年|年度(?:结束|终了)后|年报|次年")),
    ];

    private static readonly Regex ReportVerb = Build(ReportVerbs);

    private static readonly Regex TrailingVerb = Build("^(?:前|之前|以前)?(?:报送|上报|报告|报备|提交|填报|披露)");

    private static readonly Regex AfterPeriodEnd = Build(
        "(?:报告期|期末|月末|季末|年末|旬末|半年度?|季度?|月度?|年度?|周|旬|期)(?:结束|终了|末)?(?:后|之后|以后)(?:的)?(?:第)?(?<n>" + Num + ")"
        + "(?<unit>个工作日|工作日|个自然日|自然日|日|天|个月)(?:内|以内|之内|前|之前)?");

    private static readonly Regex NthOfNextPeriod = Build(
        "(?:次|每|下)(?:个)?(?:月|季度?|年|周)(?:初|的)?(?:(?:前|第)(?<n>" + Num + ")(?<unit>个工作日|工作日|个自然日|自然日|日|天)|(?<n>" + Num + ")(?<unit>个工作日|工作日))(?:内|以内|之内|前|之前)?");

    private static readonly Regex DayOfNextMonth = Build(
        "(?:(?:次|每|下)(?:个)?(?:月|季度?(?:后)?首月)|季度?(?:结束|终了)?后(?:的)?首月)(?<n>" + Num + ")(?:日|号)(?:前|之前|以前|内)?");

    private static readonly Regex WeekDay = Build("(?:每|次|下|于)?(?:周|星期)(?<wd>[一二三四五六日天1-7])(?!季|次|遍|个)");

    private static readonly Regex WeekRange = Build(
        "(?:上|前)?(?:周|星期)(?<a>[一二三四五六日天])(?:至|到|-|—|~|～)(?:本|当)?(?:周|星期)(?<b>[一二三四五六日天])");

    private static readonly Regex YearlyDate = Build(
        "(?:次年|每年|年度(?:结束|终了)后)(?:的)?(?<m>" + Num + ")月(?<d>" + Num + ")(?:日|号)(?:前|之前|以前)?");

    private static readonly Regex Duration = Build(
        "(?:执行期限?|有效期限?|实施期限?|试行期限?|为期|期限|试行)[^。；;]{0,16}?(?<n>" + Num + ")(?<u>个月|年)");

    private static readonly Regex TermFromIssue = Build(
        "(?:自|从)(?:本(?:通知|措施|办法|方案)?)?(?:发布|印发|下发|发文|施行|实施)之日起[^。；;，,]{0,8}?" + Num + "(?:个月|年)");

    private static readonly Regex Relative = Build(
        "(?<pre>[于在])?(?:自|从)?(?:(?<issue>(?:本|该|此)?(?:通知|文件|文|办法|方案|意见|措施)?(?:文发|发文|印发|下发|发布|公布|下达|出台)(?:之日)?(?:起|后|之后|以后))"
        + "|(?<effective>(?:本|该|此)?(?:通知|文件|办法|方案|意见|措施)?(?:施行|实施|生效)(?:之日)?(?:起|后|之后|以后))"
        + "|(?<receipt>(?:收到|接到|收悉|收文|接收)(?:本|该|此)?(?:通知|文件|文)?(?:之日)?(?:起|后|之后|以后)?))"
        + "[,，]?(?:在|于|的)?(?<n>" + Num + ")" + DayUnit + "(?:内|以内|之内|前|之前)");

    private static readonly Regex FixedWithYear = Build(
        "(?<pre>[于在])?(?<y>(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})年(?:(?<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号]|(?<eom>底|末))|第?(?<q>[一二三四1-4])季度?(?:末|底)|(?<eoy>底|末))"
        + "(?<time>(?:上午|中午|下午|晚上|晚)?(?:[0-9]{1,2}:[0-9]{2}时?|[0-9一二三四五六七八九十]{1,3}[时点](?:半|[0-9]{1,2}分)?))?(?:[（(](?:星期|周)[一二三四五六日天][）)])?(?:前|之前|以前)" + NotAQualifier);

    private static readonly Regex FixedWithoutYear = Build(
        "(?<pre>[于在])?(?<![0-9〇零一二三四五六七八九年])(?<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号]|(?<eom>底|末))"
        + "(?<time>(?:上午|中午|下午|晚上|晚)?(?:[0-9]{1,2}:[0-9]{2}时?|[0-9一二三四五六七八九十]{1,3}[时点](?:半|[0-9]{1,2}分)?))?(?:[（(](?:星期|周)[一二三四五六日天][）)])?(?:前|之前|以前)" + NotAQualifier);

    private static readonly Regex YearEndWithoutYear = Build(
        "(?<pre>[于在])?(?<![0-9〇零一二三四五六七八九])(?:今年|本年|年|本月|当月|本季度?|当季度?)(?:底|末)(?:前|之前|以前)" + NotAQualifier);

    private static readonly Regex BareWithin = Build(
        "(?<![期限])(?<pre>[于在])(?<n>" + Num + ")(?<unit>个工作日|工作日|个自然日|自然日|日|天|个月)(?:内|以内|之内)(?=[^。；;]{0,12}?(?:报送|上报|完成|反馈|提交|报告|整改|报备|落实))");

    private static readonly Regex NoShift = Build("(?:不予|不作|不|无需|不再)顺延");

    private static readonly Regex Exempt = Build("(?:逢|遇|遇到|适逢)(?<names>[^，。；,;：:]{2,40}?)(?:期间|假期|放假)?(?:的报告期|所在(?:周|旬|月|报告期))?(?:免报|不报|无需报送|不需报送|暂停报送|不再报送|可不报送)");

    /// <summary>
    /// 免报 without 逢/遇, the holidays named right before it: "春节期间免报", "元旦、春节期间不报", "五一、十一长假期间暂停报送".
    /// Only holiday words may stand there, and a number does not end right before them ("二十一日期间" is no 十一).
    /// </summary>
    private static readonly Regex ExemptDuring = Build(
        "(?<![0-9〇零一二三四五六七八九十百千第])(?<names>" + HolidayWord + "(?:[、和及与或“”\"‘’「」 ]{0,3}" + HolidayWord + ")*)[”\"’」]?"
        + "(?:小长假|长假|黄金周)?(?:放假期间|期间|假期)?(?:的报告期|所在(?:周|旬|月|报告期))?(?:免报|不报|无需报送|不需报送|暂停报送|不再报送|可不报送)");

    private const string HolidayWord = "[“\"‘「]?(?:法定节假日|节假日|元旦|春节|清明节?|劳动节|五一|端午节?|中秋节?|国庆节?|十一)";

    /// <summary>Words a circular uses for a holiday, and the calendar's names they mean ("节假日": all of them).</summary>
    private static readonly (string Word, string Holiday)[] HolidayWords =
    [
        ("节假日", string.Join("、", DueRule.StatutoryHolidays)), ("元旦", "元旦"), ("春节", "春节"), ("清明", "清明节"), ("劳动节", "劳动节"),
        ("五一", "劳动节"), ("端午", "端午节"), ("中秋", "中秋节"), ("国庆", "国庆节"), ("十一", "国庆节"),
    ];

    /// <summary>
    /// The colloquial "五一" (劳动节) and "十一" (国庆节) only as words of their own: not in a number or a count
    /// ("二十一日", "第十一条", "十一个工作日", "五一二").
    /// </summary>
    private static readonly Regex NumberLikeHoliday = Build(
        "(?<![0-9〇零一二三四五六七八九十百千万第])(?:五一|十一)(?![0-9〇零一二三四五六七八九十百千万日号条款项月年个次周天时点分%％])");

    private static readonly Regex Time = Build(
        "(?<ampm>上午|中午|下午|晚上|晚)?(?<h>[0-9]{1,2}|[零一二两三四五六七八九十]{1,3})(?:[:](?<mi>[0-9]{2})时?|(?<tp>[时点])(?:(?<mi2>[0-9]{1,2}|[零一二三四五六七八九十]{1,3})分|(?<half>半))?)(?<before>前|之前|以前)?");

    /// <summary>The due rule the sentence states (Source = the words), or null when it states none. Offsets of the evidence are <paramref name="offset"/> plus the position in the sentence.</summary>
    public static (DueRule Rule, Evidence Evidence)? Parse(string sentence, int offset = 0)
    {
        if (string.IsNullOrEmpty(sentence))
        {
            return null;
        }

        var original = sentence.Length > MaxLength ? sentence[..MaxLength] : sentence;
        var text = ChineseNumerals.Fold(original, out var map);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            var recurring = Recurring(text, out var strongCue);
            if (recurring is { } r && strongCue)
            {
                return Result(r.Rule, r.Start, r.End);
            }

            var once = RelativeOnce(text) ?? FixedOnce(text) ?? BareOnce(text);
            if (once is { } o)
            {
                return Result(o.Rule, o.Start, o.End);
            }

            return recurring is { } weak ? Result(weak.Rule, weak.Start, weak.End) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        (DueRule Rule, Evidence Evidence) Result(DueRule rule, int start, int end)
        {
            (rule, start, end) = Exceptions(text, rule, start, end);
            var from = map[start];
            var to = map[end - 1] + 1;
            var words = original[from..to];
            return (rule with { Source = words }, new Evidence(offset + from, to - from, words));
        }
    }

    /// <summary>
    /// For a circular whose issue date is not known: adds to <see cref="DueRule.Assumed"/> that the rule counts from it
    /// ("执行期“自发布之日起期限6个月”，但文中未载明发布日期（仅知2022年），需监管员补录发布日期"), quoting the term from
    /// <paramref name="sentence"/>. <paramref name="issuedOnText"/> is what the text does say ("2022" → "仅知2022年").
    /// Rules that do not count from the issue date are returned as they are.
    /// </summary>
    public static DueRule NoteUnknownIssueDate(DueRule rule, string sentence, string? issuedOnText = null)
    {
        var known = string.IsNullOrWhiteSpace(issuedOnText) ? string.Empty
            : $"（仅知{issuedOnText.Trim()}{(issuedOnText.Trim().All(char.IsAsciiDigit) ? "年" : string.Empty)}）";
        string? note = null;
        if (rule.Frequency != DueFrequency.Once && rule.DurationMonths is not null)
        {
            var text = ChineseNumerals.Fold(sentence.Length > MaxLength ? sentence[..MaxLength] : sentence, out _);
            Match term;
            try
            {
                term = TermFromIssue.Match(text);
            }
            catch (RegexMatchTimeoutException)
            {
                term = Match.Empty;
            }

            if (term.Success)
            {
                note = $"执行期“{term.Value}”，但文中未载明发布日期{known}，需监管员补录发布日期";
            }
        }
        else if (rule.Frequency == DueFrequency.Once && rule.Anchor == DueAnchor.IssueDate)
        {
            note = $"按发文日期起算，但文中未载明发布日期{known}，需监管员补录发布日期";
        }

        return note is null ? rule : rule with { Assumed = rule.Assumed is { Length: > 0 } a ? $"{a}；{note}" : note };
    }

    /// <summary>
    /// The exceptions a sentence adds to its rule: 不顺延 ("遇节假日不顺延") and, for a recurring report, 免报 ("逢劳动节、国庆节免报",
    /// "遇春节免报"); the evidence grows to cover them.
    /// </summary>
    private static (DueRule Rule, int Start, int End) Exceptions(string text, DueRule rule, int start, int end)
    {
        if (NoShift.Match(text) is { Success: true } ns)
        {
            rule = rule with { NoShift = true };
            (start, end) = (Math.Min(start, ns.Index), Math.Max(end, ns.Index + ns.Length));
        }

        if (rule.Frequency != DueFrequency.Once)
        {
            foreach (var pattern in new[] { Exempt, ExemptDuring })
            {
                if (pattern.Match(text) is { Success: true } ex && HolidaysIn(ex.Groups["names"].Value) is { Count: > 0 } names)
                {
                    rule = rule with { ExemptHolidays = names };
                    (start, end) = (Math.Min(start, ex.Index), Math.Max(end, ex.Index + ex.Length));
                    break;
                }
            }
        }

        return (rule, start, end);
    }

    /// <summary>The calendar's names of the holidays a 免报 clause names ("五一、十一长假" → 劳动节, 国庆节), in the order of the year.</summary>
    internal static List<string> HolidaysIn(string words)
    {
        var names = new List<string>();
        foreach (var (word, holiday) in HolidayWords)
        {
            var named = word is "五一" or "十一"
                ? NumberLikeHoliday.Matches(words).Any(m => m.Value == word)
                : words.Contains(word, StringComparison.Ordinal);
            if (named)
            {
                names.AddRange(holiday.Split('、').Where(h => !names.Contains(h)));
            }
        }

        return DueRule.StatutoryHolidays.Where(names.Contains).ToList();
    }

    private static (DueRule Rule, int Start, int End)? Recurring(string text, out bool strongCue)
    {
        strongCue = false;
        DueFrequency? frequency = null;
        int start = int.MaxValue, end = -1;

        var regime = Regime.Match(text);
        if (regime.Success)
        {
            frequency = FrequencyOf(regime.Groups["f"].Value);
            (start, end) = (regime.Index, regime.Index + regime.Length);
            strongCue = true;
        }
        else
        {
            Match? best = null;
            foreach (var (f, cue) in Cues)
            {
                var m = cue.Match(text);
                if (m.Success && (best is null || m.Index < best.Index || (m.Index == best.Index && m.Length > best.Length)))
                {
                    best = m;
                    frequency = f;
                }
            }

            if (best is null || !ReportsNear(text, best))
            {
                return null;
            }

            strongCue = best.Value is not ("周报" or "月报" or "季报" or "年报" or "半年报");
            (start, end) = (best.Index, best.Index + best.Length);
        }

        var rule = new DueRule { Frequency = frequency!.Value, Anchor = DueAnchor.PeriodEnd };
        var range = frequency == DueFrequency.Weekly ? WeekRange.Match(text) : Match.Empty;
        var hasOffset = false;
        string? note = null;

        if (YearlyDate.Match(text) is { Success: true } yd && frequency == DueFrequency.Yearly
            && ChineseNumerals.Parse(yd.Groups["m"].Value) is { } ym && ChineseNumerals.Parse(yd.Groups["d"].Value) is { } ydd
            && ym is >= 1 and <= 12 && ydd >= 1 && ydd <= DateTime.DaysInMonth(2023, ym))
        {
            if (ydd == DateTime.DaysInMonth(2023, ym) && ym != 2)
            {
                rule = rule with { Offset = ym, Unit = DueUnit.Months };
            }
            else
            {
                var days = new DateOnly(2023, ym, ydd).DayNumber - new DateOnly(2022, 12, 31).DayNumber;
                rule = rule with { Offset = days, Unit = DueUnit.NaturalDays };
                note = $"次年{ym}月{ydd}日按平年折算为年末后{days}日，闰年差一日，监管员可修改";
            }

            hasOffset = true;
            Extend(yd);
        }
        else if (AfterPeriodEnd.Match(text) is { Success: true } ape && ChineseNumerals.Parse(ape.Groups["n"].Value) is { } n1)
        {
            rule = rule with { Offset = n1, Unit = UnitOf(ape.Groups["unit"].Value) };
            hasOffset = true;
            Extend(ape);
        }
        else if (NthOfNextPeriod.Match(text) is { Success: true } nth && ChineseNumerals.Parse(nth.Groups["n"].Value) is { } n2)
        {
            rule = rule with { Offset = n2, Unit = UnitOf(nth.Groups["unit"].Value) };
            hasOffset = true;
            Extend(nth);
        }
        else if (frequency is DueFrequency.Monthly or DueFrequency.Quarterly
            && DayOfNextMonth.Match(text) is { Success: true } dom && ChineseNumerals.Parse(dom.Groups["n"].Value) is { } n3 && n3 is >= 1 and <= 31)
        {
            rule = rule with { Offset = n3, Unit = DueUnit.NaturalDays };
            hasOffset = true;
            Extend(dom);
        }
        else if (frequency == DueFrequency.Weekly && WeekDayOutside(text, range) is { } wd)
        {
            // Days counted within the week the circular uses: 0 for its first day … 6 for its last (the period end).
            var first = range.Success ? DayNumber(range.Groups["a"].Value) : 1;
            var index = (DayNumber(wd.Groups["wd"].Value) - first + 7) % 7;
            var rest = range.Success ? text.Remove(range.Index, range.Length) : text;
            var current = (rest.Contains("本周", StringComparison.Ordinal) || rest.Contains("当周", StringComparison.Ordinal))
                && !rest.Contains("上周", StringComparison.Ordinal);
            rule = rule with { Offset = current || index == 6 ? index - 6 : index + 1, Unit = DueUnit.NaturalDays };
            hasOffset = true;
            Extend(wd);
        }

        if (range.Success)
        {
            rule = rule with { WeekStart = (DayOfWeek)(DayNumber(range.Groups["a"].Value) % 7) };
        }

        var time = FindTime(text, 0, text.Length);
        if (time is { } t)
        {
            rule = rule with { TimeOfDay = t.Time };
            Extend(t.Match);
        }

        if (!hasOffset)
        {
            (rule, var assumed) = frequency switch
            {
                DueFrequency.Weekly when time is null => (rule with { Offset = 1, TimeOfDay = new TimeOnly(12, 0) }, "文中未规定周报报送时点，默认次周一12:00前报送，监管员可修改"),
                DueFrequency.Weekly => (rule with { Offset = 1 }, "文中未规定周报报送日，默认次周一报送，监管员可修改"),
                DueFrequency.TenDay => (rule with { Offset = 3 }, "文中未规定旬报报送时点，默认旬后3日内报送，监管员可修改"),
                DueFrequency.Monthly => (rule with { Offset = 10 }, "文中未规定月报报送时点，默认次月10日前报送，监管员可修改"),
                DueFrequency.Quarterly => (rule with { Offset = 15 }, "文中未规定季报报送时点，默认季后15日内报送，监管员可修改"),
                DueFrequency.HalfYearly => (rule with { Offset = 1, Unit = DueUnit.Months }, "文中未规定半年报报送时点，默认半年结束后1个月内报送，监管员可修改"),
                DueFrequency.Yearly or DueFrequency.Once => (rule with { Offset = 1, Unit = DueUnit.Months }, "文中未规定年报报送时点，默认次年1月31日前报送，监管员可修改"),
            };
            note = assumed;
        }

        if (Duration.Match(text) is { Success: true } du && ChineseNumerals.Parse(du.Groups["n"].Value) is { } months && months is > 0 and <= 600)
        {
            rule = rule with { DurationMonths = du.Groups["u"].Value == "年" ? months * 12 : months };
        }

        // Words just around the rule: a leading 于, a trailing 报送.
        if (start > 0 && text[start - 1] is '于' or '在')
        {
            start--;
        }

        if (TrailingVerb.Match(text[end..]) is { Success: true } verb)
        {
            end += verb.Length;
        }

        return (rule with { Assumed = note }, start, end);

        void Extend(Match m)
        {
            start = Math.Min(start, m.Index);
            end = Math.Max(end, m.Index + m.Length);
        }
    }

    /// <summary>A frequency word is a reporting regime only with a report verb in the same sentence part, not far off ("按月付息" is not).</summary>
    private static bool ReportsNear(string text, Match cue)
    {
        var from = Math.Max(0, cue.Index - 20);
        var to = Math.Min(text.Length, cue.Index + cue.Length + 40);
        for (var i = cue.Index - 1; i >= from; i--)
        {
            if (text[i] is '。' or '；' or ';')
            {
                from = i + 1;
                break;
            }
        }

        for (var i = cue.Index + cue.Length; i < to; i++)
        {
            if (text[i] is '。' or '；' or ';')
            {
                to = i;
                break;
            }
        }

        return ReportVerb.IsMatch(text[from..to]);
    }

    private static (DueRule Rule, int Start, int End)? RelativeOnce(string text)
    {
        foreach (Match m in Relative.Matches(text))
        {
            if (ChineseNumerals.Parse(m.Groups["n"].Value) is not { } n || n <= 0)
            {
                continue;
            }

            var unitText = m.Groups["unit"].Value;
            var unit = UnitOf(unitText);
            if (unitText is "周" or "个星期" or "星期")
            {
                n *= 7;
            }

            var rule = new DueRule
            {
                Frequency = DueFrequency.Once,
                Anchor = m.Groups["receipt"].Success ? DueAnchor.ReceiptDate : DueAnchor.IssueDate,
                Offset = n,
                Unit = unit,
                Assumed = m.Groups["effective"].Success ? "文中自施行之日起算，按发文日期计算；施行日期与发文日期不同时请监管员修改" : null,
            };
            var end = m.Index + m.Length;
            if (FindTime(text, end, Math.Min(text.Length, end + 12)) is { } t)
            {
                rule = rule with { TimeOfDay = t.Time };
                end = t.Match.Index + t.Match.Length;
            }

            return (rule, m.Index, end);
        }

        return null;
    }

    /// <summary>"请于10个工作日内报送" names no start: counted from the issue date, and said so.</summary>
    private static (DueRule Rule, int Start, int End)? BareOnce(string text)
    {
        if (BareWithin.Match(text) is not { Success: true } m || ChineseNumerals.Parse(m.Groups["n"].Value) is not { } n || n <= 0)
        {
            return null;
        }

        var rule = new DueRule
        {
            Frequency = DueFrequency.Once,
            Anchor = DueAnchor.IssueDate,
            Offset = n,
            Unit = UnitOf(m.Groups["unit"].Value),
            Assumed = "文中未写明起算日，默认自发文之日起算，监管员可修改",
        };
        return (rule, m.Index, m.Index + m.Length);
    }

    private static (DueRule Rule, int Start, int End)? FixedOnce(string text)
    {
        foreach (Match m in FixedWithYear.Matches(text))
        {
            if (ChineseNumerals.ParseYear(m.Groups["y"].Value) is not { } year || year is < 1900 or > 2200)
            {
                continue;
            }

            DateOnly? date = null;
            if (m.Groups["eoy"].Success)
            {
                date = new DateOnly(year, 12, 31);
            }
            else if (m.Groups["q"].Success)
            {
                var quarter = "一二三四".IndexOf(m.Groups["q"].Value[0], StringComparison.Ordinal) is var i and >= 0 ? i + 1 : m.Groups["q"].Value[0] - '0';
                date = new DateOnly(year, quarter * 3, DateTime.DaysInMonth(year, quarter * 3));
            }
            else if (ChineseNumerals.Parse(m.Groups["m"].Value) is { } month && month is >= 1 and <= 12)
            {
                date = DayOf(year, month, m);
            }

            if (date is null)
            {
                continue;
            }

            return (WithTime(new DueRule { Frequency = DueFrequency.Once, Anchor = DueAnchor.FixedDate, FixedDate = date }, m), m.Index, m.Index + m.Length);
        }

        foreach (Match m in FixedWithoutYear.Matches(text))
        {
            if (ChineseNumerals.Parse(m.Groups["m"].Value) is not { } month || month is < 1 or > 12 || DayOf(2024, month, m) is null)
            {
                continue;
            }

            var rule = new DueRule
            {
                Frequency = DueFrequency.Once,
                Anchor = DueAnchor.FixedDate,
                Assumed = $"文中未写明年份（“{m.Value}”），需监管员按发文年度补录具体日期",
            };
            return (WithTime(rule, m), m.Index, m.Index + m.Length);
        }

        if (YearEndWithoutYear.Match(text) is { Success: true } ye)
        {
            var rule = new DueRule
            {
                Frequency = DueFrequency.Once,
                Anchor = DueAnchor.FixedDate,
                Assumed = $"文中未写明年份（“{ye.Value}”），需监管员按发文年度补录具体日期",
            };
            return (rule, ye.Index, ye.Index + ye.Length);
        }

        return null;
    }

    private static DateOnly? DayOf(int year, int month, Match m)
    {
        if (m.Groups["eom"].Success)
        {
            return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        }

        return ChineseNumerals.Parse(m.Groups["d"].Value) is { } day && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    private static DueRule WithTime(DueRule rule, Match m)
    {
        if (m.Groups["time"].Success && m.Groups["time"].Length > 0 && FindTime(m.Groups["time"].Value + "前", 0, m.Groups["time"].Length + 1) is { } t)
        {
            return rule with { TimeOfDay = t.Time };
        }

        return rule;
    }

    /// <summary>The first time of day in text[from..to): "17:00前", "下午5点前", "12时前", "中午12点".</summary>
    private static (TimeOnly Time, Match Match)? FindTime(string text, int from, int to)
    {
        if (from >= to)
        {
            return null;
        }

        var m = Time.Match(text, from, to - from);
        for (; m.Success; m = m.NextMatch())
        {
            var ampm = m.Groups["ampm"].Value;
            var colon = m.Groups["mi"].Success;
            if (!colon && !m.Groups["before"].Success && ampm.Length == 0)
            {
                continue; // "一点", "两点" are words unless a time of day is clearly meant
            }

            // Not the day of a date ("6月30日") nor part of a longer number.
            if (m.Index > 0 && (char.IsAsciiDigit(text[m.Index - 1]) || text[m.Index - 1] is '月' or '第' or ':' or '.'))
            {
                continue;
            }

            if (ChineseNumerals.Parse(m.Groups["h"].Value) is not { } hour)
            {
                continue;
            }

            var minute = 0;
            if (colon)
            {
                minute = int.Parse(m.Groups["mi"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (m.Groups["mi2"].Success)
            {
                minute = ChineseNumerals.Parse(m.Groups["mi2"].Value) ?? -1;
            }
            else if (m.Groups["half"].Success)
            {
                minute = 30;
            }

            if (ampm is "下午" or "晚上" or "晚" && hour < 12)
            {
                hour += 12;
            }

            if (hour == 24 && minute == 0)
            {
                return (new TimeOnly(23, 59), m);
            }

            if (hour is < 0 or > 23 || minute is < 0 or > 59)
            {
                continue;
            }

            return (new TimeOnly(hour, minute), m);
        }

        return null;
    }

    /// <summary>The first "周X" of the sentence that is not part of the week's span ("上周六至本周五").</summary>
    private static Match? WeekDayOutside(string text, Match range)
    {
        for (var m = WeekDay.Match(text); m.Success; m = m.NextMatch())
        {
            if (!range.Success || m.Index >= range.Index + range.Length || m.Index + m.Length <= range.Index)
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>Monday 1 … Sunday 7.</summary>
    private static int DayNumber(string day) => day switch
    {
        "一" or "1" => 1,
        "二" or "2" => 2,
        "三" or "3" => 3,
        "四" or "4" => 4,
        "五" or "5" => 5,
        "六" or "6" => 6,
        _ => 7,
    };

    private static DueFrequency FrequencyOf(string word) => word switch
    {
        "周" => DueFrequency.Weekly,
        "旬" => DueFrequency.TenDay,
        "月" => DueFrequency.Monthly,
        "季" or "季度" => DueFrequency.Quarterly,
        "半年" => DueFrequency.HalfYearly,
        _ => DueFrequency.Yearly,
    };

    private static DueUnit UnitOf(string unit) => unit switch
    {
        "个工作日" or "工作日" => DueUnit.WorkingDays,
        "个月" => DueUnit.Months,
        _ => DueUnit.NaturalDays,
    };

    private static Regex Build(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled, Timeout);
}
