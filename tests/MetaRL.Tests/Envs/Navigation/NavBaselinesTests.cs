using MetaRL.Envs;
using MetaRL.Statistics;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Envs.Navigation;

/// <summary>The navigation metrics by hand, and the baselines of Nav2DObstacles-v0: the oracle follower reaches every goal
/// near the oracle's length, the greedy controller only where the straight line is free, random commands none.</summary>
public sealed class NavBaselinesTests
{
    [Fact]
    public void The_metrics_count_rates_over_every_episode_and_path_and_time_over_the_successful_ones()
    {
        var m = new NavMetrics();
        m.Add(new NavOutcome(true, false, 40, 5.0, 4.0)); // ratio 1.25, 4 s
        m.Add(new NavOutcome(true, false, 20, 3.0, 3.0)); // ratio 1, 2 s
        m.Add(new NavOutcome(false, true, 7, 0.5, 2.0));
        m.Add(new NavOutcome(false, false, 200, 9.0, 2.0)); // timed out
        var s = m.Summary(0.1);
        Assert.Equal(0.5, s.Success.Mean, 12);
        Assert.Equal(1.96 * Math.Sqrt(0.25 / 4), s.Success.HalfWidth, 12);
        Assert.Equal(0.25, s.Collision.Mean, 12);
        Assert.Equal(1.125, s.PathRatio.Mean, 12);
        Assert.Equal(2, s.PathRatio.N);
        Assert.Equal(3.0, s.TimeToGoal.Mean, 12);
        Assert.Equal(4, s.Episodes);
        var none = new NavMetrics();
        none.Add(new NavOutcome(false, true, 3, 0.2, 2.0));
        Assert.Equal(["success", "collision"], none.Summaries(0.1).Keys);
    }

    [Fact]
    public void The_oracle_follower_reaches_every_goal_and_beats_greedy_and_random()
    {
        var rows = BaselineRunner.Run("Nav2DObstacles-v0", new Dictionary<string, string> { ["split"] = "test" }, trials: 60, seed: 3);
        Assert.Equal(["random", "greedy", "oracle"], rows.Select(r => r.Method));
        MeanInterval Get(string method, string metric) => rows.Single(r => r.Method == method).Metrics![metric];
        Assert.Equal(1.0, Get("oracle", "success").Mean);
        Assert.Equal(120, Get("oracle", "success").N); // two episodes a trial
        Assert.InRange(Get("oracle", "path_ratio").Mean, 1.0, 1.1);
        Assert.InRange(Get("greedy", "success").Mean, 0.2, 0.9);
        Assert.Equal(1 - Get("greedy", "success").Mean, Get("greedy", "collision").Mean, 9); // greedy never stalls: it arrives or hits
        Assert.Equal(0.0, Get("random", "success").Mean);
        Assert.True(rows.Single(r => r.Method == "oracle").Mean > rows.Single(r => r.Method == "greedy").Mean);
    }

    [Fact]
    public void Metarl_baselines_prints_the_navigation_metrics()
    {
        var (code, output, err) = Run("baselines", "Nav2DObstacles-v0", "--trials", "20", "--method", "oracle", "--method", "greedy");
        Assert.True(code == 0, err);
        Assert.Contains("path_ratio", output);
        Assert.Contains("time_to_goal", output);
        (code, _, err) = Run("baselines", "Nav2DObstacles-v0", "--trials", "5", "--method", "astar");
        Assert.Equal(2, code);
        Assert.Contains("random, greedy, oracle", err);
    }
}
