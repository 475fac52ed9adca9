using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>One validation finding as the API shows it.</summary>
/// <param name="RuleCode">The form rule's code; null for a built-in check.</param>
/// <param name="IndicatorCode">The figure the finding belongs beside.</param>
/// <param name="Severity">An error blocks submitting; a warning needs a comment.</param>
/// <param name="Message">What to fix, in Chinese.</param>
/// <param name="ExemptionKey">What a 例外校验许可 names to let this finding pass (<c>R03</c>, <c>UNIT_SLIP:LOAN_BAL</c>); null when none may.</param>
public sealed record FindingDto(string? RuleCode, string? IndicatorCode, RuleSeverity Severity, string Message, string? ExemptionKey = null);

public sealed record SubmissionView
{
    public string FormCode { get; init; } = "";
    public string PeriodKey { get; init; } = "";
    public string InstitutionCode { get; init; } = "";
    public SubmissionStatus Status { get; init; }
    public int Revision { get; init; }
    public Dictionary<string, decimal?> Values { get; init; } = [];
    public Dictionary<string, string> Comments { get; init; } = [];
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? FirstSubmittedAt { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ReturnReason { get; init; }

    /// <summary>报送说明: what the filler wrote for the head and the supervisor when last submitting.</summary>
    public string? SubmitNote { get; init; }

    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset LockAt { get; init; }
    public bool IsLocked { get; init; }
    public bool IsLate { get; init; }
    public List<FindingDto> Validation { get; init; } = [];
}

public sealed record SubmissionEventView(SubmissionStatus From, SubmissionStatus To, int Revision, DateTimeOffset At, string By, string? Reason);

public sealed record RevisionView(int Number, DateTimeOffset CreatedAt, string CreatedBy, RevisionSource Source, Dictionary<string, decimal?> Values, Dictionary<string, string> Comments);

/// <summary>How figures and comments are kept as JSON text (portable across the three databases).</summary>
public static class SubmissionJson
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, JsonValueConverter<object>.Options);

    public static Dictionary<string, decimal?> Values(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, decimal?>>(json, JsonValueConverter<object>.Options) ?? [];

    /// <summary>
    /// The figures of the indicators in <paramref name="positions"/> (code → index), written at their index in
    /// <paramref name="into"/>; the others are skipped and an indicator the text lacks leaves its slot as it was. The
    /// same values <see cref="Values"/> gives (numbers, numbers written as text, null), read straight from the text
    /// without building a dictionary: for pages and exports that read thousands of submissions.
    /// </summary>
    public static void ReadValues(string json, Dictionary<string, int> positions, Span<decimal?> into)
    {
        var lookup = positions.GetAlternateLookup<ReadOnlySpan<char>>();
        var size = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var reader = new Utf8JsonReader(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)));
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Figures are kept as one JSON object.");
            }

            Span<char> name = stackalloc char[128];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var length = reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length ? -1 : Encoding.UTF8.GetChars(reader.ValueSpan, name);
                var found = length >= 0 ? lookup.TryGetValue(name[..length], out var index) : positions.TryGetValue(reader.GetString()!, out index);
                reader.Read();
                if (!found)
                {
                    reader.Skip();
                    continue;
                }

                into[index] = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.Number => reader.GetDecimal(),
                    JsonTokenType.String => decimal.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                    _ => throw new JsonException("A figure is neither a number nor null."),
                };
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static Dictionary<string, string> Comments(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonValueConverter<object>.Options) ?? [];
}
