using System.Diagnostics;

namespace MetaRL.Learning.Meta;

/// <summary>One line of progress: iteration, mean pre- and post-adaptation return, environment steps so far.</summary>
public readonly record struct MetaProgress(long Iteration, long Total, double Pre, double Post, long EnvSteps, double WallSeconds);

/// <summary>What a meta-training session produced: the summary it wrote (its <c>status</c> is <c>completed</c>,
/// <c>interrupted</c> or <c>diverged</c>, with <c>error</c> naming the meta-iteration and tensor) and the iterations
/// done.</summary>
public sealed record MetaTrainResult(RunSummary Summary, long Iterations);

/// <summary>
/// Runs meta-training into a run directory: <c>config.yaml</c> (the resolved settings), <c>metrics.jsonl</c>
/// (per iteration: <c>meta/return_pre</c>, <c>meta/return_post</c>, <c>meta/env_steps</c>,
/// <c>meta/steps_per_sec</c>, and the learner's diagnostics such as RL²'s PPO losses), checkpoints (model,
/// optimizer, iteration and curriculum state) every
/// <see cref="MetaTrainOptions.CheckpointEvery"/> iterations, at the end and on cancellation,
/// <c>summary.json</c>, and for gradient-based learners the multi-task <c>pretrained.safetensors</c>
/// baseline. Iterations are pure functions of the seed and their index, so resuming from a checkpoint
/// continues exactly as an uninterrupted run would. The run's writer lock is held throughout
/// (<see cref="RunDirectory.OpenForWriting"/>). After each iteration its mean returns and then the model's
/// parameters are checked (<see cref="FiniteCheck"/>, as <c>train</c> does after each update): NaN/±Inf stops the run
/// with status <c>diverged</c>, the iteration and tensor named, and keeps the last good checkpoint.
/// <para>
/// With an <paramref name="executor"/> (a cluster's, from <c>MetaRL.Distributed</c>) the tasks of each meta-batch run
/// there instead of on this process's threads (<see cref="IMetaTaskLearner"/>), with the same numbers; the executor's
/// <see cref="IMetaBatchExecutor.Diagnostics"/> join each iteration's metrics. When it has no worker left
/// (<see cref="MetaWorkersUnavailableException"/>) the run stops with status <c>interrupted</c>, the message as its
/// <c>error</c>, and the last checkpoint as it was.
/// </para>
/// </summary>
public sealed class MetaTrainer(MetaSetup setup, string directory, IMetaBatchExecutor? executor = null)
{
    private readonly MetaRunStore _store = new(new RunDirectory(directory));

