namespace ComplianceTracker.Web.Domain;

/// <summary>An export too large to write during the request: written by a background job, kept in the database so any server can hand it out.</summary>
public class ExportJob
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string ParametersJson { get; set; }
    public required string UserId { get; set; }
    public ExportJobState State { get; set; }
    public int Percent { get; set; }
    public required string FileName { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public byte[]? Content { get; set; }
}

public enum ExportJobState
{
    Queued,
    Running,
    Done,
    Failed,
}
