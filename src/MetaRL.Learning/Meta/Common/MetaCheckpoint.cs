using System.Text.Json;
using MetaRL.Serialization;

namespace MetaRL.Learning.Meta;

/// <summary>Where a meta-training run stands: the iterations done, environment steps and wall seconds so far.</summary>
public readonly record struct MetaPosition(long Iteration, long EnvSteps, double WallSeconds);

/// <summary>
/// A meta-learner in the run's <see cref="CheckpointStore"/>, at its iteration: the model, the outer optimiser and the
/// state (<c>run.iteration</c>, <c>run.env_steps</c>, <c>run.wall_seconds</c>, <c>run.selector</c> for a curriculum).
/// Runs written before the store was shared kept one checkpoint as <c>checkpoints/model.safetensors</c>,
/// <c>optimizer.safetensors</c> and <c>state.json</c>; they still load.
/// </summary>
public static class MetaCheckpoint
{
    private const string LegacyState = "state.json";

    /// <summary>Writes checkpoint <paramref name="at"/>.</summary>
    public static void Save(RunDirectory run, MetaLearner learner, TaskSelector? selector, MetaPosition at)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(learner);
        var state = new Dictionary<string, Tensor>
        {
            ["run.iteration"] = CheckpointStore.Scalar(at.Iteration),
            ["run.env_steps"] = CheckpointStore.Scalar(at.EnvSteps),
            ["run.wall_seconds"] = CheckpointStore.Scalar(at.WallSeconds),
        };
        if (selector?.SaveState() is { Length: > 0 } s) { state["run.selector"] = Tensor.FromArray(s, s.Length); }
        var meta = new Dictionary<string, string> { ["iteration"] = at.Iteration.ToString(CultureInfo.InvariantCulture), ["algo"] = learner.Name };
        run.Checkpoints.Save(at.Iteration, learner.Model, learner.Optimizer, state, meta);
    }

    /// <summary>The folder of the newest checkpoint (either layout), or null when the run has none.</summary>
    public static string? Newest(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Checkpoints.Newest() ?? (File.Exists(Path.Combine(run.CheckpointsPath, LegacyState)) ? run.CheckpointsPath : null);
    }

    /// <summary>The model file of the newest checkpoint, or null.</summary>
    public static string? ModelPath(RunDirectory run) => Newest(run) is { } folder ? Path.Combine(folder, CheckpointStore.Model) : null;

    /// <summary>Restores the newest checkpoint that verifies into <paramref name="learner"/> (and the curriculum's state);
    /// newer damaged ones are set aside and reported through <paramref name="report"/> (<see cref="CheckpointStore.Restore"/>).
    /// Errors name the file.</summary>
    public static MetaPosition Load(RunDirectory run, MetaLearner learner, TaskSelector? selector, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        string folder = Newest(run) ?? throw new ConfigException($"{run.Root} has no checkpoint to resume from");
        bool legacy = File.Exists(Path.Combine(folder, LegacyState));
        string statePath = Path.Combine(folder, legacy ? LegacyState : CheckpointStore.State);
        try
        {
            if (legacy)
            {
                var (at, selectorState) = ReadLegacyState(statePath, folder, learner);
                selector?.LoadState(selectorState);
                return at;
            }
            var restored = run.Checkpoints.Restore(learner.Model, learner.Optimizer, report)!;
            statePath = Path.Combine(restored.Folder, CheckpointStore.State);
            var (position, selection) = ReadState(restored.State);
            selector?.LoadState(selection);
            return position;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            or SafeTensorsFormatException or ArgumentException or IOException)
        {
            throw new ConfigException($"{statePath}: cannot resume from this checkpoint ({ex.Message})");
        }
    }

    private static (MetaPosition, double[]) ReadState(Dictionary<string, Tensor> state)
    {
        double[] selector = state.TryGetValue("run.selector", out var s) ? s.ToDoubleArray() : [];
        return (new MetaPosition((long)state["run.iteration"][0], (long)state["run.env_steps"][0], state["run.wall_seconds"][0]), selector);
    }

    private static (MetaPosition, double[]) ReadLegacyState(string path, string folder, MetaLearner learner)
    {
        learner.Model.LoadStateDict(CheckpointStore.Read(folder, CheckpointStore.Model));
        learner.Optimizer?.LoadStateDict(CheckpointStore.Read(folder, CheckpointStore.Optimizer));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        return (new MetaPosition(root.GetProperty("iteration").GetInt64(), root.GetProperty("env_steps").GetInt64(), root.GetProperty("wall_seconds").GetDouble()),
            [.. root.GetProperty("selector").EnumerateArray().Select(e => e.GetDouble())]);
    }
}
