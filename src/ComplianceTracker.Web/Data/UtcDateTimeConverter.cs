using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceTracker.Web.Data;

/// <summary>Writes instants as UTC and marks them UTC when read, whatever the provider returns.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
