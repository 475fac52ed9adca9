using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace ComplianceTracker.Web.Pages.Shared;

/// <summary>Charts drawn on the server as SVG: no script, no CDN; each with a title for screen readers.</summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 56;
    private const int Bottom = 40;

    /// <summary>Vertical bars, one per label, scaled to the largest value (or to <paramref name="max"/>).</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<decimal> values, string unit, decimal? max = null)
    {
        var svg = Start(title);
        var top = Math.Max(max ?? (values.Count == 0 ? 1 : values.Max()), 1);
        var slot = (Width - Left - 10) / (double)Math.Max(1, values.Count);
        Axis(svg, top, unit);
        for (var i = 0; i < values.Count; i++)
        {
            var h = (double)(values[i] / top) * (Height - Bottom - 20);
            var x = Left + (i * slot) + (slot * 0.15);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:F1}\" y=\"{Height - Bottom - h:F1}\" width=\"{slot * 0.7:F1}\" height=\"{h:F1}\" fill=\"#1f4e79\"><title>{Escape(labels[i])}：{values[i]:0.##}{Escape(unit)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.35):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{Escape(Short(labels[i]))}</text>");
        }

        return End(svg);
    }

    /// <summary>One line per series over the same labels.</summary>
    public static IHtmlContent Lines(string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<decimal> Values)> series, string unit)
    {
        var svg = Start(title);
        var top = Math.Max(series.SelectMany(s => s.Values).DefaultIfEmpty(1).Max(), 1);
        Axis(svg, top, unit);
        string[] colours = ["#1f4e79", "#c05621", "#2f855a", "#6b46c1"];
        var step = (Width - Left - 20) / (double)Math.Max(1, labels.Count - 1);
        for (var s = 0; s < series.Count; s++)
        {
            var points = string.Join(" ", series[s].Values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{Left + (i * step):F1},{Height - Bottom - ((double)(v / top) * (Height - Bottom - 20)):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{colours[s % colours.Length]}\" stroke-width=\"2\" points=\"{points}\"><title>{Escape(series[s].Name)}</title></polyline>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 8}\" y=\"{16 + (s * 14)}\" font-size=\"11\" fill=\"{colours[s % colours.Length]}\">{Escape(series[s].Name)}</text>");
        }

        for (var i = 0; i < labels.Count; i += Math.Max(1, labels.Count / 8))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (i * step):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{Escape(Short(labels[i]))}</text>");
        }

        return End(svg);
    }

    /// <summary>
    /// A trend whose values may be missing or negative: one polyline per series (broken where a value is missing) scaled
    /// from the lowest value (or 0) to the highest. The first series gets a point per label, a hollow one on the axis
    /// where its value is missing, each with its label, value and <paramref name="notes"/> as a tooltip.
    /// </summary>
    public static IHtmlContent Trend(string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<decimal?> Values)> series, IReadOnlyList<string>? notes = null)
    {
        var svg = Start(title);
        var known = series.SelectMany(s => s.Values).OfType<decimal>().ToList();
        var low = Math.Min(0, known.DefaultIfEmpty(0).Min());
        var high = known.DefaultIfEmpty(1).Max();
        high = high > low ? high : low + 1;
        var plot = Height - Bottom - 20;
        double Y(decimal v) => Height - Bottom - ((double)((v - low) / (high - low)) * plot);
        var step = (Width - Left - 20) / (double)Math.Max(1, labels.Count - 1);
        double X(int i) => labels.Count == 1 ? Left + ((Width - Left - 20) / 2.0) : Left + (i * step);

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 5}\" y2=\"{Height - Bottom}\" stroke=\"#52606d\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"24\" font-size=\"10\" text-anchor=\"end\">{high:#,##0.##}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" font-size=\"10\" text-anchor=\"end\">{low:#,##0.##}</text>");
        if (low < 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"zero\" x1=\"{Left}\" y1=\"{Y(0):F1}\" x2=\"{Width - 5}\" y2=\"{Y(0):F1}\" stroke=\"#9aa5b1\" stroke-dasharray=\"2 3\"/>");
        }

        string[] colours = ["#1f4e79", "#c05621", "#2f855a", "#6b46c1"];
        for (var s = 0; s < series.Count; s++)
        {
            var colour = colours[s % colours.Length];
            var dash = s == 0 ? "" : " stroke-dasharray=\"6 4\"";
            var run = new List<string>();
            void Flush()
            {
                if (run.Count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"{string.Join(" ", run)}\"><title>{Escape(series[s].Name)}</title></polyline>");
                    run.Clear();
                }
            }

            for (var i = 0; i < series[s].Values.Count && i < labels.Count; i++)
            {
                if (series[s].Values[i] is { } v)
                {
                    run.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):F1},{Y(v):F1}"));
                }
                else
                {
                    Flush();
                }
            }

            Flush();
            if (s > 0)
            {
                // A short mark at each value, so that a single week (no line to draw) still shows the reference.
                for (var i = 0; i < series[s].Values.Count && i < labels.Count; i++)
                {
                    if (series[s].Values[i] is { } v)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"mark\" x1=\"{X(i) - 7:F1}\" y1=\"{Y(v):F1}\" x2=\"{X(i) + 7:F1}\" y2=\"{Y(v):F1}\" stroke=\"{colour}\" stroke-width=\"3\"><title>{Escape($"{labels[i]}：{series[s].Name} {v.ToString("#,##0.####", CultureInfo.InvariantCulture)}")}</title></line>");
                    }
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 8 + (s * 90)}\" y=\"14\" font-size=\"11\" fill=\"{colour}\">{(s == 0 ? "●" : "- -")} {Escape(series[s].Name)}</text>");
        }

        if (series.Count > 0)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                var value = i < series[0].Values.Count ? series[0].Values[i] : null;
                var note = notes is not null && i < notes.Count ? $"，{notes[i]}" : "";
                var tip = Escape($"{labels[i]}：{series[0].Name} {(value is { } v ? v.ToString("#,##0.####", CultureInfo.InvariantCulture) : "无数据")}{note}");
                if (value is { } y)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{X(i):F1}\" cy=\"{Y(y):F1}\" r=\"4\" fill=\"{colours[0]}\"><title>{tip}</title></circle>");
                }
                else
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point missing\" cx=\"{X(i):F1}\" cy=\"{Height - Bottom}\" r=\"4\" fill=\"#fff\" stroke=\"{colours[0]}\" stroke-width=\"2\"><title>{tip}</title></circle>");
                }
            }
        }

        for (var i = 0; i < labels.Count; i += Math.Max(1, labels.Count / 8))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{Escape(Short(labels[i]))}</text>");
        }

        return End(svg);
    }

    private static StringBuilder Start(string title) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{Escape(title)}\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>{Escape(title)}</title>");

    private static void Axis(StringBuilder svg, decimal top, string unit)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 5}\" y2=\"{Height - Bottom}\" stroke=\"#52606d\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"24\" font-size=\"10\" text-anchor=\"end\">{top:#,##0.##}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" font-size=\"10\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"12\" font-size=\"10\">{Escape(unit)}</text>");
    }

    private static IHtmlContent End(StringBuilder svg) => new HtmlString(svg.Append("</svg>").ToString());

    private static string Short(string label) => label.Length > 8 ? label[..8] : label;

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
