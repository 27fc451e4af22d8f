namespace MetaRL.Envs;

/// <summary>
/// A classic-control environment made a task family: each physical parameter is its nominal value times an
/// independent factor log-uniform in [1/<see cref="Scale"/>, <see cref="Scale"/>], drawn in the parameters' declaration
/// order; a pinned task must have every parameter positive. Stepping, spaces and state are the inner environment's.
/// </summary>
/// <typeparam name="TTask">The inner environment's parameters.</typeparam>
/// <typeparam name="TEnv">The inner environment.</typeparam>
public abstract class ScaledPhysicsFamily<TTask, TEnv> : TaskEnv<TTask>, IStatefulEnv
    where TTask : EnvTask, IPhysicsTask<TTask>
    where TEnv : ClassicControlEnv<TTask>
{
    /// <param name="id">The family's registry id.</param>
    /// <param name="inner">The environment that steps (whose spaces the family has).</param>
    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    protected ScaledPhysicsFamily(string id, TEnv inner, double scale)
        : base(id, inner.ObservationSpace, inner.ActionSpace)
    {
        if (!(scale >= 1)) { throw new ArgumentOutOfRangeException(nameof(scale), "scale must be ≥ 1."); }
        Inner = inner;
        Scale = scale;
    }

    /// <summary>The environment that steps.</summary>
    private TEnv Inner { get; }

    /// <summary>Largest factor away from nominal.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => Inner.StateNames;

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames => Inner.ObservationNames;

    /// <summary>One factor, log-uniform in [1/Scale, Scale].</summary>
    private double Factor(Rng rng) => Math.Exp(rng.Uniform(-Math.Log(Scale), Math.Log(Scale)));

    /// <inheritdoc />
    protected override TTask Sample(Rng rng)
    {
        var values = TTask.Default.ToValues();
        for (int i = 0; i < values.Length; i++) { values[i] *= Factor(rng); }
        return TTask.FromValues(values);
    }

    /// <inheritdoc />
    protected override void Validate(TTask task)
    {
        if (!task.ToValues().All(v => v > 0))
        {
            // "CartPole-v1" → "CartPole task parameters …".
            throw new ArgumentException($"{Inner.Id[..Inner.Id.IndexOf('-', StringComparison.Ordinal)]} task parameters must all be positive.");
        }
    }

    /// <inheritdoc />
    protected override void Apply(TTask task) => Inner.Parameters = task;

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng) => Inner.Reset(observation, (long)rng.NextULong());

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);

    /// <inheritdoc />
    public void GetState(Span<double> state) => Inner.GetState(state);

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state, Span<float> observation) => Inner.SetState(state, observation);
}
