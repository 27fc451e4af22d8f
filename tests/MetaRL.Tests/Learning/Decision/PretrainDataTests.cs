using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;

namespace MetaRL.Tests.Learning.Decision;

public sealed class PretrainDataTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_dpt_bandit_dataset_round_trips_with_the_manifest_counts_and_the_argmax_arm_as_label()
    {
        string dir = _folder.Generate("bandit", "Bandit-v0", "dpt", 250, seed: 4, "context=30", "rows_per_file=100");
        var data = DecisionDataset.Open(dir);
        var m = data.Manifest;
        Assert.Equal(("Bandit-v0", DecisionSource.Dpt, 250, 250L * 30, 1, 5, 4L), (m.Family, m.Source, m.Tasks, m.Transitions, m.ObservationSize, m.Actions, m.Seed));
        Assert.Equal([100, 100, 50], m.Files.Select(f => f.Rows));
        Assert.Equal("30", m.Options["context"]);
        Assert.Equal("5", m.Settings["arms"]);
        var rows = data.ReadRows().ToList();
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), rows.Select(r => r.TaskId));
        foreach (var row in rows)
        {
            var task = (BanditTask)TaskJson.Deserialize(row.Task);
            Assert.Equal(task.Means.IndexOf(task.Means.Max()), row.OptimalAction);
            Assert.Equal(30, row.Steps);
            Assert.All(row.Rewards, r => Assert.True(r is 0f or 1f));
            Assert.Equal(1.0, row.Behaviour!.Sum(), 5);
            Assert.Equal([0f], row.QueryObservation!);
            Assert.Null(row.EpisodeReturns);
        }
    }

    [Fact]
    public void The_behaviour_mix_shows_in_the_actions_and_uniform_spreads_them_evenly()
    {
        string dir = _folder.Generate("mix", "Bandit-v0", "dpt", 200, seed: 1, "context=200");
        var rows = DecisionDataset.Open(dir).ReadRows().ToList();
        // DPT's mix puts weight c ∈ {0, …, 1} on one arm: some rows are (nearly) all one arm, and each row's counts follow its probabilities.
        Assert.Contains(rows, r => r.Actions.Distinct().Count() == 1);
        foreach (var row in rows)
        {
            int best = Array.IndexOf(row.Behaviour!, row.Behaviour!.Max());
            Assert.True(row.Actions.Count(a => a == best) > 200 * row.Behaviour![best] - 60, "actions follow the row's behaviour probabilities");
        }
        string uniform = _folder.Generate("uniform", "Bandit-v0", "dpt", 50, seed: 1, "context=1000", "behaviour=uniform");
        foreach (var row in DecisionDataset.Open(uniform).ReadRows())
        {
            Assert.All(row.Behaviour!, p => Assert.Equal(0.2f, p, 6));
            for (int a = 0; a < 5; a++) { Assert.InRange(row.Actions.Count(x => x == a), 130, 270); }
        }
    }

    [Theory]
    [InlineData("trajectory")]
    [InlineData("uniform_states")]
    public void Dark_room_dpt_labels_are_shortest_path_actions_and_transitions_follow_the_room(string rollin)
    {
        string dir = _folder.Generate("room", "DarkRoom-v0", "dpt", 300, seed: 2, $"rollin={rollin}");
        var rows = DecisionDataset.Open(dir).ReadRows().ToList();
        var trainGoals = DarkRoomGoals.Cells(10, DarkRoomSplit.Train, 0).ToHashSet();
        int rewarded = 0;
        foreach (var row in rows)
        {
            var task = (DarkRoomTask)TaskJson.Deserialize(row.Task);
            Assert.Contains(task.GoalCell, trainGoals);
            int qx = (int)row.QueryObservation![0], qy = (int)row.QueryObservation[1];
            Assert.True(DarkRoomPaths.IsOptimal(task, qx, qy, row.OptimalAction), $"action {row.OptimalAction} at ({qx},{qy}) towards ({task.GoalX},{task.GoalY})");
            Assert.Equal(DarkRoomPaths.OracleAction(task, qx, qy), row.OptimalAction);
            for (int t = 0; t < row.Steps; t++)
            {
                int x = (int)row.Observations[2 * t], y = (int)row.Observations[2 * t + 1];
                var (nx, ny) = DarkRoomPaths.Move(10, x, y, row.Actions[t]);
                Assert.Equal([nx, ny], new[] { (int)row.NextObservations[2 * t], (int)row.NextObservations[2 * t + 1] });
                Assert.Equal(nx == task.GoalX && ny == task.GoalY ? 1f : 0f, row.Rewards[t]);
                if (rollin == "trajectory" && t > 0 && !row.Truncated[t - 1])
                {
                    Assert.Equal(row.NextObservations.AsSpan(2 * (t - 1), 2).ToArray(), row.Observations.AsSpan(2 * t, 2).ToArray());
                }
                rewarded += (int)row.Rewards[t];
            }
        }
        Assert.True(rewarded > 0);
        var queries = rows.Select(r => (r.QueryObservation![0], r.QueryObservation[1])).Distinct().Count();
        Assert.True(queries > 90, $"query states cover the room ({queries} of 100)");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Dark_room_goal_queries_rows_open_on_the_goal_and_ask_next_to_it(double share)
    {
        // Uniform queries ask about the goal itself (label "stay") in one row of a hundred, which left the first Dark Room
        // model unable to stay on a goal it had found; goal_queries rows ask about its neighbourhood.
        string dir = _folder.Generate("goalq", "DarkRoom-v0", "dpt", 400, seed: 3, "rollin=uniform_states", $"goal_queries={share}");
        var rows = DecisionDataset.Open(dir).ReadRows().ToList();
        int opened = 0, stays = 0;
        foreach (var row in rows)
        {
            var task = (DarkRoomTask)TaskJson.Deserialize(row.Task);
            int qx = (int)row.QueryObservation![0], qy = (int)row.QueryObservation[1];
            Assert.Equal(DarkRoomPaths.OracleAction(task, qx, qy), row.OptimalAction);
            var (nx, ny) = DarkRoomPaths.Move(10, (int)row.Observations[0], (int)row.Observations[1], row.Actions[0]);
            Assert.Equal([nx, ny], new[] { (int)row.NextObservations[0], (int)row.NextObservations[1] });
            if (row.Rewards[0] == 1 && DarkRoomPaths.Distance(task, qx, qy) <= 2)
            {
                Assert.Equal((task.GoalX, task.GoalY), (nx, ny));
                opened++;
            }
            stays += row.OptimalAction == DarkRoomPaths.Stay ? 1 : 0;
        }
        if (share == 0)
        {
            Assert.InRange(opened, 0, 8);
            Assert.InRange(stays, 0, 12);
        }
        else
        {
            Assert.InRange(opened, 160, 240);
            Assert.True(stays >= 15, $"{stays} stay labels in 400 rows");
        }
    }

    [Fact]
    public void Dark_room_random_ties_label_a_shortening_move_on_either_axis()
    {
        string dir = _folder.Generate("ties", "DarkRoom-v0", "dpt", 400, seed: 4, "rollin=uniform_states", "random_ties=true");
        int horizontal = 0, both = 0;
        foreach (var row in DecisionDataset.Open(dir).ReadRows())
        {
            var task = (DarkRoomTask)TaskJson.Deserialize(row.Task);
            int qx = (int)row.QueryObservation![0], qy = (int)row.QueryObservation[1];
            Assert.True(DarkRoomPaths.IsOptimal(task, qx, qy, row.OptimalAction), $"action {row.OptimalAction} at ({qx},{qy}) towards ({task.GoalX},{task.GoalY})");
            Assert.Equal(qx == task.GoalX && qy == task.GoalY, row.OptimalAction == DarkRoomPaths.Stay);
            if (qx != task.GoalX && qy != task.GoalY)
            {
                both++;
                horizontal += row.OptimalAction is 2 or 3 ? 1 : 0;
            }
        }
        // The fixed order labels such a query with a vertical move every time; drawn ties about half the time.
        Assert.InRange(horizontal, both * 3 / 10, both * 7 / 10);
        Assert.Contains("random_ties", Assert.Throws<ConfigException>(() => DecisionDataRequest.Resolve("GridNav-v0",
            new Dictionary<string, string> { ["random_ties"] = "true" }, "dpt", 10, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Goal_queries_are_refused_where_they_cannot_hold()
    {
        Assert.Contains("goal_queries", Assert.Throws<ConfigException>(() => DecisionDataRequest.Resolve("Bandit-v0",
            new Dictionary<string, string> { ["rollin"] = "uniform_states", ["goal_queries"] = "0.5" }, "dpt", 10, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("goal_queries", Assert.Throws<ConfigException>(() => DecisionDataRequest.Resolve("DarkRoom-v0",
            new Dictionary<string, string> { ["goal_queries"] = "0.5" }, "dpt", 10, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("goal_queries must be in [0, 1]", Assert.Throws<ConfigException>(() => DecisionDataRequest.Resolve("DarkRoom-v0",
            new Dictionary<string, string> { ["rollin"] = "uniform_states", ["goal_queries"] = "2" }, "dpt", 10, 0)).Message, StringComparison.Ordinal);
        (string, string)[] pairs = [("algo", "dpt"), ("env", "DarkRoom-v0"), ("data_settings", "rollin=uniform_states,goal_queries=0.5")];
        var shuffled = MetaSetup.Parse([.. pairs, ("shuffle_context", "true")]);
        Assert.Contains("shuffle_context: false", Assert.Throws<ConfigException>(() => DptData.Plan(shuffled, (DptOptions)shuffled.LearnerOptions)).Message, StringComparison.Ordinal);
        var ordered = MetaSetup.Parse([.. pairs, ("shuffle_context", "false")]);
        Assert.Equal(0.5, DptData.Plan(ordered, (DptOptions)ordered.LearnerOptions).Request!.Options.GoalQueries);
    }

    [Fact]
    public void Tabular_mdp_dpt_labels_are_the_value_iteration_action_at_the_query_step()
    {
        string dir = _folder.Generate("mdp", "TabularMDP-v0", "dpt", 60, seed: 3, "context=20", "rollin=uniform_states");
        foreach (var row in DecisionDataset.Open(dir).ReadRows())
        {
            var task = (TabularMdpTask)TaskJson.Deserialize(row.Task);
            var q = new double[10 * 10 * 5];
            FiniteHorizonPlanner.Plan(10, 5, 10, task.Transitions.AsSpan(), task.RewardMeans.AsSpan(), q);
            int s = Array.IndexOf(row.QueryObservation!, 1f);
            var values = q.AsSpan((row.QueryStep * 10 + s) * 5, 5).ToArray();
            Assert.InRange(row.QueryStep, 0, 9);
            Assert.Equal(values.Max(), values[row.OptimalAction]);
        }
    }

    [Fact]
    public void Gridnav_dpt_labels_are_breadth_first_search_actions()
    {
        string dir = _folder.Generate("grid", "GridNav-v0", "dpt", 40, seed: 5, "context=50");
        var env = (GridNav)EnvRegistry.Make("GridNav-v0").Unwrapped;
        foreach (var row in DecisionDataset.Open(dir).ReadRows())
        {
            var task = (GridNavTask)TaskJson.Deserialize(row.Task);
            var dist = GridPaths.DistancesToGoal(task);
            int cell = (int)Math.Round(row.QueryObservation![1] * 8) * 9 + (int)Math.Round(row.QueryObservation[0] * 8);
            Assert.True(dist[cell] > 0);
            Assert.Equal(dist[cell] - 1, dist[GridPaths.Move(task, cell, row.OptimalAction)]);
            var obs = new float[6];
            env.WriteObservation(task, cell, obs);
            Assert.Equal(obs, row.QueryObservation);
        }
    }

    [Fact]
    public void Ad_dark_room_histories_are_whole_trials_whose_q_learning_returns_rise()
    {
        string dir = _folder.Generate("ad", "DarkRoom-v0", "ad", 60, seed: 6, "episodes=30");
        var data = DecisionDataset.Open(dir);
        Assert.Equal("q_learning", data.Manifest.Options["learner"]);
        var rows = data.ReadRows().ToList();
        foreach (var row in rows)
        {
            Assert.Equal(3000, row.Steps);
            Assert.Equal(30, row.EpisodeReturns!.Length);
            Assert.Equal(30, row.Truncated.Count(t => t));
            Assert.All(Enumerable.Range(0, 30), e => Assert.True(row.Truncated[e * 100 + 99]));
            for (int e = 0; e < 30; e++) { Assert.Equal(row.Rewards.Skip(e * 100).Take(100).Sum(), row.EpisodeReturns[e]); }
            Assert.Equal([0f, 0f], row.Observations[..2]); // every episode starts at the origin
            Assert.Equal(-1, row.OptimalAction);
        }
        double first = rows.Average(r => r.EpisodeReturns!.Take(5).Average()), last = rows.Average(r => r.EpisodeReturns!.TakeLast(5).Average());
        Assert.True(last > first + 20, $"the source learner improves across its history: {first:F1} → {last:F1}");
    }

    [Theory]
    [InlineData("ucb1")]
    [InlineData("thompson")]
    public void Ad_bandit_histories_come_from_the_named_learner_and_favour_the_best_arm_late(string learner)
    {
        string dir = _folder.Generate(learner, "Bandit-v0", "ad", 100, seed: 7, $"learner={learner}", "pulls=200");
        var data = DecisionDataset.Open(dir);
        Assert.Equal(learner, data.Manifest.Options["learner"]);
        double early = 0, late = 0;
        foreach (var row in data.ReadRows())
        {
            var task = (BanditTask)TaskJson.Deserialize(row.Task);
            int best = task.Means.IndexOf(task.Means.Max());
            Assert.Equal(200, row.Steps);
            Assert.Equal(row.Rewards.Sum(), row.EpisodeReturns!.Single());
            early += row.Actions.Take(20).Count(a => a == best);
            late += row.Actions.TakeLast(20).Count(a => a == best);
        }
        Assert.True(late > early * 1.5, $"{learner}: best arm {early} times early, {late} late");
    }

    [Fact]
    public void A_seed_fixes_the_files_byte_for_byte_and_a_larger_dataset_starts_with_the_smaller_one()
    {
        string a = _folder.Generate("a", "DarkRoom-v0", "dpt", 120, seed: 9), b = _folder.Generate("b", "DarkRoom-v0", "dpt", 120, seed: 9);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "data-00000.arrow")), File.ReadAllBytes(Path.Combine(b, "data-00000.arrow")));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "dataset.json")), File.ReadAllText(Path.Combine(b, "dataset.json")));
        string big = _folder.Generate("big", "DarkRoom-v0", "dpt", 200, seed: 9);
        var small = DecisionDataset.Open(a).ReadRows().ToList();
        var prefix = DecisionDataset.Open(big).ReadRows().Take(120).ToList();
        Assert.Equal(small.Select(r => (r.Task, r.OptimalAction)), prefix.Select(r => (r.Task, r.OptimalAction)));
        Assert.Equal(small[^1].Actions, prefix[^1].Actions);
        string other = _folder.Generate("other", "DarkRoom-v0", "dpt", 120, seed: 10);
        Assert.NotEqual(small.Select(r => r.Task), DecisionDataset.Open(other).ReadRows().Select(r => r.Task));
    }
}
