using System.Text;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Proposes typed requirements from the clauses, by the rules of seeds/circulars/README.md:
/// a numbered measure gives one requirement, split where a sentence carries another kind (不得… / a deadline /
/// a numeric goal), where a sentence names its own subject ("银行机构要…", "法人银行…"), and per numeric goal.
/// What the regulator itself will do ("我局将…", "监管部门应…") is skipped; a text that is not a circular gives nothing.
/// </summary>
public static class RequirementExtractor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string Inst =
        "银行业保险业金融机构|银行业保险业机构|银行保险机构|银行业金融机构|法人金融机构|金融机构和地方金融组织|金融机构|地方金融组织|"
        + "农村中小银行机构|中小银行机构|银行机构|法人银行|商业银行|农村商业银行|农商银行|村镇银行|政策性银行|开发性银行|信托公司|金融租赁公司|消费金融公司|汽车金融公司|财务公司|"
        + "保险资产管理公司|保险中介机构|保险代理机构|保险经纪机构|保险机构|保险公司|保险分支机构|"
        + "小额贷款公司|融资担保公司|融资担保机构|典当行|融资租赁公司|商业保理公司|地方资产管理公司|"
        + "法人机构|分支机构|机构";

    private const string BankNames = "银行业金融机构|农村中小银行机构|中小银行机构|银行机构|法人银行|商业银行|农村商业银行|农商银行|村镇银行|政策性银行|开发性银行|信托公司|金融租赁公司|消费金融公司|汽车金融公司|财务公司";

    private const string InsurerNames = "保险资产管理公司|保险中介机构|保险代理机构|保险经纪机构|保险机构|保险公司|保险分支机构";

    private const string LocalNames = "地方金融组织|小额贷款公司|融资担保公司|融资担保机构|典当行|融资租赁公司|商业保理公司|地方资产管理公司";

    /// <summary>A subject at the start of a sentence or fragment: "各银行保险机构要", "鼓励银行机构", "辖内各法人机构", "督促和引导各银行保险机构".</summary>
    private static readonly Regex SubjectAtStart = new(
        @"^(?:同时|此外|另外|其中)?[，,]?(?<verb>(?:鼓励|支持|引导|督促|推动|要求|指导)(?:和(?:引导|督促|鼓励|支持))?)?(?:有条件的|辖内|全市|全省|本市|各级)?(?:各)?(?:行业协会和)?"
        + "(?<inst>" + Inst + @")(?<tail>(?:党委|也|总行|分行)?)",
        RegexOptions.None, Timeout);

    /// <summary>A subject anywhere, after a comma or a directive verb ("…，支持银行机构按照…").</summary>
    private static readonly Regex SubjectInside = new(
        @"(?:^|[，。；：,])(?:同时，)?(?<verb>(?:鼓励|支持|引导|督促|推动|要求)(?:和(?:引导|督促))?)?(?:有条件的|辖内|全市)?(?:各)?(?<inst>" + Inst + @")(?=要|应|须|可|在|积极|按|根据|继续|对|加大|主动|结合|通过|与|和|将|也|需|进一步|切实|认真|严格|不|探索|建设|研究|[，,])",
        RegexOptions.None, Timeout);

    private static readonly Regex RegulatorAtStart = new(
        @"^(?:同时，)?(?:我局|本局|我会|我办|我行|我中心|监管部门|监管机构|各监管处室|监管处室|各处室|人民银行|银保监局|银保监分局|金融办|金融工作局|金融监管局|同意|批准|核准|原则同意)",
        RegexOptions.None, Timeout);

    /// <summary>"区政府金融工作中心将会同…", "监管部门及各行业协会将…": a body that will act, not an addressee's duty.</summary>
    private static readonly Regex WillAct = new(@"^(?:同时，)?(?<who>[^，。；：,]{2,24}?)将(?:会同|在|与|对|加强|持续|适时|组织|开展|定期|不定期|根据|继续|积极|进一步|联合|依法|视情|适当|通过|把)", RegexOptions.None, Timeout);

    private static readonly Regex OtherAtStart = new(
        @"^(?:同时，)?(?:支持|鼓励|引导|推动)?(?:各)?(?:行业协会|同业公会|核心企业|各级政府|政府部门|地方政府|企业(?!的|在|群众))",
        RegexOptions.None, Timeout);

    private static readonly Regex Prohibition = new(
        @"(?<![、])(?:不得|严禁|禁止|不准|不允许)(?![、等])|不(?:盲目|单独|随意|擅自)|(?:^|[，；：,、])(?:坚决)?不(?:违规|变相)",
        RegexOptions.None, Timeout);

    private static readonly Regex Recurring = new(
        @"(?:周|旬|月|季|半年|年)报制|(?:每|按)(?:周|旬|月|季度|季|半年|年度|年)(?:[^。；;]{0,30}?)(?:报送|上报|报告|提交|填报|报)|(?:每|按)(?:月|季|季度|半年|年)(?:度)?(?:结束后|末|初)",
        RegexOptions.None, Timeout);

    private const string Num = "[0-9０-９]{1,3}|[一二三四五六七八九十两]{1,3}";

    private static readonly Regex Deadline = new(
        @"(?:(?:" + Num + @")\s*(?:个)?(?:工作日|自然日|日|天|周|个月)(?:内|前|之内|以内)(?<after>[^。；;]{0,40})|"
        + @"(?:" + Num + @"|[0-9]{4})?(?:年)?(?:" + Num + @")月(?:" + Num + @")日(?:[0-9]{1,2}[:：][0-9]{2})?(?:前|之前|以前)(?<after>[^。；;]{0,40})|"
        + @"(?:年底|年末|月底|月末|季末)(?:前|之前)(?<after>[^。；;]{0,40}))",
        RegexOptions.None, Timeout);

    private static readonly Regex DueVerb = new(@"报送|上报|报告|提交|报备|完成|反馈|报|整改|制定|落实|建立", RegexOptions.None, Timeout);

    private static readonly Regex NumericGoal = new(
        @"(?<!\d)[0-9０-９]+(?:[.．][0-9]+)?\s*(?:万亿元|亿元|万元|亿|%|％|个百分点|万人|万户|万家|万笔)|(?:高于|低于|不低于|不高于|快于|超过)(?:同期)?各项贷款(?:平均)?(?:增速|不良率)",
        RegexOptions.None, Timeout);

    private static readonly Regex StartsWithComparator = new(@"^(?:突破|达到|超过|高于|不低于|不少于|不超过|不高于|低于)", RegexOptions.None, Timeout);

    private static readonly Regex TimeOnlyFragment = new(@"^(?:至|到|截至|力争|在)?[0-9０-９二〇零一三四五六七八九十]{2,4}年(?:至[0-9]{4}年)?(?:末|底|内|前)?[，,]?$", RegexOptions.None, Timeout);

    /// <summary>A duty in unnumbered body text: a modal verb ("要", "应", "须"), not "需要", "重要", "应对", "应用".</summary>
    private static readonly Regex BodyCue = new(
        @"(?<![需重主纪首必概])要(?![求点素闻])|(?<![响供对适相回反])应(?![对用急收付变届许])|必须|须|务必|不得|严禁|禁止", RegexOptions.None, Timeout);

    /// <summary>A covering sentence ("现将…印发给你们，请结合实际认真组织实施"), a copy list or an issuing line: not a duty.</summary>
    private static readonly Regex Transmittal = new(
        @"印发给你们|转发给你们|现将.{0,60}?(?:通知|印发|转发)|通知如下|抄送|印发$|特此(?:通知|函复|批复)", RegexOptions.None, Timeout);

    private static readonly Regex Credit = new(@"贷|授信|信贷|减息|融资|利率|利息|息费|贴息|还本付息|展期|增信", RegexOptions.None, Timeout);

    /// <summary>Words that look like credit or insurance but are not about the business: names of institutions, places, general policy.</summary>
    private static readonly Regex NotContent = new(
        "首贷中心|信贷(?:相关)?政策|投融资|银行业保险业|银行保险|保险同业公会|银行同业公会|" + Inst, RegexOptions.None, Timeout);

    private static readonly Regex BankWord = new(@"银行", RegexOptions.None, Timeout);

    private static readonly Regex Insurance = new(@"保险|保单|保费|理赔|承保|投保|赔付|应赔尽赔|[病疗外]险", RegexOptions.None, Timeout);

    private static readonly Regex YearInNumber = new(@"〔([0-9]{4})〕", RegexOptions.None, Timeout);

    private sealed record Subject(List<InstitutionType> Types, bool LegalOnly, string Text, bool Broad);

    private sealed record Unit(int Start, int End, string Clean);

    private enum Role { Institution, Regulator, Other, None }

    private sealed class Run
    {
        public List<Unit> Units { get; } = [];
        public RequirementKind Kind { get; set; } = RequirementKind.Principle;
        public Subject? Subject { get; set; }
        public bool SubjectNamed { get; set; }
        public string Reason { get; set; } = "";
        public (DueRule Rule, Evidence Evidence)? Due { get; set; }
        public (TargetSpec Target, Evidence Evidence)? Target { get; set; }
    }

    public static List<RequirementProposal> Extract(string text, IReadOnlyList<ClauseNode> clauses, MetadataProposal metadata)
    {
        if (string.IsNullOrEmpty(text) || clauses is null || metadata is null || !metadata.LooksLikeCircular)
        {
            return [];
        }

        try
        {
            return ExtractCore(text, clauses, metadata);
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
        catch (ArgumentException)
        {
            return [];
        }
        catch (IndexOutOfRangeException)
        {
            return []; // a clause tree that does not fit the text; proposals are a help, never a failure
        }
    }

    private static List<RequirementProposal> ExtractCore(string text, IReadOnlyList<ClauseNode> clauses, MetadataProposal metadata)
    {
        var year = metadata.IssuedOn?.Value.Year;
        if (year is null && metadata.DocumentNumber is { } number)
        {
            var m = YearInNumber.Match(number.Value);
            year = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        var addressees = metadata.Addressees is { } a ? FindSubject(a.Value, anywhere: true) : null;
        var result = new List<RequirementProposal>();

        // The section's own default subject: the first named in its preamble or first clause.
        Subject? sectionSubject = null;
        string? section = null;
        var firstNumbered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in clauses)
        {
            var prefix = SectionOf(c.Path);
            if (c.Marker.Length > 0 && !firstNumbered.ContainsKey(prefix))
            {
                firstNumbered[prefix] = c.Start;
            }
        }

        foreach (var top in clauses)
        {
            var prefix = SectionOf(top.Path);
            if (prefix != section)
            {
                section = prefix;
                sectionSubject = null;
            }

            if (top.Marker.Length == 0)
            {
                var own = Slice(text, top.Start, top.Length);
                sectionSubject ??= FindSubject(own, anywhere: true);
                var preamble = firstNumbered.TryGetValue(prefix, out var first) && top.Start < first;
                result.AddRange(FromBody(text, top, top.Start, top.Start + top.Length, sectionSubject ?? addressees, addressees, year, bodyText: true, preamble));
                continue;
            }

            Walk(text, top, sectionSubject ?? addressees, addressees, year, result);
        }

        return MergeRestatedHeadings(text, result);
    }

    /// <summary>A heading longer than this is a sentence of its own, not a title that restates its body.</summary>
    private const int MaxRestatingHeading = 30;

    /// <summary>
    /// "二、按季报送监测表。各银行应于每季度结束后15日内报送季度监测表。": a clause that opens with a short heading which only
    /// restates the sentence right after it is one requirement, not two. The body's proposal is kept (it names who and
    /// when), its text and evidence grow to cover the heading, and the heading's due rule fills in one the body lacks.
    /// </summary>
    private static List<RequirementProposal> MergeRestatedHeadings(string text, List<RequirementProposal> proposals)
    {
        var merged = new List<RequirementProposal>(proposals.Count);
        for (var i = 0; i < proposals.Count; i++)
        {
            var heading = proposals[i];
            if (i + 1 < proposals.Count && proposals[i + 1] is var body
                && body.Clause == heading.Clause && (i == 0 || proposals[i - 1].Clause != heading.Clause)
                && heading.Text.Length <= MaxRestatingHeading && heading.Text.Length < body.Text.Length
                && (heading.Kind == body.Kind || heading.Kind == RequirementKind.Principle)
                && heading.Evidence.Start + heading.Evidence.Length <= body.Evidence.Start
                && text.AsSpan(heading.Evidence.Start + heading.Evidence.Length, body.Evidence.Start - heading.Evidence.Start - heading.Evidence.Length).Trim().Trim("。；：:").IsEmpty
                && Restates(heading.Text, body.Text))
            {
                var start = heading.Evidence.Start;
                var end = body.Evidence.Start + body.Evidence.Length;
                merged.Add(body with
                {
                    Text = $"{heading.Text.TrimEnd('。', '；', '：', ':')}。{body.Text}",
                    Evidence = Evidence.Of(text, start, end - start),
                    DueRule = body.DueRule ?? heading.DueRule,
                });
                i++;
                continue;
            }

            merged.Add(heading);
        }

        return merged;
    }

    /// <summary>Most of the heading's Chinese characters are in the body ("按季报送监测表" in "…每季度结束后15日内报送季度监测表").</summary>
    private static bool Restates(string heading, string body)
    {
        var letters = heading.Where(c => c is >= '\u4e00' and <= '\u9fff').ToList();
        return letters.Count >= 4 && letters.Count(c => body.Contains(c, StringComparison.Ordinal)) * 10 >= letters.Count * 7;
    }

    private static string SectionOf(string path)
    {
        var space = path.IndexOf(' ');
        return space > 0 ? path[..space] : "";
    }

    private static string Slice(string text, int start, int length)
    {
        start = Math.Clamp(start, 0, text.Length);
        length = Math.Clamp(length, 0, text.Length - start);
        return text.Substring(start, length);
    }

    private static void Walk(string text, ClauseNode node, Subject? inherited, Subject? addressees, int? year, List<RequirementProposal> result)
    {
        var bodyStart = BodyStart(text, node);
        var bodyEnd = Math.Clamp(node.Start + node.Length, bodyStart, text.Length);
        // The lead-in sentence names the subject for the rest of the clause and its children.
        var firstUnit = bodyEnd > bodyStart ? Units(text, bodyStart, bodyEnd).FirstOrDefault() : null;
        var leadSubject = firstUnit is null ? null : FindSubject(firstUnit.Clean, anywhere: false);
        if (leadSubject is { Types.Count: 0 })
        {
            leadSubject = leadSubject with { Types = inherited?.Types ?? addressees?.Types ?? [InstitutionType.Bank, InstitutionType.Insurer] };
        }

        var subject = leadSubject ?? inherited;
        if (node.Children.Count == 0)
        {
            result.AddRange(FromBody(text, node, bodyStart, bodyEnd, subject, addressees, year, bodyText: false, preamble: false));
            return;
        }

        // A lead-in before numbered children introduces them: only its non-Principle duties stand on their own.
        result.AddRange(FromBody(text, node, bodyStart, bodyEnd, subject, addressees, year, bodyText: false, preamble: true));
        foreach (var child in node.Children)
        {
            Walk(text, child, subject, addressees, year, result);
        }
    }

    private static int BodyStart(string text, ClauseNode node)
    {
        var end = Math.Clamp(node.Start + node.Length, 0, text.Length);
        var p = Math.Clamp(node.Start, 0, end);
        // past the marker as written ("(一)", "1、", "一是")
        var markerLength = node.Marker.Length;
        p = Math.Min(end, p + markerLength);
        if (node.Heading is { Length: > 0 } h)
        {
            var at = text.IndexOf(h, p, Math.Max(0, end - p), StringComparison.Ordinal);
            if (at >= 0 && at - p <= 4)
            {
                p = at + h.Length;
            }
        }

        while (p < end && (char.IsWhiteSpace(text[p]) || text[p] is '*' or '#' or '。' or '：'))
        {
            p++;
        }

        return p;
    }

    // ---- sentences ----

    private static bool IsWhite(char c) => char.IsWhiteSpace(c) || c is '\u3000' or '\f';

    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var line in s.Split('\n'))
        {
            var t = line.Trim();
            if (t.Length == 0 || t.Length <= 12 && t.Trim('-', '—', '–', '－', ' ', '*', '_').All(ch => char.IsAsciiDigit(ch) || ch is '第' or '页' or '/'))
            {
                continue; // a page number or rule between pages
            }

            sb.Append(t.Replace("**", "", StringComparison.Ordinal));
        }

        return sb.ToString().Trim();
    }

    /// <summary>Sentences (to 。！？；), then fragments where a second subject takes over ("A要…，B应…").</summary>
    private static List<Unit> Units(string text, int start, int end)
    {
        var units = new List<Unit>();
        var s = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            var stop = c is '。' or '！' or '？' or '；' or '!' or '?' or ';'
                || c == '.' && (i + 1 >= end || !char.IsAsciiDigit(text[i + 1])) && i > start && !char.IsAsciiDigit(text[i - 1]);
            if (!stop && c == '\n')
            {
                // a line that ends a paragraph without punctuation (a title, a form line) ends a unit only before a blank line and a new start
                var prev = i - 1;
                while (prev >= s && IsWhite(text[prev]))
                {
                    prev--;
                }

                stop = prev >= s && text[prev] is '：' or ':';
            }

            if (!stop && i != end - 1)
            {
                continue;
            }

            var e = i + 1;
            while (e < end && text[e] is '”' or '’' or '）' or ')')
            {
                e++;
            }

            AddSplit(text, s, e, units);
            s = e;
            i = e - 1;
        }

        return units;
    }

    private static void AddSplit(string text, int s, int e, List<Unit> units)
    {
        while (s < e && (IsWhite(text[s]) || text[s] is '*' or '#'))
        {
            s++;
        }

        if (e <= s)
        {
            return;
        }

        var sentence = text[s..e];
        var clean = Clean(sentence);
        if (clean.Length < 2)
        {
            return;
        }

        // "辖内各法人机构要…，各分支机构应…" / "各监管处室…，各行业协会要…，督促和引导各银行保险机构…": split at each subject
        if (RoleAt(clean) != Role.None)
        {
            var cuts = new List<int>();
            for (var k = s; k < e; k++)
            {
                if (text[k] is not ('，' or ',') || k + 1 >= e)
                {
                    continue;
                }

                var rest = Clean(text[(k + 1)..Math.Min(e, k + 40)]);
                var role = RoleAt(rest);
                if (role == Role.Institution && SubjectAtStart.Match(rest) is { Success: true } m && FollowedByDuty(rest, m.Length)
                    || role is Role.Regulator or Role.Other)
                {
                    cuts.Add(k + 1);
                }
            }

            var from = s;
            foreach (var cut in cuts)
            {
                var part = Clean(text[from..cut]);
                if (part.Length >= 2)
                {
                    units.Add(new Unit(from, cut - 1, part.TrimEnd('，', ',')));
                }

                from = cut;
            }

            var lastPart = Clean(text[from..e]);
            if (lastPart.Length >= 2)
            {
                units.Add(new Unit(from, e, lastPart));
            }

            return;
        }

        units.Add(new Unit(s, e, clean));
    }

    private static bool FollowedByDuty(string s, int at)
    {
        var tail = s[at..];
        return tail.StartsWith('要') || tail.StartsWith('应') || tail.StartsWith('须') || tail.StartsWith("也要", StringComparison.Ordinal) || at > 0 && s.StartsWith("督促", StringComparison.Ordinal)
            || s.StartsWith("鼓励", StringComparison.Ordinal) || s.StartsWith("引导", StringComparison.Ordinal);
    }

    private static Role RoleAt(string clean)
    {
        if (RegulatorAtStart.IsMatch(clean))
        {
            return Role.Regulator;
        }

        if (SubjectAtStart.IsMatch(clean))
        {
            return Role.Institution;
        }

        var will = WillAct.Match(clean);
        if (will.Success && !will.Groups["who"].Value.Contains("机构", StringComparison.Ordinal) && !will.Groups["who"].Value.Contains("银行", StringComparison.Ordinal)
            && !will.Groups["who"].Value.Contains("保险", StringComparison.Ordinal))
        {
            return Role.Regulator;
        }

        return OtherAtStart.IsMatch(clean) ? Role.Other : Role.None;
    }

    // ---- subjects ----

    private static Subject? FindSubject(string s, bool anywhere)
    {
        var clean = Clean(s);
        var m = SubjectAtStart.Match(clean);
        if (!m.Success)
        {
            m = SubjectInside.Match(clean);
        }

        if (!m.Success && anywhere)
        {
            var loose = Regex.Match(clean, "(?:各|辖内)?(?<inst>" + Inst + ")", RegexOptions.None, Timeout);
            if (loose.Success && loose.Groups["inst"].Value != "机构")
            {
                return Map(loose.Groups["inst"].Value, loose.Value, clean);
            }

            return null;
        }

        if (!m.Success)
        {
            return null;
        }

        var words = m.Value.TrimStart('，', ',', '。', '；', '：').Replace("同时，", "", StringComparison.Ordinal);
        if (words.StartsWith("同时", StringComparison.Ordinal))
        {
            words = words[2..].TrimStart('，', ',');
        }

        return Map(m.Groups["inst"].Value, words, clean);
    }

    private static Subject? Map(string inst, string words, string context)
    {
        var types = new List<InstitutionType>();
        var broad = false;
        if (inst.Contains("地方金融组织", StringComparison.Ordinal) || LocalNames.Split('|').Contains(inst))
        {
            types.Add(InstitutionType.LocalFinancialOrganisation);
            if (inst != "金融机构和地方金融组织")
            {
                return new Subject(types, false, words, Broad: false);
            }
        }

        if (BankNames.Split('|').Contains(inst))
        {
            types.Add(InstitutionType.Bank);
        }
        else if (InsurerNames.Split('|').Contains(inst))
        {
            types.Add(InstitutionType.Insurer);
        }
        else if (inst.Contains("金融机构", StringComparison.Ordinal) || inst.Contains("银行保险", StringComparison.Ordinal) || inst.Contains("银行业保险业", StringComparison.Ordinal))
        {
            types.Insert(0, InstitutionType.Insurer);
            types.Insert(0, InstitutionType.Bank);
            broad = !inst.Contains("银行", StringComparison.Ordinal); // "金融机构" says nothing of the business
        }
        else if (inst is "法人机构" or "分支机构" or "机构")
        {
            return new Subject([], inst is "法人机构", words, Broad: true);
        }

        if (types.Count == 0)
        {
            return null;
        }

        var legal = inst is "法人金融机构" or "法人银行" or "法人机构" || context.Contains("各法人金融机构", StringComparison.Ordinal) && words.Contains("法人", StringComparison.Ordinal);
        return new Subject(types.Distinct().ToList(), legal, words, broad);
    }

    // ---- a clause body → requirements ----

    private static IEnumerable<RequirementProposal> FromBody(
        string text, ClauseNode node, int start, int end, Subject? inherited, Subject? addressees, int? year, bool bodyText, bool preamble)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, 0, text.Length); // clauses read from another text must not reach outside this one
        if (end <= start)
        {
            return [];
        }

        var units = Units(text, start, end);
        var runs = new List<Run>();
        Run? run = null;
        var skipping = false;
        var current = inherited;
        var namedInRun = false;
        var hasTarget = false;

        void Close()
        {
            if (run is { Units.Count: > 0 })
            {
                runs.Add(run);
            }

            run = null;
        }

        foreach (var u in units)
        {
            var role = RoleAt(u.Clean);
            if (role is Role.Regulator or Role.Other)
            {
                // the regulator's own doings run on until an institution is named again; another party's only for its sentence
                Close();
                skipping = role == Role.Regulator;
                continue;
            }

            if (Transmittal.IsMatch(u.Clean))
            {
                continue;
            }

            Subject? named = null;
            if (role == Role.Institution)
            {
                named = FindSubject(u.Clean, anywhere: false);
                skipping = false;
                if (named is not null && run is not null && (run.Subject is null || !Same(run.Subject, named)))
                {
                    Close();
                }

                if (named is not null && named.Types.Count == 0)
                {
                    named = named with { Types = (current ?? addressees)?.Types ?? [InstitutionType.Bank, InstitutionType.Insurer] };
                }

                current = named ?? current;
                namedInRun = named is not null;
            }
            else if (skipping)
            {
                continue;
            }

            var (kind, reason) = Classify(u.Clean);
            (kind, reason) = Refine(text, u, kind, reason, year);
            if (kind == RequirementKind.Principle && OwnFate.IsMatch(u.Clean))
            {
                continue; // "逾期…本批复文件失效", "本办法自发布之日起施行": about the document, not a duty
            }
            if (bodyText && kind is RequirementKind.Principle or RequirementKind.Target && !BodyCue.IsMatch(u.Clean) && !u.Clean.Contains("力争", StringComparison.Ordinal))
            {
                continue; // unnumbered text binds only where it says so
            }
            if (kind == RequirementKind.Target)
            {
                Close();
                foreach (var t in Targets(text, u, year))
                {
                    t.Subject = current;
                    t.SubjectNamed = named is not null;
                    runs.Add(t);
                    hasTarget = true;
                }

                continue;
            }

            if (kind == RequirementKind.Prohibition)
            {
                Close();
                var (ps, pe) = ProhibitionSpan(text, u);
                var pr = new Run { Kind = kind, Reason = reason, Subject = current, SubjectNamed = named is not null };
                pr.Units.Add(new Unit(ps, pe, Clean(text[ps..pe])));
                runs.Add(pr);
                if (pe < u.End)
                {
                    var tail = Clean(text[pe..u.End]).TrimStart('，', ',');
                    if (tail.Length >= 4)
                    {
                        run = new Run { Subject = current, SubjectNamed = false, Reason = "" };
                        run.Units.Add(new Unit(pe + 1, u.End, tail));
                    }
                }

                continue;
            }

            if (preamble && kind == RequirementKind.Principle)
            {
                continue;
            }

            if (run is null || run.Kind != RequirementKind.Principle && kind == RequirementKind.Principle)
            {
                Close();
                run = new Run { Subject = current, SubjectNamed = namedInRun };
            }

            run.Units.Add(u);
            if (kind is RequirementKind.Deadline or RequirementKind.RecurringReport)
            {
                run.Kind = kind;
                run.Reason = reason;
                run.Due = Due(text, u);
                Close();
            }
        }

        Close();
        var proposals = new List<RequirementProposal>();
        var measure = bodyText || runs.Count == 0 ? null : Clean(text[start..end]);
        foreach (var r in runs)
        {
            if (hasTarget && r.Kind == RequirementKind.Principle)
            {
                continue; // a measure covered by its numeric goals: its general wording is not a requirement of its own
            }

            var proposal = ToProposal(text, node, r, addressees, measure);
            if (proposal is not null)
            {
                proposals.Add(proposal);
            }
        }

        return proposals;
    }

    private static bool Same(Subject a, Subject b) =>
        a.LegalOnly == b.LegalOnly && (b.Types.Count == 0 || a.Types.Count == 0 || a.Types.OrderBy(t => t).SequenceEqual(b.Types.OrderBy(t => t)))
        && !(b.Text.Contains("分支", StringComparison.Ordinal) ^ a.Text.Contains("分支", StringComparison.Ordinal));

    private static (RequirementKind Kind, string Reason) Classify(string s)
    {
        var p = Prohibition.Match(s);
        if (p.Success)
        {
            return (RequirementKind.Prohibition, $"含“{p.Value.TrimStart('，', '；', '：', ',', '、')}”，为禁止性要求");
        }

        var r = Recurring.Match(s);
        if (r.Success)
        {
            return (RequirementKind.RecurringReport, $"含“{Short(r.Value)}”，为定期报送要求");
        }

        foreach (Match d in Deadline.Matches(s))
        {
            if (DueVerb.IsMatch(d.Groups["after"].Value) || Regex.IsMatch(s[..d.Index], "(?:于|在)[^，。]{0,12}$", RegexOptions.None, Timeout))
            {
                return (RequirementKind.Deadline, $"含期限“{Short(d.Value)}”，为限期完成的要求");
            }
        }

        var g = NumericGoal.Match(s);
        if (g.Success)
        {
            return (RequirementKind.Target, $"含数量目标“{g.Value}”，为目标要求");
        }

        if (s.Contains("避免", StringComparison.Ordinal) || s.Contains("原则上不", StringComparison.Ordinal))
        {
            return (RequirementKind.Principle, "含“避免”或“原则上不”，为原则性要求");
        }

        return (RequirementKind.Principle, "无明确期限、频次或数量，为原则性要求");
    }

    /// <summary>
    /// The phrase readers have the last word where they can: a due rule they read makes a Deadline (once) or a
    /// RecurringReport; a numeric cue with no goal they can read (a fact, "已发放5亿元") is not a Target.
    /// </summary>
    private static (RequirementKind Kind, string Reason) Refine(string text, Unit u, RequirementKind kind, string reason, int? year)
    {
        if (kind is RequirementKind.Prohibition)
        {
            return (kind, reason);
        }

        if (kind is RequirementKind.Principle or RequirementKind.Deadline or RequirementKind.RecurringReport)
        {
            var due = Due(text, u);
            if (due is { } d && !Daily.IsMatch(u.Clean))
            {
                var k = d.Rule.Frequency == DueFrequency.Once ? RequirementKind.Deadline : RequirementKind.RecurringReport;
                return k == kind ? (kind, reason)
                    : (k, k == RequirementKind.Deadline ? $"含期限“{Short(d.Evidence.Text)}”，为限期完成的要求" : $"含“{Short(d.Evidence.Text)}”，为定期报送要求");
            }

            return (kind, reason);
        }

        if (kind == RequirementKind.Target && TargetReader(text[u.Start..u.End], year, u.Start) is { Count: 0 })
        {
            return (RequirementKind.Principle, "所含数字不是目标（为事实或限定语），为原则性要求");
        }

        return (kind, reason);
    }

    private static readonly Regex OwnFate = new(
        @"(?:^|[，,])(?:本|该)(?:批复|通知|办法|规定|措施|意见|方案|细则)(?:文件)?(?:自|从|于|将|即)?[^，。；]{0,16}(?:失效|施行|生效|废止|执行|解释)", RegexOptions.None, Timeout);

    private static readonly Regex Daily = new(@"每日|每天|尽快|及时|定期", RegexOptions.None, Timeout);

    /// <summary>Every goal the target reader finds (none when its patterns time out).</summary>
    private static IReadOnlyList<(TargetSpec Target, Evidence Evidence)>? TargetReader(string sentence, int? year, int offset)
    {
        try
        {
            return TargetParser.ParseAll(sentence, year, offset);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Short(string s)
    {
        var t = s.Trim();
        return t.Length > 16 ? t[..16] : t;
    }

    /// <summary>The prohibition runs to the end of the sentence, or to a "，鼓励/支持…" that starts something else.</summary>
    private static (int Start, int End) ProhibitionSpan(string text, Unit u)
    {
        var m = Prohibition.Match(text, u.Start, u.End - u.Start);
        if (!m.Success)
        {
            return (u.Start, u.End);
        }

        var stop = Regex.Match(text[m.Index..u.End], "[，,](?:鼓励|支持|引导|推动)", RegexOptions.None, Timeout);
        return stop.Success ? (u.Start, m.Index + stop.Index) : (u.Start, u.End);
    }

    /// <summary>One requirement per numeric goal; a lone time phrase ("至2025年末，") joins the goal after it, wording after the last goal joins it.</summary>
    private static List<Run> Targets(string text, Unit u, int? year)
    {
        var fragments = new List<(int Start, int End)>();
        var fs = u.Start;
        for (var i = u.Start; i < u.End; i++)
        {
            if (text[i] is '，' or ',' || i == u.End - 1)
            {
                fragments.Add((fs, i + 1));
                fs = i + 1;
            }
        }

        var goals = fragments.Where(f => NumericGoal.IsMatch(Clean(text[f.Start..f.End]))).ToList();
        var read = TargetReader(text[u.Start..u.End], year, u.Start) ?? [];
        var runs = new List<Run>();
        if (goals.Count <= 1)
        {
            runs.Add(TargetRun(text, u.Start, u.End, year, read, u.Start));
            return runs;
        }

        for (var gi = 0; gi < goals.Count; gi++)
        {
            var g = goals[gi];
            var s = g.Start;
            var idx = fragments.IndexOf(g);
            if (idx > 0 && TimeOnlyFragment.IsMatch(Clean(text[fragments[idx - 1].Start..fragments[idx - 1].End])))
            {
                s = fragments[idx - 1].Start;
            }

            if (idx > 0 && StartsWithComparator.IsMatch(Clean(text[g.Start..g.End])))
            {
                s = fragments[idx - 1].Start; // "…同比增长25%以上，突破8500亿元": the metric is in the fragment before
            }

            var e = g.End;
            if (gi == goals.Count - 1)
            {
                e = u.End;
            }

            runs.Add(TargetRun(text, s, e, year, read, g.Start));
        }

        return runs;
    }

    private static Run TargetRun(string text, int s, int e, int? year, IReadOnlyList<(TargetSpec Target, Evidence Evidence)> read, int goalStart)
    {
        var clean = Clean(text[s..e]);
        var run = new Run { Kind = RequirementKind.Target };
        run.Units.Add(new Unit(s, e, clean));
        var g = NumericGoal.Match(clean);
        run.Reason = g.Success ? $"含数量目标“{g.Value}”，为目标要求" : "含明确的数量或比较，为目标要求";
        // the goal read inside this span (from the whole sentence, so "突破8500亿元" keeps the noun before it), else read the span alone
        run.Target = read.Where(t => t.Evidence.Start >= goalStart && t.Evidence.Start < e).Select(t => ((TargetSpec, Evidence)?)t).FirstOrDefault();
        if (run.Target is null && TargetReader(text[s..e], year, s) is { Count: > 0 } own)
        {
            run.Target = own[0];
        }

        return run;
    }

    private static (DueRule Rule, Evidence Evidence)? Due(string text, Unit u)
    {
        try
        {
            return DueRuleParser.Parse(text[u.Start..u.End], u.Start);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static RequirementProposal? ToProposal(string text, ClauseNode node, Run r, Subject? addressees, string? measure)
    {
        var start = r.Units[0].Start;
        var end = r.Units[^1].End;
        while (start < end && (IsWhite(text[start]) || text[start] is '*' or '#' or '，' or ','))
        {
            start++;
        }

        while (end > start && (IsWhite(text[end - 1]) || text[end - 1] is '*' or '#' or '，' or ','))
        {
            end--;
        }

        if (end - start < 4)
        {
            return null;
        }

        var words = Clean(text[start..end]);
        var applies = AppliesTo(words, measure, r, addressees);
        var kind = r.Kind;
        var reason = r.Reason.Length > 0 ? r.Reason : Classify(words).Reason;
        return new RequirementProposal
        {
            Clause = node.Path,
            Text = words,
            Kind = kind,
            Evidence = Evidence.Of(text, start, end - start),
            AppliesTo = applies,
            DueRule = kind is RequirementKind.Deadline or RequirementKind.RecurringReport ? r.Due?.Rule : null,
            Target = kind == RequirementKind.Target ? r.Target?.Target : null,
            Reason = reason,
        };
    }

    private static ApplicabilityDto AppliesTo(string words, string? measure, Run r, Subject? addressees)
    {
        var own = FindSubject(words, anywhere: false);
        if (own is not null && own.Types.Count == 0)
        {
            own = own with { Types = (r.Subject is { Types.Count: > 0 } rs ? rs.Types : addressees?.Types) ?? [InstitutionType.Bank, InstitutionType.Insurer] };
        }

        var subject = own ?? r.Subject;
        var text = subject?.Text;
        var types = subject?.Types ?? addressees?.Types ?? [InstitutionType.Bank, InstitutionType.Insurer];
        var legal = subject?.LegalOnly ?? false;

        // (3) narrowed by content when the subject does not itself say which business: the requirement's words,
        // or when they are neutral, the whole measure's.
        var narrowable = own is null || own.Broad;
        if (narrowable && types.Count > 1)
        {
            var decided = Narrow(words, types);
            if (decided is null && measure is not null)
            {
                decided = Narrow(measure, types);
            }

            if (decided is { } d)
            {
                types = d.Types;
                text = d.Words;
            }
        }

        return new ApplicabilityDto { InstitutionTypes = types.ToList(), LegalEntitiesOnly = legal, Text = text };
    }

    private static (List<InstitutionType> Types, string Words)? Narrow(string content, List<InstitutionType> types)
    {
        var plain = NotContent.Replace(content, "　");
        var credit = Credit.Match(plain);
        var insurance = Insurance.Match(plain);
        if (credit.Success && !insurance.Success && types.Contains(InstitutionType.Bank))
        {
            return (types.Where(t => t != InstitutionType.Insurer).ToList(), NounAround(plain, credit.Index));
        }

        if (insurance.Success && !credit.Success && !BankWord.IsMatch(plain) && types.Contains(InstitutionType.Insurer))
        {
            return ([InstitutionType.Insurer], NounAround(plain, insurance.Index));
        }

        return null;
    }

    /// <summary>The words around a content cue, up to the nearest punctuation, at most a few characters each side.</summary>
    private static string NounAround(string s, int at)
    {
        var a = at;
        while (a > 0 && at - a < 8 && !"，。；、：,（）“”　".Contains(s[a - 1]))
        {
            a--;
        }

        var b = at;
        while (b < s.Length && b - at < 8 && !"，。；、：,（）“”　".Contains(s[b]))
        {
            b++;
        }

        return s[a..b];
    }
}
