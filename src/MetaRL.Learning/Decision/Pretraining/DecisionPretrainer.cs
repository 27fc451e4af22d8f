using System.Diagnostics;
using MetaRL.Autograd;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The pretraining of a decision model (DPT, AD: an <see cref="IPretrainRecipe"/>) into a run directory, top to bottom.
/// Each iteration draws a minibatch (<see cref="IPretrainCorpus.Draw"/>: rows, windows or context order, then dropout
/// masks, from a generator seeded by the run seed and the iteration, so a resumed run continues exactly as an
/// uninterrupted one), sets the step size (warm-up, then cosine), minimises <see cref="DptLoss"/> with AdamW after
/// clipping the gradient norm, and checks the loss and every parameter (<see cref="FiniteCheck"/>: NaN/±Inf stops the run
/// with status <c>diverged</c>, the iteration and tensor named, and keeps the last good checkpoint). It logs
/// <c>losses/train</c>, <c>charts/learning_rate</c>, <c>charts/grad_norm</c> and <c>charts/tokens_per_sec</c> every
/// <see cref="PretrainSettings.LogEvery"/> iterations and <c>losses/val</c> and <c>charts/cpu_seconds</c> every
/// <see cref="PretrainSettings.ValEvery"/>, to <c>metrics.jsonl</c> and TensorBoard; checkpoints (model, optimiser,
/// position) go to the run's <see cref="CheckpointStore"/> every <c>checkpoint_every</c> iterations, on cancellation and
/// at the end.
/// </summary>
public sealed class DecisionPretrainer(MetaSetup setup, IPretrainRecipe recipe, RunDirectory run)
{
    private readonly PretrainSettings options = recipe.Options;

    private const long BatchStream = 0x6261746368; // "batch"

    /// <summary>Runs the session (see the class remarks).</summary>
    public PretrainResult Run(PretrainSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Resume && session.Overwrite) { throw new ArgumentException("resume and overwrite exclude each other", nameof(session)); }
        long total = setup.Budget.Amount;
        if (total < 1) { throw new ConfigException("iterations must be at least 1 for pretraining"); }
        if (options.WarmupSteps >= total) { throw new ConfigException($"warmup_steps ({options.WarmupSteps}) must be fewer than iterations ({total}): raise iterations or lower warmup_steps (samples/configs/dpt-bandit.yaml: 6000 and 100)"); }
        var model = recipe.CreateModel();
        recipe.PrepareData(session.Log); // before the folder is touched: bad data is the user's mistake
        if (!session.Resume) { recipe.LoadBase(model, session.Log); } // likewise a bad base run
        var trainable = recipe.Trainable(model);
        using var writing = run.OpenForWriting(session.Resume ? RunOpening.Resume : session.Overwrite ? RunOpening.Overwrite : RunOpening.New, session.Log);
        var optimizer = AdamW.Create(trainable, AdamW.Options(options.LearningRate, options.WeightDecay));
        var schedule = new CosineSchedule(options.LearningRate, total, options.MinLearningRate, options.WarmupSteps);
        var at = Start(session, model, optimizer);
        var data = recipe.LoadData(run.Root, session.Log);
        run.WriteSummary(Summary(RunSummary.Running, at, double.NaN));