    /// <summary>Trains (or resumes); returns the summary written and the iteration count reached. Without
    /// <paramref name="resume"/> a folder that already holds a run is refused (<see cref="RunConflictException"/>) unless
    /// <paramref name="overwrite"/>, which replaces it; a resumed run without any checkpoint starts over, its earlier files
    /// removed, and <paramref name="log"/> says so.</summary>
    public MetaTrainResult Run(bool resume, Action<MetaProgress>? progress = null, Action<string>? log = null, CancellationToken cancel = default, bool overwrite = false)
    {
        if (resume && overwrite) { throw new ArgumentException("resume and overwrite exclude each other", nameof(overwrite)); }
        using var writing = _store.Run.OpenForWriting(resume ? RunOpening.Resume : overwrite ? RunOpening.Overwrite : RunOpening.New, log);
        var opts = setup.Run;
        long iterations = setup.Budget.Amount;
        var learner = setup.Algorithm.CreateLearner(setup);
        UseExecutor(learner);
        var env = setup.MakeEnv();
        var distribution = setup.Distribution(env);
        var trainTasks = opts.TrainTasks > 0 ? TaskSplit.Create(distribution, opts.TrainTasks, 0, opts.Seed).Train : null;
        TaskSelector? selector = trainTasks is null ? null
            : opts.TaskSelection == TaskSelection.LearningProgress ? new LearningProgressSelector(trainTasks.Count, opts.Seed)
            : new UniformTaskSelector(trainTasks.Count, opts.Seed);
        // Everything that can fail is done in memory first (the checkpoint restored, or the warm start loaded); the folder's
        // files change only after it, so a resume or an overwrite that fails leaves the run as it was.
        bool restored = resume && _store.CanResume;
        var at = restored ? MetaCheckpoint.Load(_store.Run, learner, selector, log) : new MetaPosition(0, 0, 0);
        string? warmStart = !restored && opts.InitFrom.Length > 0 ? MetaWarmStart.Apply(opts.InitFrom, learner) : null;
        if (restored)
        {
            _store.Run.KeepScalarsBefore(at.Iteration);
            log?.Invoke($"resumed at iteration {at.Iteration}");
        }
        else
        {
            if (resume) { log?.Invoke($"no checkpoint to resume from in {_store.Run.Root}: starting over from iteration 0 (its earlier metrics and event files removed)"); }
            _store.StartOver();
            if (warmStart is not null) { log?.Invoke(warmStart); }
        }
        _store.WriteSetup(setup, trainTasks);
        var clock = Stopwatch.StartNew();
        long it = at.Iteration;
        long envSteps = at.EnvSteps;
        double wallBefore = at.WallSeconds;
        double lastPost = double.NaN;
        string? diverged = null;
        string? unavailable = null;
        using (var sink = RunSinks.Create(_store.Run.Root))
        {
            _store.WriteSummary(setup, learner.Name, RunSummary.Running, at, lastPost);
            try
            {
                for (; it < iterations && !cancel.IsCancellationRequested; it++)
                {
                    int count = learner.TasksPerIteration;
                    int[]? indices = selector?.Select(it, count);
                    var tasks = indices is not null ? [.. indices.Select(i => trainTasks![i])]
                        : distribution.SampleTasks(count, new Rng(SeedPath.Derive(opts.Seed, it, -2)));
                    var t0 = clock.Elapsed.TotalSeconds;
                    var result = Iterate(learner, tasks, it);
                    double dt = clock.Elapsed.TotalSeconds - t0;
                    envSteps += result.EnvSteps;
                    FiniteCheck.Value(result.MeanPre, "meta/return_pre", it, FiniteCheck.MetaIteration);
                    FiniteCheck.Value(result.MeanPost, "meta/return_post", it, FiniteCheck.MetaIteration);
                    FiniteCheck.Parameters(learner.Model, it, FiniteCheck.MetaIteration);
                    if (indices is not null) { selector!.Update(indices, result.PostReturns); }
                    lastPost = result.MeanPost;
                    double wall = wallBefore + clock.Elapsed.TotalSeconds;
                    sink.Add("meta/return_pre", it, result.MeanPre, wall);
                    sink.Add("meta/return_post", it, result.MeanPost, wall);
                    sink.Add("meta/env_steps", it, envSteps, wall);
                    sink.Add("meta/steps_per_sec", it, dt > 0 ? result.EnvSteps / dt : 0, wall);
                    foreach (var (tag, value) in result.Diagnostics) { sink.Add(tag, it, value, wall); }
                    foreach (var (tag, value) in executor?.Diagnostics ?? []) { sink.Add(tag, it, value, wall); }
                    sink.Flush();
                    progress?.Invoke(new MetaProgress(it, iterations, result.MeanPre, result.MeanPost, envSteps, wall));
                    if ((it + 1) % opts.CheckpointEvery == 0) { _store.SaveCheckpoint(learner, selector, new MetaPosition(it + 1, envSteps, wall)); }
                }
            }
            catch (NonFiniteTrainingException ex)
            {
                diverged = ex.Message; // the learner now holds NaN/Inf: no checkpoint of it, the last good one stays newest
            }
            catch (MetaWorkersUnavailableException ex)
            {
                unavailable = ex.Message; // the iteration was not applied; the last checkpoint stays newest
            }
            catch (MetaWorkerFailedException ex)
            {
                // The iteration was not applied: the summary says why the run stopped, the last checkpoint stays newest.
                _store.WriteSummary(setup, learner.Name, RunSummary.Interrupted, new MetaPosition(it, envSteps, wallBefore + clock.Elapsed.TotalSeconds), lastPost, ex.Message);
                throw;
            }
        }
        if (unavailable is not null)
        {
            var stopped = new MetaPosition(it, envSteps, wallBefore + clock.Elapsed.TotalSeconds);
            return new MetaTrainResult(_store.WriteSummary(setup, learner.Name, RunSummary.Interrupted, stopped, lastPost, unavailable), it);
        }
        if (diverged is not null)
        {
            var stopped = new MetaPosition(it, envSteps, wallBefore + clock.Elapsed.TotalSeconds);
            return new MetaTrainResult(_store.WriteSummary(setup, learner.Name, RunSummary.Diverged, stopped, lastPost, diverged), it);
        }
        var end = new MetaPosition(it, envSteps, wallBefore + clock.Elapsed.TotalSeconds);
        _store.SaveCheckpoint(learner, selector, end);
        bool finished = it >= iterations;
        if (finished && setup.Algorithm.AdaptsByGradient && opts.PretrainIterations > 0 && !_store.HasPretrained)
        {
            log?.Invoke($"training the multi-task pretrained baseline ({opts.PretrainIterations} iterations)");
            int pretrain = cancel.IsCancellationRequested ? 0 : opts.PretrainIterations;
            var lines = new ThrottledLog(log);
            void Progress(int i, double meanReturn) => lines.Report(() => string.Create(CultureInfo.InvariantCulture,
                $"pretrained baseline: iteration {i + 1}/{pretrain}, mean return {meanReturn:F2}"), last: i + 1 == pretrain);
            if (setup.Algorithm.PretrainBaseline(setup, distribution, Math.Min(learner.TasksPerIteration, 20), pretrain, Progress) is { } policy)
            {
                _store.SavePretrained(policy, opts.PretrainIterations);
            }
        }
        return new MetaTrainResult(_store.WriteSummary(setup, learner.Name, finished ? RunSummary.Completed : RunSummary.Interrupted, end, lastPost), it);
    }

    /// <summary>Hands the learner's meta-batches to the trainer's executor, when there is one; a learner whose iteration is
    /// not a map over its tasks is refused (<see cref="ConfigException"/>), before anything is written.</summary>
    private void UseExecutor(MetaLearner learner)
    {
        if (executor is null) { return; }
        if (learner is not IMetaTaskLearner tasks)
        {
            throw new ConfigException($"{learner.Name} cannot run its tasks on a cluster: only maml (outer: adam) and reptile meta-batches are distributed; run it without --cluster");
        }
        if (!tasks.Distributable) { throw new ConfigException($"{learner.Name} cannot run its tasks on a cluster: {tasks.Reason}; use outer: adam, or run without --cluster"); }
        tasks.Executor = executor;
    }

    /// <summary>One meta-iteration; NaN/±Inf met inside it (an inner step, an RL² minibatch) is reported at this
    /// meta-iteration, with where inside it.</summary>
    private static MetaIterationResult Iterate(MetaLearner learner, IReadOnlyList<EnvTask> tasks, long iteration)
    {
        try { return learner.Iterate(tasks, iteration); }
        catch (NonFiniteTrainingException ex) when (ex.Unit != FiniteCheck.MetaIteration)
        {
            throw new NonFiniteTrainingException(iteration, ex.TensorName, FiniteCheck.MetaIteration, $"{ex.Unit} {ex.Step}", ex);
        }
    }
}
