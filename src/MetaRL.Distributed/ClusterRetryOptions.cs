namespace MetaRL.Distributed;

/// <summary>
/// How a cluster run retries a task whose silo was lost or whose call timed out: up to <see cref="Retries"/> more
/// attempts, waiting <see cref="Delay"/>, then twice that, and so on (exponential backoff with jitter, Polly's retry
/// strategy), each attempt on a fresh grain that the cluster places on a live silo. The numbers of the run do not depend
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

    /// <summary>How long one call may take before it counts as lost (Orleans' response timeout): longer than the slowest
    /// task of a meta-batch on a loaded silo.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws for values no run could use.</summary>
    public void Validate()
    {
        if (Retries < 0) { throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "retries must be 0 or more"); }
        if (Delay <= TimeSpan.Zero || MaxDelay < Delay) { throw new ArgumentOutOfRangeException(nameof(Delay), Delay, "the delay must be positive and at most the largest delay"); }
        if (CallTimeout <= TimeSpan.Zero) { throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "the call timeout must be positive"); }
    }
}
