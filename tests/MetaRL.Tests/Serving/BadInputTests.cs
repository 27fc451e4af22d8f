using System.Net;
using System.Text;
using MetaRL.Serving;

namespace MetaRL.Tests.Serving;

/// <summary>One served run and host shared by the bad-input cases.</summary>
public sealed class BadInputServer : IAsyncLifetime
{
    private readonly ServedRun _run = new();

    public ServeHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string RunRoot => _run.Root;

    public async Task InitializeAsync() => (Host, Client) = await _run.StartAsync();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _run.Dispose();
    }
}

/// <summary>
/// Malformed requests, each answered with its status code and a body that names nothing of the server's insides: no
/// stack trace, no exception type, no file path.
/// </summary>
public sealed class BadInputTests(BadInputServer server) : IClassFixture<BadInputServer>
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";
    private const string Obs = "{\"obs\":[0,0,0,0]}";

    public static TheoryData<string, string, string, string?, string?, int> Cases()
    {
        string deep = new string('[', 200) + new string(']', 200);
        string big = "{\"obs\":[" + string.Join(',', Enumerable.Repeat("0.000000000001", 6000)) + "]}";
        const string json = "application/json";
        const string ok = ServedRun.Token;
        return new TheoryData<string, string, string, string?, string?, int>
        {
            // name, method + path ({sid}: a fresh session; {acted}: a session with one decision), body, content type, token, status
            { "session: truncated JSON", "POST /v1/sessions", "{", json, ok, 400 },
            { "session: an array", "POST /v1/sessions", "[]", json, ok, 400 },
            { "session: task not an object", "POST /v1/sessions", "{\"task\":5}", json, ok, 400 },
            { "session: unknown member", "POST /v1/sessions", "{\"user\":1}", json, ok, 400 },
            { "session: text/plain", "POST /v1/sessions", "{}", "text/plain", ok, 415 },
            { "act: empty body", "POST /v1/sessions/{sid}/act", "", json, ok, 400 },
            { "act: truncated JSON", "POST /v1/sessions/{sid}/act", "{\"obs\":[0,0", json, ok, 400 },
            { "act: too few values", "POST /v1/sessions/{sid}/act", "{\"obs\":[1,2,3]}", json, ok, 400 },
            { "act: too many values", "POST /v1/sessions/{sid}/act", "{\"obs\":[1,2,3,4,5]}", json, ok, 400 },
            { "act: no values", "POST /v1/sessions/{sid}/act", "{\"obs\":[]}", json, ok, 400 },
            { "act: NaN", "POST /v1/sessions/{sid}/act", "{\"obs\":[NaN,0,0,0]}", json, ok, 400 },
            { "act: Infinity", "POST /v1/sessions/{sid}/act", "{\"obs\":[Infinity,0,0,0]}", json, ok, 400 },
            { "act: NaN as a string", "POST /v1/sessions/{sid}/act", "{\"obs\":[\"NaN\",0,0,0]}", json, ok, 400 },
            { "act: beyond float32", "POST /v1/sessions/{sid}/act", "{\"obs\":[1e39,0,0,0]}", json, ok, 400 },
            { "act: a string value", "POST /v1/sessions/{sid}/act", "{\"obs\":[\"a\",0,0,0]}", json, ok, 400 },
            { "act: obs null", "POST /v1/sessions/{sid}/act", "{\"obs\":null}", json, ok, 400 },
            { "act: no obs", "POST /v1/sessions/{sid}/act", "{}", json, ok, 400 },
            { "act: unknown member", "POST /v1/sessions/{sid}/act", "{\"obs\":[0,0,0,0],\"extra\":1}", json, ok, 400 },
            { "act: JSON null", "POST /v1/sessions/{sid}/act", "null", json, ok, 400 },
            { "act: a bare array", "POST /v1/sessions/{sid}/act", "[0,0,0,0]", json, ok, 400 },
            { "act: a second object after the first", "POST /v1/sessions/{sid}/act", "{\"obs\":[0,0,0,0]} {}", json, ok, 400 },
            { "act: garbage after the object", "POST /v1/sessions/{sid}/act", "{\"obs\":[0,0,0,0]}x", json, ok, 400 },
            { "act: obs an object", "POST /v1/sessions/{sid}/act", "{\"obs\":{\"x\":1}}", json, ok, 400 },
            { "act: nested 200 deep", "POST /v1/sessions/{sid}/act", "{\"obs\":" + deep + "}", json, ok, 400 },
            { "act: invalid UTF-8", "POST /v1/sessions/{sid}/act", "{\"obs\":[0,0,0,0],\"\u00ff\":1}", json, ok, 400 },
            { "act: text/plain", "POST /v1/sessions/{sid}/act", Obs, "text/plain", ok, 415 },
            { "act: unknown session", $"POST /v1/sessions/{Unknown}/act", Obs, json, ok, 404 },
            { "act: path-like session id", "POST /v1/sessions/..%2F..%2Fetc%2Fpasswd/act", Obs, json, ok, 404 },
            { "act: overlong session id", $"POST /v1/sessions/{Unknown}{Unknown}/act", Obs, json, ok, 404 },
            { "act: body over 64 KiB", "POST /v1/sessions/{sid}/act", big, json, ok, 413 },
            { "act: no token", "POST /v1/sessions/{sid}/act", Obs, json, null, 401 },
            { "act: wrong token", "POST /v1/sessions/{sid}/act", Obs, json, "not-the-token-0123456789", 401 },
            { "act: token with a prefix", "POST /v1/sessions/{sid}/act", Obs, json, "x" + ok, 401 },
            { "feedback: reward a string", "POST /v1/sessions/{acted}/feedback", "{\"reward\":\"x\"}", json, ok, 400 },
            { "feedback: no reward", "POST /v1/sessions/{acted}/feedback", "{\"terminated\":true}", json, ok, 400 },
            { "feedback: NaN reward", "POST /v1/sessions/{acted}/feedback", "{\"reward\":NaN}", json, ok, 400 },
            { "feedback: reward beyond double", "POST /v1/sessions/{acted}/feedback", "{\"reward\":1e400}", json, ok, 400 },
            { "feedback: terminated a string", "POST /v1/sessions/{acted}/feedback", "{\"reward\":1,\"terminated\":\"yes\"}", json, ok, 400 },
            { "feedback: before any decision", "POST /v1/sessions/{sid}/feedback", "{\"reward\":1}", json, ok, 409 },
            { "feedback: a step never taken", "POST /v1/sessions/{acted}/feedback", "{\"reward\":1,\"step\":99}", json, ok, 404 },
            { "feedback: a negative step", "POST /v1/sessions/{acted}/feedback", "{\"reward\":1,\"step\":-1}", json, ok, 404 },
            { "feedback: unknown session", $"POST /v1/sessions/{Unknown}/feedback", "{\"reward\":1}", json, ok, 404 },
            { "explain: no step", "GET /v1/sessions/{acted}/explain", "", null, ok, 400 },
            { "explain: negative step", "GET /v1/sessions/{acted}/explain?step=-1", "", null, ok, 400 },
            { "explain: step not a number", "GET /v1/sessions/{acted}/explain?step=abc", "", null, ok, 400 },
            { "explain: step never taken", "GET /v1/sessions/{acted}/explain?step=5", "", null, ok, 404 },
            { "get: unknown session", $"GET /v1/sessions/{Unknown}", "", null, ok, 404 },
            { "get: unknown route", "GET /v2/anything", "", null, ok, 404 },
            { "get: wrong method", "GET /v1/sessions/{sid}/act", "", null, ok, 405 },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_request_gets_its_status_and_leaks_nothing(string name, string route, string body, string? contentType, string? token, int status)
    {
        var client = ServedRun.Client(server.Host.Address, token);
        var parts = route.Split(' ');
        string path = parts[1];
        if (path.Contains("{sid}", StringComparison.Ordinal)) { path = path.Replace("{sid}", await ServeApiTests.NewSession(server.Client), StringComparison.Ordinal); }
        if (path.Contains("{acted}", StringComparison.Ordinal))
        {
            string id = await ServeApiTests.NewSession(server.Client);
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync($"/v1/sessions/{id}/act", new StringContent(Obs, Encoding.UTF8, "application/json"))).StatusCode);
            path = path.Replace("{acted}", id, StringComparison.Ordinal);
        }
        using var request = new HttpRequestMessage(new HttpMethod(parts[0]), path);
        if (parts[0] == "POST")
        {
            request.Content = new ByteArrayContent(body.Contains('\u00ff', StringComparison.Ordinal) ? InvalidUtf8(body) : Encoding.UTF8.GetBytes(body));
            if (contentType is not null) { request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType); }
        }
        var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        foreach (var leak in new[] { "   at ", "Exception", "MetaRL.", "System.", ".cs", "/tmp", "/work", server.RunRoot, "stack" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_same_feedback_twice_is_refused_not_duplicated()
    {
        string id = await ServeApiTests.NewSession(server.Client);
        await server.Client.PostAsync($"/v1/sessions/{id}/act", new StringContent(Obs, Encoding.UTF8, "application/json"));
        var first = await server.Client.PostAsync($"/v1/sessions/{id}/feedback", new StringContent("{\"reward\":1}", Encoding.UTF8, "application/json"));
        var second = await server.Client.PostAsync($"/v1/sessions/{id}/feedback", new StringContent("{\"reward\":1,\"step\":0}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, server.Host.Server.Log.Counts(id)!.Feedback);
    }

    /// <summary>The body's UTF-8 with the marker character replaced by a lone continuation byte (not valid UTF-8).</summary>
    private static byte[] InvalidUtf8(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.Replace("\u00ff", "", StringComparison.Ordinal)).ToList();
        int at = body.IndexOf('\u00ff', StringComparison.Ordinal);
        bytes.Insert(at, 0x80);
        return [.. bytes];
    }
}
