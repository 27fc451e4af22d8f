using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tracking;

namespace MetaRL.Learning.Meta;

/// <summary>One line of progress: iteration, mean pre- and post-adaptation return, environment steps so far.</summary>
public readonly record struct MetaProgress(long Iteration, int Total, double Pre, double Post, long EnvSteps, double WallSeconds);

/// <summary>
/// Runs meta-training into a run directory: <c>config.yaml</c> (the resolved settings), <c>metrics.jsonl</c>
/// (per iteration: <c>meta/return_pre</c>, <c>meta/return_post</c>, <c>meta/env_steps</c>,
/// <c>meta/steps_per_sec</c>, and the learner's diagnostics such as RL²'s PPO losses), checkpoints (model,
/// optimizer, iteration and curriculum state) every
/// <see cref="MetaTrainOptions.CheckpointEvery"/> iterations, at the end and on cancellation,
/// <c>summary.json</c>, and for gradient-based learners the multi-task <c>pretrained.safetensors</c>
/// baseline. Iterations are pure functions of the seed and their index, so resuming from a checkpoint
/// continues exactly as an uninterrupted run would.
/// </summary>
public sealed class MetaTrainer(MetaSetup setup, string directory)
{
    /// <summary>Trains (or resumes); returns the iteration count reached.</summary>
    public long Run(bool resume, Action<MetaProgress>? progress = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        var opts = setup.Run;
        Directory.CreateDirectory(Path.Combine(directory, MetaRunFiles.CheckpointDir));
        var learner = setup.Algorithm.CreateLearner(setup);
        var env = setup.MakeEnv();
        var distribution = setup.Distribution(env);
        var trainTasks = opts.TrainTasks > 0 ? TaskSplit.Create(distribution, opts.TrainTasks, 0, opts.Seed).Train : null;
        TaskSelector? selector = trainTasks is null ? null
            : opts.TaskSelection == TaskSelection.LearningProgress ? new LearningProgressSelector(trainTasks.Count, opts.Seed)
            : new UniformTaskSelector(trainTasks.Count, opts.Seed);
        long start = 0;
        long envSteps = 0;
        double wallBefore = 0;
        string metricsPath = Path.Combine(directory, MetaRunFiles.Metrics);
        if (resume && File.Exists(Path.Combine(directory, MetaRunFiles.State)))
        {
            (start, envSteps, wallBefore) = LoadCheckpoint(learner, selector);
            MetaRunFiles.TruncateMetrics(metricsPath, start);
            log?.Invoke($"resumed at iteration {start}");
        }
        else
        {
            if (!resume && File.Exists(metricsPath)) { File.Delete(metricsPath); }
            if (opts.InitFrom.Length > 0)
            {
                string loaded = MetaWarmStart.Apply(opts.InitFrom, learner);
                log?.Invoke(loaded);
            }
        }
        MetaRunFiles.WriteText(Path.Combine(directory, MetaRunFiles.Config), setup.ToYaml());
        if (trainTasks is not null) { MetaRunFiles.WriteText(Path.Combine(directory, MetaRunFiles.TrainTasks), TaskJson.Serialize(trainTasks)); }
        var clock = Stopwatch.StartNew();
        long it = start;
        double lastPost = double.NaN;
        using (var sink = RunSinks.Create(directory))
        {
            WriteSummary(learner.Name, "running", envSteps, wallBefore, lastPost);
            for (; it < opts.Iterations && !cancel.IsCancellationRequested; it++)
            {
                int count = learner.TasksPerIteration;
                int[]? indices = selector?.Select(it, count);
                var tasks = indices is not null ? [.. indices.Select(i => trainTasks![i])]
                    : distribution.SampleTasks(count, new Rng(SeedPath.Derive(opts.Seed, it, -2)));
                var t0 = clock.Elapsed.TotalSeconds;
                var result = learner.Iterate(tasks, it);
                double dt = clock.Elapsed.TotalSeconds - t0;
                if (indices is not null) { selector!.Update(indices, result.PostReturns); }
                envSteps += result.EnvSteps;
                lastPost = result.MeanPost;
                if (!double.IsFinite(result.MeanPost)) { throw new InvalidOperationException($"meta-training diverged at iteration {it}: post-adaptation return is {result.MeanPost}"); }
                double wall = wallBefore + clock.Elapsed.TotalSeconds;
                sink.Add("meta/return_pre", it, result.MeanPre, wall);
                sink.Add("meta/return_post", it, result.MeanPost, wall);
                sink.Add("meta/env_steps", it, envSteps, wall);
                sink.Add("meta/steps_per_sec", it, dt > 0 ? result.EnvSteps / dt : 0, wall);
                foreach (var (tag, value) in result.Diagnostics) { sink.Add(tag, it, value, wall); }
                sink.Flush();
                progress?.Invoke(new MetaProgress(it, opts.Iterations, result.MeanPre, result.MeanPost, envSteps, wall));
                if ((it + 1) % opts.CheckpointEvery == 0) { SaveCheckpoint(learner, selector, it + 1, envSteps, wall); }
            }
        }
        double total = wallBefore + clock.Elapsed.TotalSeconds;
        SaveCheckpoint(learner, selector, it, envSteps, total);
        bool finished = it >= opts.Iterations;
        if (finished && setup.Algorithm.AdaptsByGradient && opts.PretrainIterations > 0 && !File.Exists(Path.Combine(directory, MetaRunFiles.Pretrained)))
        {
            log?.Invoke($"training the multi-task pretrained baseline ({opts.PretrainIterations} iterations)");
            Pretrain(learner, distribution, cancel);
        }
        WriteSummary(learner.Name, finished ? "completed" : "stopped", envSteps, total, lastPost);
        return it;
    }

