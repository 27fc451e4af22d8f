using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>
/// PendulumMeta-v0: Pendulum-v1's dynamics with a task per episode drawn over mass, length and gravity,
/// each the nominal value (1, 1, 10) times a factor log-uniform in [1/<see cref="Scale"/>, <see cref="Scale"/>].
/// </summary>
public sealed class PendulumMeta : TaskEnv<PendulumTask>, IStatefulEnv
{
    private readonly Pendulum _inner = new();

    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    public PendulumMeta(double scale = 2.0)
    {
        if (!(scale >= 1)) { throw new ArgumentOutOfRangeException(nameof(scale), "scale must be ≥ 1."); }
        Scale = scale;
    }

    /// <summary>Largest factor away from nominal.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Id => "PendulumMeta-v0";

    /// <inheritdoc />
    public override Box ObservationSpace => _inner.ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => _inner.ActionSpace;

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => _inner.StateNames;

    private double Factor(Rng rng) => Math.Exp(rng.Uniform(-Math.Log(Scale), Math.Log(Scale)));

    /// <inheritdoc />
    protected override PendulumTask Sample(Rng rng)
    {
        var d = PendulumTask.Default;
        return new PendulumTask(d.Gravity * Factor(rng), d.Mass * Factor(rng), d.Length * Factor(rng));
    }

    /// <inheritdoc />
    protected override void Validate(PendulumTask task)
    {
        if (!(task.Gravity > 0 && task.Mass > 0 && task.Length > 0)) { throw new ArgumentException("Pendulum task parameters must all be positive."); }
    }

    /// <inheritdoc />
    protected override void Apply(PendulumTask task) => _inner.Parameters = task;

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng) => _inner.Reset(observation, (long)rng.NextULong());

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => _inner.Step(action, observation);

    /// <inheritdoc />
    public void GetState(Span<double> state) => _inner.GetState(state);

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state, Span<float> observation) => _inner.SetState(state, observation);
}
