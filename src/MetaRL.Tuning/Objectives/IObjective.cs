namespace MetaRL.Tuning;

/// <summary>
/// What a study optimises: given a trial, suggest parameters, evaluate, return the value. The built-in
/// benchmark functions implement it; the CLI's study-file objective (a <c>metarl train</c> config plus a
/// search space over its keys and a metric of the finished run) plugs in by implementing it too, so this
/// project knows nothing of RL.
/// </summary>
public interface IObjective
{
    /// <summary>A short name for logs and study names, e.g. "rosenbrock:8".</summary>
    string Name { get; }

    /// <summary>Whether smaller or larger values are better.</summary>
    StudyDirection Direction { get; }

    /// <summary>Evaluates one trial (may call <see cref="Trial.Report"/> and throw <see cref="TrialPrunedException"/>).</summary>
    double Evaluate(Trial trial, CancellationToken cancellation);
}

/// <summary>Capability: the objective declares its search space up front (samplers can then model it from the first trial).</summary>
public interface IHasSearchSpace
{
    SearchSpace Space { get; }
}

/// <summary>Capability: the objective's global minimum is known (benchmarks report the gap to it).</summary>
public interface IHasKnownMinimum
{
    double KnownMinimum { get; }
}
