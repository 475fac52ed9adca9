using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Reads the circular's particulars (文号, title, issuers, dates, addressees, validity, attachments, contacts, cited
/// documents) by rules that follow how official documents are laid out: the head (letterhead, 文号 on its own line,
/// the "关于…的通知" headline, the addressees before the first "："), the body (validity, 附件, 联系人) and the tail
/// (signature names above the date). Reposted articles are read too: "发布《…》"/"原标题：《…》" give the title and
/// "内容来源：" the issuer. Every value carries the exact span it was read from.
/// </summary>
/// <remarks>
/// Never throws for any input: each field is read on its own and a field whose rule fails is left empty. Regexes are
/// bounded (no nested quantifiers, limited repeats) and have a match timeout; the head and the per-line rules look at
/// a bounded part of the text, so a text of several MB is read in milliseconds.
/// </remarks>
public static class MetadataExtractor
{
    private const int HeadChars = 5000;
    private const int HeadLines = 60;
    private const int ScanChars = 500_000;
    private const int MaxCited = 200;
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    private const string Cjk = @"\u3400-\u4DBF\u4E00-\u9FFF";
    private const string ChineseDigits = "〇零○Ｏ一二三四五六七八九";

    /// <summary>A full date: "2023年3月1日", "二〇二三年三月一日", "2023-03-01", "2023.03.01", "2023/3/1".</summary>
    private const string DatePattern =
        @"(?:(?<y>[0-9０-９]{4}|[" + ChineseDigits + @"]{4})[ \t\u3000]{0,2}年[ \t\u3000]{0,2}(?<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[ \t\u3000]{0,2}月[ \t\u3000]{0,2}(?<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[ \t\u3000]{0,2}[日号]"
        + @"|(?<![0-9])(?<y>[0-9]{4})[ \t]{0,1}[.．\-/][ \t]{0,1}(?<m>[0-9]{1,2})[ \t]{0,1}[.．\-/][ \t]{0,1}(?<d>[0-9]{1,2})(?![0-9]))";

    private static readonly Regex DateRegex = new(DatePattern, Options, Timeout);

    /// <summary>A 文号: issuer code, year in any of the usual brackets, serial, 号; spaces tolerated inside.</summary>
    private static readonly Regex DocNumberRegex = new(
        @"(?<prefix>[" + Cjk + @"]{1,14})[ \t\u3000]{0,3}[〔\[［﹝【][ \t\u3000]{0,3}(?<year>[0-9０-９]{4})[ \t\u3000]{0,3}[〕\]］﹞】][ \t\u3000]{0,3}(?<di>第)?[ \t\u3000]{0,3}(?<no>[0-9０-９]{1,5})[ \t\u3000]{0,3}号",
        Options, Timeout);

    /// <summary>Words after which a 文号's leading characters are not part of it ("根据银发〔…〕" → "银发〔…〕").</summary>
    private static readonly string[] PrefixCutWords =
        ["根据", "按照", "依据", "参照", "依照", "遵照", "印发", "转发", "下发", "发布", "通知", "意见", "办法", "决定", "批复", "文件", "精神", "要求", "规定", "以及", "的", "和", "及", "与", "或", "见", "即", "了"];

    private static readonly Regex BookTitleRegex = new(@"《(?<t>[^《》\r\n]{2,100})》", Options, Timeout);

    private static readonly Regex GenericTitleRegex = new(
        @"^[ \t\u3000]*(?:本|该|上述)?(?:通知|意见|办法|规定|细则|方案|措施|指引|决定|实施细则|管理办法|实施方案|若干措施|实施意见|指导意见|规则)[ \t\u3000]*$",
        Options, Timeout);

    private static readonly Regex ContactLabelsRegex = new(
        @"联[ \t\u3000]*系[ \t\u3000]*人|联系电话|联系方式|咨询电话|办公电话|电[ \t\u3000]*话|手[ \t\u3000]*机|传[ \t\u3000]*真|电子邮箱|电子邮件|邮[ \t\u3000]*箱|e-?mail|[:：\s_＿（）()]",
        Options | RegexOptions.IgnoreCase, Timeout);

    private static readonly Regex TitleEndRegex = new(
        @"(?:通知|意见|办法|决定|批复|复函|函|规定|细则|方案|公告|通告|通报|报告|请示|指引|规则|制度|纲要|计划|要点|措施|答复|决议|命令|公报|纪要|指南|标准|条例)(?:[（(][^（）()]{1,12}[）)])?$",
        Options, Timeout);

    /// <summary>A reposted article naming the circular: "发布《…关于…通知》" or "（原标题：《…》）".</summary>
    private static readonly Regex RepostTitleRegex = new(
        @"(?:发布|原标题[:：][ \t\u3000]{0,2})《(?<t>[^《》\r\n]{0,40}?关于[^《》\r\n]{1,160})》", Options, Timeout);

