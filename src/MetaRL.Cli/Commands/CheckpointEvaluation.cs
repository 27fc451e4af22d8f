using MetaRL.Learning;
using MetaRL.Tracking;

namespace MetaRL.Cli.Commands;

/// <summary>A run's newest checkpoint rebuilt from the run's config and evaluated greedily, for <c>metarl evaluate</c>.</summary>
internal sealed record CheckpointEvaluation(TrainConfig Config, string Step, EvaluationResult Result)
{
    /// <summary>
    /// Loads <paramref name="run"/>'s config and newest checkpoint into a fresh algorithm and runs
    /// <paramref name="episodes"/> evaluation episodes from <paramref name="seed"/>. <see cref="Step"/> is the
    /// checkpoint's folder name (its step count).
    /// </summary>
    /// <exception cref="UserInputException">The run has no checkpoint, or it cannot be read.</exception>
    public static CheckpointEvaluation Run(RunDirectory run, int episodes, long seed)
    {
        var cfg = TrainingRun.LoadConfig(run);
        var checkpoint = run.Checkpoints.Newest() ?? throw new UserInputException($"'{run.Root}' has no checkpoint to evaluate");
        var algorithm = TrainingRun.Build(cfg);
        try { AlgorithmCheckpoint.LoadModel(checkpoint, algorithm); }
        catch (Exception ex) when (ex is MetaRL.Serialization.SafeTensorsFormatException or IOException or ArgumentException or KeyNotFoundException)
        {
            throw new UserInputException($"cannot read checkpoint '{checkpoint}': {ex.Message}", ex);
        }
        return new CheckpointEvaluation(cfg, Path.GetFileName(checkpoint), Evaluation.Run(algorithm, cfg.CreateEnv(), episodes, seed));
    }
}
