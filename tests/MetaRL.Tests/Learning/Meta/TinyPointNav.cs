using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

/// <summary>The goal of a <see cref="TinyPointNav"/> task.</summary>
internal sealed record TinyGoal(double X, double Y) : EnvTask;

/// <summary>
/// A small stand-in for MAML's 2D navigation: start at the origin, goal uniform in [−0.5, 0.5]², actions
/// clipped to ±0.1, reward −‖position − goal‖ after the move, a short horizon.
/// </summary>
internal sealed class TinyPointNav(int horizon = 20) : TaskEnv<TinyGoal>
{
    private double _x, _y;
    private int _t;
    private TinyGoal _goal = new(0, 0);

    public override string Id => "TinyPointNav";

    public override Box ObservationSpace { get; } = new([-10f, -10f], [10f, 10f]);

    public override Space ActionSpace { get; } = new Box([-0.1f, -0.1f], [0.1f, 0.1f]);

    protected override TinyGoal Sample(Rng rng) => new(rng.Uniform(-0.5, 0.5), rng.Uniform(-0.5, 0.5));

    protected override void Apply(TinyGoal task) => _goal = task;

    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _x = _y = 0;
        _t = 0;
        observation[0] = 0;
        observation[1] = 0;
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _x += Math.Clamp(action[0], -0.1, 0.1);
        _y += Math.Clamp(action[1], -0.1, 0.1);
        _t++;
        observation[0] = (float)_x;
        observation[1] = (float)_y;
        double reward = -Math.Sqrt((_x - _goal.X) * (_x - _goal.X) + (_y - _goal.Y) * (_y - _goal.Y));
        return new StepResult(reward, false, _t >= horizon);
    }
}
