namespace MetaRL.Envs;

/// <summary>A hand-written controller of <see cref="Nav2DObstacles"/>: called at each step with the environment (which it
/// may read: a baseline may know the map), writes the commanded velocity over the top speed.</summary>
public interface INavController
{
    /// <summary>Called at the start of each episode.</summary>
    void Begin(Nav2DObstacles env);

    /// <summary>Writes the action for the current state.</summary>
    void Act(Nav2DObstacles env, Rng rng, Span<float> action);
}

/// <summary>
/// The navigation baselines: <c>random</c> (uniform commands), <c>greedy</c> (full speed straight at the goal, blind to
/// obstacles) and <c>oracle</c> (<see cref="OracleFollower"/>: follows the oracle's shortest path with a speed profile that
/// respects the acceleration bound).
/// </summary>
public static class NavControllers
{
    /// <summary>The baseline names.</summary>
    public static readonly string[] Methods = ["random", "greedy", "oracle"];

    /// <summary>A fresh controller for a baseline name.</summary>
    public static INavController Create(string method) => method switch
    {
        "random" => new RandomController(),
        "greedy" => new GreedyController(),
        "oracle" => new OracleFollower(),
        _ => throw new ArgumentException($"no navigation baseline '{method}'; available: {string.Join(", ", Methods)}", nameof(method)),
    };

    private sealed class RandomController : INavController
    {
        public void Begin(Nav2DObstacles env) { }

        public void Act(Nav2DObstacles env, Rng rng, Span<float> action)
        {
            action[0] = (float)rng.Uniform(-1, 1);
            action[1] = (float)rng.Uniform(-1, 1);
        }
    }

    private sealed class GreedyController : INavController
    {
        public void Begin(Nav2DObstacles env) { }

        public void Act(Nav2DObstacles env, Rng rng, Span<float> action)
        {
            var map = env.CurrentTask;
            var (x, y) = env.Position;
            double dx = map.GoalX - x, dy = map.GoalY - y, d = Math.Sqrt(dx * dx + dy * dy);
            action[0] = d > 0 ? (float)(dx / d) : 0f;
            action[1] = d > 0 ? (float)(dy / d) : 0f;
        }
    }
}

/// <summary>
/// The oracle baseline: plans the oracle's shortest path (<see cref="NavOracle"/>) at the start of each episode with a
/// margin of <see cref="FollowMargin"/> (the map's margin when there is no path with it), then steers at the next way point
/// at a speed from which the robot can still slow to the corner speed by the way point (v² = v_corner² + 2·a·d, with 80%
/// of the acceleration bound; the corner speed falls with the turn angle), moving on to the next way point within
/// <see cref="Reach"/> metres or as soon as the one after it is in sight.
/// </summary>
public sealed class OracleFollower : INavController
{
    /// <summary>The planning margin. <value>The value is 0.2 m.</value></summary>
    public const double FollowMargin = 0.2;

    /// <summary>A way point is passed within this distance. <value>The value is 0.1 m.</value></summary>
    public const double Reach = 0.1;

    private IReadOnlyList<(double X, double Y)> _path = [];
    private double _margin;
    private int _next;

    /// <inheritdoc />
    public void Begin(Nav2DObstacles env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var map = env.CurrentTask;
        var (x, y) = env.Position;
        _margin = Math.Max(FollowMargin, env.Config.Margin);
        var path = NavOracle.ShortestPath(map, _margin, x, y, map.GoalX, map.GoalY);
        if (path is null) { _margin = env.Config.Margin; path = NavOracle.ShortestPath(map, _margin, x, y, map.GoalX, map.GoalY); }
        _path = path?.Points ?? [(x, y), (map.GoalX, map.GoalY)];
        _next = 1;
    }

    /// <inheritdoc />
    public void Act(Nav2DObstacles env, Rng rng, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(env);
        var c = env.Config;
        var (x, y) = env.Position;
        while (_next < _path.Count - 1 && (Distance((x, y), _path[_next]) < Reach || NavOracle.Visible(env.CurrentTask, _margin * 0.5, (x, y), _path[_next + 1]))) { _next++; }
        var target = _path[_next];
        double d = Distance((x, y), target);
        double corner = c.MaxSpeed;
        if (_next < _path.Count - 1)
        {
            var after = _path[_next + 1];
            double ax = target.X - x, ay = target.Y - y, bx = after.X - target.X, by = after.Y - target.Y;
            double cos = (ax * bx + ay * by) / Math.Max(1e-12, Math.Sqrt((ax * ax + ay * ay) * (bx * bx + by * by)));
            corner = c.MaxSpeed * Math.Clamp(0.5 * (1 + cos), 0.2, 1);
        }
        double speed = Math.Min(c.MaxSpeed, Math.Sqrt(corner * corner + 2 * 0.8 * c.MaxAccel * d));
        action[0] = d > 0 ? (float)((target.X - x) / d * speed / c.MaxSpeed) : 0f;
        action[1] = d > 0 ? (float)((target.Y - y) / d * speed / c.MaxSpeed) : 0f;
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}

/// <summary>Trial loops of the navigation baselines for <see cref="BaselineRunner"/>: each episode's outcome is recorded.</summary>
public static class NavTrials
{
    /// <summary>A trial loop of <paramref name="method"/> on <paramref name="env"/> (a Nav2DObstacles-v0 environment, possibly
    /// wrapped): each call plays the given number of episodes on the map the environment holds, records each episode in
    /// <paramref name="metrics"/> and returns the total reward.</summary>
    public static Func<int, Rng, double> Runner(string method, Env env, NavMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(metrics);
        var nav = env.Find<Nav2DObstacles>() ?? throw new ArgumentException($"{env.Id} is not Nav2DObstacles-v0", nameof(env));
        var controller = NavControllers.Create(method);
        var obs = env.NewObservation();
        var action = new float[2];
        return (episodes, rng) =>
        {
            double total = 0;
            for (int e = 0; e < episodes; e++)
            {
                env.Reset(obs);
                controller.Begin(nav);
                StepResult r = default;
                while (!r.Done)
                {
                    controller.Act(nav, rng, action);
                    r = env.Step(action, obs);
                    total += r.Reward;
                }
                metrics.Add(nav.Outcomes[^1]);
            }
            return total;
        };
    }
}
