using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>The outcome of <see cref="MetaAdapter.Adapt"/>: the task, the return after each step (or each
/// episode of the trial for RL²), and the files written.</summary>
public sealed record AdaptOutcome(EnvTask Task, IReadOnlyList<double> Returns, IReadOnlyList<string> Files);

/// <summary>
/// Adapts a run's meta-learned policy to one held-out task (the first task of the held-out stream for
/// the given seed, so <c>meta-eval --seed N</c> starts from the same task) and saves the result: for a
/// gradient-based learner the adapted weights after K VPG steps; for RL² the policy and the recurrent state
/// after a trial of K episodes (its "adapted policy" is its memory).
/// </summary>
public static class MetaAdapter
{
    /// <summary>Adapts (<see cref="MetaAlgorithm.Adapt"/>) and writes <c>policy.safetensors</c> (+ <c>hidden.safetensors</c>
    /// for RL²) and <c>adapt.json</c> into <paramref name="outDir"/> (<see cref="AdaptFiles"/>). The folder is checked first
    /// (<see cref="PathGuard.WritableFolder"/>), and the episodes against the <see cref="MemoryLimit"/>, so nothing is computed
    /// that could not be saved.</summary>
    public static AdaptOutcome Adapt(MetaRun run, long taskSeed, int? steps, int? episodes, string outDir)
    {
        ArgumentNullException.ThrowIfNull(run);
        outDir = PathGuard.WritableFolder(outDir, "the adapted policy's folder");
        MemoryLimit.Current.Check(new MemoryEstimate()
            .Buffer("episodes", "the adaptation's trajectories (a step each at the least)", Math.Max(1, episodes ?? 1), ModelShape.Of(run.Setup.MakeEnv()).Observations + 4));
        if (RunDirectory.IsRun(outDir)) { throw new RunConflictException($"'{outDir}' holds a run; adapt writes the adapted policy into a folder of its own: choose another --out"); }
        var task = run.HeldOutTasks(1, taskSeed)[0];
        var rng = new Rng(SeedPath.Derive(run.EvalSeed(taskSeed), 0));
        var adapted = run.Setup.Algorithm.Adapt(run, task, rng, steps, episodes);
        string taskJson = TaskJson.Serialize(task);
        var taskMeta = new Dictionary<string, string> { ["method"] = run.Method, ["task"] = taskJson, ["task_seed"] = taskSeed.ToString(CultureInfo.InvariantCulture) };
        string returnsAre = run.Setup.Algorithm.AdaptsByGradient ? "mean episode return after k steps" : "return of each episode of the trial";
        var record = new AdaptRecord(run.Method, run.Setup.Run.Env, taskSeed, taskJson, returnsAre, adapted.Returns);
        return new AdaptOutcome(task, adapted.Returns, AdaptFiles.Save(outDir, adapted, taskMeta, record));
    }
}
