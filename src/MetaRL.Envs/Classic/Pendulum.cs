namespace MetaRL.Envs;

/// <summary>
/// Pendulum-v1, step for step Gymnasium's <c>classic_control/pendulum.py</c>: max speed 8, max torque 2,
/// dt 0.05; the torque is clipped to ±2; cost θₙ² + 0.1·θ̇² + 0.001·u² with θₙ = ((θ+π) mod 2π) − π;
/// θ̇ ← clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±8); θ ← θ + θ̇·dt; observation (cos θ, sin θ, θ̇) as
/// float32; start (θ, θ̇) uniform in [−π, π] × [−1, 1]. The torque u is a float32, and the terms that
/// multiply it are float32 as under NumPy 2's promotion rules (NEP 50), as Gymnasium runs today. The
/// 200-step truncation is a <see cref="TimeLimit"/> added by the registry, as in Gymnasium.
/// </summary>
public sealed class Pendulum : ClassicControlEnv<PendulumTask>
{
    /// <summary>Largest angular speed.</summary>
    public const double MaxSpeed = 8;

    /// <summary>Largest torque.</summary>
    public const float MaxTorque = 2f;

    /// <summary>Integration step, seconds.</summary>
    public const double Dt = 0.05;

    private static readonly Box ObsSpace = new([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]);
    private static readonly Box ActSpace = new([-MaxTorque], [MaxTorque]);
    private static readonly string[] Names = ["theta", "theta_dot"];
    private static readonly string[] Observed = ["cos_theta", "sin_theta", "theta_dot"];

    private double _theta, _thetaDot;

    public Pendulum(PendulumTask? parameters = null)
        : base("Pendulum-v1", ObsSpace, ActSpace, Names) => Parameters = parameters ?? PendulumTask.Default;

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames => Observed;

    /// <summary>The torque applied at the last step (after clipping).</summary>
    public float LastTorque { get; private set; }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null)
    {
        SeedRandom(seed);
        _theta = EnvRandom.Uniform(-Math.PI, Math.PI);
        _thetaDot = EnvRandom.Uniform(-1.0, 1.0);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != 1 || float.IsNaN(action[0])) { throw new ArgumentException("Pendulum-v1: action is one finite torque."); }
        var p = Parameters;
        double g = p.Gravity, m = p.Mass, l = p.Length;
        float u = Math.Clamp(action[0], -MaxTorque, MaxTorque);
        LastTorque = u;
        double thn = AngleNormalize(_theta);
        double costs = thn * thn + 0.1 * (_thetaDot * _thetaDot) + (double)(0.001f * (u * u));
        double newThetaDot = _thetaDot + (3 * g / (2 * l) * Math.Sin(_theta) + (double)((float)(3.0 / (m * (l * l))) * u)) * Dt;
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        _theta += newThetaDot * Dt;
        _thetaDot = newThetaDot;
        WriteObservation(observation);
        return new StepResult(-costs, false, false);
    }

    /// <summary>((x + π) mod 2π) − π with Python's floored modulo.</summary>
    public static double AngleNormalize(double x)
    {
        const double twoPi = 2 * Math.PI;
        double y = x + Math.PI;
        double r = y % twoPi;
        if (r != 0 && r < 0) { r += twoPi; }
        return r - Math.PI;
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[2] = (float)_thetaDot;
        observation[0] = (float)Math.Cos(_theta);
        observation[1] = (float)Math.Sin(_theta);
    }

    /// <inheritdoc />
    public override void GetState(Span<double> state)
    {
        state[0] = _theta; state[1] = _thetaDot;
    }

    /// <inheritdoc />
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        _theta = state[0]; _thetaDot = state[1];
    }
}
