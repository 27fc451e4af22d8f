using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MetaRL.Learning.Meta;

/// <summary>File names inside a meta-training run directory and atomic writers for them.</summary>
public static class MetaRunFiles
{
    public const string Config = "config.yaml";
    public const string Metrics = "metrics.jsonl";
    public const string Summary = "summary.json";
    public const string CheckpointDir = "checkpoints";
    public const string Model = "checkpoints/model.safetensors";
    public const string Optimizer = "checkpoints/optimizer.safetensors";
    public const string State = "checkpoints/state.json";
    public const string Pretrained = "pretrained.safetensors";
    public const string TrainTasks = "train_tasks.json";
    public const string MetaEval = "meta_eval.json";

    /// <summary>Writes text through a temporary file renamed over the target.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Writes a JSON object built by <paramref name="body"/> atomically.</summary>
    public static void WriteJson(string path, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }
        WriteText(path, Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>A number written as JSON (non-finite values as null).</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) { writer.WriteNumber(name, value); } else { writer.WriteNull(name); }
    }

    /// <summary>Keeps only the metric lines of iterations before <paramref name="iteration"/> (resuming from a checkpoint).</summary>
    public static void TruncateMetrics(string path, long iteration)
    {
        if (!File.Exists(path)) { return; }
        var kept = File.ReadLines(path).Where(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.TryGetProperty("step", out var s) && s.GetInt64() < iteration;
            }
            catch (JsonException) { return false; }
        }).ToArray();
        WriteText(path, kept.Length == 0 ? "" : string.Join('\n', kept) + "\n");
    }

    /// <summary>Formats a number for tables.</summary>
    public static string Format(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);
}
