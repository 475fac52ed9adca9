using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Infrastructure.Excel;

/// <summary>Text helpers for the form workbook: column widths without GDI+, number formats, safe text, lenient number parsing.</summary>
internal static partial class ExcelText
{
    /// <summary>Approximate width in Excel character units: CJK and other wide characters count double.</summary>
    public static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += IsWide(rune.Value) ? 2 : 1;
        }

        return width;
    }

    private static bool IsWide(int c) =>
        c >= 0x1100 && !(c >= 0xFF61 && c <= 0xFFDC) && !(c >= 0xFFE8 && c <= 0xFFEE);

    /// <summary>Excel number format for a number of decimals: <c>#,##0</c>, <c>#,##0.00</c>, ….</summary>
    public static string NumberFormat(int decimals) => decimals == 0 ? "#,##0" : "#,##0." + new string('0', decimals);

    /// <summary>How the number format displays a value, for computing column widths.</summary>
    public static string Display(decimal value, int decimals) =>
        value.ToString(NumberFormat(decimals), CultureInfo.InvariantCulture);

    /// <summary>
    /// Text that Excel, WPS or a later CSV export could take for a formula (starts with = + - @) gets Excel's quote
    /// prefix: the cell shows the text as is and stays text when edited.
    /// </summary>
    public static bool NeedsQuotePrefix(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@';

    /// <summary>
    /// Parses text a reporter typed into a number cell that Excel or WPS kept as text. Accepted: optional sign,
    /// digits with optional thousands separators in groups of three, optional decimal part; full-width digits and
    /// punctuation (１２，３４５．６) and surrounding spaces are normalised first. A trailing % is accepted only
    /// when <paramref name="allowPercent"/> (the indicator's unit is %), and means the number itself (12.5% → 12.5).
    /// Everything else (units, words, Chinese numerals, scientific notation, brackets) is refused.
    /// </summary>
    public static bool TryParsePlainNumber(string text, bool allowPercent, out decimal value)
    {
        value = 0;
        var normalised = text.Normalize(NormalizationForm.FormKC).Replace('\u2212', '-').Trim();
        if (allowPercent && normalised.EndsWith('%'))
        {
            normalised = normalised[..^1].TrimEnd();
        }

        if (!PlainNumber().IsMatch(normalised))
        {
            return false;
        }

        return decimal.TryParse(
            normalised,
            NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture,
            out value);
    }

    /// <summary>Shortens what a reporter typed for quoting in a message.</summary>
    public static string Quote(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= 30 ? oneLine : oneLine[..30] + "…";
    }

    [GeneratedRegex(@"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
