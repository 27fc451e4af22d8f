using System.Text.Json;
using MetaRL.Tracking;

namespace MetaRL.Tuning;

/// <summary>The numeric fields of a run's <c>summary.json</c> (<see cref="RunSummary"/>) a study can optimise.</summary>
public static class SummaryMetric
{
    /// <summary>Every numeric field name, e.g. <c>final_return_mean</c>, <c>wall_seconds</c>.</summary>
    public static IReadOnlyList<string> Names => RunSummary.NumericFields;

    /// <summary>The direction that makes sense when a study file names none (null: the file must say).</summary>
    public static StudyDirection? NaturalDirection(string metric) => metric switch
    {
        "final_return_mean" or "episodes" or "steps_per_second" => StudyDirection.Maximize,
        "wall_seconds" or "peak_memory_mb" => StudyDirection.Minimize,
        _ => null,
    };

    /// <summary>Reads <paramref name="metric"/> from a <c>summary.json</c>; throws <see cref="InvalidOperationException"/> when it is missing or null.</summary>
    public static double Read(string summaryPath, string metric)
    {
        if (!File.Exists(summaryPath)) { throw new InvalidOperationException($"the run wrote no summary.json at '{summaryPath}'"); }
        using var doc = JsonDocument.Parse(File.ReadAllText(summaryPath));
        if (!doc.RootElement.TryGetProperty(metric, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            string why = metric == "final_return_mean" ? " (no episode finished within the budget)" : "";
            throw new InvalidOperationException($"summary.json has no value for '{metric}'{why}");
        }
        return value.GetDouble();
    }
}
