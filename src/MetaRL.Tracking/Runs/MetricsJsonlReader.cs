using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>Reads <c>metrics.jsonl</c>; a malformed line (such as a half-written last line) is reported, not thrown.</summary>
public static class MetricsJsonlReader
{
    /// <summary>Points per tag in file order, and a message for each line that could not be read.</summary>
    public static (Dictionary<string, List<ScalarPoint>> Series, List<string> Problems) Read(string path)
    {
        var series = new Dictionary<string, List<ScalarPoint>>(StringComparer.Ordinal);
        var problems = new List<string>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        int lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) { continue; }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                string? tag = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                double? step = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("step", out var s) ? Json.Number(s) : null;
                double? value = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("value", out var v) ? Json.Number(v) : null;
                double wall = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("wall_s", out var w) ? Json.Number(w) ?? double.NaN : double.NaN;
                if (tag is null || step is null || value is null)
                {
                    problems.Add($"{path} line {lineNo}: expected {{\"tag\", \"step\", \"value\"}}");
                    continue;
                }
                if (!series.TryGetValue(tag, out var list)) { series[tag] = list = []; }
                list.Add(new ScalarPoint((long)step.Value, value.Value, wall));
            }
            catch (JsonException ex)
            {
                problems.Add($"{path} line {lineNo}: malformed JSON ({ex.Message})");
            }
        }
        return (series, problems);
    }
}
