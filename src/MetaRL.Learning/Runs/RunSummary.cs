using System.Text.Json.Serialization;

namespace MetaRL.Learning;

/// <summary>The contents of <c>summary.json</c>.</summary>
public sealed record RunSummary
{
    [JsonPropertyName("algo")] public required string Algo { get; init; }

    [JsonPropertyName("env")] public required string Env { get; init; }

    [JsonPropertyName("seed")] public long Seed { get; init; }

    /// <summary>completed, interrupted or diverged.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("total_steps")] public long TotalSteps { get; init; }

    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }

    [JsonPropertyName("episodes")] public long Episodes { get; init; }

    /// <summary>Mean of the last 20 episodic returns (null before any episode ends).</summary>
    [JsonPropertyName("final_return_mean")] public double? FinalReturnMean { get; init; }

    [JsonPropertyName("steps_per_second")] public double StepsPerSecond { get; init; }

    /// <summary>Peak working set of the process in MB at the end of the run.</summary>
    [JsonPropertyName("peak_memory_mb")] public double PeakMemoryMb { get; init; }

    /// <summary>Why the run stopped early, when it did.</summary>
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
}
