namespace MetaRL.Tuning;

/// <summary>How a study runs its trials: heartbeats, retries and the worker's name.</summary>
public sealed class StudyOptions
{
    /// <summary>How often a running trial writes its heartbeat; null turns heartbeats (and reaping) off.</summary>
    /// <value>The default value is null (off); multi-process studies use 1 s (Optuna's default is 60 s).</value>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>How long a Running trial may go without a heartbeat before any worker marks it Failed.</summary>
    /// <value>The default value is null, meaning 4 × <see cref="HeartbeatInterval"/>.</value>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Whether a trial failed for a lost heartbeat is re-enqueued with the same parameters.</summary>
    /// <value>The default value is true.</value>
    public bool RetryLostTrials { get; init; } = true;

    /// <summary>The name written beside each trial this process runs.</summary>
    /// <value>The default value is "HOST:PID".</value>
    public string WorkerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a worker waits between polls while other workers' trials are still running.</summary>
    /// <value>The default value is 200 ms.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Heartbeats a running trial may miss before it counts as lost when <see cref="GracePeriod"/> is not set.</summary>
    public const int GraceHeartbeats = 4;

    internal TimeSpan EffectiveGrace => GracePeriod ?? (HeartbeatInterval is TimeSpan h ? GraceHeartbeats * h : TimeSpan.MaxValue);
}
