using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MetaRL.Tests.Serving;

public sealed class ServeApiTests(ServedRun run) : IClassFixture<ServedRun>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static async Task<string> NewSession(HttpClient client)
    {
        var response = await client.PostAsync("/v1/sessions", Json("{}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Act_feedback_and_counts_follow_one_another()
    {
        var (host, client) = await run.StartAsync();
        await using var hostScope = host;
        string id = await NewSession(client);
        for (int t = 0; t < 3; t++)
        {
            var act = await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0.01,0.2,-0.03,-0.3]}"));
            Assert.Equal(HttpStatusCode.OK, act.StatusCode);
            var body = JsonDocument.Parse(await act.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(t, body.GetProperty("step").GetInt64());
            Assert.Equal("v1", body.GetProperty("model_version").GetString());
            var probs = body.GetProperty("probs").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(2, probs.Length);
            Assert.Equal(1.0, probs.Sum(), 5);
            int action = body.GetProperty("action").GetInt32();
            Assert.Equal(Math.Log(probs[action]), body.GetProperty("log_prob").GetDouble(), 4);
            Assert.True(body.TryGetProperty("value", out _));
            var fb = await client.PostAsync($"/v1/sessions/{id}/feedback", Json("{\"reward\":1.5,\"terminated\":false,\"truncated\":false}"));
            Assert.Equal(HttpStatusCode.OK, fb.StatusCode);
        }
        var info = JsonDocument.Parse(await client.GetStringAsync($"/v1/sessions/{id}")).RootElement;
        Assert.Equal(3, info.GetProperty("steps").GetInt64());
        Assert.Equal(3, info.GetProperty("feedback").GetInt64());
    }

    [Fact]
    public async Task Explain_gives_integrated_gradients_of_a_logged_decision()
    {
        var (host, client) = await run.StartAsync();
        await using var hostScope = host;
        string id = await NewSession(client);
        await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0.01,0.2,-0.03,-0.3]}"));
        var e = JsonDocument.Parse(await client.GetStringAsync($"/v1/sessions/{id}/explain?step=0")).RootElement;
        Assert.Equal("integrated_gradients", e.GetProperty("method").GetString());
        Assert.Equal(["x", "x_dot", "theta", "theta_dot"], e.GetProperty("features").EnumerateArray().Select(f => f.GetString()!));
        var a = e.GetProperty("policy_attribution");
        double sum = a.GetProperty("values").EnumerateArray().Sum(v => v.GetDouble());
        // Completeness: the attributions add up to F(input) − F(baseline), up to the reported gap.
        Assert.Equal(a.GetProperty("at_input").GetDouble() - a.GetProperty("at_baseline").GetDouble(), sum, 3);
        Assert.InRange(a.GetProperty("completeness_gap").GetDouble(), 0, 0.01); // the share metarl explain reports, ≤ 1%
    }

    [Fact]
    public async Task Healthz_needs_no_token_and_everything_else_does()
    {
        var (host, _) = await run.StartAsync();
        await using var hostScope = host;
        using var anonymous = ServedRun.Client(host.Address, token: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        foreach (var path in new[] { "/metrics", "/openapi.json", "/v1/sessions/0123456789abcdef0123456789abcdef" })
        {
            var r = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task Metrics_and_openapi_describe_the_server()
    {
        var (host, client) = await run.StartAsync();
        await using var hostScope = host;
        string id = await NewSession(client);
        await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0,0,0,0]}"));
        await client.PostAsync($"/v1/sessions/{id}/feedback", Json("{\"reward\":1}"));
        string metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("metarl_requests_total{route=\"/v1/sessions/{id}/act\",status=\"200\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metarl_feedback_rows 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metarl_active_sessions 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metarl_model_version_info{version=\"v1\",algo=\"ppo\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metarl_request_seconds_bucket{le=\"+Inf\"}", metrics, StringComparison.Ordinal);
        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi.json")).RootElement.GetProperty("paths");
        foreach (var p in new[] { "/v1/sessions", "/v1/sessions/{id}/act", "/v1/sessions/{id}/feedback", "/v1/sessions/{id}", "/v1/sessions/{id}/explain", "/healthz", "/metrics" })
        {
            Assert.True(paths.TryGetProperty(p, out _), p);
        }
    }

    [Fact]
    public async Task Counts_survive_a_restart_and_steps_continue()
    {
        string store = "sqlite:" + Path.Combine(run.Root, $"{Guid.NewGuid():N}.db");
        string id;
        var (host, client) = await run.StartAsync(store);
        await using (host)
        {
            id = await NewSession(client);
            await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0,0,0,0]}"));
            await client.PostAsync($"/v1/sessions/{id}/feedback", Json("{\"reward\":1}"));
            await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0,0,0,0]}"));
        }
        (host, client) = await run.StartAsync(store);
        await using (host)
        {
            var info = JsonDocument.Parse(await client.GetStringAsync($"/v1/sessions/{id}")).RootElement;
            Assert.Equal(2, info.GetProperty("steps").GetInt64());
            Assert.Equal(1, info.GetProperty("feedback").GetInt64());
            // The newest decision (step 1) still awaits its feedback, and the next act is step 2.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/sessions/{id}/feedback", Json("{\"reward\":2}"))).StatusCode);
            var act = JsonDocument.Parse(await (await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0,0,0,0]}"))).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(2, act.GetProperty("step").GetInt64());
        }
    }

    [Fact]
    public async Task A_token_over_its_rate_gets_429()
    {
        var (host, client) = await run.StartAsync(rateLimit: 3);
        await using var hostScope = host;
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++) { codes.Add((await client.GetAsync("/v1/sessions/0123456789abcdef0123456789abcdef")).StatusCode); }
        Assert.Equal(HttpStatusCode.NotFound, codes[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
    }

    [Fact]
    public async Task A_full_session_table_refuses_new_sessions_with_503()
    {
        var (host, client) = await run.StartAsync(maxSessions: 2);
        await using var hostScope = host;
        await NewSession(client);
        await NewSession(client);
        var third = await client.PostAsync("/v1/sessions", Json("{}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Contains("session limit", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
