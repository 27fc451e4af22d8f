namespace MetaRL.Envs;

/// <summary>
/// CartPole-v1, step for step Gymnasium's <c>classic_control/cartpole.py</c>: float64 state
/// (x, ẋ, θ, θ̇), float32 observation, explicit Euler (positions advanced with the old velocities),
/// terminated when |x| &gt; 2.4 or |θ| &gt; 12·2π/360, reward +1 on every step including the terminating
/// one, start state uniform in (−0.05, 0.05)⁴ from the environment's generator. The 500-step truncation
/// is a <see cref="TimeLimit"/> wrapper, as Gymnasium's registration adds it (<see cref="EnvRegistry"/>
/// does so). Expressions are evaluated in Gymnasium's order so results agree to the last bit wherever
/// the platform's sin/cos agree with NumPy's.
/// </summary>
public sealed class CartPole : ClassicControlEnv<CartPoleTask>
{
    /// <summary>Gymnasium's cart position threshold.</summary>
    public const double XThreshold = 2.4;

    /// <summary>Gymnasium's pole angle threshold: 12 degrees written as 12·2π/360.</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    /// <summary>Integration step, seconds.</summary>
    public const double Tau = 0.02;

    private static readonly Box ObsSpace = new(
        [-(float)(XThreshold * 2), float.NegativeInfinity, -(float)(ThetaThresholdRadians * 2), float.NegativeInfinity],
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThresholdRadians * 2), float.PositiveInfinity]);

    private static readonly Discrete ActSpace = new(2);
    private static readonly string[] Names = ["x", "x_dot", "theta", "theta_dot"];

    private double _x, _xDot, _theta, _thetaDot;
    private double _gravity, _massPole, _totalMass, _length, _poleMassLength, _forceMag;

    public CartPole(CartPoleTask? parameters = null)
        : base("CartPole-v1", ObsSpace, ActSpace, Names) => Parameters = parameters ?? CartPoleTask.Default;

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames => Names;

    /// <summary>Recomputes the derived constants as Gymnasium does.</summary>
    protected override void OnParametersChanged(CartPoleTask parameters)
    {
        _gravity = parameters.Gravity;
        _massPole = parameters.MassPole;
        _totalMass = parameters.MassPole + parameters.MassCart;
        _length = parameters.Length;
        _poleMassLength = parameters.MassPole * parameters.Length;
        _forceMag = parameters.ForceMag;
    }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null)
    {
        SeedRandom(seed);
        var rng = EnvRandom;
        _x = rng.Uniform(-0.05, 0.05);
        _xDot = rng.Uniform(-0.05, 0.05);
        _theta = rng.Uniform(-0.05, 0.05);
        _thetaDot = rng.Uniform(-0.05, 0.05);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        float a = action[0];
        if (action.Length != 1 || (a != 0f && a != 1f)) { throw new ArgumentException($"CartPole-v1: action must be 0 or 1, got {a}."); }
        bool terminated = Advance(a == 1f);
        WriteObservation(observation);
        return new StepResult(1.0, terminated, false);
    }

    /// <summary>One Euler step of Gymnasium's equations; returns whether the new state is terminal.</summary>
    private bool Advance(bool push)
    {
        double force = push ? _forceMag : -_forceMag;
        (double sintheta, double costheta) = Math.SinCos(_theta);
        double temp = (force + _poleMassLength * (_thetaDot * _thetaDot) * sintheta) / _totalMass;
        double thetaacc = (_gravity * sintheta - costheta * temp)
            / (_length * (4.0 / 3.0 - _massPole * (costheta * costheta) / _totalMass));
        double xacc = temp - _poleMassLength * thetaacc * costheta / _totalMass;
        _x += Tau * _xDot;
        _xDot += Tau * xacc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaacc;
        return _x < -XThreshold || _x > XThreshold || _theta < -ThetaThresholdRadians || _theta > ThetaThresholdRadians;
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[3] = (float)_thetaDot;
        observation[0] = (float)_x;
        observation[1] = (float)_xDot;
        observation[2] = (float)_theta;
    }

    /// <inheritdoc />
    public override void GetState(Span<double> state)
    {
        state[0] = _x; state[1] = _xDot; state[2] = _theta; state[3] = _thetaDot;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        _x = state[0]; _xDot = state[1]; _theta = state[2]; _thetaDot = state[3];
    }
}