        int tokensPerStep = options.BatchSize * data.SequenceTokens;
        var clock = Stopwatch.StartNew();
        double cpuStart = CpuSeconds();
        long step = at.Step, first = at.Step;
        double valLoss = at.ValLoss, loss = double.NaN;
        string? diverged = null;
        using (var sink = RunSinks.Create(run.Root))
        {
            double Wall() => at.WallSeconds + clock.Elapsed.TotalSeconds;
            double Cpu() => at.CpuSeconds + CpuSeconds() - cpuStart;
            try
            {
                for (; step < total && !session.Cancel.IsCancellationRequested; step++)
                {
                    var rng = new Rng(SeedPath.Derive(setup.Run.Seed, BatchStream, step));
                    var batch = data.Draw(options.BatchSize, rng);
                    double lr = schedule.Apply(optimizer, step);
                    double norm;
                    using (TensorArena.Step())
                    {
                        optimizer.ZeroGrad();
                        var lossTensor = DptLoss.Of(model.Forward(batch.Tokens, rng), batch.Labels, batch.Mask);
                        loss = lossTensor.Item();
                        FiniteCheck.Value(loss, "losses/train", step);
                        lossTensor.Backward();
                        norm = options.MaxGradNorm > 0 ? GradClip.ClipGradNorm(trainable, options.MaxGradNorm) : double.NaN;
                        optimizer.Step();
                    }
                    FiniteCheck.Parameters(model, step);
                    long done = step + 1;
                    double tokensPerSecond = (done - first) * tokensPerStep / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    if (done % options.LogEvery == 0 || done == total)
                    {
                        sink.Add("losses/train", step, loss, Wall());
                        sink.Add("charts/learning_rate", step, lr, Wall());
                        if (double.IsFinite(norm)) { sink.Add("charts/grad_norm", step, norm, Wall()); }
                        sink.Add("charts/tokens_per_sec", step, tokensPerSecond, Wall());
                    }
                    if (done % options.ValEvery == 0 || done == total)
                    {
                        var losses = ValidationLosses(model, data, options.BatchSize);
                        valLoss = losses[""];
                        sink.Add("losses/val", step, valLoss, Wall());
                        foreach (var (group, value) in losses.Where(kv => kv.Key.Length > 0)) { sink.Add("losses/val/" + group, step, value, Wall()); }
                        sink.Add("charts/cpu_seconds", step, Cpu(), Wall());
                    }
                    session.Progress?.Invoke(new PretrainProgress(done, total, loss, valLoss, tokensPerSecond, Wall(),
                        (total - done) * clock.Elapsed.TotalSeconds / (done - first)));
                    if (done % setup.Run.CheckpointEvery == 0 && done < total)
                    {
                        sink.Flush();
                        Save(model, optimizer, new Position(done, Wall(), Cpu(), valLoss));
                    }
                }
            }
            catch (NonFiniteTrainingException ex)
            {
                diverged = ex.Message; // the model now holds NaN/Inf: no checkpoint of it, the last good one stays newest
            }
            sink.Flush();
            at = new Position(step, Wall(), Cpu(), valLoss);
        }
        if (diverged is not null) { return Finish(RunSummary.Diverged, at, loss, diverged); }
        Save(model, optimizer, at);
        if (step >= total) { recipe.WriteOutputs(model, run); }
        return Finish(step >= total ? RunSummary.Completed : RunSummary.Interrupted, at, loss);
    }

    /// <summary>Mean loss over the validation sequences (in order, no dropout, no graph).</summary>
    public static double ValidationLoss(DecisionTransformer model, IPretrainCorpus data, int batchSize) => ValidationLosses(model, data, batchSize)[""];

    /// <summary>Mean loss over all validation sequences (key "") and over each <see cref="PretrainBatch.Group"/>'s (a
    /// generalist's families).</summary>
    public static IReadOnlyDictionary<string, double> ValidationLosses(DecisionTransformer model, IPretrainCorpus data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        using var noGrad = Autograd.Autograd.NoGrad();
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        double sum = 0;
        int count = 0;
        foreach (var batch in data.ValidationBatches(batchSize))
        {
            double loss = DptLoss.Of(model.Forward(batch.Tokens), batch.Labels, batch.Mask).Item() * batch.Rows;
            sum += loss;
            count += batch.Rows;
            if (batch.Group is { } g) { sums[g] = sums.TryGetValue(g, out var s) ? (s.Sum + loss, s.Count + batch.Rows) : (loss, batch.Rows); }
        }
        var result = sums.ToDictionary(kv => kv.Key, kv => kv.Value.Sum / kv.Value.Count, StringComparer.Ordinal);
        result[""] = sum / count;
        return result;
    }

    private readonly record struct Position(long Step, double WallSeconds, double CpuSeconds, double ValLoss);

    private Position Start(PretrainSession session, DecisionTransformer model, Optimizer optimizer)
    {
        if (session.Resume)
        {
            if (run.Checkpoints.Restore(model, optimizer, session.Log) is { } restored)
            {
                var s = restored.State;
                var at = new Position((long)s["run.iteration"][0], s["run.wall_seconds"][0], s["run.cpu_seconds"][0], s["run.val_loss"][0]);
                run.KeepScalarsBefore(at.Step);
                session.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"resuming from the checkpoint at iteration {at.Step:N0}"));
                return at;
            }
            session.Log?.Invoke($"no checkpoint to resume from in {run.Root}: starting over from iteration 0 (its earlier metrics and event files removed)");
            recipe.LoadBase(model, session.Log);
        }
        run.Clear();
        run.WriteConfig(setup.ToYaml());
        return new Position(0, 0, 0, double.NaN);
    }

    private void Save(DecisionTransformer model, Optimizer optimizer, Position at)
    {
        var state = new Dictionary<string, Tensor>
        {
            ["run.iteration"] = CheckpointStore.Scalar(at.Step),
            ["run.wall_seconds"] = CheckpointStore.Scalar(at.WallSeconds),
            ["run.cpu_seconds"] = CheckpointStore.Scalar(at.CpuSeconds),
            ["run.val_loss"] = CheckpointStore.Scalar(at.ValLoss),
        };
        var meta = new Dictionary<string, string> { ["iteration"] = at.Step.ToString(CultureInfo.InvariantCulture), ["algo"] = setup.Run.Algo };
        run.Checkpoints.Save(at.Step, model, optimizer, state, meta);
    }

    private PretrainResult Finish(string status, Position at, double lastLoss, string? error = null)
    {
        var summary = Summary(status, at, lastLoss, error);
        run.WriteSummary(summary);
        return new PretrainResult(summary, at.Step, at.ValLoss);
    }

    private RunSummary Summary(string status, Position at, double lastLoss, string? error = null) => new()
    {
        Algo = setup.Run.Algo,
        Env = setup.EnvName,
        Seed = setup.Run.Seed,
        Status = status,
        TotalSteps = at.Step,
        WallSeconds = Math.Round(at.WallSeconds, 3),
        StepsPerSecond = at.WallSeconds > 0 ? Math.Round(at.Step / at.WallSeconds, 2) : null,
        PeakMemoryMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1),
        Error = error,
    };

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