    private static readonly Regex SourceRegex = new(
        @"(?:内容来源|信息来源|文章来源|来源)[ \t\u3000]{0,2}[:：][ \t\u3000]{0,2}(?<s>[" + Cjk + @"（）]{2,40})", Options, Timeout);

    private static readonly string[] SourceStopWords = ["责任编辑", "编辑", "作者", "发布时间", "发布日期", "浏览", "点击", "打印", "字号", "分享"];

    private static readonly Regex ValidityMonthsRegex = new(
        @"(?:(?:有效期|执行期|实施期|试行期|施行期)[^。；;\r\n]{0,20}?|自(?:发布|印发|发文|公布|施行|实施|执行|下发)之日起[^。；;\r\n]{0,10}?)(?<![0-9０-９〇零○一二三四五六七八九十])(?<n>[0-9０-９]{1,3}|[一二两三四五六七八九十]{1,3})[ \t\u3000]{0,2}(?<u>个月|年)(?![0-9０-９])",
        Options, Timeout);

    private static readonly Regex EffectiveFromDateRegex = new(
        @"(?:" + DatePattern + @")[ \t\u3000]{0,2}(?:起|开始)[ \t\u3000]{0,4}(?:正式)?(?:施行|执行|实施|生效|试行)", Options, Timeout);

    private static readonly Regex EffectiveFromPeriodRegex = new(
        @"(?:有效期|执行期|实施期|试行期)[^。；;\r\n]{0,6}?自[ \t\u3000]{0,2}(?:" + DatePattern + ")", Options, Timeout);

    private static readonly Regex EffectiveFromIssueRegex = new(
        @"自(?:发布|印发|发文|公布|下发)之日起[ \t\u3000]{0,4}(?:正式)?(?:施行|执行|实施|生效|试行)", Options, Timeout);

    private static readonly Regex EffectiveToRegex = new(
        @"(?:有效期|执行期|实施期|试行期|施行期|本(?:通知|办法|意见|措施|规定|细则|方案|指引|规则|决定)[^。；;\r\n]{0,10}?(?:有效|执行|实施|施行|试行))[^。；;\r\n]{0,30}?(?:至|到)[ \t\u3000]{0,2}(?:" + DatePattern + @")(?![ \t\u3000]{0,2}(?:起|开始))",
        Options, Timeout);

    private static readonly Regex AttachmentLabelRegex = new(
        @"^附[ \t\u3000]{0,2}件[ \t\u3000]{0,2}(?<k>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?[ \t\u3000]{0,2}(?<sep>[:：.．、])?[ \t\u3000]{0,3}(?<rest>.*)$",
        Options, Timeout);

    private static readonly Regex NumberingRegex = new(
        @"^(?:[（(][ \t]{0,2}(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[ \t]{0,2}[）)]|(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[ \t]{0,2}[.．、,，:：）)])[ \t\u3000]{0,3}",
        Options, Timeout);

    private static readonly Regex ContactLineRegex = new(
        @"^[（(]?[ \t\u3000]{0,2}(?:联[ \t\u3000]{0,2}系[ \t\u3000]{0,2}人|联系电话|联系方式|咨询电话|办公电话|电[ \t\u3000]{0,2}话|手[ \t\u3000]{0,2}机|传[ \t\u3000]{0,2}真|电子邮箱|电子邮件|邮[ \t\u3000]{0,2}箱|e-?mail)[ \t\u3000]{0,2}[:：][ \t\u3000]{0,3}\S",
        Options | RegexOptions.IgnoreCase, Timeout);

    private static readonly Regex InlineContactRegex = new(
        @"[（(](?<c>联系人[ \t\u3000]{0,2}[:：][^（）()\r\n]{1,80})[）)]", Options, Timeout);

    private static readonly Regex CircularMarkerRegex = new(
        @"通知如下|特此通知|特此批复|特此函复|特此函告|批复如下|函复如下|意见如下|印发给你们|现予印发|现予公布|请遵照执行|请认真贯彻|请结合实际|请认真组织实施|请抓好落实|现将[^。\r\n]{0,60}?(?:通知|印发)|现就[^。\r\n]{0,60}?通知",
        Options, Timeout);

    private static readonly string[] OrgSuffixes =
    [
        "局", "会", "行", "办", "中心", "组", "部", "委", "院", "厅", "府", "公司", "所", "处", "室", "署", "社", "司",
    ];

    private static readonly string[] HeaderLabels =
    [
        "附件", "联系人", "联系电话", "电话", "邮箱", "来源", "内容来源", "发布时间", "发布日期", "时间", "日期", "抄送",
        "签发人", "标题", "原标题", "责任编辑", "编辑", "作者", "文号", "发文字号", "索引号", "主题分类", "发文机关", "成文日期",
        "发布机构", "发文单位", "发布单位", "所属机构", "来源机构", "主题词", "关键词", "公文种类", "文种", "有效性", "浏览次数",
    ];

