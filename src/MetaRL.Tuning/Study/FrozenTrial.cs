namespace MetaRL.Tuning;

/// <summary>
/// A snapshot of one trial as the storage holds it: parameters (internal values with their
/// distributions), value, intermediate values, state, timings, error and free-form system attributes
/// (samplers and pruners keep their bookkeeping there, so that several workers see the same state).
/// </summary>
public sealed record FrozenTrial
{
    /// <summary>Storage-wide identifier.</summary>
    public required long Id { get; init; }

    /// <summary>0-based number within the study, claimed atomically.</summary>
    public required int Number { get; init; }

    public required TrialState State { get; init; }

    /// <summary>The objective value (for a pruned trial: its last intermediate value, if any).</summary>
    public double? Value { get; init; }

    /// <summary>Internal parameter values (choice index for categoricals).</summary>
    public IReadOnlyDictionary<string, double> Params { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, ParamDistribution> Distributions { get; init; } = new Dictionary<string, ParamDistribution>();

    /// <summary>Values reported with <see cref="Trial.Report"/>, by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; init; } = new SortedDictionary<int, double>();

    public IReadOnlyDictionary<string, string> SystemAttrs { get; init; } = new Dictionary<string, string>();

    public DateTime? Start { get; init; }

    public DateTime? Complete { get; init; }

    /// <summary>Last heartbeat of the worker running it.</summary>
    public DateTime? Heartbeat { get; init; }

    /// <summary>Order in which trials finished (1, 2, …); stable across workers, so replayed sampler state agrees.</summary>
    public long CompleteOrder { get; init; }

    public string? Worker { get; init; }

    /// <summary>The error message of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>True when a failed trial was re-enqueued (its replacement is a new trial with the same parameters).</summary>
    public bool Retried { get; init; }

    /// <summary>Wall-clock duration, once finished.</summary>
    public TimeSpan? Duration => Start is DateTime s && Complete is DateTime c ? c - s : null;

    /// <summary>Parameters as user values (double, long or choice string).</summary>
    public IReadOnlyDictionary<string, object> ExternalParams =>
        Params.ToDictionary(kv => kv.Key, kv => Distributions[kv.Key].ToExternal(kv.Value));

    public bool IsFinished => State is TrialState.Complete or TrialState.Pruned or TrialState.Failed;
}
