namespace MetaRL.Distributed;

/// <summary>
/// How a cluster run retries a task whose silo was lost or whose call timed out: up to <see cref="Retries"/> more
/// attempts, waiting <see cref="Delay"/>, then twice that, and so on (exponential backoff with jitter, Polly's retry
/// strategy), each attempt on a fresh grain that the cluster places on the next live silo. An attempt times out after
/// <see cref="StragglerFactor"/> times the longest call of the previous meta-iteration (at least
/// <see cref="MinAttemptTimeout"/>, at most <see cref="CallTimeout"/>; the first iteration, with no history, waits
/// <see cref="CallTimeout"/>): a call whose silo was killed gets no answer at all, and this is how it is noticed. A slow
/// call abandoned this way may still finish; its reply is dropped, so every task is counted once. The numbers of the run do not depend
/// on any of this: a task is a pure function of θ, the task, the iteration and its index, and only a reply is kept.
/// The backoff spans the time a cluster takes to declare a killed silo dead (a few seconds with
/// <see cref="SiloHostOptions.FastFailureDetection"/>, tens of seconds with Orleans' defaults).
/// </summary>
public sealed class ClusterRetryOptions
{
    /// <summary>Attempts after the first one.</summary>
    /// <value>The default value is 8 (with the default delay, about a minute of waiting in all).</value>
    public int Retries { get; init; } = 8;

    /// <summary>The first wait; each later one doubles (with jitter).</summary>
    /// <value>The default value is 0.25 seconds.</value>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>The longest single wait.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest an attempt waits (Orleans' response timeout, and the first iteration's attempt timeout):
    /// longer than the slowest task of a first meta-batch on a loaded silo (it includes the silo's start-up).</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>An attempt after the first iteration times out at this multiple of the previous iteration's longest call.</summary>
    /// <value>The default value is 4.</value>
    public double StragglerFactor { get; init; } = 4;

    /// <summary>The shortest attempt timeout.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MinAttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The attempt timeout after an iteration whose longest call took <paramref name="longest"/> (null: none yet).</summary>
    public TimeSpan AttemptTimeout(TimeSpan? longest) => longest is not { } l ? CallTimeout
        : TimeSpan.FromTicks(Math.Clamp((long)(l.Ticks * StragglerFactor), MinAttemptTimeout.Ticks, CallTimeout.Ticks));

    /// <summary>Throws for values no run could use.</summary>
    public void Validate()
    {
        if (Retries < 0) { throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "retries must be 0 or more"); }
        if (Delay <= TimeSpan.Zero || MaxDelay < Delay) { throw new ArgumentOutOfRangeException(nameof(Delay), Delay, "the delay must be positive and at most the largest delay"); }
        if (MinAttemptTimeout <= TimeSpan.Zero || CallTimeout < MinAttemptTimeout) { throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "the call timeout must be at least the shortest attempt timeout, which must be positive"); }
        if (!(StragglerFactor >= 1)) { throw new ArgumentOutOfRangeException(nameof(StragglerFactor), StragglerFactor, "the straggler factor must be at least 1"); }
    }
}
