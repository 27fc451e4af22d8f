namespace MetaRL.Envs;

/// <summary>
/// PendulumMeta-v0: Pendulum-v1's dynamics with a task per episode drawn over mass, length and gravity,
/// each the nominal value (1, 1, 10) times a factor log-uniform in [1/scale, scale].
/// </summary>
public sealed class PendulumMeta : ScaledPhysicsFamily<PendulumTask, Pendulum>
{
    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    public PendulumMeta(double scale = 2.0)
        : base("PendulumMeta-v0", new Pendulum(), scale)
    {
    }
}
