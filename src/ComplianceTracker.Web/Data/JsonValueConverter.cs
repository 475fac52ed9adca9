using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceTracker.Web.Data;

/// <summary>
/// Stores a small immutable record (a due rule, a target) as JSON text: portable across SQLite,
/// PostgreSQL and SQL Server, and readable in the database.
/// </summary>
public sealed class JsonValueConverter<T>() : ValueConverter<T?, string?>(
    v => v == null ? null : JsonSerializer.Serialize(v, Options),
    s => s == null ? default : JsonSerializer.Deserialize<T>(s, Options))
    where T : class
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Records compare by value, so equality of the serialized text is enough.</summary>
    public static ValueComparer<T?> Comparer { get; } = new(
        (a, b) => Equals(a, b),
        v => v == null ? 0 : v.GetHashCode(),
        v => v);
}
