namespace MetaRL.Envs;

/// <summary>The physical parameters of the inverted pendulum (Gymnasium's Pendulum-v1 defaults:
/// g 10, m 1, l 1).</summary>
public sealed record PendulumTask(double Gravity = 10.0, double Mass = 1.0, double Length = 1.0) : EnvTask, IPhysicsTask<PendulumTask>
{
    /// <summary>Gymnasium's Pendulum-v1 parameters.</summary>
    public static PendulumTask Default { get; } = new();

    /// <inheritdoc />
    public static PendulumTask FromValues(ReadOnlySpan<double> values) => new(values[0], values[1], values[2]);

    /// <inheritdoc />
    public double[] ToValues() => [Gravity, Mass, Length];
}
