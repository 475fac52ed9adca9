using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceTracker.Web.Features.Notifications;

/// <summary>
/// The Chinese texts of notifications, from <c>templates/notifications.json</c> so they can be reworded without a
/// code change. Placeholders in braces: {institution} {circular} {clause} {period} {dueAt} {explanation} {days}.
/// </summary>
public sealed class MessageTemplates
{
    private readonly Dictionary<string, Template> templates;

    public MessageTemplates(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"缺少通知模板文件：{path}", path);
        }

        templates = JsonSerializer.Deserialize<Dictionary<string, Template>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"通知模板文件无法读取：{path}");
    }

    public (string Title, string Body) Render(string name, IReadOnlyDictionary<string, string> values)
    {
        if (!templates.TryGetValue(name, out var template))
        {
            throw new InvalidDataException($"通知模板文件中缺少“{name}”。");
        }

        return (Fill(template.Title, values), Fill(template.Body, values));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(text, (t, v) => t.Replace($"{{{v.Key}}}", v.Value, StringComparison.Ordinal));

    private sealed record Template([property: JsonRequired] string Title, [property: JsonRequired] string Body);
}
