using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs;

public sealed class FamilyTests
{
    public static TheoryData<string> AllIds() => [.. EnvRegistry.Ids];

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Checker_passes_on_every_registered_environment(string id)
    {
        var results = EnvChecker.Check(EnvRegistry.Make(id), seed: 3, steps: 300);
        Assert.All(results, r => Assert.True(r.Passed, $"{id} {r.Name}: {r.Detail}"));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Checker_passes_on_every_environment_inside_a_trial(string id)
    {
        var results = EnvChecker.Check(EnvRegistry.MakeTrial(id), seed: 4, steps: 200);
        Assert.All(results, r => Assert.True(r.Passed, $"{id} trial {r.Name}: {r.Detail}"));
    }

    [Fact]
    public void Checker_reports_an_environment_with_non_finite_rewards_and_broken_seeding()
    {
        var results = EnvChecker.Check(new BrokenEnv(), seed: 1, steps: 50);
        Assert.False(results.Single(r => r.Name == "step").Passed);
        Assert.False(results.Single(r => r.Name == "seeding").Passed);
        Assert.True(results.Single(r => r.Name == "spaces").Passed);
    }

    private sealed class BrokenEnv() : Env("Broken-v0", new Box(1, -1f, 1f), new Discrete(2))
    {
        private int _calls;
        public override void Reset(Span<float> observation, long? seed = null) => observation[0] = (_calls++ % 2) * 0.5f;
        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = 0;
            return new StepResult(action[0] == 1 ? double.NaN : 0, false, false);
        }
    }

    [Fact]
    public void Every_meta_family_samples_tasks_that_round_trip_through_json()
    {
        foreach (var spec in EnvRegistry.Specifications.Where(s => s.IsMeta))
        {
            var dist = EnvRegistry.Make(spec.Id).Find<ITaskEnv>()!;
            var tasks = dist.SampleTasks(3, new Rng(9));
            var back = TaskJson.DeserializeList(TaskJson.Serialize(tasks));
            Assert.Equal(TaskJson.Serialize(tasks), TaskJson.Serialize(back));
            Assert.Equal(tasks[0].GetType(), back[0].GetType());
        }
    }

    [Fact]
    public void Train_and_test_splits_are_reproducible_and_independent()
    {
        var dist = EnvRegistry.Make("Bandit-v0").Find<ITaskEnv>()!;
        var a = TaskSplit.Create(dist, 5, 3, seed: 11);
        var b = TaskSplit.Create(dist, 5, 4, seed: 11);
        Assert.Equal(TaskJson.Serialize(a.Train), TaskJson.Serialize(b.Train));
        Assert.Equal(TaskJson.Serialize(a.Test), TaskJson.Serialize(b.Test.Take(3).ToList()));
        Assert.NotEqual(TaskJson.Serialize(a.Train[0]), TaskJson.Serialize(a.Test[0]));
    }

    [Fact]
    public void A_pinned_task_survives_resets_and_release_draws_new_ones()
    {
        var env = EnvRegistry.Make("CartPoleMeta-v0");
        var dist = env.Find<ITaskEnv>()!;
        var task = new CartPoleTask(Gravity: 3.0);
        dist.SetTask(task);
        var obs = env.NewObservation();
        env.Reset(obs, 1);
        env.Reset(obs);
        Assert.Equal(task, dist.Task);
        dist.ReleaseTask();
        env.Reset(obs);
        Assert.NotEqual(task, dist.Task);
        Assert.Throws<ArgumentException>(() => dist.SetTask(new PendulumTask()));
    }

    [Fact]
    public void Point_navigation_pays_minus_distance_after_the_clipped_move_and_ends_at_the_goal()
    {
        var env = new PointNav2D();
        env.SetTask(new PointNavTask(0.15, -0.05));
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        var r = env.Step([0.5f, -0.05f], obs); // x clipped to 0.1
        Assert.Equal(0.1f, obs[0]);
        Assert.Equal(-0.05f, obs[1]);
        Assert.Equal(-0.05, r.Reward, 6);
        Assert.False(r.Terminated);
        r = env.Step([0.05f, 0f], obs);
        Assert.True(r.Terminated);
        Assert.Equal(0.0, r.Reward, 6);
    }

    [Fact]
    public void Bandit_pull_frequencies_match_the_arm_means()
    {
        var env = new BernoulliBandit(2);
        env.SetTask(new BanditTask([0.2, 0.9]));
        var obs = env.NewObservation();
        env.Reset(obs, 5);
        double s0 = 0, s1 = 0;
        for (int i = 0; i < 20000; i++) { s0 += env.Step(0, obs).Reward; s1 += env.Step(1, obs).Reward; }
        Assert.Equal(0.2, s0 / 20000, 1);
        Assert.Equal(0.9, s1 / 20000, 1);
    }

