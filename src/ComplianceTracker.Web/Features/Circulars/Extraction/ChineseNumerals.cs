using System.Globalization;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Numbers as circulars write them: Arabic (full-width too), Chinese (十日, 十五个, 二十一, 一百, 两), and the
/// date digits of "二〇二三年三月一日" (〇/零 as 0, digit by digit for the year).
/// </summary>
public static class ChineseNumerals
{
    private static readonly Dictionary<char, int> Digits = new()
    {
        ['零'] = 0, ['〇'] = 0, ['○'] = 0, ['Ｏ'] = 0, ['一'] = 1, ['二'] = 2, ['两'] = 2, ['三'] = 3, ['四'] = 4,
        ['五'] = 5, ['六'] = 6, ['七'] = 7, ['八'] = 8, ['九'] = 9,
    };

    private static readonly Dictionary<char, int> Units = new() { ['十'] = 10, ['百'] = 100, ['千'] = 1000 };

    /// <summary>True for a character that can be part of a number in either script.</summary>
    public static bool IsNumeral(char c) => char.IsAsciiDigit(c) || c is >= '０' and <= '９' || Digits.ContainsKey(c) || Units.ContainsKey(c) || c == '万';

    /// <summary>Parses "15", "１５", "十五", "二十一", "一百二十", "两" (up to 9999万); null when it is not a number.</summary>
    public static int? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var ascii = new string(text.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c).ToArray());
        if (ascii.All(char.IsAsciiDigit))
        {
            return int.TryParse(ascii, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        var wan = text.IndexOf('万');
        if (wan >= 0)
        {
            var high = wan == 0 ? 1 : Parse(text[..wan]);
            var low = wan == text.Length - 1 ? 0 : Parse(text[(wan + 1)..]);
            return high is null || low is null ? null : high * 10000 + low;
        }

        if (text.Length > 12)
        {
            return null;
        }

        var total = 0;
        var pending = -1;
        var seenUnit = false;
        foreach (var c in text)
        {
            if (Digits.TryGetValue(c, out var digit))
            {
                if (digit == 0 && seenUnit && pending < 0)
                {
                    continue; // "一百零五": 零 only holds a place
                }

                if (pending >= 0)
                {
                    return null; // two digits in a row ("二三") is a date's spelling, not a quantity
                }

                pending = digit;
            }
            else if (Units.TryGetValue(c, out var unit))
            {
                total += (pending < 0 ? 1 : pending) * unit;
                pending = -1;
                seenUnit = true;
            }
            else
            {
                return null;
            }
        }

        return total + Math.Max(pending, 0);
    }

    /// <summary>
    /// A quantity with an optional fraction: "1.5", "１．５", "11000", "一点五", "二十五", "两" → its value; null when it is
    /// not a number (or too long to be one).
    /// </summary>
    public static decimal? ParseDecimal(string text)
    {
        text = text.Trim();
        if (text.Length is 0 or > 24)
        {
            return null;
        }

        var ascii = new string(text.Select(c => c switch
        {
            >= '０' and <= '９' => (char)('0' + (c - '０')),
            '．' => '.',
            _ => c,
        }).ToArray());
        if (ascii.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return ascii.Count(c => c == '.') <= 1 && ascii[0] != '.' && ascii[^1] != '.'
                && decimal.TryParse(ascii, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
        }

        var point = text.IndexOf('点');
        if (point < 0)
        {
            return Parse(text);
        }

        var whole = point == 0 ? null : Parse(text[..point]);
        var fraction = text[(point + 1)..];
        if (whole is null || fraction.Length == 0)
        {
            return null;
        }

        var digits = new System.Text.StringBuilder(fraction.Length);
        foreach (var c in fraction)
        {
            if (!Digits.TryGetValue(c, out var d) || c == '两')
            {
                return null;
            }

            digits.Append((char)('0' + d));
        }

        return decimal.Parse($"{whole}.{digits}", NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The text with white space removed and full-width digits, "．", "％" and "：" folded to ASCII, for matching;
    /// <paramref name="map"/>[i] is the index in <paramref name="text"/> of folded character i, so matches map back to
    /// the words as written (page breaks inside a phrase included).
    /// </summary>
    public static string Fold(string text, out int[] map)
    {
        var chars = new char[text.Length];
        var positions = new int[text.Length];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '\u200b' or '\u200c' or '\u200d' or '\ufeff')
            {
                continue;
            }

            chars[n] = c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '．' => '.',
                '％' => '%',
                '：' => ':',
                _ => c,
            };
            positions[n] = i;
            n++;
        }

        map = positions[..n];
        return new string(chars, 0, n);
    }

    /// <summary>A year spelt digit by digit ("二〇二三", "2023") → 2023; null otherwise.</summary>
    public static int? ParseYear(string text)
    {
        text = text.Trim();
        if (text.Length != 4)
        {
            return null;
        }

        var year = 0;
        foreach (var c in text)
        {
            int d;
            if (char.IsAsciiDigit(c))
            {
                d = c - '0';
            }
            else if (c is >= '０' and <= '９')
            {
                d = c - '０';
            }
            else if (!Digits.TryGetValue(c, out d) || c == '两')
            {
                return null;
            }

            year = year * 10 + d;
        }

        return year;
    }
}
