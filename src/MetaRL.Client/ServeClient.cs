using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaRL.Client;

/// <summary>
/// A client of <c>metarl serve</c> (docs/serving.md): opens sessions, asks for actions, reports feedback and reads a
/// session's counts, with the bearer token on every call. An answer other than 2xx raises <see cref="ServeException"/>
/// with the status and the server's one-line message.
/// </summary>
public sealed class ServeClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client of the server at <paramref name="address"/> (e.g. <c>http://127.0.0.1:8080/</c>).</summary>
    /// <param name="address">The server's base address.</param>
    /// <param name="token">The bearer token (<c>METARL_SERVE_TOKEN</c>, or the one the server printed).</param>
    /// <param name="handler">The HTTP handler; null for a default one.</param>
    public ServeClient(Uri address, string token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = address;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Opens a session; <paramref name="task"/> (any JSON object) describes the user or task. Returns its id.</summary>
    public async Task<string> CreateSessionAsync(object? task = null, CancellationToken cancellation = default)
    {
        using var body = JsonContent.Create(task is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["task"] = task });
        var created = await SendAsync<SessionCreatedBody>(HttpMethod.Post, "v1/sessions", body, cancellation).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>The served policy's decision at <paramref name="observation"/> in <paramref name="session"/>.</summary>
    public async Task<ActResult> ActAsync(string session, IReadOnlyList<float> observation, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        using var body = JsonContent.Create(new ActBody(observation)); // disposed only once the request has been sent
        return await SendAsync<ActResult>(HttpMethod.Post, $"v1/sessions/{Uri.EscapeDataString(session)}/act", body, cancellation).ConfigureAwait(false);
    }

    /// <summary>Reports the reward of the session's newest decision (or of <paramref name="step"/>).</summary>
    public async Task FeedbackAsync(string session, double reward, bool terminated = false, bool truncated = false, long? step = null, CancellationToken cancellation = default)
    {
        using var body = JsonContent.Create(new FeedbackBody(reward, terminated, truncated, step));
        await SendAsync<JsonElement>(HttpMethod.Post, $"v1/sessions/{Uri.EscapeDataString(session)}/feedback", body, cancellation).ConfigureAwait(false);
    }

    /// <summary>The session's counts as the server's log holds them.</summary>
    public Task<SessionSummary> GetSessionAsync(string session, CancellationToken cancellation = default) =>
        SendAsync<SessionSummary>(HttpMethod.Get, $"v1/sessions/{Uri.EscapeDataString(session)}", null, cancellation);

    /// <summary>True when <c>/healthz</c> answers 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellation = default)
    {
        try
        {
            using var r = await _http.GetAsync(new Uri("healthz", UriKind.Relative), cancellation).ConfigureAwait(false);
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body };
        using var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string message = response.ReasonPhrase ?? "error";
            try
            {
                var error = await response.Content.ReadFromJsonAsync<ErrorBody>(cancellation).ConfigureAwait(false);
                if (error?.Error is { } e) { message = e; }
            }
            catch (JsonException) { }
            catch (NotSupportedException) { }
            throw new ServeException((int)response.StatusCode, message);
        }
        return (await response.Content.ReadFromJsonAsync<T>(cancellation).ConfigureAwait(false))!;
    }

    private sealed record SessionCreatedBody([property: JsonPropertyName("id")] string Id);

    private sealed record ActBody([property: JsonPropertyName("obs")] IReadOnlyList<float> Obs);

    private sealed record FeedbackBody(
        [property: JsonPropertyName("reward")] double Reward,
        [property: JsonPropertyName("terminated")] bool Terminated,
        [property: JsonPropertyName("truncated")] bool Truncated,
        [property: JsonPropertyName("step"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Step);

    private sealed record ErrorBody([property: JsonPropertyName("error")] string? Error);
}

/// <summary>A decision of the served policy.</summary>
/// <param name="Action">The action: an integer (a class index) or an array of floats.</param>
/// <param name="Probs">Action probabilities (a categorical policy).</param>
/// <param name="Mean">Action mean (a Gaussian policy).</param>
/// <param name="Std">Action standard deviation (a Gaussian policy).</param>
/// <param name="Value">The critic's value, when the policy has one.</param>
/// <param name="LogProb">The log-probability (or log-density) of the action.</param>
/// <param name="ModelVersion">The model version that decided.</param>
/// <param name="Step">The decision's step in its session.</param>
public sealed record ActResult(
    [property: JsonPropertyName("action")] JsonElement Action,
    [property: JsonPropertyName("probs")] double[]? Probs,
    [property: JsonPropertyName("mean")] double[]? Mean,
    [property: JsonPropertyName("std")] double[]? Std,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("log_prob")] double LogProb,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("step")] long Step)
{
    /// <summary>The action as a class index (a categorical policy).</summary>
    public int DiscreteAction => Action.GetInt32();

    /// <summary>The action as a vector (a Gaussian policy).</summary>
    public float[] ContinuousAction => [.. Action.EnumerateArray().Select(a => a.GetSingle())];
}

/// <summary>A session's counts.</summary>
public sealed record SessionSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("feedback")] long Feedback,
    [property: JsonPropertyName("model_version")] string ModelVersion);

/// <summary>The server answered with an error status.</summary>
public sealed class ServeException : Exception
{
    public ServeException(int status, string message) : base($"{status}: {message}") => Status = status;

    public ServeException() { }

    public ServeException(string message) : base(message) { }

    public ServeException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }
}
