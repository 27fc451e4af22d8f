using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaRL.Serving;

/// <summary><c>POST /v1/sessions</c>: <c>{}</c>, or <c>{"task": {…}}</c> describing the user or task.</summary>
public sealed class SessionRequest
{
    [JsonPropertyName("task")]
    public JsonElement? Task { get; set; }
}

/// <summary><c>POST /v1/sessions/{id}/act</c>: the observation.</summary>
public sealed class ActRequest
{
    [JsonPropertyName("obs")]
    public float[]? Obs { get; set; }
}

/// <summary><c>POST /v1/sessions/{id}/feedback</c>: the outcome of the session's newest decision (or of <c>step</c>).</summary>
public sealed class FeedbackRequest
{
    [JsonPropertyName("reward")]
    public double? Reward { get; set; }

    [JsonPropertyName("terminated")]
    public bool Terminated { get; set; }

    [JsonPropertyName("truncated")]
    public bool Truncated { get; set; }

    [JsonPropertyName("step")]
    public long? Step { get; set; }
}

/// <summary>A new session's id.</summary>
public sealed record SessionCreated([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("model_version")] string ModelVersion);

/// <summary>Feedback accepted: the step it answers.</summary>
public sealed record FeedbackAccepted([property: JsonPropertyName("step")] long Step);

/// <summary>Every error body: one line for a person, nothing internal.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>Source-generated serialisation of the API's bodies (the act and session answers are the client's records,
/// <see cref="MetaRL.Client.ActResult"/> and <see cref="MetaRL.Client.SessionSummary"/>: one definition of the contract): strict numbers (NaN and Infinity are not JSON), unknown
/// properties refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 32)]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(ActRequest))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(SessionCreated))]
[JsonSerializable(typeof(MetaRL.Client.SessionSummary))]
[JsonSerializable(typeof(FeedbackAccepted))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(float[]))]
internal sealed partial class ServeJson : JsonSerializerContext;

/// <summary>A decision as JSON: <c>action</c> (an integer for a class index, else an array), <c>probs</c> or
/// <c>mean</c>/<c>std</c>, <c>value</c> when the policy has a critic, <c>log_prob</c>; the act response adds
/// <c>model_version</c> and <c>step</c>.</summary>
public static class DecisionJson
{
    /// <summary>Writes the decision's members into the open object of <paramref name="w"/>.</summary>
    public static void WriteMembers(Utf8JsonWriter w, ServedDecision d)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        if (d.Probs is not null) { w.WriteNumber("action", (int)d.Action[0]); }
        else
        {
            w.WriteStartArray("action");
            foreach (var a in d.Action) { w.WriteNumberValue(a); }
            w.WriteEndArray();
        }
        Array(w, "probs", d.Probs);
        Array(w, "mean", d.Mean);
        Array(w, "std", d.Std);
        if (d.Value is { } v) { w.WriteNumber("value", v); }
        w.WriteNumber("log_prob", d.LogProb);
    }

    /// <summary>The decision as one JSON object (what the log stores), UTF-8.</summary>
    public static byte[] Utf8(ServedDecision d)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteMembers(w, d);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Array(Utf8JsonWriter w, string name, double[]? values)
    {
        if (values is null) { return; }
        w.WriteStartArray(name);
        foreach (var v in values) { w.WriteNumberValue(v); }
        w.WriteEndArray();
    }
}
