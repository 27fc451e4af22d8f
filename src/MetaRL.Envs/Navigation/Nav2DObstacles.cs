namespace MetaRL.Envs;

/// <summary>How one episode of <see cref="Nav2DObstacles"/> went: reached the goal, collided (else it ran out of time),
/// its steps, the distance travelled and the oracle's shortest path length on the map to the goal's disc (metres,
/// <see cref="Nav2DObstacles.OracleLength"/>).</summary>
public sealed record NavOutcome(bool Success, bool Collision, int Steps, double PathLength, double OracleLength)
{
    /// <summary>Distance travelled over the oracle's path length.</summary>
    public double PathRatio => PathLength / OracleLength;
}

/// <summary>
/// Nav2DObstacles-v0, robot navigation among obstacles: a point robot in a square arena with circular and rectangular
/// obstacles (<see cref="NavMapTask"/>; tasks are maps, <see cref="NavMaps"/>). The action is the commanded velocity as a
/// fraction of the top speed, Box(2) in [−1, 1]² (a command longer than 1 is scaled down to 1); the velocity moves toward it
/// by at most max_accel·dt per step (bounded acceleration), then the robot moves velocity·dt. Touching an obstacle or a wall
/// on the way is a collision: the episode terminates with −collision_penalty. Otherwise the reward is
/// progress·(previous − new straight-line distance to the goal) − step_cost, plus goal_bonus when the robot comes within
/// goal_radius of the goal, which terminates the episode. The observation is the lidar — beams ranges at evenly spaced
/// world-frame angles from the +x axis, each the distance to the nearest obstacle or wall over the range (1 beyond it) —
/// then the goal's direction as a unit vector, its distance over the arena's diagonal, and the velocity over the top
/// speed. The map itself is not observed. Each episode's outcome is recorded (<see cref="Outcomes"/>). The oracle
/// (<see cref="NavOracle"/>) gives each map's shortest path. The horizon is a <see cref="TimeLimit"/> added by the registry.
/// </summary>
public sealed class Nav2DObstacles : TaskEnv<NavMapTask>
{
    private const int KeptOutcomes = 64;
    private readonly double[] _cos, _sin;
    private readonly Dictionary<long, NavMapTask> _set = [];
    private readonly List<NavOutcome> _outcomes = [];
    private double _x, _y, _vx, _vy, _travelled, _oracleLength;
    private int _steps;
    private bool _ended, _success, _collision;

    /// <summary>An environment with <paramref name="config"/>'s maps, robot and reward.</summary>
    public Nav2DObstacles(Nav2DConfig? config = null)
        : base("Nav2DObstacles-v0", ObservationBox(config ?? Nav2DConfig.Default), new Box(2, -1f, 1f))
    {
        Config = config ?? Nav2DConfig.Default;
        Config.Validate();
        _cos = new double[Config.Beams];
        _sin = new double[Config.Beams];
        for (int k = 0; k < Config.Beams; k++) { (_sin[k], _cos[k]) = Math.SinCos(2 * Math.PI * k / Config.Beams); }
    }

    /// <summary>The settings.</summary>
    public Nav2DConfig Config { get; }

    /// <summary>The robot's position.</summary>
    public (double X, double Y) Position => (_x, _y);

    /// <summary>The robot's velocity (m/s).</summary>
    public (double X, double Y) Velocity => (_vx, _vy);

    /// <summary>The oracle's shortest path length on the current map (margin <see cref="Nav2DConfig.Margin"/>) to the goal's
    /// disc: the path to the goal less the goal radius, since an episode succeeds on entering the disc.</summary>
    public double OracleLength => _oracleLength;

    /// <summary>The outcomes of the episodes on the current map, oldest first (the last 64), the episode under way
    /// included once it has taken a step.</summary>
    public IReadOnlyList<NavOutcome> Outcomes => _steps > 0 ? [.. _outcomes, Current] : [.. _outcomes];

    private NavOutcome Current => new(_success, _collision, _steps, _travelled, _oracleLength);

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames =>
        [.. Enumerable.Range(0, Config.Beams).Select(k => $"range[{k}]"), "goal_dx", "goal_dy", "goal_distance", "vx", "vy"];

    private static Box ObservationBox(Nav2DConfig c)
    {
        var low = new float[c.ObservationSize];
        var high = new float[low.Length];
        Array.Fill(high, 1f);
        int b = c.Beams;
        low[b] = low[b + 1] = low[b + 3] = low[b + 4] = -1f;
        return new Box(low, high);
    }

