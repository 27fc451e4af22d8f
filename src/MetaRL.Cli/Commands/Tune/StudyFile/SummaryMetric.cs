namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// The numeric fields of a run's <c>summary.json</c> (<see cref="RunSummary"/>) a study can optimise: read
/// from the finished run's summary, and, for the learning curve a pruner sees, from the run in progress.
/// </summary>
internal static class SummaryMetric
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

    /// <summary>Reads <paramref name="metric"/> from a finished run's summary; throws <see cref="InvalidOperationException"/> when it is missing or null.</summary>
    public static double Of(RunSummary summary, string metric)
    {
        if (summary.Numeric(metric) is double value && double.IsFinite(value)) { return value; }
        string why = metric == "final_return_mean" ? " (no episode finished within the budget)" : "";
        throw new InvalidOperationException($"summary.json has no value for '{metric}'{why}");
    }

    /// <summary>
    /// <paramref name="metric"/> of a run in progress, as its summary would read were it to end here (null while
    /// it has none, e.g. no episode finished yet): the point of the learning curve a study's pruner sees.
    /// </summary>
    public static double? During(string metric, Algorithm algorithm, TrainContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return metric == "seed" ? null : TrainingRun.Figures(algorithm, context.WallSeconds).Numeric(metric);
    }
}
