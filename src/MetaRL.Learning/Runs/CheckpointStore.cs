using System.Globalization;
using MetaRL.Serialization;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// Writes and reads <c>checkpoints/&lt;step&gt;/</c>: <c>model.safetensors</c> (parameters by dotted name),
/// <c>optimizer.safetensors</c> and <c>state.safetensors</c> (generator state, counters, episode log,
/// environment action log, algorithm extras, wall seconds). The folder is assembled under a temporary name
/// and renamed, so a crash never leaves a half-written checkpoint; only the newest <see cref="Keep"/> are kept.
/// </summary>
public static class CheckpointStore
{
    /// <summary>How many checkpoints are kept.</summary>
    public const int Keep = 3;

    public static string Save(RunDirectory run, Algorithm algorithm, double wallSeconds, IReadOnlyDictionary<string, string> metadata)
    {
        Directory.CreateDirectory(run.CheckpointsPath);
        string name = algorithm.GlobalStep.ToString(CultureInfo.InvariantCulture);
        string final = Path.Combine(run.CheckpointsPath, name);
        string temp = Path.Combine(run.CheckpointsPath, "." + name + ".tmp");
        if (Directory.Exists(temp)) { Directory.Delete(temp, recursive: true); }
        Directory.CreateDirectory(temp);
        SafeTensors.Save(Path.Combine(temp, "model.safetensors"), algorithm.Model.StateDict(), metadata);
        if (algorithm.Optimizer is { } optimizer) { SafeTensors.Save(Path.Combine(temp, "optimizer.safetensors"), optimizer.StateDict(), metadata); }
        var state = algorithm.TrainerState();
        state["run.wall_seconds"] = Tensor.FromArray(new[] { wallSeconds }, 1);
        SafeTensors.Save(Path.Combine(temp, "state.safetensors"), state, metadata);
        if (Directory.Exists(final)) { Directory.Delete(final, recursive: true); }
        Directory.Move(temp, final);
        Prune(run);
        return final;
    }

    /// <summary>Restores a checkpoint into an algorithm built from the same config; returns the wall seconds spent so far.</summary>
    public static double Load(string folder, Algorithm algorithm)
    {
        algorithm.Model.LoadStateDict(SafeTensors.Load(Path.Combine(folder, "model.safetensors")).Tensors);
        if (algorithm.Optimizer is { } optimizer) { optimizer.LoadStateDict(SafeTensors.Load(Path.Combine(folder, "optimizer.safetensors")).Tensors); }
        var state = SafeTensors.Load(Path.Combine(folder, "state.safetensors")).Tensors;
        algorithm.LoadTrainerState(state);
        return state["run.wall_seconds"][0];
    }

    /// <summary>Loads the model parameters and what greedy evaluation needs of the trainer state (evaluation).</summary>
    public static void LoadModel(string folder, Algorithm algorithm)
    {
        algorithm.Model.LoadStateDict(SafeTensors.Load(Path.Combine(folder, "model.safetensors")).Tensors);
        algorithm.LoadEvaluationState(SafeTensors.Load(Path.Combine(folder, "state.safetensors")).Tensors);
    }

    private static void Prune(RunDirectory run)
    {
        var steps = Directory.GetDirectories(run.CheckpointsPath)
            .Select(d => (Dir: d, Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out long s), Step: s))
            .Where(x => x.Ok).OrderByDescending(x => x.Step).Skip(Keep);
        foreach (var old in steps) { Directory.Delete(old.Dir, recursive: true); }
    }
}
