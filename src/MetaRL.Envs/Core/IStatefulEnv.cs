namespace MetaRL.Envs;

/// <summary>
/// Capability of an environment whose internal (physical) state can be read and set exactly, so its
/// dynamics can be replayed from a given state and compared with another implementation's
/// (<c>metarl envs replay</c>). CartPole's state is (x, ẋ, θ, θ̇); Pendulum's is (θ, θ̇).
/// </summary>
public interface IStatefulEnv
{
    /// <summary>Names of the state variables, in order.</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>Copies the current float64 state.</summary>
    void GetState(Span<double> state);

    /// <summary>Sets the state (as if an episode had just started there) and writes the matching observation.</summary>
    void SetState(ReadOnlySpan<double> state, Span<float> observation);
}
