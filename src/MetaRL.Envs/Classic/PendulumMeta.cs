using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>
/// PendulumMeta-v0: Pendulum-v1's dynamics with a task per episode drawn over mass, length and gravity,
/// each the nominal value (1, 1, 10) times a factor log-uniform in [1/scale, scale].
/// </summary>
public sealed class PendulumMeta : ScaledPhysicsFamily<PendulumTask, Pendulum>
{
    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    public PendulumMeta(double scale = 2.0)
        : base(new Pendulum(), scale)
    {
    }

    /// <inheritdoc />
    public override string Id => "PendulumMeta-v0";

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
    protected override void Apply(PendulumTask task) => Inner.Parameters = task;
}
