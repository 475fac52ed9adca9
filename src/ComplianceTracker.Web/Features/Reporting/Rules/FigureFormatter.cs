using System.Globalization;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>Figures in messages: thousands separators, a fixed number of decimals, the unit after ("1,200.00万元").</summary>
internal static class FigureFormatter
{
    private const int MaxDecimals = 10;

    public static string Format(decimal value, int decimals, string? unit)
    {
        decimals = Math.Clamp(decimals, 0, MaxDecimals);
        var rounded = decimal.Round(value, decimals, MidpointRounding.AwayFromZero);
        var number = rounded.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return number + (unit?.Trim() ?? string.Empty);
    }

    /// <summary>
    /// A figure as the reporter entered it: at least <paramref name="decimals"/> decimals, more when the value has
    /// more, so that a message never hides the digits it complains about.
    /// </summary>
    public static string FormatAsEntered(decimal value, int decimals, string? unit) =>
        Format(value, Math.Max(decimals, SignificantDecimals(value)), unit);

    /// <summary>Decimals without trailing zeros: 1.50 has 1, 3.000 has 0.</summary>
    public static int SignificantDecimals(decimal value)
    {
        var scale = (int)value.Scale;
        while (scale > 0 && decimal.Round(value, scale - 1) == value)
        {
            scale--;
        }

        return scale;
    }
}
