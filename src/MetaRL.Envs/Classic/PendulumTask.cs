namespace MetaRL.Envs;

/// <summary>The physical parameters of the inverted pendulum (Gymnasium's Pendulum-v1 defaults:
/// g 10, m 1, l 1).</summary>
public sealed record PendulumTask(double Gravity = 10.0, double Mass = 1.0, double Length = 1.0) : EnvTask
{
    /// <summary>Gymnasium's Pendulum-v1 parameters.</summary>
    public static PendulumTask Default { get; } = new();
}
