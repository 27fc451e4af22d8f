using MetaRL.Serialization;

namespace MetaRL.Learning.Meta;

/// <summary>
/// What a meta-training run keeps in its <see cref="RunDirectory"/>, for <see cref="MetaTrainer"/>: the resolved config
/// and fixed task set, checkpoints (<see cref="MetaCheckpoint"/>), the multi-task pretrained baseline and
/// <c>summary.json</c>. A fresh start clears whatever an earlier run left in the folder, so nothing of it can be
/// mistaken for the new run's.
/// </summary>
public sealed class MetaRunStore(RunDirectory run)
{
    public RunDirectory Run { get; } = run;

    /// <summary>True when there is a checkpoint to resume from.</summary>
    public bool CanResume => MetaCheckpoint.Newest(Run) is not null;

    /// <summary>True when the pretrained baseline was written.</summary>
    public bool HasPretrained => File.Exists(Run.PretrainedPath);

    /// <summary>Removes an earlier run's metrics, event files, checkpoints, baseline and evaluation (the config and task
    /// set are written again by <see cref="WriteSetup"/>).</summary>
    public void StartOver() => Run.Clear();

    /// <summary>Writes config.yaml and, when the run trains on a fixed task set, train_tasks.json.</summary>
    public void WriteSetup(MetaSetup setup, IReadOnlyList<EnvTask>? trainTasks)
    {
        ArgumentNullException.ThrowIfNull(setup);
        Run.WriteConfig(setup.ToYaml());
        if (trainTasks is not null) { AtomicFile.WriteText(Run.TrainTasksPath, TaskJson.Serialize(trainTasks)); }
    }

    public void SaveCheckpoint(MetaLearner learner, TaskSelector? selector, MetaPosition at) => MetaCheckpoint.Save(Run, learner, selector, at);

    /// <summary>Writes the multi-task pretrained baseline.</summary>
    public void SavePretrained(Module policy, int iterations) =>
        CheckpointStore.WriteFile(Run.PretrainedPath, policy.StateDict(), new Dictionary<string, string> { ["iterations"] = iterations.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Writes summary.json and returns it; a non-finite last return (none yet) is left out.</summary>
    public RunSummary WriteSummary(MetaSetup setup, string algo, string status, MetaPosition at, double lastPostReturn, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var summary = new RunSummary
        {
            Algo = algo,
            Env = setup.Run.Env,
            Seed = setup.Run.Seed,
            Status = status,
            TotalSteps = at.EnvSteps,
            WallSeconds = Math.Round(at.WallSeconds, 3),
            FinalReturnMean = double.IsFinite(lastPostReturn) ? lastPostReturn : null,
            StepsPerSecond = at.WallSeconds > 0 ? Math.Round(at.EnvSteps / at.WallSeconds, 1) : null,
            Error = error,
        };
        Run.WriteSummary(summary);
        return summary;
    }
}
