using MetaRL.Envs;

namespace MetaRL.Tests.Envs.Navigation;

/// <summary>Nav2DObstacles-v0: checker-clean, its maps reproducible and solvable, its dynamics, lidar and rewards as
/// computed by hand.</summary>
public sealed class Nav2DObstaclesTests
{
    private static (Nav2DObstacles Env, float[] Obs) Pinned(NavMapTask map, Nav2DConfig? config = null)
    {
        var env = new Nav2DObstacles(config ?? new Nav2DConfig { Arena = 10, Beams = 4, Range = 5, StepCost = 0 });
        env.SetTask(map);
        var obs = env.NewObservation();
        env.Reset(obs, 1);
        return (env, obs);
    }

    [Fact]
    public void The_registered_environment_passes_the_checker_on_both_map_sets()
    {
        Assert.All(EnvChecker.Check(EnvRegistry.Make("Nav2DObstacles-v0")), r => Assert.True(r.Passed, r.ToString()));
        Assert.All(EnvChecker.Check(EnvRegistry.Make("Nav2DObstacles-v0", new Dictionary<string, string> { ["split"] = "test", ["maps"] = "5", ["beams"] = "8" })), r => Assert.True(r.Passed, r.ToString()));
    }

    [Fact]
    public void Maps_are_solvable_reproducible_and_the_held_out_set_differs()
    {
        var c = Nav2DConfig.Default;
        var train = Enumerable.Range(0, 20).Select(i => NavMaps.Generate(c, "train", i)).ToArray();
        var test = Enumerable.Range(0, 20).Select(i => NavMaps.Generate(c, "test", i)).ToArray();
        Assert.All(train.Concat(test), m =>
        {
            var path = NavOracle.ShortestPath(m, c.Margin);
            Assert.NotNull(path);
            Assert.True(m.StraightLine >= c.MinDistance);
            Assert.True(path.Length >= m.StraightLine - 1e-9);
        });
        Assert.True(train[3].Circles.SequenceEqual(NavMaps.Generate(c, "train", 3).Circles));
        Assert.Equal(train[3].StartX, NavMaps.Generate(c, "train", 3).StartX);
        Assert.DoesNotContain(train, t => test.Any(h => h.StartX == t.StartX && h.GoalY == t.GoalY));
        // Another map seed, other maps.
        Assert.NotEqual(train[0].StartX, NavMaps.Generate(new Nav2DConfig { MapSeed = 1 }, "train", 0).StartX);
        // Some maps put an obstacle across the straight line (the oracle's path is longer).
        Assert.Contains(train, m => NavOracle.ShortestPath(m, 0)!.Length > m.StraightLine + 0.01);
    }

    [Fact]
    public void The_velocity_follows_the_command_with_bounded_acceleration_and_progress_is_rewarded()
    {
        var (env, obs) = Pinned(new NavMapTask(10, [], [], 2, 5, 8, 5));
        var r = env.Step([1f, 0f], obs); // full speed ahead: the velocity grows by max_accel·dt = 0.2 m/s per step
        Assert.Equal(0.2, env.Velocity.X, 12);
        Assert.Equal(2.02, env.Position.X, 12);
        Assert.Equal(0.02, r.Reward, 12);
        for (int i = 0; i < 4; i++) { env.Step([1f, 0f], obs); }
        Assert.Equal(1.0, env.Velocity.X, 12); // top speed after 5 steps
        env.Step([5f, 5f], obs); // a command beyond [-1, 1]² is clipped to (1, 1), then scaled to length 1
        // The velocity turns toward (√½, √½) by 0.2 m/s: (1, 0) + 0.2·(√½ − 1, √½)/‖(√½ − 1, √½)‖.
        double h = Math.Sqrt(0.5), len = Math.Sqrt((h - 1) * (h - 1) + h * h);
        Assert.Equal(1 + 0.2 * (h - 1) / len, env.Velocity.X, 12);
        Assert.Equal(0.2 * h / len, env.Velocity.Y, 12);
        Assert.Equal((float)env.Velocity.X, obs[4 + 3], 5);
    }

    [Fact]
    public void The_lidar_reads_walls_and_obstacles_and_the_goal_is_seen_as_a_direction_and_distance()
    {
        // Robot at (2, 5); a box [4, 6]×[4, 6] 2 m ahead on +x; walls 2 m behind (−x), 5 m above and below; range 5.
        var (env, obs) = Pinned(new NavMapTask(10, [], [new NavRect(4, 4, 6, 6)], 2, 5, 8, 5));
        Assert.Equal(2f / 5, obs[0], 5); // beam 0: +x, the box
        Assert.Equal(1f, obs[1], 5); // beam 1: +y, the wall 5 m away
        Assert.Equal(2f / 5, obs[2], 5); // beam 2: −x, the wall
        Assert.Equal(1f, obs[3], 5);
        Assert.Equal(1f, obs[4], 5); // goal direction (1, 0)
        Assert.Equal(0f, obs[5], 5);
        Assert.Equal((float)(6 / (10 * Math.Sqrt(2))), obs[6], 5);
        Assert.Equal(["range[0]", "range[1]", "range[2]", "range[3]", "goal_dx", "goal_dy", "goal_distance", "vx", "vy"], env.ObservationNames);
    }

    [Fact]
    public void A_collision_ends_the_episode_with_the_penalty_and_the_goal_with_the_bonus()
    {
        var (env, obs) = Pinned(new NavMapTask(10, [new NavCircle(2.3, 5, 0.1)], [], 2, 5, 8, 5));
        StepResult r = default;
        for (int i = 0; i < 10 && !r.Done; i++) { r = env.Step([1f, 0f], obs); }
        Assert.True(r.Terminated);
        Assert.Equal(-10, r.Reward);
        Assert.True(env.Outcomes[^1].Collision);
        Assert.Throws<InvalidOperationException>(() => env.Step([1f, 0f], obs));

        (env, obs) = Pinned(new NavMapTask(10, [], [], 2, 5, 3, 5));
        double total = 0;
        int steps = 0;
        for (r = default; !r.Done; steps++) { r = env.Step([1f, 0f], obs); total += r.Reward; }
        Assert.True(r.Terminated);
        var outcome = env.Outcomes[^1];
        Assert.True(outcome.Success);
        Assert.False(outcome.Collision);
        Assert.Equal(steps, outcome.Steps);
        Assert.Equal(1 - 0.25, outcome.OracleLength, 9); // to the goal's disc
        // Progress telescopes: 1 m less the distance left inside the goal radius, plus the bonus.
        Assert.Equal(10 + (1 - (3 - env.Position.X)), total, 9);
        Assert.Equal(env.Position.X - 2, outcome.PathLength, 9);
        // The next episode on the same map keeps this one's outcome.
        env.Reset(obs);
        env.Step([0f, 1f], obs);
        Assert.Equal(2, env.Outcomes.Count);
        Assert.False(env.Outcomes[1].Success);
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_setting()
    {
        var e = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("Nav2DObstacles-v0", new Dictionary<string, string> { ["margin"] = "0.5" }));
        Assert.Contains("margin", e.Message);
        e = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("Nav2DObstacles-v0", new Dictionary<string, string> { ["split"] = "valid" }));
        Assert.Contains("split", e.Message);
        var crowded = new Nav2DConfig { Circles = 40, RadiusLow = 1, RadiusHigh = 1.5 };
        e = Assert.Throws<EnvConfigurationException>(() => NavMaps.Generate(crowded, "train", 0));
        Assert.Contains("no solvable map", e.Message);
    }
}
