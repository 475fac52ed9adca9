using System.Collections.Concurrent;
using System.Text;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP listener on loopback standing in for an OpenTelemetry collector (OTLP over HTTP/protobuf): it keeps
/// every export's path and body. Protobuf keeps strings as UTF-8 bytes, so names of spans and metrics can be found in
/// a body without decoding it.
/// </summary>
public sealed class OtlpListener : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> exports = new();
    private readonly Task loop;

    public OtlpListener()
    {
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Waits (up to a minute) until an export to the path contains the text; fails the test otherwise.</summary>
    public async Task<byte[]> WaitForAsync(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var found = exports.FirstOrDefault(e => e.Path == path && e.Body.AsSpan().IndexOf(bytes) >= 0);
            if (found.Body is not null)
            {
                return found.Body;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"No OTLP export to {path} contained “{text}” within a minute; received: {string.Join(", ", exports.Select(e => $"{e.Path} ({e.Body.Length} bytes)"))}");
        return [];
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
