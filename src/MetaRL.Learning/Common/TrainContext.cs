using MetaRL.Tracking;

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

/// <summary>Where a training loop writes and when it must stop early.</summary>
public sealed class TrainContext
{
    public TrainContext(IScalarSink sink) => Sink = sink;

    /// <summary>Metrics go here (tags <c>episode/return</c>, <c>episode/length</c>, <c>losses/…</c>, <c>charts/learning_rate</c>).</summary>
    public IScalarSink Sink { get; }

    /// <summary>Optional progress display.</summary>
    public ITrainingProgress? Progress { get; init; }

    /// <summary>Cancelled by Ctrl-C: the loop stops at the next iteration boundary.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Stop at the first iteration boundary at or after this step (tests of resume, budgets).</summary>
    public long? StopAtStep { get; init; }

    /// <summary>Seconds already spent by earlier sessions of a resumed run (added to <c>wall_s</c>).</summary>
    public double WallOffset { get; init; }

    /// <summary>Called after each iteration (for periodic checkpoints); returns nothing.</summary>
    public Action<Algorithm>? AfterIteration { get; init; }

    /// <summary>Seconds since the run began, across sessions.</summary>
    public double WallSeconds => WallOffset + _clock.Elapsed.TotalSeconds;

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
}
