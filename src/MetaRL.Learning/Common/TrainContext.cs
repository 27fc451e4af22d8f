namespace MetaRL.Learning;

/// <summary>A snapshot for progress displays.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double StepsPerSecond, double RecentReturn, double ElapsedSeconds)
{
    /// <summary>Estimated seconds left at the current speed.</summary>
    public double EtaSeconds => StepsPerSecond > 0 ? (TotalSteps - Step) / StepsPerSecond : double.NaN;
}

/// <summary>Receives progress snapshots (a Spectre.Console bar in a terminal, plain lines otherwise).</summary>
public interface ITrainingProgress
{
    void Report(in TrainingProgress progress);
}

/// <summary>
/// Watches a run after every iteration and may end it for good: how a tuning study sees a trial's learning
/// curve and prunes it (Optuna's <c>trial.report</c> / <c>should_prune</c> inside the training loop). Unlike
/// Ctrl-C, a run ended this way is abandoned rather than paused, so no "interrupted" checkpoint is written.
/// </summary>
public interface IEarlyStopping
{
    /// <summary>Called after each iteration; returning true ends the run at this iteration boundary.</summary>
    bool ShouldStop(Algorithm algorithm, TrainContext context);
}

/// <summary>Where a training loop writes and when it must stop early.</summary>
public sealed class TrainContext
{
    public TrainContext(IScalarSink sink) => Sink = sink;

    /// <summary>Metrics go here (tags <c>episode/return</c>, <c>episode/length</c>, <c>losses/…</c>, <c>charts/learning_rate</c>).</summary>
    public IScalarSink Sink { get; }

    /// <summary>Cancelled by Ctrl-C: the loop stops at the next iteration boundary.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Stop at the first iteration boundary at or after this step (tests of resume, budgets).</summary>
    public long? StopAtStep { get; init; }

    /// <summary>Optional: asked by <see cref="Algorithm.Train"/> after every iteration, before <see cref="AfterIteration"/>,
    /// whether to end the run for good (a tuning study's pruner); the run then returns <see cref="TrainOutcome.Pruned"/>.</summary>
    public IEarlyStopping? EarlyStopping { get; init; }

    /// <summary>Seconds already spent by earlier sessions of a resumed run (added to <c>wall_s</c>).</summary>
    public double WallOffset { get; init; }

    /// <summary>Called after each iteration (for periodic checkpoints); returns nothing.</summary>
    public Action<Algorithm>? AfterIteration { get; init; }

    /// <summary>Seconds since the run began, across sessions.</summary>
    public double WallSeconds => WallOffset + _clock.Elapsed.TotalSeconds;

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
}
