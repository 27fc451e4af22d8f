using System.Text.Json;
using MetaRL.Learning.Explain;

namespace MetaRL.Serving;

/// <summary><c>GET /v1/sessions/{id}/explain?step=N</c>'s body: the logged decision, and integrated-gradients attributions
/// of the policy's choice and value at its observation where the model has them (<c>method</c> says which).</summary>
internal static class DecisionExplanationJson
{
    public static string Write(ServedModel model, LoggedDecision logged)
    {
        var explanation = model.Explain(logged.Observation);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("session", logged.Session);
            w.WriteNumber("step", logged.Step);
            w.WriteString("model_version", logged.ModelVersion);
            w.WriteString("method", explanation is null ? "probabilities" : "integrated_gradients");
            w.WriteStartArray("features");
            foreach (var f in model.ObservationNames) { w.WriteStringValue(f); }
            w.WriteEndArray();
            w.WriteStartArray("obs");
            foreach (var v in logged.Observation) { w.WriteNumberValue(v); }
            w.WriteEndArray();
            w.WritePropertyName("decision");
            using (var doc = JsonDocument.Parse(logged.DecisionJson)) { doc.WriteTo(w); }
            if (logged.Reward is { } r) { w.WriteNumber("reward", r); }
            if (explanation is not null)
            {
                w.WriteString("baseline", "zeros");
                Attribution(w, "policy_attribution", explanation.Policy);
                Attribution(w, "value_attribution", explanation.ValueAttribution);
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Attribution(Utf8JsonWriter w, string name, Attribution a)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("values");
        foreach (var v in a.Values) { w.WriteNumberValue(v); }
        w.WriteEndArray();
        w.WriteNumber("at_input", a.AtInput);
        w.WriteNumber("at_baseline", a.AtBaseline);
        w.WriteNumber("completeness_gap", a.RelativeGap); // a share of |F(x) − F(b)|, as metarl explain prints it
        w.WriteNumber("steps", a.Steps);
        w.WriteEndObject();
    }
}