    [Fact]
    public void Bandit_means_lie_in_the_mean_range_which_rescales_the_default_draw()
    {
        var settings = new Dictionary<string, string> { ["arms"] = "4", ["mean_low"] = "0.4", ["mean_high"] = "0.6" };
        var narrow = EnvRegistry.Make("Bandit-v0", settings).Find<ITaskEnv>()!;
        var wide = EnvRegistry.Make("Bandit-v0", new Dictionary<string, string> { ["arms"] = "4" }).Find<ITaskEnv>()!;
        var (r1, r2) = (new Rng(11), new Rng(11));
        for (int t = 0; t < 200; t++)
        {
            var task = (BanditTask)narrow.SampleTask(r1);
            Assert.All(task.Means, m => Assert.InRange(m, 0.4, 0.6));
            var plain = (BanditTask)wide.SampleTask(r2);
            Assert.Equal(task.Means.Select(m => (m - 0.4) / 0.2), plain.Means.Select(m => m), new Close(1e-9));
        }
        var bad = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("Bandit-v0", new Dictionary<string, string> { ["mean_low"] = "0.7", ["mean_high"] = "0.2" }));
        Assert.Contains("mean_low", bad.Message, StringComparison.Ordinal);
    }

    private sealed class Close(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tol;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void Tabular_mdp_tasks_have_stochastic_rows_and_one_hot_observations()
    {
        var env = new TabularMdp();
        var obs = env.NewObservation();
        env.Reset(obs, 2);
        var task = (TabularMdpTask)((ITaskEnv)env).Task;
        for (int row = 0; row < 50; row++) { Assert.Equal(1.0, task.Transitions.Skip(row * 10).Take(10).Sum(), 12); }
        Assert.Equal(1f, obs[0]);
        Assert.Equal(1f, obs.Sum());
        env.Step(3, obs);
        Assert.Equal(1f, obs.Sum());
        Assert.Equal(1f, obs[env.State]);
    }

    [Fact]
    public void Grid_tasks_are_always_solvable_and_the_bfs_oracle_reaches_the_goal_in_the_shortest_path_length()
    {
        var env = new GridNav(size: 9, obstacleDensity: 0.35);
        var obs = env.NewObservation();
        var rng = new Rng(3);
        foreach (GridNavTask task in env.SampleTasks(40, rng).Cast<GridNavTask>())
        {
            int length = GridPaths.ShortestPathLength(task);
            Assert.True(length > 0);
            env.SetTask(task);
            env.Reset(obs);
            var dist = GridPaths.DistancesToGoal(task);
            int steps = 0;
            StepResult r = default;
            while (!r.Done) { r = env.Step(GridPaths.OracleAction(task, dist, env.Cell), obs); steps++; }
            Assert.Equal(length, steps);
            Assert.True(r.Terminated);
        }
    }

    [Fact]
    public void Bfs_finds_the_detour_around_a_wall()
    {
        // 3×3, wall in the middle column except the bottom cell: S at top-left, G at top-right.
        bool[] blocked = [false, true, false, false, true, false, false, false, false];
        var task = new GridNavTask(3, [.. blocked], Start: 0, Goal: 2);
        Assert.Equal(6, GridPaths.ShortestPathLength(task));
        var cut = new GridNavTask(3, [false, true, false, false, true, false, false, true, false], 0, 2);
        Assert.Equal(-1, GridPaths.ShortestPathLength(cut));
    }

    [Fact]
    public void Trial_wrapper_adds_previous_action_reward_and_done_flag_and_keeps_the_task_for_n_episodes()
    {
        var trial = EnvRegistry.MakeTrial("Bandit-v0", new Dictionary<string, string> { ["arms"] = "3", ["pulls"] = "4", ["episodes"] = "2" });
        Assert.Equal(1 + 3 + 2, trial.ObservationSpace.Size);
        var obs = trial.NewObservation();
        trial.Reset(obs, 8);
        Assert.All(obs, v => Assert.Equal(0f, v));
        var dist = trial.Find<ITaskEnv>()!;
        var task = dist.Task;
        int steps = 0;
        StepResult r = default;
        while (!r.Done)
        {
            r = trial.Step(2, obs);
            steps++;
            Assert.Equal([0f, 0f, 1f], obs[1..4]);
            Assert.Equal((float)r.Reward, obs[4]);
            Assert.Equal(steps % 4 == 0 ? 1f : 0f, obs[5]);
            Assert.Same(task, dist.Task);
        }
        Assert.Equal(8, steps);
        Assert.True(r.Truncated);
        trial.Reset(obs);
        Assert.NotSame(task, dist.Task);
    }

    [Fact]
    public void Trial_wrapper_time_features_give_the_fraction_of_the_episode_and_of_the_trial_used()
    {
        var trial = EnvRegistry.MakeTrial("TabularMDP-v0", new Dictionary<string, string> { ["states"] = "3", ["actions"] = "2", ["horizon"] = "4", ["episodes"] = "2" }, timeFeatures: true);
        Assert.True(trial.TimeFeatures);
        Assert.Equal(3 + 2 + 2 + 2, trial.ObservationSpace.Size);
        var obs = trial.NewObservation();
        trial.Reset(obs, 5);
        Assert.Equal([0f, 0f], obs[3..5]);
        var seen = new List<(float Episode, float Trial)>();
        StepResult r = default;
        while (!r.Done)
        {
            r = trial.Step(1, obs);
            seen.Add((obs[3], obs[4]));
            Assert.Equal([0f, 1f], obs[5..7]);
            Assert.Equal((float)r.Reward, obs[^2]);
        }
        // After steps 1-3 of an episode: 1/4, 2/4, 3/4 of it used; after its last step the next episode starts
        // (0 used, one of two episodes done); the trial's last step reports the full limit and both episodes.
        Assert.Equal([(0.25f, 0f), (0.5f, 0f), (0.75f, 0f), (0f, 0.5f), (0.25f, 0.5f), (0.5f, 0.5f), (0.75f, 0.5f), (1f, 1f)], seen);
        Assert.Equal(1f, obs[^1]);
    }

    [Fact]
    public void Trial_wrapper_time_features_without_a_time_limit_are_a_configuration_error()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => new TrialWrapper(new TabularMdp(3, 2), 2, timeFeatures: true));
        Assert.Contains("TimeLimit", ex.Message, StringComparison.Ordinal);
        Assert.False(new TrialWrapper(new TabularMdp(3, 2), 2).TimeFeatures);
    }

    [Fact]
    public void Trial_wrapper_keeps_the_final_observation_its_reset_of_the_next_episode_overwrote()
    {
        var trial = new TrialWrapper(new TimeLimit(new CartPole(), 3), 2);
        var twin = new TimeLimit(new CartPole(), 3);
        var (obs, own) = (trial.NewObservation(), twin.NewObservation());
        trial.Reset(obs, 5);
        twin.Reset(own, 5);
        for (int t = 0; t < 3; t++)
        {
            Assert.False(trial.Step([1f], obs).Done);
            twin.Step([1f], own);
        }
        Assert.Equal(1f, obs[^1]); // the previous step ended an inner episode
        Assert.Equal(own, trial.FinalObservation.ToArray());
        Assert.NotEqual(own, obs[..4]); // the trial's observation already shows the next episode's start
    }

    [Fact]
    public void Physics_tasks_round_trip_through_their_parameter_vectors_in_declaration_order()
    {
        var cartPole = new CartPoleTask(1.5, 2.5, 3.5, 4.5, 5.5);
        Assert.Equal([1.5, 2.5, 3.5, 4.5, 5.5], cartPole.ToValues());
        Assert.Equal(cartPole, CartPoleTask.FromValues(cartPole.ToValues()));
        var pendulum = new PendulumTask(1.5, 2.5, 3.5);
        Assert.Equal([1.5, 2.5, 3.5], pendulum.ToValues());
        Assert.Equal(pendulum, PendulumTask.FromValues(pendulum.ToValues()));
        Assert.DoesNotContain("values", TaskJson.Serialize(cartPole), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Scaled_physics_families_draw_each_parameter_within_scale_of_nominal_and_reject_non_positive_tasks()
    {
        var family = new PendulumMeta(scale: 1.5);
        var rng = new MetaRL.Random.Rng(7);
        var nominal = PendulumTask.Default.ToValues();
        foreach (var task in family.SampleTasks(50, rng).Cast<PendulumTask>())
        {
            var values = task.ToValues();
            for (int i = 0; i < values.Length; i++) { Assert.InRange(values[i] / nominal[i], 1 / 1.5 - 1e-12, 1.5 + 1e-12); }
        }
        var error = Assert.Throws<ArgumentException>(() => family.SetTask(new PendulumTask(Mass: 0)));
        Assert.Equal("Pendulum task parameters must all be positive.", error.Message);
        error = Assert.Throws<ArgumentException>(() => new CartPoleMeta().SetTask(new CartPoleTask(Length: double.NaN)));
        Assert.Equal("CartPole task parameters must all be positive.", error.Message);
    }
}

