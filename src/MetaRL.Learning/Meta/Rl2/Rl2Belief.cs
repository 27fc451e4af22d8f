namespace MetaRL.Learning.Meta;

/// <summary>
/// RL²'s task-inference auxiliary loss (<see cref="Rl2Options.BeliefCoef"/>): the targets are each trial's task
/// parameters (<see cref="ITaskFeatures"/>); the loss is the mean squared error of the policy's belief head, read at
/// the first step of each inner episode after the first (the belief the memory carries into the episode; every step
/// after the first when a trial is one episode, see <see cref="ReadsAt"/>), over those steps and the parameters. The
/// same task features are the privileged critic's inputs (<see cref="Rl2Options.PrivilegedCritic"/>).
/// </summary>
public static class Rl2Belief
{
    /// <summary>
    /// The number of task parameters of the family <paramref name="taskEnv"/> samples; a config error naming
    /// <paramref name="setting"/> (the option that needs them) if its tasks have none.
    /// </summary>
    public static int FeatureCount(ITaskEnv taskEnv, string family, string setting)
    {
        ArgumentNullException.ThrowIfNull(taskEnv);
        // A fixed generator of its own: probing the task shape draws nothing from the run's streams.
        return taskEnv.SampleTask(new Rng(0)) is ITaskFeatures f && f.FeatureCount > 0
            ? f.FeatureCount
            : throw new ConfigException($"{setting} needs tasks that describe themselves as numbers; {family}'s tasks do not (use TabularMDP-v0, Bandit-v0 or PointNav2D-v0, or turn {setting} off)");
    }

    /// <summary>
    /// Whether the loss reads the belief at step <paramref name="index"/> of <paramref name="batch"/> (time-major): the
    /// first step of an inner episode other than the trial's first (its observation's done flag, the last entry, is
    /// set), or, when a trial is a single episode (<paramref name="singleEpisode"/>: bandits), every step after the first.
    /// </summary>
    public static bool ReadsAt(TrialBatch batch, int index, bool singleEpisode)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (singleEpisode) { return index >= batch.Trials; }
        int od = batch.ObservationSize;
        return batch.Observations[index * od + od - 1] == 1f;
    }

    /// <summary>The task parameters of each task, [tasks, <paramref name="count"/>] row-major.</summary>
    public static float[] TaskFeatures(IReadOnlyList<EnvTask> tasks, int count)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var targets = new float[tasks.Count * count];
        for (int i = 0; i < tasks.Count; i++)
        {
            if (tasks[i] is not ITaskFeatures f || f.FeatureCount != count)
            {
                throw new ArgumentException($"Task {i} ({tasks[i].GetType().Name}) does not have {count} features.", nameof(tasks));
            }
            f.WriteFeatures(targets.AsSpan(i * count, count));
        }
        return targets;
    }

    /// <summary>
    /// The mean squared error between the belief head's prediction on <paramref name="features"/> (one row per valid step)
    /// and the targets of each row's trial (<paramref name="rowTrials"/>, indices into <paramref name="targets"/>' rows).
    /// </summary>
    public static Tensor Loss(Rl2Policy policy, Tensor features, float[] targets, IReadOnlyList<int> rowTrials)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rowTrials);
        int f = policy.BeliefSize;
        var y = new float[rowTrials.Count * f];
        for (int r = 0; r < rowTrials.Count; r++) { Array.Copy(targets, rowTrials[r] * f, y, r * f, f); }
        var diff = Ops.Sub(policy.Belief(features), Tensor.FromArray(y, rowTrials.Count, f));
        return Ops.Mean(Ops.Mul(diff, diff));
    }
}
