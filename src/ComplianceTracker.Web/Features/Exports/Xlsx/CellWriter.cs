using System.Globalization;
using ComplianceTracker.Web.Infrastructure.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceTracker.Web.Features.Exports.Xlsx;

/// <summary>
/// Writes rows and cells with <see cref="OpenXmlWriter"/>, reusing one attribute list and prototype elements so that a
/// cell costs a few small strings. Text goes into inline strings (never a formula: no &lt;f&gt; is ever written),
/// numbers and dates into numeric values.
/// </summary>
internal sealed class CellWriter(OpenXmlWriter writer, StyleBook styles)
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private static readonly DateOnly OaEpoch = new(1899, 12, 30);

    private readonly Row rowElement = new();
    private readonly Cell cellElement = new();
    private readonly CellValue valueElement = new();
    private readonly InlineString inlineElement = new();
    private readonly Text textElement = new();
    private readonly List<OpenXmlAttribute> attributes = new(3);
    private readonly List<OpenXmlAttribute> preserve = [new("xml", "space", XmlNamespace, "preserve")];
    private readonly Dictionary<uint, string> styleTexts = [];

    public void StartRow(string rowNumber)
    {
        attributes.Clear();
        attributes.Add(new OpenXmlAttribute("r", string.Empty, rowNumber));
        writer.WriteStartElement(rowElement, attributes);
    }

    /// <summary>Writes the cell at <paramref name="reference"/>; with <paramref name="wrap"/>, a text wraps.</summary>
    public void Write(string reference, XCell cell, bool wrap = false)
    {
        uint TextStyle() => wrap ? styles.Wrapped(styles[cell.Style]) : styles[cell.Style];

        switch (cell.Value)
        {
            case null:
                return;
            case string text:
                WriteText(reference, TextStyle(), TemplateWriter.CleanText(text));
                return;
            case decimal number:
                WriteNumber(reference, styles[cell.Style], number.ToString(CultureInfo.InvariantCulture));
                return;
            case double number:
                WriteDouble(reference, styles[cell.Style], number);
                return;
            case float number:
                WriteDouble(reference, styles[cell.Style], number);
                return;
            case int or long or short or byte or sbyte or ushort or uint or ulong:
                WriteNumber(reference, styles[cell.Style], ((IFormattable)cell.Value).ToString(null, CultureInfo.InvariantCulture));
                return;
            case DateOnly date:
                WriteNumber(reference, styles.ForDate(cell.Style, false), (date.DayNumber - OaEpoch.DayNumber).ToString(CultureInfo.InvariantCulture));
                return;
            case DateTime moment:
                WriteDate(reference, cell.Style, moment);
                return;
            case DateTimeOffset moment:
                WriteDate(reference, cell.Style, moment.DateTime);
                return;
            case bool flag:
                WriteText(reference, styles[cell.Style], flag ? "是" : "否");
                return;
            default:
                WriteText(reference, TextStyle(), TemplateWriter.CleanText(Convert.ToString(cell.Value, CultureInfo.InvariantCulture) ?? ""));
                return;
        }
    }

    /// <summary>A text cell: inline string; an empty text leaves a styled cell without a value.</summary>
    public void WriteText(string reference, uint style, string text)
    {
        if (text.Length == 0)
        {
            StartCell(reference, style, null);
            writer.WriteEndElement();
            return;
        }

        if (ExcelText.NeedsQuotePrefix(text))
        {
            style = styles.WithQuotePrefix(style);
        }

        StartCell(reference, style, "inlineStr");
        writer.WriteStartElement(inlineElement);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text.Contains('\n')))
        {
            writer.WriteStartElement(textElement, preserve);
        }
        else
        {
            writer.WriteStartElement(textElement);
        }

        writer.WriteString(text);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void WriteDate(string reference, XStyle style, DateTime moment)
    {
        var withTime = moment.TimeOfDay != TimeSpan.Zero || style == XStyle.DateTime;
        WriteDouble(reference, styles.ForDate(style, withTime), moment.ToOADate());
    }

    /// <summary>NaN and infinities have no Excel value: no cell is written.</summary>
    private void WriteDouble(string reference, uint style, double number)
    {
        if (double.IsFinite(number))
        {
            WriteNumber(reference, style, number.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private void WriteNumber(string reference, uint style, string value)
    {
        StartCell(reference, style, null);
        writer.WriteStartElement(valueElement);
        writer.WriteString(value);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void StartCell(string reference, uint style, string? type)
    {
        attributes.Clear();
        attributes.Add(new OpenXmlAttribute("r", string.Empty, reference));
        if (style != 0)
        {
            if (!styleTexts.TryGetValue(style, out var styleText))
            {
                styleText = style.ToString(CultureInfo.InvariantCulture);
                styleTexts[style] = styleText;
            }

            attributes.Add(new OpenXmlAttribute("s", string.Empty, styleText));
        }

        if (type is not null)
        {
            attributes.Add(new OpenXmlAttribute("t", string.Empty, type));
        }

        writer.WriteStartElement(cellElement, attributes);
    }
}
