namespace MetaRL.Learning;

/// <summary>
/// A single-task algorithm in the run's <see cref="CheckpointStore"/>, at its global step: the model, the optimiser and
/// the trainer state (generator state, counters, episode log, environment action log, algorithm extras) with
/// <c>run.wall_seconds</c>.
/// </summary>
public static class AlgorithmCheckpoint
{
    private const string WallSeconds = "run.wall_seconds";

    public static string Save(RunDirectory run, Algorithm algorithm, double wallSeconds, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(algorithm);
        var state = algorithm.TrainerState();
        state[WallSeconds] = CheckpointStore.Scalar(wallSeconds);
        return run.Checkpoints.Save(algorithm.GlobalStep, algorithm.Model, algorithm.Optimizer, state, metadata);
    }

    /// <summary>Restores a checkpoint into an algorithm built from the same config; returns the wall seconds spent so far.</summary>
    /// <exception cref="RunFormatException">A file is missing or damaged, or the checkpoint does not fit the algorithm.</exception>
    public static double Load(string folder, Algorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return Apply(folder, CheckpointStore.Load(folder, algorithm.Model, algorithm.Optimizer), algorithm);
    }

    /// <summary>Restores the run's newest checkpoint that verifies (<see cref="CheckpointStore.Restore"/>: newer damaged
    /// ones are set aside and reported through <paramref name="report"/>); returns its folder and the wall seconds spent
    /// so far, or null when the run has no checkpoint.</summary>
    /// <exception cref="RunFormatException">No checkpoint verifies, or the one that does does not fit the algorithm.</exception>
    public static (string Folder, double WallSeconds)? Resume(RunDirectory run, Algorithm algorithm, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(algorithm);
        if (run.Checkpoints.Restore(algorithm.Model, algorithm.Optimizer, report) is not { } restored) { return null; }
        return (restored.Folder, Apply(restored.Folder, restored.State, algorithm));
    }

    /// <summary>Loads the model parameters and what greedy evaluation needs of the trainer state (evaluation).</summary>
    public static void LoadModel(string folder, Algorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        algorithm.Model.LoadStateDict(CheckpointStore.Read(folder, CheckpointStore.Model));
        algorithm.LoadEvaluationState(CheckpointStore.Read(folder, CheckpointStore.State));
    }

    private static double Apply(string folder, Dictionary<string, Tensors.Tensor> state, Algorithm algorithm)
    {
        try
        {
            algorithm.LoadTrainerState(state);
            return state[WallSeconds][0];
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new RunFormatException($"{Path.Combine(folder, CheckpointStore.State)}: cannot resume from this checkpoint ({ex.Message})", ex);
        }
    }
}