    /// <inheritdoc />
    protected override NavMapTask Sample(Rng rng)
    {
        if (Config.Maps == 0) { return NavMaps.Generate(Config, Config.Split, (long)(rng.NextULong() >> 2)); }
        long i = rng.NextInt(Config.Maps);
        if (!_set.TryGetValue(i, out var map)) { _set[i] = map = NavMaps.Generate(Config, Config.Split, i); }
        return map;
    }

    /// <inheritdoc />
    protected override void Validate(NavMapTask task)
    {
        if (task.Side != Config.Arena) { throw new ArgumentException($"Nav2DObstacles-v0's arena is {Config.Arena} m; the map's is {task.Side} m."); }
    }

    /// <inheritdoc />
    protected override void Apply(NavMapTask task)
    {
        _outcomes.Clear();
        _steps = 0;
        double length = NavOracle.ShortestPath(task, Config.Margin)?.Length ?? NavOracle.ShortestPath(task, 0)?.Length ?? double.NaN;
        _oracleLength = Math.Max(length - Config.GoalRadius, 0);
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        if (_steps > 0)
        {
            if (_outcomes.Count == KeptOutcomes) { _outcomes.RemoveAt(0); }
            _outcomes.Add(Current);
        }
        var map = CurrentTask;
        (_x, _y, _vx, _vy) = (map.StartX, map.StartY, 0, 0);
        (_travelled, _steps, _ended, _success, _collision) = (0, 0, false, false, false);
        Observe(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != 2 || !float.IsFinite(action[0]) || !float.IsFinite(action[1])) { throw new ArgumentException("Nav2DObstacles-v0: the action is two finite numbers (the commanded velocity over the top speed)."); }
        if (_ended) { throw new InvalidOperationException("Nav2DObstacles-v0: the episode has ended; call Reset."); }
        var c = Config;
        var map = CurrentTask;
        double ux = Math.Clamp(action[0], -1f, 1f), uy = Math.Clamp(action[1], -1f, 1f), norm = Math.Sqrt(ux * ux + uy * uy);
        if (norm > 1) { ux /= norm; uy /= norm; }
        double dvx = ux * c.MaxSpeed - _vx, dvy = uy * c.MaxSpeed - _vy, dv = Math.Sqrt(dvx * dvx + dvy * dvy), most = c.MaxAccel * c.Dt;
        if (dv > most) { dvx *= most / dv; dvy *= most / dv; }
        _vx += dvx;
        _vy += dvy;
        double nx = _x + _vx * c.Dt, ny = _y + _vy * c.Dt;
        double before = GoalDistance(_x, _y);
        _steps++;
        if (map.Blocked(_x, _y, nx, ny))
        {
            _collision = _ended = true;
            Observe(observation);
            return new StepResult(-c.CollisionPenalty, true, false);
        }
        _travelled += Math.Sqrt((nx - _x) * (nx - _x) + (ny - _y) * (ny - _y));
        bool reached = NavGeometry.SegmentDistance(map.GoalX, map.GoalY, _x, _y, nx, ny) <= c.GoalRadius;
        (_x, _y) = (nx, ny);
        double reward = c.Progress * (before - GoalDistance(_x, _y)) - c.StepCost;
        if (reached) { _success = _ended = true; reward += c.GoalBonus; }
        Observe(observation);
        return new StepResult(reward, reached, false);
    }

    private double GoalDistance(double x, double y)
    {
        var map = CurrentTask;
        return Math.Sqrt((map.GoalX - x) * (map.GoalX - x) + (map.GoalY - y) * (map.GoalY - y));
    }

    private void Observe(Span<float> o)
    {
        var c = Config;
        var map = CurrentTask;
        for (int k = 0; k < c.Beams; k++) { o[k] = (float)Math.Min(1, map.Range(_x, _y, _cos[k], _sin[k]) / c.Range); }
        double gx = map.GoalX - _x, gy = map.GoalY - _y, d = Math.Sqrt(gx * gx + gy * gy);
        int b = c.Beams;
        o[b] = d > 0 ? (float)(gx / d) : 0f;
        o[b + 1] = d > 0 ? (float)(gy / d) : 0f;
        o[b + 2] = (float)Math.Min(1, d / (c.Arena * Math.Sqrt(2)));
        o[b + 3] = (float)Math.Clamp(_vx / c.MaxSpeed, -1, 1);
        o[b + 4] = (float)Math.Clamp(_vy / c.MaxSpeed, -1, 1);
    }
}
