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

        var total = 0;
        var pending = -1;
        foreach (var c in text)
        {
            if (Digits.TryGetValue(c, out var digit))
            {
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
            }
            else
            {
                return null;
            }
        }

        return total + Math.Max(pending, 0);
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