    private void Pretrain(MetaLearner learner, ITaskEnv distribution, CancellationToken cancel)
    {
        var opts = setup.Run;
        int iterations = cancel.IsCancellationRequested ? 0 : opts.PretrainIterations;
        if (setup.Algorithm.PretrainBaseline(setup, distribution, Math.Min(learner.TasksPerIteration, 20), iterations) is not { } policy) { return; }
        Checkpoint.SaveModule(Path.Combine(directory, MetaRunFiles.Pretrained), policy, new Dictionary<string, string> { ["iterations"] = opts.PretrainIterations.ToString(CultureInfo.InvariantCulture) });
    }

    private void SaveCheckpoint(MetaLearner learner, TaskSelector? selector, long iteration, long envSteps, double wall)
    {
        var meta = new Dictionary<string, string> { ["iteration"] = iteration.ToString(CultureInfo.InvariantCulture), ["algo"] = learner.Name };
        Checkpoint.SaveModule(Path.Combine(directory, MetaRunFiles.Model), learner.Model, meta);
        if (learner.Optimizer is { } o) { Checkpoint.SaveOptimizer(Path.Combine(directory, MetaRunFiles.Optimizer), o, meta); }
        MetaRunFiles.WriteJson(Path.Combine(directory, MetaRunFiles.State), w =>
        {
            w.WriteStartObject();
            w.WriteNumber("iteration", iteration);
            w.WriteNumber("env_steps", envSteps);
            w.WriteNumber("wall_seconds", wall);
            w.WriteStartArray("selector");
            foreach (var v in selector?.SaveState() ?? []) { w.WriteNumberValue(v); }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private (long Iteration, long EnvSteps, double Wall) LoadCheckpoint(MetaLearner learner, TaskSelector? selector)
    {
        string statePath = Path.Combine(directory, MetaRunFiles.State);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(statePath));
            var root = doc.RootElement;
            long iteration = root.GetProperty("iteration").GetInt64();
            Checkpoint.LoadModule(Path.Combine(directory, MetaRunFiles.Model), learner.Model);
            if (learner.Optimizer is { } o) { Checkpoint.LoadOptimizer(Path.Combine(directory, MetaRunFiles.Optimizer), o); }
            if (selector is not null) { selector.LoadState([.. root.GetProperty("selector").EnumerateArray().Select(e => e.GetDouble())]); }
            return (iteration, root.GetProperty("env_steps").GetInt64(), root.GetProperty("wall_seconds").GetDouble());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ConfigException($"{statePath}: cannot resume from this checkpoint ({ex.Message})");
        }
    }

    private void WriteSummary(string algo, string status, long envSteps, double wall, double finalReturn) =>
        MetaRunFiles.WriteJson(Path.Combine(directory, MetaRunFiles.Summary), w =>
        {
            w.WriteStartObject();
            w.WriteString("algo", algo);
            w.WriteString("env", setup.Run.Env);
            w.WriteNumber("seed", setup.Run.Seed);
            w.WriteString("status", status);
            w.WriteNumber("total_steps", envSteps);
            MetaRunFiles.Number(w, "wall_seconds", Math.Round(wall, 3));
            MetaRunFiles.Number(w, "final_return_mean", finalReturn);
            MetaRunFiles.Number(w, "steps_per_second", wall > 0 ? Math.Round(envSteps / wall, 1) : double.NaN);
            w.WriteEndObject();
        });
}
