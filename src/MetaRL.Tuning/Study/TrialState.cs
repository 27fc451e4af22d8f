namespace MetaRL.Tuning;

/// <summary>The life of a trial: Waiting (enqueued or a retry) → Running → Complete, Pruned or Failed.</summary>
public enum TrialState
{
    /// <summary>Running: a worker holds it and keeps its heartbeat fresh.</summary>
    Running = 0,

    /// <summary>Finished with a value.</summary>
    Complete = 1,

    /// <summary>Stopped early by a pruner; its last intermediate value is kept as its value.</summary>
    Pruned = 2,

    /// <summary>The objective threw, returned a non-finite value, or its worker died (heartbeat lost).</summary>
    Failed = 3,

    /// <summary>Enqueued with fixed parameters (for example the retry of a trial whose worker died); the next ask claims it.</summary>
    Waiting = 4,
}

/// <summary>Whether the study looks for the smallest or the largest value.</summary>
public enum StudyDirection
{
    Minimize = 0,
    Maximize = 1,
}

/// <summary>Thrown by an objective (usually after <see cref="Trial.ShouldPrune"/>) to end its trial as pruned.</summary>
public sealed class TrialPrunedException : Exception
{
    public TrialPrunedException() : base("Trial pruned.") { }

    public TrialPrunedException(string message) : base(message) { }

    public TrialPrunedException(string message, Exception inner) : base(message, inner) { }
}
