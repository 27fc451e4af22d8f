using System.Globalization;
using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Serialization;

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
    /// <summary>Adapts and writes <c>policy.safetensors</c> (+ <c>hidden.safetensors</c> for RL²) and <c>adapt.json</c> into <paramref name="outDir"/>.</summary>
    public static AdaptOutcome Adapt(MetaRun run, long taskSeed, int? steps, int? episodes, string outDir)
    {
        ArgumentNullException.ThrowIfNull(run);
        var task = run.HeldOutTasks(1, taskSeed)[0];
        var rng = new Rng(SeedPath.Derive(run.EvalSeed(taskSeed), 0));
        Directory.CreateDirectory(outDir);
        string policyPath = Path.Combine(outDir, "policy.safetensors");
        var meta = new Dictionary<string, string> { ["method"] = run.Method, ["task"] = TaskJson.Serialize(task), ["task_seed"] = taskSeed.ToString(CultureInfo.InvariantCulture) };
        var (returns, written) = run.Setup.Algorithm.Adapt(run, task, rng, steps, episodes, policyPath, meta);
        var files = new List<string> { policyPath };
        files.AddRange(written);
        string json = Path.Combine(outDir, "adapt.json");
        AtomicFile.WriteJson(json, w =>
        {
            w.WriteStartObject();
            w.WriteString("method", run.Method);
            w.WriteString("env", run.Setup.Run.Env);
            w.WriteNumber("task_seed", taskSeed);
            w.WritePropertyName("task");
            w.WriteRawValue(TaskJson.Serialize(task));
            w.WriteString("returns_are", run.Setup.Algorithm.AdaptsByGradient ? "mean episode return after k steps" : "return of each episode of the trial");
            w.WriteStartArray("returns");
            foreach (var r in returns) { w.WriteNumberValue(Math.Round(r, 6)); }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        files.Add(json);
        return new AdaptOutcome(task, returns, files);
    }
}
