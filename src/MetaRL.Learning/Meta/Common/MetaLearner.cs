namespace MetaRL.Learning.Meta;

/// <summary>What one meta-iteration did: each task's return before and after adaptation (in the order the
/// tasks were given) and the environment steps it took.</summary>
public sealed record MetaIterationResult(double[] PreReturns, double[] PostReturns, long EnvSteps)
{
    /// <summary>Mean return before adaptation.</summary>
    public double MeanPre => PreReturns.Length == 0 ? double.NaN : PreReturns.Average();

    /// <summary>Mean return after adaptation (the meta-objective).</summary>
    public double MeanPost => PostReturns.Length == 0 ? double.NaN : PostReturns.Average();

    /// <summary>Optional per-iteration diagnostics, logged under their tags (CleanRL's names, e.g.
    /// <c>losses/approx_kl</c>, <c>charts/learning_rate</c>); empty when the learner reports none.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Diagnostics { get; init; } = [];
}

/// <summary>
/// Base of the meta-learners: one <see cref="Iterate"/> per meta-iteration over a meta-batch of tasks the
/// caller selects (uniformly or by a curriculum). <see cref="Model"/> and <see cref="Optimizer"/> are what a
/// checkpoint holds.
/// </summary>
public abstract class MetaLearner
{
    /// <summary>The method name used in evaluation tables (<c>maml</c>, <c>reptile</c>, <c>rl2</c>, <c>es</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The meta-learned network.</summary>
    public abstract Module Model { get; }

    /// <summary>The outer optimiser, when the learner has one with state worth checkpointing.</summary>
    public virtual Optimizer? Optimizer => null;

    /// <summary>Tasks the learner wants per iteration (its meta-batch size).</summary>
    public abstract int TasksPerIteration { get; }

    /// <summary>One meta-update on <paramref name="tasks"/>; deterministic given the iteration index.</summary>
    public abstract MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration);
}
