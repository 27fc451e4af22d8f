using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// <c>summary.json</c> of every run (<c>train</c>, <c>meta-train</c>, tuning trials): <c>{"algo","env","seed","status",
/// "total_steps","wall_seconds","episodes","final_return_mean","steps_per_second","peak_memory_mb","error"}</c>.
/// Missing fields are null (a running job may not have them yet) and are not written; non-finite numbers are
/// written as the strings "NaN", "Infinity", "-Infinity", as in metrics.jsonl.
/// </summary>
public sealed record RunSummary
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "summary.json";

    /// <summary>Status of a run still being written.</summary>
    public const string Running = "running";

    /// <summary>Status of a run that reached its budget.</summary>
    public const string Completed = "completed";

    /// <summary>Status of a run stopped early: by Ctrl-C or a stop step, with a checkpoint to resume from; or a pruned
    /// tuning trial, abandoned without one.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Status of a run stopped by a non-finite loss or parameter.</summary>
    public const string Diverged = "diverged";

    public string? Algo { get; init; }

    public string? Env { get; init; }

    public long? Seed { get; init; }

    /// <summary><see cref="Running"/>, <see cref="Completed"/>, <see cref="Interrupted"/> or <see cref="Diverged"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Environment steps taken (all tasks together for a meta run).</summary>
    public long? TotalSteps { get; init; }

    public double? WallSeconds { get; init; }

    public long? Episodes { get; init; }

    /// <summary>Single-task runs: mean of the last 20 episodic returns; meta runs: the last iteration's mean
    /// post-adaptation return.</summary>
    public double? FinalReturnMean { get; init; }

    public double? StepsPerSecond { get; init; }

    /// <summary>Peak working set of the process in MB at the end of the run.</summary>
    public double? PeakMemoryMb { get; init; }

    /// <summary>Why the run stopped early, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>The numeric fields by their JSON names, the figures a study can optimise.</summary>
    public static IReadOnlyList<string> NumericFields { get; } =
        ["seed", "total_steps", "wall_seconds", "episodes", "final_return_mean", "steps_per_second", "peak_memory_mb"];

    /// <summary>The value of numeric field <paramref name="field"/> (one of <see cref="NumericFields"/>), or null when unset.</summary>
    public double? Numeric(string field) => field switch
    {
        "seed" => Seed,
        "total_steps" => TotalSteps,
        "wall_seconds" => WallSeconds,
        "episodes" => Episodes,
        "final_return_mean" => FinalReturnMean,
        "steps_per_second" => StepsPerSecond,
        "peak_memory_mb" => PeakMemoryMb,
        _ => throw new ArgumentException($"'{field}' is not a numeric field of summary.json", nameof(field)),
    };

    /// <summary>Writes the summary atomically.</summary>
    public void Save(string path)
    {
        AtomicFile.WriteJson(path, w =>
        {
            w.WriteStartObject();
            Text(w, "algo", Algo);
            Text(w, "env", Env);
            Number(w, "seed", Seed);
            Text(w, "status", Status);
            Number(w, "total_steps", TotalSteps);
            Number(w, "wall_seconds", WallSeconds);
            Number(w, "episodes", Episodes);
            Number(w, "final_return_mean", FinalReturnMean);
            Number(w, "steps_per_second", StepsPerSecond);
            Number(w, "peak_memory_mb", PeakMemoryMb);
            Text(w, "error", Error);
            w.WriteEndObject();
        });
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) { w.WriteString(name, value); }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) { Json.Write(w, name, v); }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) { w.WriteNumber(name, v); }
    }

    /// <summary>Reads a summary file; throws <see cref="RunFormatException"/> naming the file when it is malformed.</summary>
    public static RunSummary Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{path}: expected a JSON object"); }
            return new RunSummary
            {
                Algo = Json.String(root, "algo", path),
                Env = Json.String(root, "env", path),
                Seed = Json.Long(root, "seed", path),
                Status = Json.String(root, "status", path),
                TotalSteps = Json.Long(root, "total_steps", path),
                WallSeconds = Json.Double(root, "wall_seconds", path),
                Episodes = Json.Long(root, "episodes", path),
                FinalReturnMean = Json.Double(root, "final_return_mean", path),
                StepsPerSecond = Json.Double(root, "steps_per_second", path),
                PeakMemoryMb = Json.Double(root, "peak_memory_mb", path),
                Error = Json.String(root, "error", path),
            };
        }
        catch (JsonException ex)
        {
            throw new RunFormatException($"{path}: malformed JSON ({ex.Message})", ex);
        }
    }
}
