using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs;

public sealed class DarkRoomTests
{
    private static (Env Env, DarkRoom Room, float[] Obs) Pinned(int goalX, int goalY, int size = 10, int maxSteps = 100)
    {
        var env = EnvRegistry.Make("DarkRoom-v0", new Dictionary<string, string> { ["size"] = $"{size}", ["max_steps"] = $"{maxSteps}" });
        var room = env.Find<DarkRoom>()!;
        room.SetTask(new DarkRoomTask(size, goalX, goalY));
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        return (env, room, obs);
    }

    [Fact]
    public void The_agent_starts_at_the_origin_and_sees_its_integer_coordinates()
    {
        var (env, _, obs) = Pinned(3, 2);
        Assert.Equal([0f, 0f], obs);
        env.Step(3, obs); // right
        env.Step(1, obs); // down
        env.Step(1, obs);
        Assert.Equal([1f, 2f], obs);
    }

    [Fact]
    public void Reward_is_one_on_the_arriving_step_and_on_every_step_spent_on_the_goal_and_zero_elsewhere()
    {
        var (env, _, obs) = Pinned(1, 0);
        Assert.Equal(0.0, env.Step(4, obs).Reward); // stay at the start: not the goal
        Assert.Equal(1.0, env.Step(3, obs).Reward); // arrive
        Assert.Equal(1.0, env.Step(4, obs).Reward); // stay on it
        Assert.Equal(1.0, env.Step(0, obs).Reward); // up into the wall: still on it
        Assert.Equal([1f, 0f], obs);
        Assert.Equal(0.0, env.Step(3, obs).Reward); // leave
    }

    [Fact]
    public void Stay_keeps_the_position_and_moves_into_the_wall_stay_inside()
    {
        var (env, room, obs) = Pinned(9, 9, size: 10);
        env.Step(2, obs); // left at x = 0
        env.Step(0, obs); // up at y = 0
        Assert.Equal((0, 0), (room.X, room.Y));
        env.Step(1, obs);
        env.Step(4, obs);
        Assert.Equal((0, 1), (room.X, room.Y));
        Assert.Throws<ArgumentException>(() => env.Step(5, obs));
    }

    [Fact]
    public void Episodes_never_terminate_and_are_truncated_at_the_horizon()
    {
        var (env, _, obs) = Pinned(0, 0, maxSteps: 100);
        StepResult r = default;
        int steps = 0;
        double total = 0;
        while (!r.Done) { r = env.Step(4, obs); steps++; total += r.Reward; }
        Assert.Equal(100, steps);
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
        Assert.Equal(100, total); // the goal is the start: every step pays
    }

    [Fact]
    public void The_goal_split_is_80_20_disjoint_covers_the_room_and_is_fixed_by_its_seed()
    {
        var train = DarkRoomGoals.Cells(10, DarkRoomSplit.Train, 0);
        var test = DarkRoomGoals.Cells(10, DarkRoomSplit.Test, 0);
        Assert.Equal(80, train.Length);
        Assert.Equal(20, test.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(test).Order());
        Assert.Equal(train, DarkRoomGoals.Cells(10, DarkRoomSplit.Train, 0));
        Assert.NotEqual(test.Order(), DarkRoomGoals.Cells(10, DarkRoomSplit.Test, 1).Order());
        Assert.Equal(Enumerable.Range(0, 100), DarkRoomGoals.Cells(10, DarkRoomSplit.All, 0).Order());
    }

    [Theory]
    [InlineData("train", 80)]
    [InlineData("test", 20)]
    [InlineData("all", 100)]
    public void The_goals_setting_selects_the_part_of_the_split_tasks_are_drawn_from(string goals, int distinct)
    {
        var env = EnvRegistry.Make("DarkRoom-v0", new Dictionary<string, string> { ["goals"] = goals, ["split_seed"] = "5" });
        var split = Enum.Parse<DarkRoomSplit>(goals, ignoreCase: true);
        var allowed = DarkRoomGoals.Cells(10, split, 5).ToHashSet();
        var drawn = env.Find<ITaskEnv>()!.SampleTasks(3000, new Rng(1)).Cast<DarkRoomTask>().Select(t => t.GoalCell).ToHashSet();
        Assert.Subset(allowed, drawn);
        Assert.Equal(distinct, drawn.Count);
    }

    [Fact]
    public void A_bad_goals_setting_is_a_configuration_error_naming_the_choices()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("DarkRoom-v0", new Dictionary<string, string> { ["goals"] = "heldout" }));
        Assert.Contains("train, test, all", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checker_passes_and_tasks_round_trip_through_json()
    {
        var results = EnvChecker.Check(EnvRegistry.Make("DarkRoom-v0"), seed: 2, steps: 400);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.Detail}"));
        var task = new DarkRoomTask(10, 7, 3);
        Assert.Equal(task, TaskJson.Deserialize(TaskJson.Serialize(task)));
        Assert.Throws<ArgumentException>(() => EnvRegistry.Make("DarkRoom-v0").Find<ITaskEnv>()!.SetTask(new DarkRoomTask(10, 10, 0)));
    }

    [Fact]
    public void The_oracle_walks_a_shortest_path_and_earns_the_optimal_return_on_every_goal()
    {
        for (int cell = 0; cell < 100; cell++)
        {
            var task = new DarkRoomTask(10, cell % 10, cell / 10);
            var (env, room, obs) = Pinned(task.GoalX, task.GoalY);
            double total = 0;
            StepResult r = default;
            while (!r.Done)
            {
                int a = DarkRoomPaths.OracleAction(task, room.X, room.Y);
                Assert.True(DarkRoomPaths.IsOptimal(task, room.X, room.Y, a));
                r = env.Step(a, obs);
                total += r.Reward;
            }
            int d = task.GoalX + task.GoalY;
            Assert.Equal(d == 0 ? 100 : 100 - d + 1, total);
            Assert.Equal(total, DarkRoomPaths.OptimalReturn(task, 100));
        }
    }

    [Fact]
    public void Baselines_oracle_row_is_the_mean_optimal_return_and_random_is_far_below()
    {
        var settings = new Dictionary<string, string> { ["episodes"] = "1" };
        var rows = BaselineRunner.Run("DarkRoom-v0", settings, trials: 200, seed: 3);
        Assert.Equal(["random", "oracle"], rows.Select(r => r.Method));
        var tasks = EnvRegistry.Make("DarkRoom-v0", settings).Find<ITaskEnv>()!.SampleTasks(200, new Rng(3)).Cast<DarkRoomTask>();
        Assert.Equal(tasks.Average(t => DarkRoomPaths.OptimalReturn(t, 100)), rows[1].Mean, 9);
        Assert.True(rows[0].Mean < rows[1].Mean / 5, $"random {rows[0].Mean} vs oracle {rows[1].Mean}");
    }
}
