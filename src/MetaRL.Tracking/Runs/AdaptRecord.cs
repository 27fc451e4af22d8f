using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// <c>adapt.json</c>, written by <c>adapt</c> beside the adapted policy: which learner adapted to which
/// held-out task, and the return after each adaptation step (or each episode of an RL² trial).
/// </summary>
/// <param name="Method">The run's learner (<c>maml</c>, <c>rl2</c>, …).</param>
/// <param name="Env">The run's environment family.</param>
/// <param name="TaskSeed">The <c>--task-seed</c> the task was drawn with.</param>
/// <param name="Task">The task as compact JSON, written into the file as a value, not a string.</param>
/// <param name="ReturnsAre">What <see cref="Returns"/> counts, in words.</param>
/// <param name="Returns">The returns; written rounded to 6 decimals.</param>
public sealed record AdaptRecord(string Method, string Env, long TaskSeed, string Task, string ReturnsAre, IReadOnlyList<double> Returns)
{
    /// <summary>The file name inside the adapt output directory.</summary>
    public const string FileName = "adapt.json";

    /// <summary>Writes the record to <paramref name="path"/> atomically, indented.</summary>
    public void Save(string path) => AtomicFile.WriteJson(path, w =>
    {
        w.WriteStartObject();
        w.WriteString("method", Method);
        w.WriteString("env", Env);
        w.WriteNumber("task_seed", TaskSeed);
        w.WritePropertyName("task");
        w.WriteRawValue(Task);
        w.WriteString("returns_are", ReturnsAre);
        w.WriteStartArray("returns");
        foreach (var r in Returns) { w.WriteNumberValue(Math.Round(r, 6)); }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Reads the record; throws <see cref="RunFormatException"/> naming the file when malformed.</summary>
    public static AdaptRecord Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{path}: expected an object"); }
            if (!root.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{path}: \"task\" should be an object"); }
            if (!root.TryGetProperty("returns", out var returns) || returns.ValueKind != JsonValueKind.Array) { throw new RunFormatException($"{path}: \"returns\" should be an array"); }
            return new AdaptRecord(
                Required(Json.String(root, "method", path), "method", path),
                Required(Json.String(root, "env", path), "env", path),
                Json.Long(root, "task_seed", path) ?? throw new RunFormatException($"{path}: \"task_seed\" is missing"),
                task.GetRawText(),
                Required(Json.String(root, "returns_are", path), "returns_are", path),
                [.. returns.EnumerateArray().Select(r => Json.Number(r) ?? throw new RunFormatException($"{path}: \"returns\" should hold numbers"))]);
        }
        catch (JsonException ex)
        {
            throw new RunFormatException($"{path}: malformed JSON ({ex.Message})", ex);
        }
    }

    private static string Required(string? value, string name, string path) => value ?? throw new RunFormatException($"{path}: \"{name}\" is missing");
}
