using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>
/// CartPoleMeta-v0: CartPole-v1's dynamics with a task per episode drawn over pole (half-)length, pole
/// mass, cart mass, gravity and force magnitude, each Gymnasium's nominal value times a factor
/// log-uniform in [1/<see cref="Scale"/>, <see cref="Scale"/>] (independent factors).
/// </summary>
public sealed class CartPoleMeta : TaskEnv<CartPoleTask>, IStatefulEnv
{
    private readonly CartPole _inner = new();

    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    public CartPoleMeta(double scale = 2.0)
    {
        if (!(scale >= 1)) { throw new ArgumentOutOfRangeException(nameof(scale), "scale must be ≥ 1."); }
        Scale = scale;
    }

    /// <summary>Largest factor away from nominal.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Id => "CartPoleMeta-v0";

    /// <inheritdoc />
    public override Box ObservationSpace => _inner.ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => _inner.ActionSpace;

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => _inner.StateNames;

    private double Factor(Rng rng) => Math.Exp(rng.Uniform(-Math.Log(Scale), Math.Log(Scale)));

    /// <inheritdoc />
    protected override CartPoleTask Sample(Rng rng)
    {
        var d = CartPoleTask.Default;
        return new CartPoleTask(d.Gravity * Factor(rng), d.MassCart * Factor(rng), d.MassPole * Factor(rng), d.Length * Factor(rng), d.ForceMag * Factor(rng));
    }

    /// <inheritdoc />
    protected override void Validate(CartPoleTask task)
    {
        if (!(task.Gravity > 0 && task.MassCart > 0 && task.MassPole > 0 && task.Length > 0 && task.ForceMag > 0))
        {
            throw new ArgumentException("CartPole task parameters must all be positive.");
        }
    }

    /// <inheritdoc />
    protected override void Apply(CartPoleTask task) => _inner.Parameters = task;

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng) => _inner.Reset(observation, (long)rng.NextULong());

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => _inner.Step(action, observation);

    /// <inheritdoc />
    public void GetState(Span<double> state) => _inner.GetState(state);

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state, Span<float> observation) => _inner.SetState(state, observation);
}
