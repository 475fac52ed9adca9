using System.Collections.Concurrent;
using System.Text;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>One post a group robot received: the path and query it was sent to, and the JSON body.</summary>
public sealed record RobotPost(string Path, string Query, JsonElement Body)
{
    public string Content => Body.GetProperty("text").GetProperty("content").GetString()!;
}

/// <summary>
/// A real HTTP listener on loopback standing in for 企业微信's and 钉钉's robot endpoints: it records every post
/// and answers as they do, <c>{"errcode":0,"errmsg":"ok"}</c>, or with the error <see cref="Refuse"/> sets.
/// </summary>
public sealed class RobotListener : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<RobotPost> posts = new();
    private readonly Task loop;
    private int refused;

    public RobotListener()
    {
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>While set, every post is answered with this errcode (45009 is 企业微信's "api freq out of limit").</summary>
    public int? Refuse { get; set; }

    /// <summary>How many posts were answered with <see cref="Refuse"/>.</summary>
    public int Refused => refused;

    public string UrlFor(string name) => $"http://127.0.0.1:{Port}/robot/{name}/send?key={name}-secret-key";

    public IReadOnlyList<RobotPost> Posts => posts.ToList();

    public IReadOnlyList<RobotPost> PostsTo(string name) => posts.Where(p => p.Path == $"/robot/{name}/send").ToList();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
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
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            var refuse = Refuse;
            if (refuse is not null)
            {
                Interlocked.Increment(ref refused);
            }
            else
            {
                posts.Enqueue(new RobotPost(context.Request.Url!.AbsolutePath, context.Request.Url.Query, JsonDocument.Parse(text).RootElement.Clone()));
            }

            var answer = Encoding.UTF8.GetBytes(refuse is { } code ? $"{{\"errcode\":{code},\"errmsg\":\"api freq out of limit\"}}" : "{\"errcode\":0,\"errmsg\":\"ok\"}");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}
