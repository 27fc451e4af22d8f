using MetaRL.Tracking;

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
    public static double Load(string folder, Algorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var state = CheckpointStore.Load(folder, algorithm.Model, algorithm.Optimizer);
        algorithm.LoadTrainerState(state);
        return state[WallSeconds][0];
    }

    /// <summary>Loads the model parameters and what greedy evaluation needs of the trainer state (evaluation).</summary>
    public static void LoadModel(string folder, Algorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        algorithm.Model.LoadStateDict(CheckpointStore.Read(folder, CheckpointStore.Model));
        algorithm.LoadEvaluationState(CheckpointStore.Read(folder, CheckpointStore.State));
    }
}
