using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetaRL.Serving;

/// <summary>
/// The HTTP API (docs/serving.md): sessions, act, feedback, session counts, explain, health, metrics and the OpenAPI
/// document. Bodies are read by hand so that every malformed request gets a 400 (or 413) with a one-line message and
/// nothing of the server's insides.
/// </summary>
public static class ServeRoutes
{
    /// <summary>Maps the routes of <paramref name="server"/> onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app, ModelServer server, ServeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(metrics);
        app.MapOpenApi("/openapi.json");
        app.MapGet("/healthz", (HttpContext ctx, CancellationToken _) => Text(ctx, "ok\n", "text/plain")).WithSummary("Liveness; needs no token.");
        app.MapGet("/metrics", (HttpContext ctx, CancellationToken _) => Text(ctx, metrics.Render(server.Sessions.Count, server.ModelVersion, server.Model.Algo,
            server.Log.FeedbackCount(), server.Log.Written), "text/plain; version=0.0.4")).WithSummary("Prometheus metrics.");
        app.MapPost("/v1/sessions", (HttpContext ctx, CancellationToken _) => CreateSession(ctx, server))
            .Accepts<SessionRequest>("application/json").Produces<SessionCreated>(201).Produces<ErrorBody>(400).Produces<ErrorBody>(503)
            .WithSummary("Opens a session (a user or task).");
        app.MapPost("/v1/sessions/{id}/act", (HttpContext ctx, string id) => Act(ctx, server, id))
            .Accepts<ActRequest>("application/json").Produces<MetaRL.Client.ActResult>(200).Produces<ErrorBody>(400).Produces<ErrorBody>(404)
            .WithSummary("The policy's decision at an observation, logged before it is returned.");
        app.MapPost("/v1/sessions/{id}/feedback", (HttpContext ctx, string id) => Feedback(ctx, server, id))
            .Accepts<FeedbackRequest>("application/json").Produces<FeedbackAccepted>(200).Produces<ErrorBody>(400).Produces<ErrorBody>(404).Produces<ErrorBody>(409)
            .WithSummary("The reward of the session's newest decision (or of step), logged before it is acknowledged.");
        app.MapGet("/v1/sessions/{id}", (HttpContext ctx, string id) => GetSession(ctx, server, id))
            .Produces<MetaRL.Client.SessionSummary>(200).Produces<ErrorBody>(404).WithSummary("The session's counts, read from the log.");
        app.MapGet("/v1/sessions/{id}/explain", (HttpContext ctx, string id) => Explain(ctx, server, id))
            .Produces(200, contentType: "application/json").Produces<ErrorBody>(400).Produces<ErrorBody>(404)
            .WithSummary("The attributions of a logged decision (integrated gradients where the model has them).");
    }

    /// <summary>Writes an error body <c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static Task Error(HttpContext ctx, int status, string message, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ErrorBody(message), ServeJson.Default.ErrorBody, contentType: null, cancellation);
    }

    private static async Task CreateSession(HttpContext ctx, ModelServer server)
    {
        var (request, error) = await ReadAsync(ctx, ServeJson.Default.SessionRequest, allowEmpty: true).ConfigureAwait(false);
        if (error is not null) { await Error(ctx, error.Value.Status, error.Value.Message).ConfigureAwait(false); return; }
        string? task = null;
        if (request?.Task is { } t)
        {
            if (t.ValueKind != JsonValueKind.Object) { await Error(ctx, 400, "task must be a JSON object").ConfigureAwait(false); return; }
            task = t.GetRawText();
        }
        var session = await server.CreateAsync(task).ConfigureAwait(false);
        if (session is null) { await Error(ctx, 503, "the session limit is reached; retry later").ConfigureAwait(false); return; }
        ctx.Response.StatusCode = 201;
        await ctx.Response.WriteAsJsonAsync(new SessionCreated(session.Id, session.ModelVersion), ServeJson.Default.SessionCreated).ConfigureAwait(false);
    }

    private static async Task Act(HttpContext ctx, ModelServer server, string id)
    {
        var (request, error) = await ReadAsync(ctx, ServeJson.Default.ActRequest, allowEmpty: false).ConfigureAwait(false);
        if (error is not null) { await Error(ctx, error.Value.Status, error.Value.Message).ConfigureAwait(false); return; }
        var obs = request!.Obs;
        int d = server.Model.ObservationSize;
        if (obs is null) { await Error(ctx, 400, $"obs is required: an array of {d} numbers").ConfigureAwait(false); return; }
        if (obs.Length != d) { await Error(ctx, 400, $"obs has {obs.Length} values; {server.Model.Env} observations have {d}").ConfigureAwait(false); return; }
        for (int i = 0; i < d; i++)
        {
            if (!float.IsFinite(obs[i])) { await Error(ctx, 400, $"obs value {i + 1} is not a finite float32").ConfigureAwait(false); return; }
        }
        if (await FindAsync(ctx, server, id).ConfigureAwait(false) is not { } session) { return; }
        if (await server.ActAsync(session, obs).ConfigureAwait(false) is not var (decision, step))
        {
            await Error(ctx, 409, "the log already holds this session's next step; retry").ConfigureAwait(false);
            return;
        }
        ctx.Response.ContentType = "application/json; charset=utf-8";
        // the decision's object as the log stored it, with two more members before its closing brace
        var json = decision.Json;
        var body = ctx.Response.BodyWriter;
        body.Write(json.AsSpan(0, json.Length - 1));
        body.Write(","u8);
        using (var w = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true })) // members outside an object
        {
            w.WriteString("model_version", session.ModelVersion);
            w.WriteNumber("step", step);
        }
        body.Write("}"u8);
        await body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task Feedback(HttpContext ctx, ModelServer server, string id)
    {
        var (request, error) = await ReadAsync(ctx, ServeJson.Default.FeedbackRequest, allowEmpty: false).ConfigureAwait(false);
        if (error is not null) { await Error(ctx, error.Value.Status, error.Value.Message).ConfigureAwait(false); return; }
        if (request!.Reward is not { } reward) { await Error(ctx, 400, "reward is required: a number").ConfigureAwait(false); return; }
        if (!double.IsFinite(reward)) { await Error(ctx, 400, "reward must be a finite number").ConfigureAwait(false); return; }
        if (await FindAsync(ctx, server, id).ConfigureAwait(false) is not { } session) { return; }
        var (outcome, answered) = await server.FeedbackAsync(session, request.Step, reward, request.Terminated, request.Truncated).ConfigureAwait(false);
        switch (outcome)
        {
            case FeedbackOutcome.NoDecision: await Error(ctx, 409, "the session has no decision to answer yet; act first").ConfigureAwait(false); return;
            case FeedbackOutcome.UnknownStep: await Error(ctx, 404, $"step {request.Step} names no decision of this session").ConfigureAwait(false); return;
            case FeedbackOutcome.Duplicate: await Error(ctx, 409, "that decision has its feedback already").ConfigureAwait(false); return;
        }
        await ctx.Response.WriteAsJsonAsync(new FeedbackAccepted(answered), ServeJson.Default.FeedbackAccepted).ConfigureAwait(false);
    }

    /// <summary>The session <paramref name="id"/>, or null with the response written: 404 when unknown, 503 when the log
    /// knows it but the table is full of sessions in use.</summary>
    private static async Task<Session?> FindAsync(HttpContext ctx, ModelServer server, string id)
    {
        Session? session;
        try { session = server.Find(id); }
        catch (SessionLimitException ex)
        {
            await Error(ctx, 503, ex.Message).ConfigureAwait(false);
            return null;
        }
        if (session is null) { await Error(ctx, 404, "unknown session").ConfigureAwait(false); }
        return session;
    }

    private static Task GetSession(HttpContext ctx, ModelServer server, string id)
    {
        var counts = ModelServer.IsSessionId(id) ? server.Log.Counts(id) : null;
        return counts is null ? Error(ctx, 404, "unknown session")
            : ctx.Response.WriteAsJsonAsync(new MetaRL.Client.SessionSummary(id, counts.Steps, counts.Feedback, counts.ModelVersion), ServeJson.Default.SessionSummary);
    }

    private static Task Explain(HttpContext ctx, ModelServer server, string id)
    {
        if (!long.TryParse(ctx.Request.Query["step"], NumberStyles.None, CultureInfo.InvariantCulture, out long step))
        {
            return Error(ctx, 400, "step is required: ?step=N, a decision's step (0, 1, …)");
        }
        if (!ModelServer.IsSessionId(id) || server.Log.Decision(id, step) is not { } logged) { return Error(ctx, 404, "unknown session or step"); }
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(DecisionExplanationJson.Write(server.Model, logged));
    }

    private static Task Text(HttpContext ctx, string text, string contentType)
    {
        ctx.Response.ContentType = contentType;
        return ctx.Response.WriteAsync(text);
    }

    /// <summary>Reads a JSON body of type <typeparamref name="T"/>: (value, null), or (null, the status and message to
    /// answer with).</summary>
    private static async Task<(T? Value, (int Status, string Message)? Error)> ReadAsync<T>(HttpContext ctx, JsonTypeInfo<T> info, bool allowEmpty)
        where T : class
    {
        var type = ctx.Request.ContentType;
        if (type is not null && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, (415, "the body must be JSON (Content-Type: application/json)"));
        }
        var body = ctx.Request.BodyReader;
        try
        {
            // the whole body from the pipe, parsed where it lies (Kestrel refuses one over --max-body with 413)
            ReadResult read;
            while (!(read = await body.ReadAsync(ctx.RequestAborted).ConfigureAwait(false)).IsCompleted)
            {
                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
            try
            {
                if (read.Buffer.IsEmpty) { return allowEmpty ? (null, null) : (null, (400, "the body is empty; send a JSON object")); }
                var reader = new Utf8JsonReader(read.Buffer, new JsonReaderOptions { MaxDepth = 32 });
                var value = JsonSerializer.Deserialize(ref reader, info);
                if (value is not null && reader.Read()) { throw new JsonException("trailing data after the JSON object"); }
                return value is null ? (null, (400, "the body must be a JSON object")) : (value, null);
            }
            finally { body.AdvanceTo(read.Buffer.End); }
        }
        catch (JsonException ex)
        {
            return (null, (400, $"malformed JSON{Where(ex)}: {Reason(ex)}"));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, (ex.StatusCode, ex.StatusCode == 413 ? "the body is larger than the server accepts" : "the body could not be read"));
        }
    }

    /// <summary>Where the JSON went wrong, as the reader says (line and byte): no internal detail.</summary>
    private static string Where(JsonException ex) => ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";

    /// <summary>A one-line reason from the property path: which member had the wrong type or was unknown.</summary>
    private static string Reason(JsonException ex) => ex.Path is { Length: > 1 } path ? $"unexpected or ill-typed value at {path}" : "not a valid JSON object of the expected shape";
}