    private static readonly string[] AddresseeWords =
    [
        "各", "机构", "公会", "协会", "单位", "公司", "银行", "分行", "支行", "组织", "部门", "处室", "政府", "局", "委", "办", "会", "中心", "分局", "所", "社",
    ];

    private static readonly string[] FurnitureWords =
        ["来源", "浏览", "打印", "发布时间", "发布日期", "字号", "分享", "点击", "阅读", "关闭窗口", "责任编辑"];

    public static MetadataProposal Extract(string text)
    {
        text ??= string.Empty;
        var lines = Line.Split(text);

        var documentNumber = Safe(() => OwnDocumentNumber(text, lines));
        var addressees = Safe(() => Addressees(text, lines));
        var headline = Safe(() => Headline(text, lines));
        var looksLikeCircular = SafeBool(() => LooksLikeCircular(text, documentNumber, addressees, headline?.Title)) ?? true;
        var title = headline?.Title ?? (looksLikeCircular ? Safe(() => RepostTitle(text)) : null);
        var issue = Safe(() => IssueDate(text, lines, documentNumber));
        var issuers = Safe(() => Issuers(text, lines, headline, title, issue)) ?? [];
        var attachments = Safe(() => Attachments(text, lines)) ?? [];
        var contacts = Safe(() => Contacts(text, lines)) ?? [];
        var validity = Safe(() => ValidityMonths(text));
        var effectiveFrom = Safe(() => EffectiveFrom(text, issue?.Date));
        var effectiveTo = Safe(() => EffectiveTo(text));
        var cited = Safe(() => Cited(text, documentNumber, title, attachments)) ?? [];

        return new MetadataProposal
        {
            DocumentNumber = documentNumber,
            Title = title,
            Issuers = issuers,
            IssuedOn = issue?.Date,
            Addressees = addressees,
            EffectiveFrom = effectiveFrom,
            EffectiveTo = effectiveTo,
            ValidityMonths = validity,
            Attachments = attachments,
            Contacts = contacts,
            Cited = cited,
            LooksLikeCircular = looksLikeCircular,
        };
    }

    // ---------------------------------------------------------------- 文号

    private static Proposed<string>? OwnDocumentNumber(string text, List<Line> lines)
    {
        // 1. A 文号 that is the whole line (or the line's start, before "签发人：…") near the top.
        foreach (var line in HeadLinesOf(lines))
        {
            var (start, end) = line.Content(text);
            if (end - start < 6 || end - start > 80)
            {
                continue;
            }

            var match = Match(DocNumberRegex, text, start, end - start);
            if (match is null)
            {
                continue;
            }

            var number = NumberAt(text, match);
            var after = text[(match.Index + match.Length)..end];
            if (number.Start == start && (after.Trim().Length == 0 || after.Contains("签发人", StringComparison.Ordinal) || (after.Length > 0 && char.IsWhiteSpace(after[0]) && DateRegex.IsMatch(after))))
            {
                return number.Proposed;
            }
        }

        // 2. Text without line breaks: a 文号 in the first lines right after the letterhead ("…文件") or the
        // headline ("…的通知"), not in brackets and not after 根据/按照/《…》.
        var headEnd = Math.Min(text.Length, 600);
        foreach (Match match in DocNumberRegex.Matches(text[..headEnd]))
        {
            var number = NumberAt(text, match);
            var before = text[..number.Start].TrimEnd(' ', '\t', '\u3000');
            var placed = before.Length == 0 || before.EndsWith('\n') || before.EndsWith("文件", StringComparison.Ordinal) || TitleEndRegex.IsMatch(before[Math.Max(0, before.Length - 20)..]);
            if (placed && !IsCitedAt(text, number.Start))
            {
                return number.Proposed;
            }
        }

        return null;
    }

    private readonly record struct FoundNumber(int Start, Proposed<string> Proposed);

    private static FoundNumber NumberAt(string text, Match match)
    {
        var prefix = match.Groups["prefix"];
        var cut = 0;
        foreach (var word in PrefixCutWords)
        {
            var at = prefix.Value.LastIndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && at + word.Length < prefix.Length)
            {
                cut = Math.Max(cut, at + word.Length);
            }
        }

