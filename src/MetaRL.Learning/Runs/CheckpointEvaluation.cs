using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>A single-task run's newest checkpoint rebuilt from the run's config and evaluated by its algorithm's row
/// (<see cref="AlgorithmSpec.Evaluate"/>): what <c>metarl evaluate</c> prints.</summary>
/// <param name="Config">The run's resolved config.</param>
/// <param name="Step">The checkpoint's folder name (its step count).</param>
/// <param name="Result">The evaluation episodes' returns, mean and 95% interval.</param>
public sealed record CheckpointEvaluation(TrainConfig Config, string Step, EvaluationResult Result)
{
    /// <summary>Evaluation episodes unless told otherwise (<c>metarl evaluate</c>, the demo).</summary>
    public const int DefaultEpisodes = 10;

    /// <summary>The evaluation environment's seed unless told otherwise: far from any training seed.</summary>
    public const long DefaultSeed = 1_000_000;

    /// <summary>
    /// Loads <paramref name="run"/>'s config and newest checkpoint into a fresh algorithm and runs
    /// <paramref name="episodes"/> evaluation episodes from <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="RunFormatException">The run has no checkpoint, or it cannot be read.</exception>
    public static CheckpointEvaluation Run(RunDirectory run, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        MemoryLimit.Current.Check(new MemoryEstimate().Add("episodes", $"{MemoryEstimate.Count(episodes)} evaluation episodes of a return each", episodes * 8.0));
        var trained = TrainedRun.Load(run, "evaluate");
        var cfg = trained.Config;
        return new CheckpointEvaluation(cfg, trained.Step, cfg.Algorithm.Evaluate(cfg, trained.Algorithm, episodes, seed));
    }
}
