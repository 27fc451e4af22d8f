namespace MetaRL.Envs;

/// <summary>
/// PointNav2D-v0, MAML's 2D navigation (Finn, Abbeel and Levine 2017): a point starts at (0, 0); the
/// goal is uniform in [−0.5, 0.5]² per task and not observed; the observation is the position; the
/// action (a velocity) is clipped to [−0.1, 0.1]²; after moving the reward is −‖position − goal‖₂; the
/// episode terminates when the point is within 0.01 of the goal on both axes. The horizon of 100 steps
/// is a <see cref="TimeLimit"/> added by the registry.
/// </summary>
public sealed class PointNav2D : TaskEnv<PointNavTask>
{
    private static readonly Box ObsSpace = new(2, float.NegativeInfinity, float.PositiveInfinity);
    private static readonly Box ActSpace = new(2, -0.1f, 0.1f);
    private double _x, _y, _gx, _gy;

    public PointNav2D()
        : base("PointNav2D-v0", ObsSpace, ActSpace)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames { get; } = ["x", "y"];

    /// <inheritdoc />
    protected override PointNavTask Sample(Rng rng) => new(rng.Uniform(-0.5, 0.5), rng.Uniform(-0.5, 0.5));

    /// <inheritdoc />
    protected override void Apply(PointNavTask task) => (_gx, _gy) = (task.GoalX, task.GoalY);

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _x = _y = 0;
        observation[0] = 0;
        observation[1] = 0;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != 2 || float.IsNaN(action[0]) || float.IsNaN(action[1])) { throw new ArgumentException("PointNav2D-v0: action is two finite numbers."); }
        _x += Math.Clamp(action[0], -0.1f, 0.1f);
        _y += Math.Clamp(action[1], -0.1f, 0.1f);
        double dx = _x - _gx, dy = _y - _gy;
        observation[0] = (float)_x;
        observation[1] = (float)_y;
        bool done = Math.Abs(dx) < 0.01 && Math.Abs(dy) < 0.01;
        return new StepResult(-Math.Sqrt(dx * dx + dy * dy), done, false);
    }
}
