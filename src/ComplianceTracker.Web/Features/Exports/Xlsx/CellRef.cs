using System.Globalization;

namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>A cell position (1-based), parsed from <c>A1</c>, <c>$A$1</c> or the first cell of a defined name's formula.</summary>
internal readonly record struct CellRef(int Column, int Row)
{
    public override string ToString() => TemplateWriter.ColumnLetters(Column) + Row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>A1</c> or <c>$A$1</c>; false for anything else (ranges, whole rows or columns, #REF!).</summary>
    public static bool TryParse(string? text, out CellRef cell)
    {
        cell = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var i = 0;
        if (i < text.Length && text[i] == '$')
        {
            i++;
        }

        var column = 0;
        var letters = 0;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            column = (column * 26) + (char.ToUpperInvariant(text[i]) - 'A' + 1);
            letters++;
            i++;
        }

        if (letters is 0 or > 3 || column > TemplateWriter.MaxColumns)
        {
            return false;
        }

        if (i < text.Length && text[i] == '$')
        {
            i++;
        }

        if (i == text.Length || !int.TryParse(text.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row)
            || row < 1 || row > TemplateWriter.MaxRows)
        {
            return false;
        }

        cell = new CellRef(column, row);
        return true;
    }

    /// <summary>
    /// Splits a defined name's formula (<c>'周报汇总'!$A$1</c>, <c>样式!$B$3:$C$3</c>) into its sheet name (null when
    /// the formula has none) and the first cell of its first area. False for anything else (constants, #REF!, whole
    /// rows or columns).
    /// </summary>
    public static bool TryParseFormula(string? formula, out string? sheet, out CellRef first)
    {
        sheet = null;
        first = default;
        if (string.IsNullOrWhiteSpace(formula))
        {
            return false;
        }

        var text = formula.Trim();
        if (text.StartsWith('='))
        {
            text = text[1..];
        }

        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0 && !text.StartsWith('\''))
        {
            text = text[..comma];
        }

        if (!TrySplitSheet(text, out sheet, out var reference))
        {
            return false;
        }

        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        return TryParse(colon >= 0 ? reference[..colon] : reference, out first);
    }

    /// <summary>The sheet a defined name's formula refers to, or null.</summary>
    public static string? SheetOf(string? formula) =>
        formula is not null && TrySplitSheet(formula.Trim().TrimStart('='), out var sheet, out _) ? sheet : null;

    private static bool TrySplitSheet(string text, out string? sheet, out string reference)
    {
        sheet = null;
        reference = text;
        if (text.StartsWith('\''))
        {
            var name = new System.Text.StringBuilder();
            var i = 1;
            while (i < text.Length)
            {
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        name.Append('\'');
                        i += 2;
                        continue;
                    }

                    break;
                }

                name.Append(text[i++]);
            }

            if (i + 1 >= text.Length || text[i + 1] != '!')
            {
                return false;
            }

            sheet = name.ToString();
            reference = text[(i + 2)..];
            var comma = reference.IndexOf(',', StringComparison.Ordinal);
            if (comma >= 0)
            {
                reference = reference[..comma];
            }

            return true;
        }

        var bang = text.LastIndexOf('!');
        if (bang >= 0)
        {
            sheet = text[..bang];
            reference = text[(bang + 1)..];
        }

        return true;
    }

    /// <summary>The last row of a range reference such as <c>A1:J1</c> (or of a single cell).</summary>
    public static bool TryParseRange(string? text, out CellRef first, out CellRef last)
    {
        first = last = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return TryParse(text, out first) && TryParse(text, out last);
        }

        return TryParse(text[..colon], out first) && TryParse(text[(colon + 1)..], out last);
    }
}
