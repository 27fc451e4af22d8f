using System.Diagnostics;

namespace MetaRL.Learning;

/// <summary>What a finished training session produced.</summary>
public sealed record TrainingResult(RunSummary Summary, Algorithm Algorithm, string? Checkpoint);

/// <summary>
/// Runs one training session in a run directory, holding its writer lock throughout
/// (<see cref="RunDirectory.OpenForWriting"/>: a second writer, or a new run where one already is, is refused): a fresh
/// run writes <c>config.yaml</c>; a resumed run reads it back, restores the newest checkpoint (model, optimizer,
/// generator, counters and the environment state by action replay) and drops the metric lines and events past that
/// checkpoint, so the finished run is identical to one never interrupted; a newest checkpoint that fails to verify is set
/// aside and the newest one that verifies is resumed instead, said in one line through <c>log</c>; a resumed run without
/// any checkpoint starts over, its earlier metrics and event files removed, and says so. <c>summary.json</c> says
/// <c>running</c> from the start. Interruption (cancellation or <see cref="TrainContext.StopAtStep"/>) and completion write
/// a checkpoint; NaN/Inf stops the run with the step and tensor named and keeps the last good checkpoint.
/// </summary>
public static class TrainingRun
{
    /// <summary>Reads a run's resolved config.</summary>
    public static TrainConfig LoadConfig(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return TrainConfig.Resolve(ConfigLayers.OfRun(run, meta: false).Pairs);
    }

    /// <summary>
    /// Builds the algorithm of a config: environments reset with the seed (copy i gets seed + i, as Gymnasium's
    /// vector reset does), and the algorithm's generator (initialisation, action sampling, minibatch order)
    /// from a seed derived from it, so that the generator does not replay environment 0's stream.
    /// </summary>
    public static Algorithm Build(TrainConfig config) =>
        config.Algorithm.Create(config.Options, config.CreateEnvs(), AlgorithmRng(config.Run.Seed));

    /// <summary>The algorithm's generator for run seed <paramref name="seed"/>, independent of every environment's.</summary>
    public static Rng AlgorithmRng(long seed) => new(Meta.SeedPath.Derive(seed, AlgorithmStream));

    private const long AlgorithmStream = 0x616C676F; // "algo"


