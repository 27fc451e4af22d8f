using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// <c>summary.json</c> of a run: <c>{"algo","env","seed","status","total_steps","wall_seconds","episodes",
/// "final_return_mean","steps_per_second"}</c>. Missing fields are null (a running job may not have them yet).
/// </summary>
public sealed record RunSummary
{
    public string? Algo { get; init; }
    public string? Env { get; init; }
    public long? Seed { get; init; }
    /// <summary>"running", "completed", "stopped" or "failed".</summary>
    public string? Status { get; init; }
    public long? TotalSteps { get; init; }
    public double? WallSeconds { get; init; }
    public long? Episodes { get; init; }
    public double? FinalReturnMean { get; init; }
    public double? StepsPerSecond { get; init; }

    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "summary.json";

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
            };
        }
        catch (JsonException ex)
        {
            throw new RunFormatException($"{path}: malformed JSON ({ex.Message})", ex);
        }
    }
}
