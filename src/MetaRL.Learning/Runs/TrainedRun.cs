namespace MetaRL.Learning;

/// <summary>A single-task run's newest checkpoint loaded into a fresh algorithm built from the run's config: what
/// <c>evaluate</c> and <c>explain</c> act with.</summary>
/// <param name="Config">The run's resolved config.</param>
/// <param name="Step">The checkpoint's folder name (its step count).</param>
/// <param name="Algorithm">The algorithm with the checkpoint's model and evaluation state.</param>
public sealed record TrainedRun(TrainConfig Config, string Step, Algorithm Algorithm)
{
    /// <summary>Loads <paramref name="run"/>'s config and newest checkpoint; <paramref name="purpose"/> (a verb) ends the
    /// message when there is none ("has no checkpoint to evaluate").</summary>
    /// <exception cref="RunFormatException">The run has no checkpoint, or it cannot be read.</exception>
    public static TrainedRun Load(RunDirectory run, string purpose)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cfg = TrainingRun.LoadConfig(run);
        var checkpoint = run.Checkpoints.Newest() ?? throw new RunFormatException($"'{run.Root}' has no checkpoint to {purpose}");
        var algorithm = TrainingRun.Build(cfg);
        try { AlgorithmCheckpoint.LoadModel(checkpoint, algorithm); }
        catch (Exception ex) when (ex is MetaRL.Serialization.SafeTensorsFormatException or IOException or ArgumentException or KeyNotFoundException)
        {
            throw new RunFormatException($"cannot read checkpoint '{checkpoint}': {ex.Message}", ex);
        }
        return new TrainedRun(cfg, Path.GetFileName(checkpoint), algorithm);
    }
}
