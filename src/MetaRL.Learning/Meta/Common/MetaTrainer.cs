using System.Diagnostics;
using System.Globalization;
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
    private readonly RunDirectory _run = new(directory);

    /// <summary>Trains (or resumes); returns the iteration count reached.</summary>
    public long Run(bool resume, Action<MetaProgress>? progress = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        var opts = setup.Run;
        Directory.CreateDirectory(_run.Root);
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
        if (resume && MetaCheckpoint.Newest(_run) is not null)
        {
            (start, envSteps, wallBefore) = MetaCheckpoint.Load(_run, learner, selector);
            MetricsTruncation.KeepBefore(_run.MetricsPath, start);
            log?.Invoke($"resumed at iteration {start}");
        }
        else
        {
            if (!resume && File.Exists(_run.MetricsPath)) { File.Delete(_run.MetricsPath); }
            if (opts.InitFrom.Length > 0)
            {
                string loaded = MetaWarmStart.Apply(opts.InitFrom, learner);
                log?.Invoke(loaded);
            }
        }
        _run.WriteConfig(setup.ToYaml());
        if (trainTasks is not null) { AtomicFile.WriteText(_run.File(MetaRunFiles.TrainTasks), TaskJson.Serialize(trainTasks)); }
        var clock = Stopwatch.StartNew();
        long it = start;
        double lastPost = double.NaN;
        using (var sink = RunSinks.Create(_run.Root))
        {
            WriteSummary(learner.Name, RunSummary.Running, envSteps, wallBefore, lastPost);
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
                if ((it + 1) % opts.CheckpointEvery == 0) { MetaCheckpoint.Save(_run, learner, selector, new MetaPosition(it + 1, envSteps, wall)); }
            }
        }
        double total = wallBefore + clock.Elapsed.TotalSeconds;
        MetaCheckpoint.Save(_run, learner, selector, new MetaPosition(it, envSteps, total));
        bool finished = it >= opts.Iterations;
        if (finished && setup.Algorithm.AdaptsByGradient && opts.PretrainIterations > 0 && !File.Exists(_run.File(MetaRunFiles.Pretrained)))
        {
            log?.Invoke($"training the multi-task pretrained baseline ({opts.PretrainIterations} iterations)");
            Pretrain(learner, distribution, cancel);
        }
        WriteSummary(learner.Name, finished ? RunSummary.Completed : RunSummary.Interrupted, envSteps, total, lastPost);
        return it;
    }

    private void Pretrain(MetaLearner learner, ITaskEnv distribution, CancellationToken cancel)
    {
        var opts = setup.Run;
        int iterations = cancel.IsCancellationRequested ? 0 : opts.PretrainIterations;
        if (setup.Algorithm.PretrainBaseline(setup, distribution, Math.Min(learner.TasksPerIteration, 20), iterations) is not { } policy) { return; }
        Checkpoint.SaveModule(_run.File(MetaRunFiles.Pretrained), policy, new Dictionary<string, string> { ["iterations"] = opts.PretrainIterations.ToString(CultureInfo.InvariantCulture) });
    }

    private void WriteSummary(string algo, string status, long envSteps, double wall, double finalReturn) =>
        _run.WriteSummary(new RunSummary
        {
            Algo = algo,
            Env = setup.Run.Env,
            Seed = setup.Run.Seed,
            Status = status,
            TotalSteps = envSteps,
            WallSeconds = Math.Round(wall, 3),
            FinalReturnMean = finalReturn,
            StepsPerSecond = wall > 0 ? Math.Round(envSteps / wall, 1) : null,
        });
}