    /// <summary>Trains <paramref name="config"/> into <paramref name="run"/> (see the class remarks).</summary>
    /// <param name="config">The resolved config (a resumed run's own).</param>
    /// <param name="run">The run directory.</param>
    /// <param name="resume">Continue the run in the folder; without it a folder that holds a run is refused, unless <paramref name="overwrite"/>.</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellation">Stops the run after the current iteration, with a checkpoint.</param>
    /// <param name="stopAtStep">Stops the run (resumably) at the first update at or after this step.</param>
    /// <param name="earlyStopping">A pruner's hook.</param>
    /// <param name="overwrite">Replace the run the folder holds (its files are removed first).</param>
    /// <param name="log">Told, one line each, what the run layer decided: resuming, starting over, a stale lock taken over.</param>
    public static TrainingResult Execute(
        TrainConfig config, RunDirectory run, bool resume,
        ITrainingProgress? progress = null, CancellationToken cancellation = default, long? stopAtStep = null, IEarlyStopping? earlyStopping = null,
        bool overwrite = false, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        if (resume && overwrite) { throw new ArgumentException("resume and overwrite exclude each other", nameof(overwrite)); }
        using var writing = run.OpenForWriting(resume ? RunOpening.Resume : overwrite ? RunOpening.Overwrite : RunOpening.New, log);
        var algorithm = Build(config);
        double wallOffset = 0;
        string? checkpoint = null;
        if (resume)
        {
            if (AlgorithmCheckpoint.Resume(run, algorithm, log) is { } restored)
            {
                (checkpoint, wallOffset) = restored;
                run.KeepScalarsBefore(algorithm.GlobalStep + 1);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"resuming from the checkpoint at step {algorithm.GlobalStep:N0}"));
            }
            else
            {
                run.Clear(keepConfig: true);
                log?.Invoke($"no checkpoint to resume from in {run.Root}: starting over from step 0 (its earlier metrics and event files removed)");
            }
        }
        else
        {
            run.Clear(); // an overwritten run's files go only now, once the algorithm is built
            run.WriteConfig(config.ToYaml());
        }
        run.WriteSummary(new RunSummary { Algo = config.Algorithm.Name, Env = config.Run.Env, Seed = config.Run.Seed, Status = RunSummary.Running });

        var metadata = new Dictionary<string, string>
        {
            ["algo"] = config.Algorithm.Name,
            ["env"] = config.Run.Env,
            ["seed"] = config.Run.Seed.ToString(CultureInfo.InvariantCulture),
        };
        long startStep = algorithm.GlobalStep;
        var session = Stopwatch.StartNew();
        long nextCheckpoint = config.Run.CheckpointEvery > 0 ? (startStep / config.Run.CheckpointEvery + 1) * config.Run.CheckpointEvery : long.MaxValue;
        string status;
        string? error = null;
        double wall;
        using (var sink = RunSinks.Create(run.Root))
        {
            TrainContext? context = null;
            context = new TrainContext(sink)
            {
                Cancellation = cancellation,
                StopAtStep = stopAtStep,
                EarlyStopping = earlyStopping,
                WallOffset = wallOffset,
                AfterIteration = a =>
                {
                    double elapsed = session.Elapsed.TotalSeconds;
                    progress?.Report(new TrainingProgress(a.GlobalStep, a.TotalSteps, elapsed > 0 ? (a.GlobalStep - startStep) / elapsed : 0, a.Episodes.MeanOfLast(20), context!.WallSeconds));
                    if (a.GlobalStep >= nextCheckpoint && a.GlobalStep < a.TotalSteps)
                    {
                        sink.Flush();
                        checkpoint = AlgorithmCheckpoint.Save(run, a, context!.WallSeconds, metadata);
                        nextCheckpoint = (a.GlobalStep / config.Run.CheckpointEvery + 1) * config.Run.CheckpointEvery;
                    }
                },
            };
            try
            {
                var outcome = algorithm.Train(context);
                status = outcome == TrainOutcome.Completed ? RunSummary.Completed : RunSummary.Interrupted;
                wall = context.WallSeconds;
                sink.Flush();
                if (outcome != TrainOutcome.Pruned) { checkpoint = AlgorithmCheckpoint.Save(run, algorithm, wall, metadata); } // a pruned run is abandoned
            }
            catch (NonFiniteTrainingException ex)
            {
                status = RunSummary.Diverged;
                error = ex.Message;
                wall = context.WallSeconds;
            }
        }
        var summary = Figures(algorithm, wall) with { Algo = config.Algorithm.Name, Env = config.Run.Env, Seed = config.Run.Seed, Status = status, Error = error };
        run.WriteSummary(summary);
        return new TrainingResult(summary, algorithm, checkpoint);
    }

    /// <summary>The figures <c>summary.json</c> gives for <paramref name="algorithm"/> were its run to end now, after
    /// <paramref name="wallSeconds"/> (the run's name, status and error are the caller's).</summary>
    public static RunSummary Figures(Algorithm algorithm, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return new RunSummary
        {
            TotalSteps = algorithm.GlobalStep,
            WallSeconds = Math.Round(wallSeconds, 3),
            Episodes = algorithm.Episodes.Count,
            FinalReturnMean = algorithm.Episodes.Count > 0 ? algorithm.Episodes.MeanOfLast(20) : null,
            StepsPerSecond = Math.Round(wallSeconds > 0 ? algorithm.GlobalStep / wallSeconds : 0, 1),
            PeakMemoryMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1),
        };
    }
}
