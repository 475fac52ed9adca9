using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Reads the clause tree: 一、 / （一） / 1. / （1） / 一是…二是… / 第一条, markers inline in one long paragraph,
/// page-break debris, markdown headings with bold markers, and attachments (附件1 / 附件一) as new top-level sections.
/// A marker style nests under whatever style is open; a marker is accepted only when it continues its style's
/// numbering (or starts it at 1), so "一、" inside a sentence or "2.0" in a name are not clauses.
/// Unnumbered text before the first clause and after the last one is "正文" of its section.
/// </summary>
public static class ClauseParser
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string CnDigits = "一二三四五六七八九十";

    private enum Style { Chapter, Article, Top, Paren, Arabic, ArabicParen, Shi }

    private sealed record Candidate(Style Style, int Number, int Start, int End, string Raw);

    private sealed class Node
    {
        public required string Marker { get; init; }
        public required string Path { get; init; }
        public required int Level { get; init; }
        public required int Start { get; init; }
        public int End { get; set; }
        public string? Heading { get; set; }
        public List<Node> Children { get; } = [];
    }

    private static readonly Regex AttachmentHeader = new(
        @"^附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[：:].{0,80})?$", RegexOptions.None, Timeout);

    private static readonly Regex AttachmentList = new(@"^附件\s*[：:]", RegexOptions.None, Timeout);

    private static readonly Regex PageDebris = new(
        @"^(?:[-—–－_\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?(?:\s*/\s*(?:共)?\s*[0-9]{1,4}\s*页?)?[-—–－_\s]*|[-—–_=*·\s]{3,}|\f+)$",
        RegexOptions.None, Timeout);

    private static readonly Regex ClosingWords = new(@"特此(?:通知|函复|批复|函告|公告)", RegexOptions.None, Timeout);

    /// <summary>A duty in a first sentence means it is content, not a heading ("你行应于…完成筹建"); "应续尽续" is not one.</summary>
    private static readonly Regex StrongCue = new(
        @"不得|严禁|禁止|务必|须|(?<![需重主纪首必概])要(?![求点素闻])|(?<![响供对适相回反])应(?![对用急收付变届许])(?!.尽)|报送|上报|日内|日前|同意|你行|你公司|你单位",
        RegexOptions.None, Timeout);

    public static List<ClauseNode> Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        try
        {
            return ParseCore(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return [new ClauseNode("", "正文", 0, 0, text.Length, null, [])];
        }
    }

    private static List<ClauseNode> ParseCore(string text)
    {
        var lines = Lines(text);
        var debris = DebrisLines(text, lines);
        var sections = Sections(text, lines, debris);
        var excluded = AttachmentListRanges(text, lines, debris);
        var result = new List<ClauseNode>();
        foreach (var (start, end, prefix) in sections)
        {
            result.AddRange(ParseSection(text, lines, debris, excluded, start, end, prefix));
        }

        return result;
    }

    // ---- lines, debris, sections ----

    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var s = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add((s, i));
                s = i + 1;
            }
        }

        lines.Add((s, text.Length));
        return lines;
    }

    /// <summary>The line with markdown and layout stripped ("## **一、…**" → "一、…**").</summary>
    private static (int Start, int End) Content(string text, (int Start, int End) line)
    {
        var s = line.Start;
        var e = line.End;
        while (s < e && (char.IsWhiteSpace(text[s]) || text[s] is '#' or '*' or '>' or '\u3000' or '\ufeff'))
        {
            s++;
        }

        while (e > s && (char.IsWhiteSpace(text[e - 1]) || text[e - 1] is '*' or '\u3000'))
        {
            e--;
        }

        return (s, e);
    }

    private static bool[] DebrisLines(string text, List<(int Start, int End)> lines)
    {
        var debris = new bool[lines.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var contents = new string[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var (s, e) = Content(text, lines[i]);
            var raw = text.AsSpan(lines[i].Start, lines[i].End - lines[i].Start).Trim().ToString();
            contents[i] = e > s ? text[s..e] : "";
            if (contents[i].Length == 0 && raw.Length > 0 && raw.Trim('-', '—', '*', '_', '=', ' ').Length == 0)
            {
                debris[i] = true;
            }
            else if (raw.Length > 0 && raw.Length <= 24 && PageDebris.IsMatch(raw))
            {
                debris[i] = true;
            }

            if (contents[i].Length is > 0 and <= 40 && !contents[i].Contains('。'))
            {
                counts[contents[i]] = counts.GetValueOrDefault(contents[i]) + 1;
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (contents[i].Length > 0 && counts.GetValueOrDefault(contents[i]) >= 3 && !contents[i].StartsWith("附件", StringComparison.Ordinal))
            {
                debris[i] = true; // a running header or footer repeated on every page
            }
        }

        return debris;
    }

    private static List<(int Start, int End, string Prefix)> Sections(string text, List<(int Start, int End)> lines, bool[] debris)
    {
        var sections = new List<(int, int, string)>();
        var start = 0;
        var prefix = "";
        for (var i = 0; i < lines.Count; i++)
        {
            if (debris[i])
            {
                continue;
            }

            var (s, e) = Content(text, lines[i]);
            if (e - s < 3 || e - s > 90 || text[s] != '附')
            {
                continue;
            }

            var m = AttachmentHeader.Match(text, s, e - s);
            if (!m.Success || lines[i].Start == 0)
            {
                continue;
            }

            var n = ChineseNumerals.Parse(m.Groups[1].Value);
            if (n is null or < 1)
            {
                continue;
            }

            sections.Add((start, lines[i].Start, prefix));
            start = lines[i].End;
            prefix = $"附件{n} ";
        }

        sections.Add((start, text.Length, prefix));
        return sections;
    }

    /// <summary>The list under "附件：" in the body ("附件：1、…\n2、…"): numbered names of attachments, not clauses.</summary>
    private static List<(int Start, int End)> AttachmentListRanges(string text, List<(int Start, int End)> lines, bool[] debris)
    {
        var ranges = new List<(int, int)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (s, e) = Content(text, lines[i]);
            if (e - s < 3 || text[s] != '附' || !AttachmentList.IsMatch(text.Substring(s, Math.Min(6, e - s))))
            {
                continue;
            }

            var end = lines[i].End;
            for (var j = i + 1; j < lines.Count; j++)
            {
                var (cs, ce) = Content(text, lines[j]);
                if (debris[j] || ce == cs)
                {
                    continue;
                }

                if ((char.IsAsciiDigit(text[cs]) || text[cs] is >= '０' and <= '９' || CnDigits.Contains(text[cs])) && ce - cs <= 90 && !text.AsSpan(cs, ce - cs).Contains('。'))
                {
                    end = lines[j].End;
                    continue;
                }

                break;
            }

            ranges.Add((lines[i].Start, end));
        }

        return ranges;
    }

    // ---- markers ----

    private static bool LineStartBefore(string text, int pos, int floor)
    {
        var i = pos - 1;
        while (i >= floor && text[i] is ' ' or '\t' or '\u3000' or '*' or '#' or '>' or '\r')
        {
            i--;
        }

        return i < floor || text[i] == '\n' || text[i] == '\f';
    }

    private static char PrevSignificant(string text, int pos, int floor)
    {
        var i = pos - 1;
        while (i >= floor && text[i] is ' ' or '\t' or '\u3000' or '*' or '#' or '>' or '\r')
        {
            i--;
        }

        return i < floor ? '\n' : text[i];
    }

    private static int CnNumber(string text, int start, int maxLen, out int length)
    {
        length = 0;
        while (length < maxLen && start + length < text.Length && CnDigits.Contains(text[start + length]))
        {
            length++;
        }

        if (length == 0)
        {
            return -1;
        }

        return ChineseNumerals.Parse(text.Substring(start, length)) ?? -1;
    }

    private static int AsciiNumber(string text, int start, out int length)
    {
        length = 0;
        var n = 0;
        while (length < 3 && start + length < text.Length)
        {
            var c = text[start + length];
            int d;
            if (char.IsAsciiDigit(c))
            {
                d = c - '0';
            }
            else if (c is >= '０' and <= '９')
            {
                d = c - '０';
            }
            else
            {
                break;
            }

            n = n * 10 + d;
            length++;
        }

        return length == 0 || length == 3 ? -1 : n;
    }

    private static List<Candidate> Candidates(string text, int start, int end)
    {
        var list = new List<Candidate>();
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is '（' or '(')
            {
                var n = CnNumber(text, i + 1, 3, out var len);
                var close = i + 1 + len;
                if (n > 0 && close < end && text[close] is '）' or ')')
                {
                    list.Add(new Candidate(Style.Paren, n, i, close + 1, $"（{text.Substring(i + 1, len)}）"));
                    continue;
                }

                n = AsciiNumber(text, i + 1, out len);
                close = i + 1 + len;
                if (n > 0 && close < end && text[close] is '）' or ')')
                {
                    list.Add(new Candidate(Style.ArabicParen, n, i, close + 1, $"（{n}）"));
                }

                continue;
            }

            if (c == '第' && LineStartBefore(text, i, start))
            {
                var n = CnNumber(text, i + 1, 3, out var len);
                var k = i + 1 + len;
                if (n > 0 && k < end && text[k] is '条' or '章')
                {
                    var style = text[k] == '章' ? Style.Chapter : Style.Article;
                    list.Add(new Candidate(style, n, i, k + 1, text.Substring(i, k + 1 - i)));
                    i = k;
                }

                continue;
            }

            if (CnDigits.Contains(c))
            {
                if (i > start && CnDigits.Contains(text[i - 1]))
                {
                    continue;
                }

                var n = CnNumber(text, i, 3, out var len);
                var k = i + len;
                if (n <= 0 || k >= end)
                {
                    continue;
                }

                var prev = PrevSignificant(text, i, start);
                var listed = k + 1 < end && CnDigits.Contains(text[k + 1]); // "一、二类账户" is a list of numbers
                if (text[k] == '、' && !listed && (prev is '\n' or '\f' or '。' or '：' or ':' or '；' or '！' or '？' or '”' or '」' || LineStartBefore(text, i, start)))
                {
                    list.Add(new Candidate(Style.Top, n, i, k + 1, text.Substring(i, k + 1 - i)));
                }
                else if (text[k] == '是' && k + 1 < end && text[k + 1] != '是' && text[k + 1] != '否'
                    && prev is '\n' or '\f' or '。' or '：' or ':' or '；' or '，' or ',' or '！' or '？')
                {
                    list.Add(new Candidate(Style.Shi, n, i, k + 1, text.Substring(i, k + 1 - i)));
                }

                i = k - 1;
                continue;
            }

            if (char.IsAsciiDigit(c) || c is >= '０' and <= '９')
            {
                if (i > start && (char.IsAsciiDigit(text[i - 1]) || text[i - 1] is >= '０' and <= '９' or '.' or '．'))
                {
                    continue;
                }

                var n = AsciiNumber(text, i, out var len);
                var k = i + len;
                if (n <= 0 || k + 1 >= end)
                {
                    continue;
                }

                var next = text[k + 1];
                var prev = PrevSignificant(text, i, start);
                if (text[k] is '.' or '．' or '、' && !char.IsAsciiDigit(next) && next is not (>= '０' and <= '９') && next != '%'
                    && !(text[k] == '、' && CnDigits.Contains(next))
                    && (LineStartBefore(text, i, start) || prev is '。' or '：' or ':' or '；'))
                {
                    list.Add(new Candidate(Style.Arabic, n, i, k + 1, $"{n}."));
                }

                i = k - 1;
            }
        }

        return list;
    }

    /// <summary>Keeps the candidates that continue a numbering: a style already open must go on by one; a new style starts at 1.</summary>
    private static List<(Candidate Candidate, int Depth)> Accept(List<Candidate> candidates)
    {
        var accepted = new List<(Candidate, int)>();
        var stack = new List<(Style Style, int Number)>();
        var lastSeen = new Dictionary<Style, int>();
        foreach (var c in candidates)
        {
            var at = stack.FindIndex(s => s.Style == c.Style);
            if (at >= 0)
            {
                if (c.Number != stack[at].Number + 1)
                {
                    continue;
                }

                stack.RemoveRange(at, stack.Count - at);
            }
            else if (c.Number != 1 && (c.Number != lastSeen.GetValueOrDefault(c.Style) + 1 || c.Style is Style.Arabic or Style.ArabicParen or Style.Shi))
            {
                continue; // "（三）" may go on from "（二）" under the previous "一、"; lists of 1. and 一是 restart
            }
            else if (c.Style is Style.Chapter or Style.Article && stack.Count > 0 && stack.Any(s => s.Style is not (Style.Chapter or Style.Article)))
            {
                continue;
            }

            stack.Add((c.Style, c.Number));
            lastSeen[c.Style] = c.Number;
            accepted.Add((c, stack.Count));
        }

        return accepted;
    }

    // ---- a section ----

    private static List<ClauseNode> ParseSection(
        string text, List<(int Start, int End)> lines, bool[] debris, List<(int Start, int End)> excluded, int start, int end, string prefix)
    {
        var candidates = Candidates(text, start, end)
            .Where(c => !excluded.Any(r => c.Start >= r.Start && c.Start < r.End))
            .ToList();
        var accepted = Accept(candidates);
        var closing = ClosingWords.Match(text, start, end - start);
        if (closing.Success)
        {
            accepted = accepted.Where(a => a.Candidate.Start < closing.Index).ToList();
        }

        var result = new List<ClauseNode>();
        if (accepted.Count == 0)
        {
            var body = Trim(text, start, end);
            if (body.End > body.Start)
            {
                result.Add(new ClauseNode("", prefix + "正文", 0, body.Start, body.End - body.Start, null, []));
            }

            return result;
        }

        // Where the last clause stops: the end of its first full paragraph (after a heading-only line),
        // or "特此通知"; what follows is the section's closing body text.
        var last = accepted[^1].Candidate;
        var lastEnd = LastClauseEnd(text, lines, debris, last, end);
        if (closing.Success && closing.Index < lastEnd)
        {
            lastEnd = closing.Index;
        }

        var roots = new List<Node>();
        var open = new List<Node>();
        for (var i = 0; i < accepted.Count; i++)
        {
            var (c, depth) = accepted[i];
            var nextStart = i + 1 < accepted.Count ? accepted[i + 1].Candidate.Start : lastEnd;
            while (open.Count >= depth)
            {
                open.RemoveAt(open.Count - 1);
            }

            var path = prefix + string.Concat(open.Select(o => o.Marker)) + c.Raw;
            var node = new Node { Marker = c.Raw, Path = path, Level = depth, Start = c.Start, End = nextStart };
            node.Heading = Heading(text, c, nextStart);
            if (open.Count == 0)
            {
                roots.Add(node);
            }
            else
            {
                open[^1].Children.Add(node);
            }

            open.Add(node);
        }

        var pre = Trim(text, start, accepted[0].Candidate.Start);
        if (pre.End > pre.Start)
        {
            result.Add(new ClauseNode("", prefix + "正文", 0, pre.Start, pre.End - pre.Start, null, []));
        }

        result.AddRange(roots.Select(Freeze));
        var post = Trim(text, lastEnd, end);
        if (post.End > post.Start)
        {
            result.Add(new ClauseNode("", prefix + "正文", 0, post.Start, post.End - post.Start, null, []));
        }

        return result;
    }

    private static ClauseNode Freeze(Node n)
    {
        var own = Trim(n.Start, n.Children.Count > 0 ? n.Children[0].Start : n.End);
        return new ClauseNode(n.Marker, n.Path, n.Level, own.Start, own.End - own.Start, n.Heading, n.Children.Select(Freeze).ToList());

        static (int Start, int End) Trim(int s, int e) => (s, Math.Max(s, e));
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] is '*' or '#' or '-' or '—'))
        {
            start++;
        }

        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '*' or '#' or '-' or '—'))
        {
            end--;
        }

        return (start, end);
    }

    private static int LineIndex(List<(int Start, int End)> lines, int pos)
    {
        int lo = 0, hi = lines.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (lines[mid].Start <= pos)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static bool EndsSentence(string text, (int Start, int End) content) =>
        content.End > content.Start && text[content.End - 1] is '。' or '！' or '？' or '；' or '”' or '」' or '!' or '?' or ';' or '.' or '：' or ':';

    private static int LastClauseEnd(string text, List<(int Start, int End)> lines, bool[] debris, Candidate last, int sectionEnd)
    {
        var li = LineIndex(lines, last.Start);
        var content = Content(text, lines[li]);
        var arabic = last.Style is Style.Arabic or Style.ArabicParen or Style.Article;
        var headingOnly = !EndsSentence(text, content) && content.End - last.End <= (arabic ? 20 : 60)
            && !text.AsSpan(last.End, Math.Max(0, content.End - last.End)).Contains('。')
            && !(arabic && text.AsSpan(last.End, Math.Max(0, content.End - last.End)).Contains('，'));
        var i = li;
        if (headingOnly)
        {
            i = NextContentLine(text, lines, debris, li);
            if (i < 0)
            {
                return sectionEnd;
            }
        }

        // The paragraph runs on over lines broken mid-sentence (page breaks).
        while (true)
        {
            var c = Content(text, lines[i]);
            if (lines[i].End >= sectionEnd || EndsSentence(text, c))
            {
                return Math.Min(lines[i].End, sectionEnd);
            }

            var next = NextContentLine(text, lines, debris, i);
            if (next < 0 || lines[next].Start >= sectionEnd)
            {
                return Math.Min(lines[i].End, sectionEnd);
            }

            i = next;
        }
    }

    private static int NextContentLine(string text, List<(int Start, int End)> lines, bool[] debris, int from)
    {
        for (var j = from + 1; j < lines.Count; j++)
        {
            var c = Content(text, lines[j]);
            if (!debris[j] && c.End > c.Start)
            {
                return j;
            }
        }

        return -1;
    }

    private static string? Heading(string text, Candidate c, int nextStart)
    {
        var s = c.End;
        var limit = Math.Min(nextStart, text.Length);
        if (s >= limit)
        {
            return null;
        }

        // "**一是强化营业场所管理。**凡进出人员…": the bold run is the heading.
        var boldOpen = c.Start >= 2 && text[c.Start - 1] == '*' && text[c.Start - 2] == '*';
        var lineEnd = text.IndexOf('\n', s, limit - s);
        if (lineEnd < 0)
        {
            lineEnd = limit;
        }

        if (boldOpen)
        {
            var close = text.IndexOf("**", s, lineEnd - s, StringComparison.Ordinal);
            if (close >= 0)
            {
                var h = text[s..close].Trim();
                return h.Length == 0 ? null : h;
            }
        }

        var rest = text[s..lineEnd].Trim().TrimEnd('*').Trim();
        var restOfClause = text[s..limit];
        if (rest.Length == 0)
        {
            return null;
        }

        // A heading-only line ("一、加强重点项目…金融支持") with the body below it; an Arabic item's long first line
        // is more likely a paragraph broken by a page ("2. 因疫情…，各金融机构可根" / "据实际情况…").
        var arabic = c.Style is Style.Arabic or Style.ArabicParen or Style.Article;
        if (lineEnd < limit && rest.Length <= (arabic ? 20 : 60) && !(arabic && (rest.Contains('，') || rest.Contains(',')))
            && rest.IndexOfAny(['。', '；', ';', '！', '!', '？', '?']) < 0 && !EndsWithSentencePunctuation(rest))
        {
            return rest;
        }

        if (arabic)
        {
            return null;
        }

        // "一、保持普惠贷款增量扩面，助力实体经济稳增长。继续做好…": a short first sentence without a duty is the heading.
        var stop = restOfClause.IndexOf('。');
        var candidate = stop >= 0 ? restOfClause[..(stop + 1)] : restOfClause;
        candidate = candidate.Trim();
        var remainder = stop >= 0 ? restOfClause[(stop + 1)..].Trim() : "";
        if (stop < 0 && nextStart < text.Length && candidate.Length <= 40 && !StrongCue.IsMatch(candidate))
        {
            return candidate.TrimEnd('*').Trim(); // "一、坚持人民至上，全心为民助企（一）…"
        }

        if (stop >= 0 && candidate.Length <= 41 && remainder.Trim('*', ' ').Length > 0 && !StrongCue.IsMatch(candidate) && !candidate.Contains('\n'))
        {
            return candidate;
        }

        return null;
    }

    private static bool EndsWithSentencePunctuation(string s) => s.Length > 0 && s[^1] is '。' or '；' or '！' or '？' or '：' or '”' or '.' or ':';
}