        var start = prefix.Index + cut;
        var value = prefix.Value[cut..] + "〔" + AsciiDigits(match.Groups["year"].Value) + "〕"
            + (match.Groups["di"].Success ? "第" : string.Empty) + AsciiDigits(match.Groups["no"].Value) + "号";
        var end = match.Index + match.Length;
        return new FoundNumber(start, new Proposed<string>(value, Evidence.Of(text, start, end - start)));
    }

    /// <summary>True when a 文号 or title at <paramref name="index"/> is cited: in brackets, in 《》, or after 根据/按照/….</summary>
    private static bool IsCitedAt(string text, int index)
    {
        var from = Math.Max(0, index - 60);
        var depth = 0;
        for (var i = index - 1; i >= from; i--)
        {
            var c = text[i];
            if (c is '\n' or '。' or '；')
            {
                break;
            }

            if (c is '）' or ')' or '》')
            {
                depth++;
            }
            else if (c is '（' or '(' or '《')
            {
                if (depth == 0)
                {
                    return true;
                }

                depth--;
            }
        }

        var sentenceStart = index;
        while (sentenceStart > from && text[sentenceStart - 1] is not ('\n' or '。' or '；' or '，' or '：'))
        {
            sentenceStart--;
        }

        var before = text[sentenceStart..index];
        return before.Contains('》') || Regex.IsMatch(before, "根据|按照|依据|参照|依照|遵照|贯彻|落实|执行|转发|印发|发布|下发|出台|制定|见|详见|引用|废止|废除|停止", Options, Timeout);
    }

    // ---------------------------------------------------------------- title

    private sealed record HeadlineResult(Proposed<string> Title, int FirstLine);

    private static HeadlineResult? Headline(string text, List<Line> lines)
    {
        var head = HeadLinesOf(lines).ToList();
        for (var i = 0; i < head.Count; i++)
        {
            var (start, end) = head[i].Content(text);
            if (end <= start)
            {
                continue;
            }

            var content = text[start..end];
            if (content.EndsWith('：') || content.EndsWith(':') || (content.Contains('。') && content.Length > 60))
            {
                break; // the addressees or the body: the headline comes before them
            }

            if (content.Contains('。'))
            {
                continue; // a short sentence of page furniture above the headline
            }

            var about = content.IndexOf("关于", StringComparison.Ordinal);
            if (about < 0 || content.Length > 120 || (about > 0 && OrgNames(IssuerPart(content[..about])).Count == 0))
            {
                continue;
            }

            // Join the headline's lines until it ends with its kind (通知/意见/办法/…).
            var joined = new StringBuilder(content);
            var lastEnd = end;
            for (var j = i; j < head.Count && j < i + 6; j++)
            {
                if (j > i)
                {
                    var (s, e) = head[j].Content(text);
                    if (e <= s)
                    {
                        continue;
                    }

                    var more = text[s..e];
                    if (more.Contains('。') || more.EndsWith('：') || more.EndsWith(':') || more.Length > 80 || DocNumberRegex.IsMatch(more))
                    {
                        break;
                    }

                    joined.Append(more);
                    lastEnd = e;
                }

                if (TitleEndRegex.IsMatch(joined.ToString()))
                {
                    var evidence = Evidence.Of(text, start, lastEnd - start);
                    return new HeadlineResult(new Proposed<string>(joined.ToString(), evidence), i);
                }
            }
        }

        return null;
    }

    private static Proposed<string>? RepostTitle(string text)
    {
        var scan = text.Length > ScanChars ? text[..ScanChars] : text;
        foreach (Match match in RepostTitleRegex.Matches(scan))
        {
            var t = match.Groups["t"];
            if (TitleEndRegex.IsMatch(t.Value))
            {
                return new Proposed<string>(t.Value.Trim(), Evidence.Of(text, t.Index, t.Length));
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- issuers

    private static List<Proposed<string>> Issuers(string text, List<Line> lines, HeadlineResult? headline, Proposed<string>? title, IssueDateResult? issue)
    {
        // 1. The title block: names on the lines just above the headline, and the names before its "关于".
        var fromTitle = new List<Proposed<string>>();
        if (headline is not null)
        {
            var block = new List<Proposed<string>>();
            var index = lines.FindIndex(l => l.Start <= headline.Title.Evidence.Start && headline.Title.Evidence.Start <= l.Start + l.Length);
            for (var i = index - 1; i >= 0 && i >= index - 16; i--)
            {
                var (s, e) = lines[i].Content(text);
                if (e <= s || IsSeparator(text[s..e]))
                {
                    continue;
                }

                var names = OrgNamesAt(text, s, e);
                if (names.Count == 0)
                {
                    break;
                }

                block.InsertRange(0, names);
            }

            fromTitle.AddRange(block);
        }

        if (title is not null)
        {
            var about = title.Evidence.Text.IndexOf("关于", StringComparison.Ordinal);
            if (about > 0)
            {
                var issuerPart = IssuerPart(title.Evidence.Text[..about]);
                fromTitle.AddRange(OrgNamesAt(text, title.Evidence.Start, title.Evidence.Start + issuerPart.Length));
            }
        }

        if (fromTitle.Count > 0)
        {
            return Distinct(fromTitle);
        }

        // 2. The signature: names on the lines just above the date at the end.
        if (issue is { SignatureLine: >= 0 })
        {
            var block = new List<Proposed<string>>();
            for (var i = issue.SignatureLine; i >= 0 && i > issue.SignatureLine - 16; i--)
            {
                var (s, e) = lines[i].Content(text);
                if (e <= s || IsSeparator(text[s..e]))
                {
                    continue;
                }

                var names = OrgNamesAt(text, s, e);
                if (names.Count == 0)
                {
                    break;
                }

                block.InsertRange(0, names);
            }

            if (block.Count > 0)
            {
                return Distinct(block);
            }
        }

        // 3. The letterhead: "XX局文件" lines at the very top.
        var letterhead = new List<Proposed<string>>();
        var isLetterhead = false;
        foreach (var line in lines.Take(12))
        {
            var (s, e) = line.Content(text);
            if (e <= s || IsSeparator(text[s..e]))
            {
                continue;
            }

            if (e - s > 100)
            {
                break;
            }

            var names = OrgNamesAt(text, s, e, allowFileSuffix: true);
            if (names.Count == 0)
            {
                break;
            }

            isLetterhead |= text[s..e].Contains("文件", StringComparison.Ordinal);
            letterhead.AddRange(names);
        }

        if (letterhead.Count > 0 && isLetterhead)
        {
            return Distinct(letterhead);
        }

        // 4. A reposted article: "内容来源：上海银保监局".
        var scanFrom = Math.Max(0, text.Length - ScanChars);
        var sources = SourceRegex.Matches(text[scanFrom..]);
        for (var k = sources.Count - 1; k >= 0; k--)
        {
            var group = sources[k].Groups["s"];
            var value = group.Value;
            foreach (var stop in SourceStopWords)
            {
                var at = value.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0)
                {
                    value = value[..at];
                }
            }

            if (IsOrgName(value) && !value.EndsWith("网", StringComparison.Ordinal))
            {
                return [new Proposed<string>(value, Evidence.Of(text, scanFrom + group.Index, value.Length))];
            }
        }

        return [];
    }

    /// <summary>"国务院办公厅转发人民银行关于…": the issuer is the one that forwards, before "转发".</summary>
    private static string IssuerPart(string beforeAbout)
    {
        var forward = beforeAbout.IndexOf("转发", StringComparison.Ordinal);
        return forward > 0 ? beforeAbout[..forward] : beforeAbout;
    }

    private static List<Proposed<string>> Distinct(List<Proposed<string>> names) =>
        names.GroupBy(n => n.Value, StringComparer.Ordinal).Select(g => g.First()).ToList();

    private static bool IsSeparator(string content) => content.All(c => c is '-' or '—' or '_' or '=' or '*' or '─' or ' ');

    /// <summary>The organisation names a line consists of (split at spaces and 、), or none when any part is not a name.</summary>
    private static List<Proposed<string>> OrgNamesAt(string text, int start, int end, bool allowFileSuffix = false)
    {
        var result = new List<Proposed<string>>();
        var i = start;
        while (i < end)
        {
            while (i < end && (char.IsWhiteSpace(text[i]) || text[i] is '、' or '\u3000' or '#' or '*'))
            {
                i++;
            }

            var tokenStart = i;
            while (i < end && !(char.IsWhiteSpace(text[i]) || text[i] is '、' or '\u3000'))
            {
                i++;
            }

            if (i <= tokenStart)
            {
                continue;
            }

            var token = text[tokenStart..i].TrimEnd('*');
            var length = token.Length;
            foreach (var stamp in new[] { "（盖章）", "(盖章)", "（印）" })
            {
                if (token.EndsWith(stamp, StringComparison.Ordinal))
                {
                    token = token[..^stamp.Length];
                    length = token.Length;
                }
            }

            if (allowFileSuffix && token.EndsWith("文件", StringComparison.Ordinal) && token.Length > 4)
            {
                token = token[..^2];
                length = token.Length;
            }

            if (!IsOrgName(token))
            {
                return [];
            }

            result.Add(new Proposed<string>(token, Evidence.Of(text, tokenStart, length)));
        }

        return result;
    }

    private static List<string> OrgNames(string segment)
    {
        var parts = segment.Split([' ', '\t', '\u3000', '、'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts.All(IsOrgName) ? parts.ToList() : [];
    }

    private static bool IsOrgName(string token) =>
        token.Length is >= 3 and <= 40
        && token.All(c => c is >= '\u3400' and <= '\u9FFF' or '（' or '）')
        && token[0] is not ('我' or '本' or '贵' or '你' or '各' or '该' or '其' or '全')
        && OrgSuffixes.Any(s => token.EndsWith(s, StringComparison.Ordinal));

    // ---------------------------------------------------------------- dates

    private sealed record IssueDateResult(Proposed<DateOnly> Date, int SignatureLine);

    private static IssueDateResult? IssueDate(string text, List<Line> lines, Proposed<string>? documentNumber)
    {
        var candidates = new List<(int Line, Proposed<DateOnly> Date)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (s, e) = lines[i].Content(text);
            if (e - s is < 8 or > 24)
            {
                continue;
            }

            var match = Match(DateRegex, text, s, e - s);
            if (match is null || match.Index != s || match.Index + match.Length != e || IsFurniture(text, lines, i))
            {
                continue;
            }

            var date = ParseDate(match);
            if (date is not null)
            {
                candidates.Add((i, new Proposed<DateOnly>(date.Value, Evidence.Of(text, match.Index, match.Length))));
            }
        }

        // 1. The date under the signature names.
        foreach (var (line, date) in candidates)
        {
            var previous = PreviousContentLine(text, lines, line);
            if (previous >= 0)
            {
                var (s, e) = lines[previous].Content(text);
                if (OrgNamesAt(text, s, e).Count > 0)
                {
                    return new IssueDateResult(date, previous);
                }
            }
        }

        // 2. The date under the 文号.
        if (documentNumber is not null)
        {
            foreach (var (line, date) in candidates)
            {
                if (date.Evidence.Start > documentNumber.Evidence.Start && date.Evidence.Start - documentNumber.Evidence.Start < 120)
                {
                    return new IssueDateResult(date, -1);
                }
            }
        }

        // 3. A date on its own line in the closing part of the text.
        var tailStart = text.Length - Math.Max(1500, text.Length / 4);
        var last = candidates.LastOrDefault(c => c.Date.Evidence.Start >= tailStart);
        return last.Date is null ? null : new IssueDateResult(last.Date, -1);
    }

    private static int PreviousContentLine(string text, List<Line> lines, int index)
    {
        for (var i = index - 1; i >= 0 && i >= index - 4; i--)
        {
            var (s, e) = lines[i].Content(text);
            if (e > s)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A date among a website's page furniture (来源、浏览次数、打印本页) is when the page was posted.</summary>
    private static bool IsFurniture(string text, List<Line> lines, int index)
    {
        var (ls, le) = lines[index].Content(text);
        if (text[ls..le].Contains("印发", StringComparison.Ordinal))
        {
            return true;
        }

        var neighbours = new List<int>();
        var previous = PreviousContentLine(text, lines, index);
        if (previous >= 0)
        {
            neighbours.Add(previous);
        }

        for (var i = index + 1; i < lines.Count && i <= index + 4; i++)
        {
            var (s, e) = lines[i].Content(text);
            if (e > s)
            {
                neighbours.Add(i);
                break;
            }
        }

        return neighbours.Any(i =>
        {
            var (s, e) = lines[i].Content(text);
            var content = text[s..e];
            return FurnitureWords.Any(w => content.Contains(w, StringComparison.Ordinal));
        });
    }

    private static DateOnly? ParseDate(Match match)
    {
        var year = ChineseNumerals.ParseYear(match.Groups["y"].Value);
        var month = ChineseNumerals.Parse(match.Groups["m"].Value);
        var day = ChineseNumerals.Parse(match.Groups["d"].Value);
        if (year is null or < 1949 or > 2200 || month is null or < 1 or > 12 || day is null or < 1)
        {
            return null;
        }

        return day > DateTime.DaysInMonth(year.Value, month.Value) ? null : new DateOnly(year.Value, month.Value, day.Value);
    }

    private static Proposed<int>? ValidityMonths(string text)
    {
        foreach (Match match in ValidityMonthsRegex.Matches(Scan(text)))
        {
            var n = ChineseNumerals.Parse(match.Groups["n"].Value);
            if (n is null or <= 0 or > 600)
            {
                continue;
            }

            var months = match.Groups["u"].Value == "年" ? n.Value * 12 : n.Value;
            var start = ClauseStart(text, match.Index);
            return new Proposed<int>(months, Evidence.Of(text, start, match.Index + match.Length - start));
        }

        return null;
    }

    private static Proposed<DateOnly>? EffectiveFrom(string text, Proposed<DateOnly>? issuedOn)
    {
        var scan = Scan(text);
        foreach (var regex in new[] { EffectiveFromDateRegex, EffectiveFromPeriodRegex })
        {
            foreach (Match match in regex.Matches(scan))
            {
                if (ParseDate(match) is { } date)
                {
                    return new Proposed<DateOnly>(date, Evidence.Of(text, match.Index, match.Length));
                }
            }
        }

        if (issuedOn is not null && EffectiveFromIssueRegex.Match(scan) is { Success: true } fromIssue)
        {
            return new Proposed<DateOnly>(issuedOn.Value, Evidence.Of(text, fromIssue.Index, fromIssue.Length));
        }

        return null;
    }

    private static Proposed<DateOnly>? EffectiveTo(string text)
    {
        foreach (Match match in EffectiveToRegex.Matches(Scan(text)))
        {
            if (ParseDate(match) is { } date)
            {
                return new Proposed<DateOnly>(date, Evidence.Of(text, match.Index, match.Length));
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- addressees

    private static Proposed<string>? Addressees(string text, List<Line> lines)
    {
        var headEnd = Math.Min(text.Length, HeadChars);
        var segmentStart = 0;
        for (var i = 0; i < headEnd; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                segmentStart = i + 1;
                continue;
            }

            if (c is '。' or '！' or '？' or '；')
            {
                segmentStart = -1; // a segment that starts mid-sentence is not an address line
                continue;
            }

            if (c is not ('：' or ':'))
            {
                continue;
            }

            if (segmentStart >= 0)
            {
                var found = AddresseeSegment(text, segmentStart, i);
                if (found is not null)
                {
                    return found;
                }
            }

            // After a colon, only a lead-in such as "全文如下：" may be followed by the address on the same line;
            // "来源：某某局 浏览次数：…" is page furniture.
            var lead = segmentStart >= 0 ? text[segmentStart..i] : text[Math.Max(0, i - 4)..i];
            segmentStart = lead.Contains("如下", StringComparison.Ordinal) ? i + 1 : -1;
        }

        return null;
    }

    private static Proposed<string>? AddresseeSegment(string text, int start, int colon)
    {
        var (s, e) = Line.Trim(text, start, colon);
        if (e - s is < 2 or > 150)
        {
            return null;
        }

        var segment = text[s..e];
        if (segment is "主送" or "主送机关" or "主送单位")
        {
            var lineEnd = text.IndexOf('\n', colon);
            var (rs, re) = Line.Trim(text, colon + 1, lineEnd < 0 ? text.Length : lineEnd);
            var rest = text[rs..re].TrimEnd('。');
            return rest.Length > 0 ? new Proposed<string>(rest, Evidence.Of(text, rs, rest.Length)) : null;
        }

        if (HeaderLabels.Any(l => segment.EndsWith(l, StringComparison.Ordinal) || segment.StartsWith(l, StringComparison.Ordinal))
            || segment.Contains('“') || segment.Contains('《') || segment.Contains("如下", StringComparison.Ordinal)
            || !AddresseeWords.Any(w => segment.Contains(w, StringComparison.Ordinal))
            || DocNumberRegex.IsMatch(segment) || DateRegex.IsMatch(segment))
        {
            return null;
        }

        return new Proposed<string>(segment, Evidence.Of(text, s, e - s));
    }

    // ---------------------------------------------------------------- attachments, contacts

    private static List<Proposed<string>> Attachments(string text, List<Line> lines)
    {
        var result = new List<Proposed<string>>();
        var inList = false;
        foreach (var line in lines)
        {
            var (s, e) = line.Content(text);
            if (e <= s)
            {
                continue;
            }

            if (e - s > 200)
            {
                if (result.Count > 0)
                {
                    break;
                }

                continue;
            }

            var label = Match(AttachmentLabelRegex, text, s, e - s);
            if (label is not null)
            {
                var rest = label.Groups["rest"];
                var numbered = label.Groups["k"].Success;
                if (!label.Groups["sep"].Success && rest.Length > 0 && !(numbered && char.IsWhiteSpace(text[rest.Index - 1])))
                {
                    continue; // "附件所列机构应…" is a sentence, not a list line ("附件1 机构名单" is)
                }

                if (rest.Length == 0)
                {
                    if (result.Count > 0)
                    {
                        break; // the first attachment's own heading ("附件1"): the list is over
                    }

                    inList = !numbered;
                    continue;
                }

                if (result.Count > 0 && !numbered && !inList)
                {
                    break;
                }

                AddAttachment(text, result, rest.Index, rest.Index + rest.Length);
                inList = true;
                continue;
            }

            if (inList && NumberingRegex.Match(text, s, e - s) is { Success: true } numbering && numbering.Index == s)
            {
                AddAttachment(text, result, s, e);
                continue;
            }

            if (result.Count > 0 || inList)
            {
                break;
            }
        }

        return result;
    }

    private static void AddAttachment(string text, List<Proposed<string>> result, int start, int end)
    {
        if (NumberingRegex.Match(text, start, end - start) is { Success: true } numbering && numbering.Index == start)
        {
            start += numbering.Length;
        }

        (start, end) = Line.Trim(text, start, end);
        while (end > start && text[end - 1] is '；' or ';' or '。' or '，' or ',' or '.')
        {
            end--;
        }

        if (end - start >= 2 && text[start] == '《' && text[end - 1] == '》')
        {
            start++;
            end--;
        }

        if (end - start < 2)
        {
            return;
        }

        var name = text[start..end].Replace("《", string.Empty, StringComparison.Ordinal).Replace("》", string.Empty, StringComparison.Ordinal).Trim();
        if (name.Length > 0 && result.Count < 30)
        {
            result.Add(new Proposed<string>(name, Evidence.Of(text, start, end - start)));
        }
    }

    private static List<Proposed<string>> Contacts(string text, List<Line> lines)
    {
        var result = new List<Proposed<string>>();
        foreach (var line in lines)
        {
            var (s, e) = line.Content(text);
            if (e - s is < 4 or > 160 || s >= ScanChars)
            {
                continue;
            }

            if (Match(ContactLineRegex, text, s, e - s) is not { } match || match.Index != s)
            {
                continue;
            }

            if (text[s] is '（' or '(' && text[e - 1] is '）' or ')')
            {
                s++;
                e--;
            }

            (s, e) = Line.Trim(text, s, e);
            while (e > s && text[e - 1] is '。' or '；' or ';')
            {
                e--;
            }

            if (ContactLabelsRegex.Replace(text[s..e], string.Empty).Length == 0)
            {
                continue; // a form's empty "联系人：    联系电话：" fields
            }

            result.Add(new Proposed<string>(text[s..e], Evidence.Of(text, s, e - s)));
        }

        foreach (Match match in InlineContactRegex.Matches(Scan(text)))
        {
            var group = match.Groups["c"];
            if (!result.Any(r => r.Evidence.Start <= group.Index && group.Index < r.Evidence.Start + r.Evidence.Length))
            {
                result.Add(new Proposed<string>(group.Value.Trim(), Evidence.Of(text, group.Index, group.Length)));
            }
        }

        return result.Take(20).ToList();
    }

    // ---------------------------------------------------------------- cited documents, kind

    private static List<Proposed<string>> Cited(string text, Proposed<string>? own, Proposed<string>? title, List<Proposed<string>> attachments)
    {
        var result = new List<Proposed<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (own is not null)
        {
            seen.Add(own.Value);
        }

        if (title is not null)
        {
            seen.Add(title.Value);
        }

        foreach (var attachment in attachments)
        {
            seen.Add(attachment.Value);
        }

        var scan = Scan(text);
        var found = new List<(int Start, Proposed<string> Item)>();
        foreach (Match match in DocNumberRegex.Matches(scan))
        {
            var number = NumberAt(text, match);
            if (own is null || number.Start != own.Evidence.Start)
            {
                found.Add((number.Start, number.Proposed));
            }

            if (found.Count > MaxCited * 2)
            {
                break;
            }
        }

        var titleStart = title?.Evidence.Start ?? -1;
        var titleEnd = title is null ? -1 : title.Evidence.Start + title.Evidence.Length;
        foreach (Match match in BookTitleRegex.Matches(scan))
        {
            var t = match.Groups["t"];
            if (t.Index >= titleStart && t.Index < titleEnd)
            {
                continue; // "关于印发《…》的通知": the document being issued, not a citation
            }

            if (GenericTitleRegex.IsMatch(t.Value))
            {
                continue; // "《办法》", "《通知》": this document's short name for what it issues
            }

            found.Add((t.Index, new Proposed<string>(t.Value.Trim(), Evidence.Of(text, t.Index, t.Length))));
            if (found.Count > MaxCited * 2)
            {
                break;
            }
        }

        foreach (var (_, item) in found.OrderBy(f => f.Start))
        {
            if (item.Value.Length > 0 && seen.Add(item.Value) && result.Count < MaxCited)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static bool LooksLikeCircular(string text, Proposed<string>? number, Proposed<string>? addressees, Proposed<string>? headline) =>
        number is not null || addressees is not null || headline is not null || CircularMarkerRegex.IsMatch(Scan(text));

    // ---------------------------------------------------------------- helpers

    private static string Scan(string text) => text.Length > ScanChars ? text[..ScanChars] : text;

    private static IEnumerable<Line> HeadLinesOf(List<Line> lines) =>
        lines.TakeWhile(l => l.Start < HeadChars).Take(HeadLines);

    private static int ClauseStart(string text, int index)
    {
        var from = Math.Max(0, index - 60);
        var i = index;
        while (i > from && text[i - 1] is not ('\n' or '。' or '；' or '，' or '！'))
        {
            i--;
        }

        return Line.Trim(text, i, index).Start;
    }

    private static string AsciiDigits(string value) =>
        new(value.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c).ToArray());

    private static Match? Match(Regex regex, string text, int start, int length)
    {
        var match = regex.Match(text, start, length);
        return match.Success ? match : null;
    }

    private static T? Safe<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null; // one field's rule failing leaves that field empty, never the whole proposal
        }
    }

    private static bool? SafeBool(Func<bool> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>One line of the text: its offsets, without the line break.</summary>
    private readonly record struct Line(int Start, int Length)
    {
        public static List<Line> Split(string text)
        {
            var lines = new List<Line>();
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] is '\n' or '\r' or '\u2028' or '\u2029')
                {
                    lines.Add(new Line(start, i - start));
                    if (i < text.Length - 1 && text[i] == '\r' && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    start = i + 1;
                }
            }

            return lines;
        }

        /// <summary>The line without surrounding spaces and markdown marks (#, *, &gt;).</summary>
        public (int Start, int End) Content(string text) => Trim(text, Start, Start + Length);

        public static (int Start, int End) Trim(string text, int start, int end)
        {
            while (start < end && IsPadding(text[start]))
            {
                start++;
            }

            while (end > start && IsPadding(text[end - 1]))
            {
                end--;
            }

            return (start, end);
        }

        private static bool IsPadding(char c) => char.IsWhiteSpace(c) || c is '\u3000' or '\uFEFF' or '#' or '*' or '>' or '\u200B';
    }
}
