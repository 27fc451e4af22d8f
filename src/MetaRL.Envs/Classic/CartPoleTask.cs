namespace MetaRL.Envs;

/// <summary>The physical parameters of a cart-pole (Barto, Sutton and Anderson 1983; Gymnasium's
/// defaults). <see cref="Length"/> is half the pole's length, as in Gymnasium.</summary>
public sealed record CartPoleTask(double Gravity = 9.8, double MassCart = 1.0, double MassPole = 0.1, double Length = 0.5, double ForceMag = 10.0)
    : EnvTask, IPhysicsTask<CartPoleTask>
{
    /// <summary>Gymnasium's CartPole-v1 parameters.</summary>
    public static CartPoleTask Default { get; } = new();

    /// <inheritdoc />
    public static CartPoleTask FromValues(ReadOnlySpan<double> values) => new(values[0], values[1], values[2], values[3], values[4]);

    /// <inheritdoc />
    public double[] ToValues() => [Gravity, MassCart, MassPole, Length, ForceMag];
}
