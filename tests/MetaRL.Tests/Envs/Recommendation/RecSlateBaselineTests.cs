using MetaRL.Envs;

namespace MetaRL.Tests.Envs.Recommendation;

public sealed class RecSlateBaselineTests
{
    [Fact]
    public void On_the_same_users_the_oracle_beats_greedy_and_greedy_beats_random_in_watch_time_with_separated_intervals()
    {
        var rows = BaselineRunner.Run("RecSlate-v0", null, trials: 120, seed: 7).ToDictionary(r => r.Method);
        Assert.Equal(["random", "popularity", "greedy", "oracle"], rows.Keys);
        var (random, greedy, oracle) = (rows["random"], rows["greedy"], rows["oracle"]);
        Assert.True(oracle.Mean - oracle.Ci95 > greedy.Mean + greedy.Ci95, $"oracle {oracle.Mean:F1} ± {oracle.Ci95:F1} vs greedy {greedy.Mean:F1} ± {greedy.Ci95:F1}");
        Assert.True(greedy.Mean - greedy.Ci95 > random.Mean + random.Ci95, $"greedy {greedy.Mean:F1} ± {greedy.Ci95:F1} vs random {random.Mean:F1} ± {random.Ci95:F1}");
        // The watch-time metric is the trial total per session (two sessions per trial by default).
        Assert.Equal(oracle.Mean / 2, oracle.Metrics!["watch_time"].Mean, 9);
        Assert.Equal(0.0, oracle.Metrics["regret"].Mean, 12);
        Assert.Equal(oracle.Metrics["watch_time"].Mean - random.Metrics!["watch_time"].Mean, random.Metrics["regret"].Mean, 9);
    }

    [Fact]
    public void Metrics_are_in_range_and_tie_watch_time_to_clicks_and_session_length()
    {
        var settings = new Dictionary<string, string> { ["catalogue"] = "60", ["new_items"] = "0.1" };
        foreach (var row in BaselineRunner.Run("RecSlate-v0", settings, trials: 40, seed: 3))
        {
            var m = row.Metrics!;
            Assert.Equal(RecSlateMetrics.Names.Order(StringComparer.Ordinal), m.Keys.Order(StringComparer.Ordinal));
            Assert.InRange(m["ctr"].Mean, 0.3, 0.8);
            Assert.InRange(m["coverage"].Mean, 0.0, 1.0);
            Assert.InRange(m["diversity"].Mean, 0.0, 1.0);
            // Every click watches 4 minutes except a session's last, which watches what is left of the budget.
            double clickMinutes = 4 * m["ctr"].Mean * m["session_length"].Mean;
            Assert.InRange(m["watch_time"].Mean, clickMinutes * 0.9, clickMinutes * 1.1);
        }
    }

    [Fact]
    public void Popularity_ranks_the_logs_most_clicked_catalogue_documents_first_and_covers_less_than_random()
    {
        var settings = new Dictionary<string, string> { ["catalogue"] = "100" };
        var rows = BaselineRunner.Run("RecSlate-v0", settings, trials: 60, seed: 1, methods: ["random", "popularity"]).ToDictionary(r => r.Method);
        Assert.True(rows["popularity"].Metrics!["coverage"].Mean < rows["random"].Metrics!["coverage"].Mean - 0.2);
        Assert.False(rows["random"].Metrics!.ContainsKey("regret")); // no oracle ran
    }

    [Fact]
    public void The_same_seed_gives_the_same_baseline_rows()
    {
        var a = BaselineRunner.Run("RecSlate-v0", null, trials: 20, seed: 5, methods: ["greedy", "popularity"]);
        var b = BaselineRunner.Run("RecSlate-v0", null, trials: 20, seed: 5, methods: ["greedy", "popularity"]);
        Assert.Equal(a.Select(r => (r.Mean, r.Metrics!["ctr"].Mean)), b.Select(r => (r.Mean, r.Metrics!["ctr"].Mean)));
    }
}
