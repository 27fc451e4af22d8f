using MetaRL.Envs;
using MetaRL.Random;

namespace Sample.CustomEnv;

/// <summary>One task of the GoalLine family: where on the line the hidden goal lies.</summary>
public sealed record GoalLineTask(double Goal) : EnvTask;

/// <summary>
/// A user's own environment and task family (docs/custom-environment.md): an agent on the line [-1, 1] starts near 0
/// and moves left, stays or moves right by 0.1 a step; the reward is minus its distance to the task's goal, and the
/// episode terminates when it is within 0.05 of the goal. The goal is not observed: the family is a task distribution
/// (goals ±U(0.3, 0.9)), which a meta-learner adapts to from a few episodes. Wrap it in a <see cref="TimeLimit"/> for
/// the truncation.
/// </summary>
public sealed class GoalLine() : TaskEnv<GoalLineTask>("GoalLine-v0", new Box(1, -1f, 1f), new Discrete(3))
{
    public const double StepSize = 0.1;
    public const double Tolerance = 0.05;

    private double _x;

    /// <summary>Draws a goal: a side, then a distance from 0.3 to 0.9 (from the generator it is given, never a global one).</summary>
    protected override GoalLineTask Sample(Rng rng) => new((rng.NextDouble() < 0.5 ? -1 : 1) * rng.Uniform(0.3, 0.9));

    /// <summary>Rejects goals off the line.</summary>
    protected override void Validate(GoalLineTask task)
    {
        if (!(Math.Abs(task.Goal) <= 1)) { throw new ArgumentException($"GoalLine-v0: the goal {task.Goal} is off the line [-1, 1]."); }
    }

    /// <summary>Starts near 0; the start noise comes from the environment's seeded generator.</summary>
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _x = rng.Uniform(-0.05, 0.05);
        observation[0] = (float)_x;
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = (int)action[0];
        if (a is < 0 or > 2) { throw new ArgumentOutOfRangeException(nameof(action), $"GoalLine-v0 takes actions 0, 1, 2, not {action[0]}."); }
        _x = Math.Clamp(_x + (a - 1) * StepSize, -1, 1);
        observation[0] = (float)_x;
        double distance = Math.Abs(_x - CurrentTask.Goal);
        return new StepResult(-distance, Terminated: distance < Tolerance, Truncated: false);
    }
}
